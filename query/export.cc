#include "query/export.h"

#include <algorithm>
#include <limits>

#include "indexer/document.h"
#include "indexer/shard_layout.h"
#include "morgue/error.h"
#include "query/random_order.h"
#include "query/searcher.h"
#include "query/selection.h"
#include "query/shard_match.h"
#include "storage/codec.h"
#include "storage/store.h"

namespace morgue {

namespace {

constexpr size_t kExportPage = 1000;

struct SortKey {
  double time;    // publication time; -infinity when undated
  double weight;  // BM25 relevance
  Xapian::docid docid;
};

class SortKeySpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double weight) override {
    std::string time = doc.get_value(kSlotTime);
    keys.push_back({time.empty() ? -std::numeric_limits<double>::infinity()
                                 : Xapian::sortable_unserialise(time),
                    weight, doc.get_docid()});
  }
  std::string name() const override { return "morgue.SortKeySpy"; }

  std::vector<SortKey> keys;
};

// Turns the spy's local docids into global ones, given the matches per
// shard (counted on the same revisions). Throws Xapian::DatabaseModifiedError
// (IndexReader::Read then retries with a fresh snapshot) should they not fit the keys.
void GlobaliseDocids(std::vector<SortKey>& keys, const std::vector<uint64_t>& per_shard) {
  const unsigned shards = static_cast<unsigned>(per_shard.size());
  const ShardLayout layout{shards};
  size_t i = 0;
  for (unsigned s = 0; s < shards; ++s) {
    Xapian::docid previous = 0;
    for (uint64_t n = 0; n < per_shard[s]; ++n, ++i) {
      if (i == keys.size() || keys[i].docid <= previous) {
        throw Xapian::DatabaseModifiedError("the index changed during an export");
      }
      previous = keys[i].docid;
      keys[i].docid = static_cast<Xapian::docid>(layout.GlobalOf(keys[i].docid, s));
    }
  }
  if (i != keys.size()) throw Xapian::DatabaseModifiedError("the index changed during an export");
}

// The order of Searcher::Search: by relevance, or by time then relevance;
// ties by docid.
void SortKeys(std::vector<SortKey>& keys, SortOrder order) {
  auto by_relevance = [](const SortKey& a, const SortKey& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
  };
  if (order == SortOrder::kRelevance) {
    std::sort(keys.begin(), keys.end(), by_relevance);
  } else {
    bool newest = order == SortOrder::kNewest;
    std::sort(keys.begin(), keys.end(), [&](const SortKey& a, const SortKey& b) {
      if (a.time != b.time) return newest ? a.time > b.time : a.time < b.time;
      return by_relevance(a, b);
    });
  }
}

// Fetches the articles of `docids` a page at a time and passes them to `fn`
// in that order (the reader's lock released: `fn` may be slow or call the
// archive again).
uint64_t PassArticles(const ArticleSource& store, const std::vector<uint64_t>& docids,
                      const std::function<bool(const Article&)>& fn) {
  uint64_t passed = 0;
  std::vector<uint64_t> page;
  for (size_t first = 0; first < docids.size(); first += kExportPage) {
    size_t end = std::min(docids.size(), first + kExportPage);
    page.assign(docids.begin() + static_cast<std::ptrdiff_t>(first),
                docids.begin() + static_cast<std::ptrdiff_t>(end));
    std::vector<std::optional<std::string>> stored = store.GetArticles(page);
    for (auto& bytes : stored) {
      if (!bytes) continue;  // deleted since the index was read
      Article article = DecodeArticle(*bytes);
      bytes.reset();
      ++passed;
      if (!fn(article)) return passed;
    }
  }
  return passed;
}

}  // namespace

uint64_t ExportArticles(const IndexReader& index, const SearchRequest& request,
                        const std::function<bool(const Article&)>& fn,
                        std::vector<std::string>* missing) {
  std::shared_ptr<const ArticleSource> store;  // the snapshot's, kept while the articles are passed
  if (request.sort == SortOrder::kRandom) {
    if (index.settings().cluster) {
      throw Error(ErrorCode::kInvalidArgument,
                  "sort random is not available on a cluster yet (docs/distributed.md)");
    }
    std::vector<uint64_t> docids = index.Read("export", [&](const IndexReader::View& r) {
      store = r.store();
      Searcher searcher = r.MakeSearcher();
      return FirstInRandomOrder(searcher.Shards(), SelectionQuery(searcher, request), request.seed,
                                std::numeric_limits<uint64_t>::max())
          .docids;
    });
    return PassArticles(*store, docids, fn);
  }
  if (index.settings().cluster) {
    // A cluster's nodes sort their matches with Xapian's own orders (the
    // same as SortKeys: time, then relevance, then docid), and the client
    // merges them: docids and weights only, the articles fetched by pages.
    auto match = [&](const IndexReader::View& r) {
      store = r.store();
      const Xapian::Database& db = r.db();
      Searcher searcher = r.MakeSearcher();
      Xapian::Enquire enquire(db);
      enquire.set_query(SelectionQuery(searcher, request));
      const Xapian::BM25Weight weight = RankingWeight(request.ranking, !request.default_and);
      MatchOrder order;
      order.weight = &weight;
      order.by_value = request.sort != SortOrder::kRelevance;
      order.slot = kSlotTime;
      order.descending = request.sort == SortOrder::kNewest;
      SetOrder(enquire, order);
      const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
      std::vector<uint64_t> out;
      out.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
      return out;
    };
    std::vector<uint64_t> docids = index.Read("export", match, missing);
    return PassArticles(*store, docids, fn);
  }
  std::vector<SortKey> keys = index.Read("export", [&](const IndexReader::View& r) {
    store = r.store();
    const Xapian::Database& db = r.db();
    Searcher searcher = r.MakeSearcher();
    Xapian::Query query = SelectionQuery(searcher, request);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(RankingWeight(request.ranking, !request.default_and));
    SortKeySpy spy;
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    if (searcher.Shards().shards->size() > 1) {
      GlobaliseDocids(spy.keys, CountsPerShard(searcher.Shards(), query));
    }
    return std::move(spy.keys);
  });
  SortKeys(keys, request.sort);
  std::vector<uint64_t> docids;
  docids.reserve(keys.size());
  for (const SortKey& key : keys) docids.push_back(key.docid);
  std::vector<SortKey>().swap(keys);
  return PassArticles(*store, docids, fn);
}

}  // namespace morgue

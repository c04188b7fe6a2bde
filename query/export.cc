// Archive::Export: every matching article, in the request's sort order,
// streamed a page at a time.
//
// One exact match pass records a small sort key per match (24 bytes: docid,
// time, weight); the keys are sorted the way Search orders hits, and the
// articles are then fetched from the store a page at a time (one MultiGet per
// page) and handed to the caller. Paging Xapian with get_mset(offset, n)
// instead would re-run the match for every page and hold offset + n items
// inside Xapian: quadratic time and no less memory.
//
// A match spy over several shards sees each shard's local docids, one shard
// after another (Xapian 1.4 matches sub-databases in turn, weights computed
// with the combined statistics). A count per shard tells the blocks apart;
// the global docid is then (local - 1) * shards + shard + 1.
#include <algorithm>
#include <limits>

#include "indexer/document.h"
#include "morgue/archive.h"
#include "query/research.h"
#include "query/searcher.h"
#include "storage/archive_impl.h"
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
// (WithReader then retries with a fresh reader) should they not fit the keys.
void GlobaliseDocids(std::vector<SortKey>& keys, const std::vector<uint64_t>& per_shard) {
  unsigned shards = static_cast<unsigned>(per_shard.size());
  size_t i = 0;
  for (unsigned s = 0; s < shards; ++s) {
    Xapian::docid previous = 0;
    for (uint64_t n = 0; n < per_shard[s]; ++n, ++i) {
      if (i == keys.size() || keys[i].docid <= previous) {
        throw Xapian::DatabaseModifiedError("the index changed during an export");
      }
      previous = keys[i].docid;
      keys[i].docid = (keys[i].docid - 1) * shards + s + 1;
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

}  // namespace

uint64_t Archive::Export(const SearchRequest& request,
                         const std::function<bool(const Article&)>& fn) const {
  std::vector<SortKey> keys = WithReader(*impl_, "export", [&](const Xapian::Database& db) {
    Searcher searcher = impl_->MakeSearcher();
    Xapian::Query query = SelectionQuery(searcher, request);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(RankingWeight(request.ranking));
    SortKeySpy spy;
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, db.get_doccount());
    if (searcher.Shards().shards->size() > 1) {
      GlobaliseDocids(spy.keys, CountsPerShard(searcher.Shards(), query));
    }
    return std::move(spy.keys);
  });
  SortKeys(keys, request.sort);

  // The reader lock is released: `fn` may be slow or call the archive again.
  uint64_t passed = 0;
  std::vector<uint64_t> page;
  for (size_t first = 0; first < keys.size(); first += kExportPage) {
    size_t end = std::min(keys.size(), first + kExportPage);
    page.clear();
    for (size_t i = first; i < end; ++i) page.push_back(keys[i].docid);
    std::vector<std::optional<std::string>> stored = impl_->store->GetArticles(page);
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

}  // namespace morgue

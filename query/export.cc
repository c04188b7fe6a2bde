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
// in that order (`fn` may be slow or call the archive again; called outside
// the read but for a cluster's export by date, whose read holds its
// snapshot of the nodes while `fn` runs).
uint64_t PassArticles(const ArticleSource& store, const std::vector<uint64_t>& docids,
                      const std::function<bool(const Article&)>& fn, bool* stopped = nullptr) {
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
      if (!fn(article)) {
        if (stopped) *stopped = true;
        return passed;
      }
    }
  }
  return passed;
}

// Consecutive runs of `days` (in day order) holding at most `window`
// articles between them (at least 1; a day holding more is a run alone), as
// [begin, end) ranges into `days`.
std::vector<std::pair<size_t, size_t>> DayWindows(const DayTerms& days, uint64_t window) {
  window = std::max<uint64_t>(1, window);
  std::vector<std::pair<size_t, size_t>> windows;
  uint64_t held = 0;
  for (size_t i = 0; i < days.size(); ++i) {
    if (windows.empty() || held + days[i].second > window) {
      windows.emplace_back(i, i);
      held = 0;
    }
    windows.back().second = i + 1;
    held += days[i].second;
  }
  return windows;
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
    const Xapian::BM25Weight weight = RankingWeight(request.ranking, !request.default_and);
    MatchOrder order;
    order.weight = &weight;
    order.by_value = request.sort != SortOrder::kRelevance;
    order.slot = kSlotTime;
    order.descending = request.sort == SortOrder::kNewest;
    auto matches = [&](const Xapian::Database& db, const Xapian::Query& query,
                       Xapian::doccount most) {
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      SetOrder(enquire, order);
      const Xapian::MSet mset = enquire.get_mset(0, most, most);
      std::vector<uint64_t> out;
      out.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
      return out;
    };
    if (!order.by_value) {
      // By relevance every match must be seen before the first is known.
      std::vector<uint64_t> docids = index.Read(
          "export",
          [&](const IndexReader::View& r) {
            store = r.store();
            return matches(r.db(), SelectionQuery(r.MakeSearcher(), request),
                           r.db().get_doccount());
          },
          missing);
      return PassArticles(*store, docids, fn);
    }
    // By date, a window of whole days at a time (ArchiveOptions::
    // export_window): the windows partition the matches by time, so their
    // matches, each window sorted by the nodes, come in the order of one
    // sort of all. The articles are passed during the read (one snapshot
    // for every window); should the read start again (a node changed or
    // failed), having passed some, it fails rather than pass them twice.
    uint64_t passed = 0;
    return index.Read(
        "export",
        [&](const IndexReader::View& r) -> uint64_t {
          if (passed > 0) {
            throw Error(ErrorCode::kIO, "the cluster " + index.settings().dir +
                                            " changed or lost a node during an export, after " +
                                            std::to_string(passed) + " articles were passed");
          }
          const std::shared_ptr<const ArticleSource>& articles = r.store();
          const Xapian::Database& db = r.db();
          const Xapian::Query selection = SelectionQuery(r.MakeSearcher(), request);
          bool stopped = false;
          // Counted as each is passed, so that a read started again after
          // an error inside `fn` (the first window's too) knows.
          auto counting = [&](const Article& a) {
            ++passed;
            return fn(a);
          };
          auto pass = [&](const Xapian::Query& query, Xapian::doccount most) {
            if (stopped || most == 0) return;
            PassArticles(*articles, matches(db, query, most), counting, &stopped);
          };
          // Undated articles have no time: they sort lowest (first when oldest first).
          std::vector<Xapian::Query> years;
          uint64_t dated = 0;
          for (auto t = db.allterms_begin("Y"); t != db.allterms_end("Y"); ++t) {
            years.emplace_back(*t);
            dated += t.get_termfreq();
          }
          const Xapian::doccount undated_most = static_cast<Xapian::doccount>(
              db.get_doccount() - std::min<uint64_t>(dated, db.get_doccount()));
          const Xapian::Query undated(Xapian::Query::OP_AND_NOT, selection,
                                      Xapian::Query(Xapian::Query::OP_OR, years.begin(),
                                                    years.end()));
          const bool newest = request.sort == SortOrder::kNewest;
          if (!newest) pass(undated, undated_most);
          const DayTerms& days = r.Days();
          auto windows = DayWindows(days, index.settings().export_window);
          if (newest) std::reverse(windows.begin(), windows.end());
          for (const auto& [begin, end] : windows) {
            std::vector<Xapian::Query> terms;
            uint64_t most = 0;
            for (size_t i = begin; i < end; ++i) {
              terms.emplace_back("D" + days[i].first);
              most += days[i].second;
            }
            pass(Xapian::Query(Xapian::Query::OP_FILTER, selection,
                               Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())),
                 static_cast<Xapian::doccount>(std::min<uint64_t>(most, db.get_doccount())));
          }
          if (newest) pass(undated, undated_most);
          return passed;
        },
        missing);
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

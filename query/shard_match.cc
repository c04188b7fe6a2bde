#include "query/shard_match.h"

#include <algorithm>

#include "indexer/shard_layout.h"
#include "query/docid_range.h"
#include "query/pair_filter.h"
#include "query/selection.h"

namespace morgue {

namespace {

// Every docid of the sub-databases whose UUID is listed; nothing of the
// others.
class ShardFilter : public DocidRange {
 public:
  explicit ShardFilter(std::vector<std::string> uuids) : uuids_(std::move(uuids)) {}

  void init(const Xapian::Database& db) override {
    const std::string uuid = db.get_uuid();
    if (std::find(uuids_.begin(), uuids_.end(), uuid) != uuids_.end()) {
      Reset(db.get_lastdocid(), db.get_doccount(), db.get_doccount());
    } else {
      Reset(0, 0, 0);
    }
  }
  ShardFilter* clone() const override { return new ShardFilter(uuids_); }
  std::string name() const override { return "morgue.ShardFilter"; }

 private:
  std::vector<std::string> uuids_;
};

}  // namespace

Xapian::Query OnlyShards(std::vector<std::string> uuids) {
  return Xapian::Query((new ShardFilter(std::move(uuids)))->release());
}

namespace {

// Runs task(0) ... task(n - 1), at once where the view has a pool.
void RunTasks(const ShardView& view, size_t n, const std::function<void(size_t)>& task) {
  if (view.pool && n > 1) {
    view.pool->Run(n, task);
  } else {
    for (size_t i = 0; i < n; ++i) task(i);
  }
}

}  // namespace

void ForEachShard(const ShardView& view, const std::function<void(size_t)>& task) {
  RunTasks(view, view.shards->size(), task);
}

std::vector<Xapian::Query> QueryCopies(const ShardView& view, const Xapian::Query& query) {
  const size_t n = view.shards->size();
  if (!view.pool || n == 1) return std::vector<Xapian::Query>(n, query);
  std::vector<Xapian::Query> copies;
  copies.reserve(n);
  const std::string bytes = query.serialise();
  for (size_t i = 0; i < n; ++i)
    copies.push_back(Xapian::Query::unserialise(bytes, QueryRegistry()));
  return copies;
}

std::vector<uint64_t> CountsPerShard(const ShardView& view, const Xapian::Query& query) {
  const auto& shards = *view.shards;
  std::vector<Xapian::Query> queries = QueryCopies(view, query);
  std::vector<uint64_t> counts(shards.size());
  ForEachShard(view, [&](size_t s) { counts[s] = RunExactMatch(shards[s], queries[s], {}); });
  return counts;
}

uint64_t CountMatches(const ShardView& view, const Xapian::Query& query) {
  if (view.remote) return RunExactMatch(*view.remote, query, {}, /*read_lists=*/false);
  uint64_t total = 0;
  for (uint64_t c : CountsPerShard(view, query)) total += c;
  return total;
}

FirstMatches CountAndFirst(const ShardView& view, const Xapian::Query& query,
                           Xapian::doccount count) {
  const auto& shards = *view.shards;
  const size_t n = shards.size();
  std::vector<Xapian::Query> queries = QueryCopies(view, query);
  std::vector<FirstMatches> parts(n);
  ForEachShard(view, [&](size_t s) {
    // One exhaustive pass that keeps no hits, then one that stops after
    // `count`: ~2.5x cheaper than one exhaustive pass keeping the page.
    parts[s].total = RunExactMatch(shards[s], queries[s], {}, view.remote == nullptr);
    Xapian::Enquire enquire(shards[s]);
    enquire.set_query(queries[s]);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet mset = enquire.get_mset(0, count);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      parts[s].docids.push_back(ShardLayout{n}.GlobalOf(*it, s));
    }
  });
  FirstMatches out;
  for (FirstMatches& part : parts) {
    out.total += part.total;
    out.docids.insert(out.docids.end(), part.docids.begin(), part.docids.end());
  }
  std::sort(out.docids.begin(), out.docids.end());
  if (out.docids.size() > count) out.docids.resize(count);
  return out;
}

void SetOrder(Xapian::Enquire& enquire, const MatchOrder& order) {
  enquire.set_weighting_scheme(*order.weight);
  if (order.by_value) enquire.set_sort_by_value_then_relevance(order.slot, order.descending);
}

TopMatchesResult TopMatches(const ShardView& view, const Xapian::Query& query,
                            const MatchOrder& order, Xapian::doccount count,
                            std::optional<uint64_t> total) {
  const auto& lanes = *view.lanes;
  const size_t n = lanes.size();
  // Each lane's own copy of the query, restricted to its shards.
  std::vector<Xapian::Query> queries;
  const std::string bytes = query.serialise();
  for (size_t l = 0; l < n; ++l) {
    std::vector<std::string> mine;
    for (size_t s = l; s < view.shards->size(); s += n)
      mine.push_back((*view.shards)[s].get_uuid());
    queries.emplace_back(Xapian::Query::OP_FILTER,
                         Xapian::Query::unserialise(bytes, QueryRegistry()),
                         OnlyShards(std::move(mine)));
  }
  std::vector<TopMatchesResult> parts(n);
  RunTasks(view, n, [&](size_t l) {
    Xapian::Enquire enquire(lanes[l]);
    enquire.set_query(queries[l]);
    SetOrder(enquire, order);
    Xapian::MSet mset = enquire.get_mset(0, count, total ? 0 : lanes[l].get_doccount());
    parts[l].total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      parts[l].hits.push_back({*it, it.get_weight(), order.by_value ? it.get_sort_key() : ""});
    }
  });
  TopMatchesResult out;
  for (TopMatchesResult& part : parts) {
    out.total += part.total;
    for (TopHit& hit : part.hits) out.hits.push_back(std::move(hit));
  }
  if (total) out.total = *total;
  auto before = [&order](const TopHit& a, const TopHit& b) {
    if (order.by_value && a.sort_key != b.sort_key) {
      return order.descending ? a.sort_key > b.sort_key : a.sort_key < b.sort_key;
    }
    return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
  };
  const size_t keep = std::min<size_t>(count, out.hits.size());
  std::partial_sort(out.hits.begin(), out.hits.begin() + keep, out.hits.end(), before);
  out.hits.resize(keep);
  return out;
}

}  // namespace morgue

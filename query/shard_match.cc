#include "query/shard_match.h"

#include <algorithm>

#include "indexer/document.h"
#include "query/research.h"

namespace morgue {

namespace {

// Tallies the groups of a slot through its column: an array lookup per match.
class ColumnTally : public Xapian::MatchSpy {
 public:
  ColumnTally(const std::vector<uint32_t>& index, size_t groups)
      : index_(index), counts_(groups + 1) {}

  void operator()(const Xapian::Document& doc, double) override {
    Xapian::docid did = doc.get_docid();
    uint32_t g = did < index_.size() ? index_[did] : SlotColumns::kNone;
    ++counts_[g == SlotColumns::kNone ? counts_.size() - 1 : g];
  }
  std::string name() const override { return "morgue.ColumnTally"; }

  // Per group; the last entry counts matches without a value.
  const std::vector<uint64_t>& counts() const { return counts_; }

 private:
  const std::vector<uint32_t>& index_;
  std::vector<uint64_t> counts_;
};

// Calls fn(value) for each non-empty single value of a '\x1f'-joined group.
template <typename Fn>
void ForEachValue(std::string_view group, Fn&& fn) {
  while (!group.empty()) {
    size_t end = group.find(kValueSeparator);
    if (end != 0) fn(group.substr(0, end));
    if (end == std::string_view::npos) break;
    group.remove_prefix(end + 1);
  }
}

// One shard's column as read: local docid -> index into `raw`.
struct RawColumn {
  std::vector<uint32_t> index;
  std::vector<std::string> raw;
};

RawColumn ReadColumn(const Xapian::Database& db, Xapian::valueno slot) {
  RawColumn column;
  column.index.assign(static_cast<size_t>(db.get_lastdocid()) + 1, SlotColumns::kNone);
  std::unordered_map<std::string, uint32_t> interned;
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    std::string value = *it;
    auto [entry, fresh] = interned.try_emplace(value, static_cast<uint32_t>(column.raw.size()));
    if (fresh) column.raw.push_back(std::move(value));
    column.index[it.get_docid()] = entry->second;
  }
  return column;
}

// Every docid of the sub-databases whose UUID is listed; nothing of the
// others. Xapian calls init() once per sub-database of a combined database.
class ShardFilter : public Xapian::PostingSource {
 public:
  explicit ShardFilter(std::vector<std::string> uuids) : uuids_(std::move(uuids)) {}

  void init(const Xapian::Database& db) override {
    const std::string uuid = db.get_uuid();
    active_ = std::find(uuids_.begin(), uuids_.end(), uuid) != uuids_.end();
    last_ = active_ ? db.get_lastdocid() : 0;
    count_ = active_ ? db.get_doccount() : 0;
    did_ = 0;
  }
  Xapian::doccount get_termfreq_min() const override { return count_; }
  Xapian::doccount get_termfreq_est() const override { return count_; }
  Xapian::doccount get_termfreq_max() const override { return count_; }
  void next(double) override { ++did_; }
  void skip_to(Xapian::docid did, double) override { did_ = std::max(did_, did); }
  bool check(Xapian::docid did, double) override {
    did_ = did;
    return true;
  }
  bool at_end() const override { return did_ > last_; }
  Xapian::docid get_docid() const override { return did_; }
  ShardFilter* clone() const override { return new ShardFilter(uuids_); }
  std::string name() const override { return "morgue.ShardFilter"; }

 private:
  std::vector<std::string> uuids_;
  bool active_ = false;
  Xapian::docid last_ = 0, did_ = 0;
  Xapian::doccount count_ = 0;
};

}  // namespace

Xapian::Query OnlyShards(std::vector<std::string> uuids) {
  return Xapian::Query((new ShardFilter(std::move(uuids)))->release());
}

const SlotColumns& ValueColumns::Get(const ShardView& view, Xapian::valueno slot) {
  if (auto it = slots_.find(slot); it != slots_.end()) return it->second;
  const auto& shards = *view.shards;
  std::vector<RawColumn> raw(shards.size());
  ForEachShard(view, [&](size_t s) { raw[s] = ReadColumn(shards[s], slot); });
  // One numbering of groups and values for all shards, so that tallies add up
  // as vectors.
  SlotColumns columns;
  std::unordered_map<std::string, uint32_t> group_ids;
  std::unordered_map<std::string_view, uint32_t> value_ids;
  for (RawColumn& shard : raw) {
    std::vector<uint32_t> to_group(shard.raw.size());
    for (size_t r = 0; r < shard.raw.size(); ++r) {
      auto [entry, fresh] =
          group_ids.try_emplace(std::move(shard.raw[r]), static_cast<uint32_t>(columns.groups.size()));
      to_group[r] = entry->second;
      if (!fresh) continue;
      std::vector<uint32_t> members;
      ForEachValue(entry->first, [&](std::string_view value) {
        auto [v, new_value] = value_ids.try_emplace(value, static_cast<uint32_t>(columns.values.size()));
        if (new_value) columns.values.emplace_back(value);
        if (std::find(members.begin(), members.end(), v->second) == members.end()) {
          members.push_back(v->second);
        }
      });
      columns.groups.push_back(std::move(members));
    }
    for (uint32_t& g : shard.index) {
      if (g != SlotColumns::kNone) g = to_group[g];
    }
    columns.index.push_back(std::move(shard.index));
  }
  return slots_.emplace(slot, std::move(columns)).first->second;
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
  for (size_t i = 0; i < n; ++i) copies.push_back(Xapian::Query::unserialise(bytes));
  return copies;
}

uint64_t CountMatches(const ShardView& view, const Xapian::Query& query) {
  const auto& shards = *view.shards;
  std::vector<Xapian::Query> queries = QueryCopies(view, query);
  std::vector<uint64_t> counts(shards.size());
  ForEachShard(view, [&](size_t s) { counts[s] = RunExactMatch(shards[s], queries[s], {}); });
  uint64_t total = 0;
  for (uint64_t c : counts) total += c;
  return total;
}

ValueCounts TallyValues(const ShardView& view, const Xapian::Query& query, Xapian::valueno slot) {
  const auto& shards = *view.shards;
  std::vector<Xapian::Query> queries = QueryCopies(view, query);
  std::vector<uint64_t> totals(shards.size());
  ValueCounts out;
  if (view.columns && view.columns->Use(slot)) {
    const SlotColumns& columns = view.columns->Get(view, slot);
    std::vector<std::vector<uint64_t>> per_group(shards.size());
    ForEachShard(view, [&](size_t s) {
      ColumnTally tally(columns.index[s], columns.groups.size());
      totals[s] = RunExactMatch(shards[s], queries[s], {&tally});
      per_group[s] = tally.counts();
    });
    std::vector<uint64_t> per_value(columns.values.size());
    for (size_t g = 0; g < columns.groups.size(); ++g) {
      uint64_t n = 0;
      for (const auto& counts : per_group) n += counts[g];
      if (n == 0) continue;
      for (uint32_t v : columns.groups[g]) per_value[v] += n;
    }
    for (size_t v = 0; v < per_value.size(); ++v) {
      if (per_value[v]) out.values.emplace_back(columns.values[v], per_value[v]);
    }
  } else {
    std::vector<std::unordered_map<std::string, uint64_t>> per_group(shards.size());
    ForEachShard(view, [&](size_t s) {
      ValueTally tally(slot);
      totals[s] = RunExactMatch(shards[s], queries[s], {&tally});
      per_group[s] = tally.counts();
    });
    // Few distinct groups: split each once and add its count to its values.
    std::unordered_map<std::string, uint64_t> groups;
    for (const auto& counts : per_group) {
      for (const auto& [group, count] : counts) groups[group] += count;
    }
    for (const auto& entry : groups) {
      // (A named copy: clang before 16 cannot capture structured bindings.)
      const uint64_t count = entry.second;
      std::vector<std::string_view> seen;
      ForEachValue(entry.first, [&](std::string_view value) {
        if (std::find(seen.begin(), seen.end(), value) != seen.end()) return;
        seen.push_back(value);
        out.storage[std::string(value)] += count;
      });
    }
    for (const auto& [value, count] : out.storage) out.values.emplace_back(value, count);
  }
  for (uint64_t t : totals) out.total += t;
  return out;
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
    parts[s].total = RunExactMatch(shards[s], queries[s], {});
    Xapian::Enquire enquire(shards[s]);
    enquire.set_query(queries[s]);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet mset = enquire.get_mset(0, count);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      parts[s].docids.push_back(GlobalDocid(*it, s, n));
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

TopMatchesResult TopMatches(const ShardView& view, const Xapian::Query& query,
                            const MatchOrder& order, Xapian::doccount count) {
  const auto& lanes = *view.lanes;
  const size_t n = lanes.size();
  // Each lane's own copy of the query, restricted to its shards.
  std::vector<Xapian::Query> queries;
  const std::string bytes = query.serialise();
  for (size_t l = 0; l < n; ++l) {
    std::vector<std::string> mine;
    for (size_t s = l; s < view.uuids->size(); s += n) mine.push_back((*view.uuids)[s]);
    queries.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query::unserialise(bytes),
                         OnlyShards(std::move(mine)));
  }
  std::vector<TopMatchesResult> parts(n);
  RunTasks(view, n, [&](size_t l) {
    Xapian::Enquire enquire(lanes[l]);
    enquire.set_query(queries[l]);
    enquire.set_weighting_scheme(*order.weight);
    if (order.by_value) enquire.set_sort_by_value_then_relevance(order.slot, order.descending);
    Xapian::MSet mset = enquire.get_mset(0, count, lanes[l].get_doccount());
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

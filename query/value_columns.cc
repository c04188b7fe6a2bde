#include "query/value_columns.h"

#include <algorithm>

#include "indexer/document.h"
#include "query/selection.h"

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

}  // namespace

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
      auto [entry, fresh] = group_ids.try_emplace(std::move(shard.raw[r]),
                                                  static_cast<uint32_t>(columns.groups.size()));
      to_group[r] = entry->second;
      if (!fresh) continue;
      std::vector<uint32_t> members;
      ForEachValue(entry->first, [&](std::string_view value) {
        auto [v, new_value] =
            value_ids.try_emplace(value, static_cast<uint32_t>(columns.values.size()));
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
    if (view.remote) {
      // Counted on the nodes, merged by Xapian (morgue's own spy is unknown
      // to a node's server).
      Xapian::ValueCountMatchSpy tally(slot);
      totals[0] = RunExactMatch(*view.remote, query, {&tally});
      for (auto it = tally.values_begin(); it != tally.values_end(); ++it) {
        per_group[0][*it] += it.get_termfreq();
      }
    } else {
      ForEachShard(view, [&](size_t s) {
        ValueTally tally(slot);
        totals[s] = RunExactMatch(shards[s], queries[s], {&tally});
        per_group[s] = tally.counts();
      });
    }
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

}  // namespace morgue

// Matches over an archive's shards, each shard on its own and all at once
// (ShardPool), with exact totals. Shard s of n holds the archive's docids d
// with (d - 1) % n == s, as local docid (d - 1) / n + 1. Internal header.
#ifndef MORGUE_QUERY_SHARD_MATCH_H_
#define MORGUE_QUERY_SHARD_MATCH_H_

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "query/shard_pool.h"

namespace morgue {

struct ShardView;

// One value slot of every shard in memory. Multi-valued slots hold their
// values '\x1f'-joined (one "group"); `values` are the single values, each
// once, and `groups[g]` the single values of group g.
struct SlotColumns {
  static constexpr uint32_t kNone = UINT32_MAX;
  std::vector<std::string> values;
  std::vector<std::vector<uint32_t>> groups;
  std::vector<std::vector<uint32_t>> index;  // per shard: local docid -> group or kNone
};

// Value slots read whole into memory for the reader they were read from
// (drop them with it). A slot is read whole the second time a reader tallies
// it: one tally reads the values of its matches only, which costs less than
// reading every article's value once; a reader asked again (a long-running
// program, a benchmark) is likely to be asked many times.
class ValueColumns {
 public:
  // Counts a tally of `slot` and says whether its columns are to be used.
  bool Use(Xapian::valueno slot) { return ++uses_[slot] >= 2; }

  // The columns of `slot`, read from every shard of `view` (at once) the
  // first time. Throws Xapian::Error.
  const SlotColumns& Get(const ShardView& view, Xapian::valueno slot);

 private:
  std::map<Xapian::valueno, unsigned> uses_;
  std::map<Xapian::valueno, SlotColumns> slots_;
};

// The reader's shards and what helps match them.
struct ShardView {
  const std::vector<Xapian::Database>* shards = nullptr;  // in order; required
  ShardPool* pool = nullptr;         // null: one shard after another
  ValueColumns* columns = nullptr;   // null: values read at each match
  // For weighted matches at once: lane l is all the shards as one database
  // (lane 0 the reader's own, the others opened apart at the same revisions),
  // and matches only shards s with s % lanes == l. Null: not at once.
  const std::vector<Xapian::Database>* lanes = nullptr;
  const std::vector<std::string>* uuids = nullptr;  // each shard's, in order
};

// Restricts a match over all the shards as one database to those of `uuids`
// (a sub-database is told by its UUID): filter a query with it to match part
// of the archive while weighting with the statistics of the whole.
Xapian::Query OnlyShards(std::vector<std::string> uuids);

inline uint64_t GlobalDocid(uint64_t local, size_t shard, size_t shards) {
  return (local - 1) * shards + shard + 1;
}

// Runs task(s) for every shard, at once where the view has a pool.
void ForEachShard(const ShardView& view, const std::function<void(size_t)>& task);

// One copy of `query` per shard of `view`. With a pool they are made by
// serialising it: a Xapian::Query is reference counted without atomics, so
// threads must not share one.
std::vector<Xapian::Query> QueryCopies(const ShardView& view, const Xapian::Query& query);

// The exact number of matches of `query`.
uint64_t CountMatches(const ShardView& view, const Xapian::Query& query);

// The exact number of matches and, for each single value of `slot` among
// them (multi-valued slots split at '\x1f'), how many hold it. Values held by
// no match are left out.
struct ValueCounts {
  uint64_t total = 0;
  // The views point into the reader's columns or into `storage`: use them
  // while the reader lock is held and this object lives (moving it is fine).
  std::vector<std::pair<std::string_view, uint64_t>> values;
  std::unordered_map<std::string, uint64_t> storage;
};
ValueCounts TallyValues(const ShardView& view, const Xapian::Query& query, Xapian::valueno slot);

// The exact number of matches and the first `count` matching docids of the
// archive in docid order (Xapian stops early for an unweighted match in
// docid order on one database, not on several).
struct FirstMatches {
  uint64_t total = 0;
  std::vector<uint64_t> docids;
};
FirstMatches CountAndFirst(const ShardView& view, const Xapian::Query& query, Xapian::doccount count);

// The order of TopMatches: by `weight` (ties by docid, as Xapian orders
// them), or with `by_value` by a value slot first (then by weight, then
// docid), as Enquire::set_sort_by_value_then_relevance(slot, descending).
struct MatchOrder {
  const Xapian::Weight* weight = nullptr;  // required
  bool by_value = false;
  Xapian::valueno slot = 0;
  bool descending = false;
};

// The exact number of matches and the first `count` of the whole archive in
// `order`, each lane of the view matched at once; the weights are those of
// one match over all the shards. Requires view.lanes.
struct TopHit {
  uint64_t docid;
  double weight;
  std::string sort_key;  // the slot's value when ordered by value
};
struct TopMatchesResult {
  uint64_t total = 0;
  std::vector<TopHit> hits;
};
TopMatchesResult TopMatches(const ShardView& view, const Xapian::Query& query,
                            const MatchOrder& order, Xapian::doccount count);

}  // namespace morgue

#endif  // MORGUE_QUERY_SHARD_MATCH_H_

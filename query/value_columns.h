// Value slots read into memory, and tallies of a slot's values over the
// matches of a query, shard by shard (query/shard_match.h). Internal header.
#ifndef MORGUE_QUERY_VALUE_COLUMNS_H_
#define MORGUE_QUERY_VALUE_COLUMNS_H_

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "query/shard_match.h"

namespace morgue {

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
// Matches each shard (at once where the view has a pool); from a reader's
// second tally of `slot` on, through its columns (view.columns).
ValueCounts TallyValues(const ShardView& view, const Xapian::Query& query, Xapian::valueno slot);

}  // namespace morgue

#endif  // MORGUE_QUERY_VALUE_COLUMNS_H_

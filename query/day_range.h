// The query language's date values ("1987", "1987-03", "1987-03-05",
// "19870305" and ranges of them) as inclusive ranges of UTC days, YYYYMMDD.
// No Xapian: query/date_query.h turns a range into a query. Internal to
// query/.
#ifndef MORGUE_QUERY_DAY_RANGE_H_
#define MORGUE_QUERY_DAY_RANGE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace morgue {

// An inclusive range of UTC days, "YYYYMMDD" each; an empty side is open.
struct DayRange {
  std::string from;
  std::string to;
};

// One end of a date range: "1987", "1987-03", "1987-03-05" (or "19870305")
// as YYYYMMDD in `key`; `upper` picks the last day of a year or month, else
// the first. Returns nullopt on success, else an error message.
std::optional<std::string> ParseDayBound(std::string_view text, bool upper, std::string& key);

// Parses "1987", "1987-03", "1987-03-05" (or "19870305") and ranges "A..B",
// "..B", "A.." of them: a year or month as the lower end starts on its first
// day, as the upper end finishes on its last day. Returns nullopt on success
// with `range` filled, else an error message and `error_offset` (offset into
// `text`) — the caller turns it into its own error type.
std::optional<std::string> ParseDayRange(std::string_view text, DayRange& range,
                                         size_t& error_offset);

}  // namespace morgue

#endif  // MORGUE_QUERY_DAY_RANGE_H_

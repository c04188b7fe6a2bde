// The query language's date values ("1987", "1987-03", "1987-03-05",
// "19870305" and ranges of them) as inclusive ranges of UTC days, YYYYMMDD.
// No Xapian: query/date_query.h turns a range into a query. Internal to
// query/.
#ifndef MORGUE_QUERY_DAY_RANGE_H_
#define MORGUE_QUERY_DAY_RANGE_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "morgue/article.h"

namespace morgue {

// The day relative dates ("today", "-7d", "last-30-days"; docs/query-
// language.md) are resolved against: a fixed UTC day, or the system clock's
// UTC day, read once when first needed. Not thread-safe (one per parse).
class Today {
 public:
  Today() = default;  // the system clock
  // `now`'s UTC day; nullopt: the system clock. Throws
  // Error(kInvalidArgument) for a day outside kEarliestYear..kLatestYear.
  explicit Today(const std::optional<Timestamp>& now);
  // YYYYMMDD.
  const std::string& Key() const;

 private:
  mutable std::string key_;
};

// `d` as "YYYYMMDD" (a year of four digits).
std::string DayKey(const std::chrono::year_month_day& d);

// An inclusive range of UTC days, "YYYYMMDD" each; an empty side is open.
struct DayRange {
  std::string from;
  std::string to;
};

// One end of a date range: "1987", "1987-03", "1987-03-05" (or "19870305")
// as YYYYMMDD in `key`; `upper` picks the last day of a year or month, else
// the first. With `today`, also a day relative to it: "today", "now",
// "yesterday", "-N" or "now-N" then d, w, M or y (days, weeks, calendar
// months, years before it; a day a month or year back that does not exist
// is the last of that month); null: relative forms are an error. Returns
// nullopt on success, else an error message (with a hint for the forms of
// other engines: "now-1m", "now/d", "+7d", "2.weeks").
std::optional<std::string> ParseDayBound(std::string_view text, bool upper, std::string& key,
                                         const Today* today = nullptr);

// Parses "1987", "1987-03", "1987-03-05" (or "19870305") and ranges "A..B",
// "..B", "A.." of them: a year or month as the lower end starts on its first
// day, as the upper end finishes on its last day. With `today`, the ends may
// be relative (ParseDayBound), and "last-N-days" (weeks, months, years; N >=
// 1) is the range from the day after the day N units before today to today.
// A lone "-7d" is an error (it would be one day; the message says to write
// "-7d.."). Returns nullopt on success with `range` filled, else an error
// message and `error_offset` (offset into `text`) — the caller turns it into
// its own error type.
std::optional<std::string> ParseDayRange(std::string_view text, DayRange& range,
                                         size_t& error_offset, const Today* today = nullptr);

}  // namespace morgue

#endif  // MORGUE_QUERY_DAY_RANGE_H_

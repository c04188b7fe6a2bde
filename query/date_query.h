// Date ranges as Xapian queries: the fewest Omega date terms (Y, M, D) that
// cover a closed range, value-slot comparisons otherwise, and the --from /
// --to options. Internal to query/.
#ifndef MORGUE_QUERY_DATE_QUERY_H_
#define MORGUE_QUERY_DATE_QUERY_H_

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>

#include "query/day_range.h"

namespace morgue {

// The first and last day (YYYYMMDD) of an archive's dated articles, and
// whether every article is dated.
struct DaySpan {
  std::string first, last;
  bool all_dated = false;
};

// Looks up an archive's day span (nullopt: not known, no article dated);
// called only for a range with an open side. Empty: not known.
using DaySpanLookup = std::function<std::optional<DaySpan>()>;

// A closed range becomes an OR of date terms, which Xapian intersects with
// the text match by skipping, so a date filter costs about what the text
// match costs. An open side is closed at the archive's first or last day
// (from `span`, asked only then: no article lies beyond it; a range beyond
// the span is MatchNothing), else compared with the day value slot, which is
// read for every candidate; so is a range needing more than 64 terms. When
// every article is dated and the rest of the span takes fewer terms than the
// range, the range is every article but that rest (MatchAll AND_NOT, which
// Xapian applies by skipping too): `date:1988..` over decades of articles
// reads a few terms instead of one per year.
Xapian::Query DayRangeQuery(DayRange range, const DaySpanLookup& span);

// A filter on the day (value slot 0) for --from / --to, each side taking the
// forms of `date:` (YYYY, YYYY-MM, YYYY-MM-DD): a month or year as `from`
// starts on its first day, as `to` ends on its last. Both absent: MatchAll.
// Throws Error(kQuerySyntax) (position: offset in the bad value) for an
// impossible date or from > to; the message names "--from"/"--to". `span`
// closes an open side, as DayRangeQuery does.
// Relative days (-7d, today) are resolved against `today` (null: the system
// clock's day).
Xapian::Query DateRangeQuery(std::optional<std::string> from, std::optional<std::string> to,
                             const DaySpanLookup& span = {}, const Today* today = nullptr);

// The YYYYMMDD days --from / --to stand for (an absent side is ""), checked
// and throwing as DateRangeQuery does.
DayRange DateBounds(const std::optional<std::string>& from, const std::optional<std::string>& to,
                    const Today* today = nullptr);

}  // namespace morgue

#endif  // MORGUE_QUERY_DATE_QUERY_H_

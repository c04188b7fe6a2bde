#include "query/date_query.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "morgue/error.h"
#include "query/day_range.h"

namespace morgue {
namespace {

constexpr Xapian::valueno kDaySlot = 0;

std::chrono::year_month_day ParseDay(const std::string& d) {  // YYYYMMDD
  using namespace std::chrono;
  return year_month_day{year(std::stoi(d.substr(0, 4))),
                        month(static_cast<unsigned>(std::stoul(d.substr(4, 2)))),
                        day(static_cast<unsigned>(std::stoul(d.substr(6, 2))))};
}

// The days from `from` to `to` (YYYYMMDD, inclusive) as the fewest Omega
// date terms: whole years (Y), whole months (M), single days (D). Empty when
// that takes more than `max_terms`.
std::vector<std::string> DateTerms(const std::string& from, const std::string& to,
                                   size_t max_terms) {
  using namespace std::chrono;
  std::vector<std::string> terms;
  sys_days cur = sys_days(ParseDay(from));
  const sys_days end_day = sys_days(ParseDay(to));
  while (cur <= end_day) {
    if (terms.size() >= max_terms) return {};
    year_month_day d(cur);
    std::string k = DayKey(d);
    sys_days year_end = sys_days(year_month_day(d.year() / December / 31));
    sys_days month_end = sys_days(d.year() / d.month() / std::chrono::last);
    if (d.month() == January && d.day() == std::chrono::day(1) && year_end <= end_day) {
      terms.push_back("Y" + k.substr(0, 4));
      cur = year_end + days(1);
    } else if (d.day() == std::chrono::day(1) && month_end <= end_day) {
      terms.push_back("M" + k.substr(0, 6));
      cur = month_end + days(1);
    } else {
      terms.push_back("D" + k);
      cur += days(1);
    }
  }
  return terms;
}

// `day` (YYYYMMDD) moved by `n` days.
std::string AddDays(const std::string& day, int n) {
  return DayKey(
      std::chrono::year_month_day{std::chrono::sys_days(ParseDay(day)) + std::chrono::days(n)});
}

// `day`, and the first day of its month and of its year.
std::vector<std::string> WithStarts(const std::string& day) {
  return {day, day.substr(0, 6) + "01", day.substr(0, 4) + "0101"};
}

// `day`, and the last day of its month and of its year.
std::vector<std::string> WithEnds(const std::string& day) {
  const std::chrono::year_month_day d = ParseDay(day);
  return {day, DayKey(std::chrono::year_month_day{d.year() / d.month() / std::chrono::last}),
          day.substr(0, 4) + "1231"};
}

// The fewest date terms covering a range from one of `lows` to one of
// `highs` (all of them valid ends); empty when each needs more than 64.
std::vector<std::string> FewestTerms(const std::vector<std::string>& lows,
                                     const std::vector<std::string>& highs) {
  std::vector<std::string> best;
  for (const std::string& low : lows) {
    for (const std::string& high : highs) {
      std::vector<std::string> t = DateTerms(low, high, 64);
      if (!t.empty() && (best.empty() || t.size() < best.size())) best = std::move(t);
    }
  }
  return best;
}

}  // namespace

Xapian::Query DayRangeQuery(DayRange r, const DaySpanLookup& span) {
  const bool open = r.from.empty() || r.to.empty();
  // Where a side is closed at the archive's span, it may as well close at
  // the start (end) of that month or year, or anywhere between, within the
  // range asked for: no article lies there, and whole months and years are
  // one term each (an open end then reads M or Y terms, not dozens of days).
  std::vector<std::string> lows, highs;
  std::optional<DaySpan> complement;  // the span, when every article is dated
  if (std::optional<DaySpan> known = open && span ? span() : std::nullopt) {
    if (known->all_dated) complement = known;
    const std::string asked_from = r.from, asked_to = r.to;
    r.from = std::max(r.from, known->first);
    r.to = r.to.empty() ? known->last : std::min(r.to, known->last);
    if (r.from > r.to) return Xapian::Query::MatchNothing;
    if (r.from != asked_from) {
      for (const std::string& edge : WithStarts(r.from)) lows.push_back(std::max(edge, asked_from));
    }
    if (r.to != asked_to) {
      for (const std::string& edge : WithEnds(r.to)) {
        highs.push_back(asked_to.empty() ? edge : std::min(edge, asked_to));
      }
    }
  }
  if (r.from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, kDaySlot, r.to);
  if (r.to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kDaySlot, r.from);
  if (lows.empty()) lows = {r.from};
  if (highs.empty()) highs = {r.to};
  std::vector<std::string> terms = FewestTerms(lows, highs);
  if (complement) {
    // The days of the span outside the range: before it (free to start at
    // the span's month or year start) and after it (free to end at its month
    // or year end), each side closed by the range.
    std::vector<std::string> rest;
    bool fits = true;
    if (r.from > complement->first) {
      std::vector<std::string> before =
          FewestTerms(WithStarts(complement->first), {AddDays(r.from, -1)});
      fits = fits && !before.empty();
      rest.insert(rest.end(), before.begin(), before.end());
    }
    if (r.to < complement->last) {
      std::vector<std::string> after = FewestTerms({AddDays(r.to, 1)}, WithEnds(complement->last));
      fits = fits && !after.empty();
      rest.insert(rest.end(), after.begin(), after.end());
    }
    if (fits && (terms.empty() || rest.size() < terms.size())) {
      if (rest.empty()) return Xapian::Query::MatchAll;
      return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                           Xapian::Query(Xapian::Query::OP_OR, rest.begin(), rest.end()));
    }
  }
  if (terms.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDaySlot, r.from, r.to);
  if (terms.size() == 1) return Xapian::Query(terms[0]);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

DayRange DateBounds(const std::optional<std::string>& from, const std::optional<std::string>& to,
                    const Today* today) {
  DayRange range;
  const Today system_clock;
  if (!today) today = &system_clock;
  auto bound = [today](const std::string& value, const char* option, bool upper) {
    std::string key;
    std::optional<std::string> error;
    if (value.find("..") != std::string::npos) {
      error = "a range is not allowed here";
    } else {
      error = ParseDayBound(value, upper, key, today);
    }
    if (error) {
      throw Error(ErrorCode::kQuerySyntax, std::string(option) + " " + value + ": " + *error)
          .WithPosition(0);
    }
    return key;
  };
  if (from) range.from = bound(*from, "--from", false);
  if (to) range.to = bound(*to, "--to", true);
  if (!range.from.empty() && !range.to.empty() && range.from > range.to) {
    throw Error(ErrorCode::kQuerySyntax, "--from " + *from + " is after --to " + *to)
        .WithPosition(0);
  }
  return range;
}

Xapian::Query DateRangeQuery(std::optional<std::string> from, std::optional<std::string> to,
                             const DaySpanLookup& span, const Today* today) {
  const DayRange range = DateBounds(from, to, today);
  if (range.from.empty() && range.to.empty()) return Xapian::Query::MatchAll;
  return DayRangeQuery(range, span);
}

}  // namespace morgue

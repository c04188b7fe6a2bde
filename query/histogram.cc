#include "query/histogram.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string_view>

#include "indexer/document.h"
#include "morgue/error.h"
#include "query/parser.h"
#include "query/searcher.h"
#include "query/selection.h"
#include "query/value_columns.h"

namespace morgue {

namespace {

struct Civil {
  int year, month, day;
};

// Days since 1970-01-01 of a proleptic Gregorian date, and back
// (H. Hinnant's algorithms).
int64_t DaysFromCivil(Civil c) {
  int64_t y = c.year - (c.month <= 2);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (c.month + (c.month > 2 ? -3 : 9)) + 2) / 5 + c.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

// Monday = 0 ... Sunday = 6 (1970-01-01 was a Thursday).
int Weekday(int64_t days) { return static_cast<int>(((days % 7) + 7 + 3) % 7); }

// "YYYYMMDD" -> days since the epoch; nullopt for anything else.
std::optional<int64_t> ParseDayKey(std::string_view key) {
  if (key.size() != 8) return std::nullopt;
  int digits[8];
  for (size_t i = 0; i < 8; ++i) {
    if (key[i] < '0' || key[i] > '9') return std::nullopt;
    digits[i] = key[i] - '0';
  }
  Civil c{digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3],
          digits[4] * 10 + digits[5], digits[6] * 10 + digits[7]};
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31) return std::nullopt;
  return DaysFromCivil(c);
}

// The first day of the interval holding `days`.
int64_t IntervalStart(int64_t days, Interval by) {
  Civil c = CivilFromDays(days);
  switch (by) {
    case Interval::kDay: return days;
    case Interval::kWeek: return days - Weekday(days);
    case Interval::kMonth: return DaysFromCivil({c.year, c.month, 1});
    case Interval::kYear: return DaysFromCivil({c.year, 1, 1});
  }
  return days;
}

int64_t NextStart(int64_t start, Interval by) {
  Civil c = CivilFromDays(start);
  switch (by) {
    case Interval::kDay: return start + 1;
    case Interval::kWeek: return start + 7;
    case Interval::kMonth:
      return c.month == 12 ? DaysFromCivil({c.year + 1, 1, 1})
                           : DaysFromCivil({c.year, c.month + 1, 1});
    case Interval::kYear: return DaysFromCivil({c.year + 1, 1, 1});
  }
  return start + 1;
}

// YYYY-MM-DD (years 0 to 9999).
std::string IsoDay(int64_t days) {
  Civil c = CivilFromDays(days);
  if (c.year < 0 || c.year > 9999) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
    return buf;
  }
  std::string out = "0000-00-00";
  for (int i = 3, y = c.year; i >= 0; --i, y /= 10) out[i] = static_cast<char>('0' + y % 10);
  out[5] = static_cast<char>('0' + c.month / 10);
  out[6] = static_cast<char>('0' + c.month % 10);
  out[8] = static_cast<char>('0' + c.day / 10);
  out[9] = static_cast<char>('0' + c.day % 10);
  return out;
}

std::string Label(int64_t start, Interval by) {
  Civil c = CivilFromDays(start);
  char buf[16];
  switch (by) {
    case Interval::kDay: return IsoDay(start);
    case Interval::kWeek: {
      // The ISO week-numbering year is the year of the week's Thursday.
      int64_t thursday = start + 3;
      int iso_year = CivilFromDays(thursday).year;
      int64_t week = (thursday - DaysFromCivil({iso_year, 1, 1})) / 7 + 1;
      std::snprintf(buf, sizeof buf, "%04d-W%02d", iso_year, static_cast<int>(week));
      return buf;
    }
    case Interval::kMonth: std::snprintf(buf, sizeof buf, "%04d-%02d", c.year, c.month); return buf;
    case Interval::kYear: std::snprintf(buf, sizeof buf, "%04d", c.year); return buf;
  }
  return IsoDay(start);
}

// The number of intervals from the one starting at `first` to the one
// starting at `last` (both interval starts), both included.
int64_t IntervalsFrom(int64_t first, int64_t last, Interval by) {
  const Civil a = CivilFromDays(first), b = CivilFromDays(last);
  switch (by) {
    case Interval::kDay: return last - first + 1;
    case Interval::kWeek: return (last - first) / 7 + 1;
    case Interval::kMonth:
      return (int64_t{b.year} * 12 + b.month) - (int64_t{a.year} * 12 + a.month) + 1;
    case Interval::kYear: return int64_t{b.year} - a.year + 1;
  }
  return last - first + 1;
}

const char* IntervalName(Interval by) {
  switch (by) {
    case Interval::kDay: return "day";
    case Interval::kWeek: return "week";
    case Interval::kMonth: return "month";
    case Interval::kYear: return "year";
  }
  return "day";
}

// Throws Error(kLimit) when a histogram from `first` to `last` (interval
// starts) would have more than kMaxHistogramIntervals intervals, before
// any is made: two articles dated 0001-01-01 and 9999-12-31 would
// otherwise ask for 3.65 million days.
void CheckIntervals(int64_t first, int64_t last, Interval by) {
  const int64_t n = IntervalsFrom(first, last, by);
  if (n <= static_cast<int64_t>(kMaxHistogramIntervals)) return;
  throw Error(ErrorCode::kLimit,
              "the histogram by " + std::string(IntervalName(by)) + " from " + IsoDay(first) +
                  " to " + IsoDay(last) + " would have " + std::to_string(n) +
                  " intervals; the limit is " + std::to_string(kMaxHistogramIntervals) +
                  ": use a longer interval (week, month or year) or narrow the dates (from / to)");
}

// Counts per interval start, in order of start.
using Bins = std::vector<std::pair<int64_t, uint64_t>>;

// Adds `count` articles of the interval starting at `start`, which is no
// earlier than the last one added.
void AddInOrder(Bins& bins, int64_t start, uint64_t count) {
  if (!bins.empty() && bins.back().first == start) {
    bins.back().second += count;
  } else {
    bins.emplace_back(start, count);
  }
}

// Articles of the whole archive per interval start: each day term "D"+YYYYMMDD
// is held by exactly the articles of that day (Xapian keeps term frequencies
// exact through deletions). Only days from `from` to `to` (YYYYMMDD, "" =
// open) are counted. `days` are the reader's day terms (IndexReader::Days).
Bins AllPerInterval(const DayTerms& days, Interval by, const std::string& from = "",
                    const std::string& to = "") {
  Bins all;
  auto it = from.empty() ? days.begin()
                         : std::lower_bound(days.begin(), days.end(), from,
                                            [](const auto& day, const std::string& key) {
                                              return day.first < key;
                                            });
  for (; it != days.end(); ++it) {
    if (!to.empty() && it->first > to) break;
    std::optional<int64_t> day = ParseDayKey(it->first);
    if (!day) continue;
    AddInOrder(all, IntervalStart(*day, by), it->second);  // days are in order
  }
  return all;
}

}  // namespace

Interval ParseInterval(const std::string& name) {
  if (name == "day") return Interval::kDay;
  if (name == "week") return Interval::kWeek;
  if (name == "month") return Interval::kMonth;
  if (name == "year") return Interval::kYear;
  throw Error(ErrorCode::kInvalidArgument,
              "unknown interval \"" + name + "\" (use day, week, month or year)");
}

HistogramResult CountPerInterval(const IndexReader& index, const SearchRequest& request,
                                 Interval by) {
  // The asked span, checked before the index is read: a bad date is a
  // syntax error whatever the archive holds.
  const Today today(request.now);
  const DayRange range = DateBounds(request.from, request.to, &today);
  std::optional<int64_t> asked_first, asked_last;
  if (!range.from.empty()) asked_first = IntervalStart(*ParseDayKey(range.from), by);
  if (!range.to.empty()) asked_last = IntervalStart(*ParseDayKey(range.to), by);
  return index.Read("histogram", [&](const IndexReader::View& r) {
    const Xapian::Database& db = r.db();
    HistogramResult result;
    Bins matching;
    uint64_t dated = 0;
    // The archive's articles per interval, within the same dates as the
    // matches: the shares' denominators.
    const Bins all = AllPerInterval(r.Days(), by, range.from, range.to);
    if (SelectsAll(request)) {
      // Every article (within the dates): the day terms' frequencies are the
      // answer, without a pass over the articles.
      matching = all;
      for (const auto& [start, count] : matching) dated += count;
      result.total = range.from.empty() && range.to.empty() ? db.get_doccount() : dated;
    } else {
      Searcher searcher = r.MakeSearcher();
      Xapian::Query query = SelectionQuery(searcher, request);
      ValueCounts days = TallyValues(searcher.Shards(), query, kSlotDay);
      result.total = days.total;
      Bins per_day;
      for (const auto& [key, count] : days.values) {
        std::optional<int64_t> day = ParseDayKey(key);
        if (!day) continue;
        per_day.emplace_back(*day, count);
        dated += count;
      }
      std::sort(per_day.begin(), per_day.end());
      for (const auto& [day, count] : per_day) AddInOrder(matching, IntervalStart(day, by), count);
    }
    result.undated = result.total - dated;

    // The span: as asked; a side not asked for is the matches' first (last)
    // interval, or when nothing matches, the archive's (within the dates).
    const Bins& known = matching.empty() ? all : matching;
    std::optional<int64_t> first = asked_first, last = asked_last;
    if (!first && !known.empty()) first = known.front().first;
    if (!last && !known.empty()) last = known.back().first;
    if (!first) first = last;
    if (!last) last = first;
    if (!first) return result;  // nothing dated and no dates asked
    CheckIntervals(*first, *last, by);
    auto m = matching.begin();
    auto a = all.begin();
    for (int64_t start = *first; start <= *last; start = NextStart(start, by)) {
      HistogramBin bin;
      bin.start = IsoDay(start);
      bin.label = by == Interval::kDay ? bin.start : Label(start, by);
      // Both lists are in interval order: walk them along.
      while (m != matching.end() && m->first < start) ++m;
      if (m != matching.end() && m->first == start) bin.count = m->second;
      while (a != all.end() && a->first < start) ++a;
      if (a != all.end() && a->first == start) bin.all = a->second;
      if (bin.all > 0) {
        bin.share = static_cast<double>(bin.count) / static_cast<double>(bin.all);
      }
      result.bins.push_back(std::move(bin));
    }
    return result;
  });
}

std::optional<DayInterval> IntervalOfDay(std::string_view day_key, Interval by) {
  std::optional<int64_t> days = ParseDayKey(day_key);
  if (!days) return std::nullopt;
  const int64_t start = IntervalStart(*days, by);
  return DayInterval{Label(start, by), IsoDay(start)};
}

}  // namespace morgue

#include "query/histogram.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <string_view>

#include "indexer/document.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/query.h"
#include "query/facets.h"
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

namespace {

// What a request asks of the dates, read before the index is: a bad date
// is a syntax error whatever the archive holds.
struct AskedSpan {
  DayRange range;
  std::optional<int64_t> first, last;  // the intervals holding from / to
};

AskedSpan AskedSpanOf(const SearchRequest& request, Interval by) {
  const Today today(request.now);
  AskedSpan asked{DateBounds(request.from, request.to, &today), std::nullopt, std::nullopt};
  if (!asked.range.from.empty()) asked.first = IntervalStart(*ParseDayKey(asked.range.from), by);
  if (!asked.range.to.empty()) asked.last = IntervalStart(*ParseDayKey(asked.range.to), by);
  return asked;
}

// One request's counts on one snapshot, before its bins are made.
struct SeriesCounts {
  uint64_t total = 0, undated = 0;
  Bins matching;  // matching articles per interval start (within the dates)
  Bins all;       // all articles per interval start (within the dates)
  // The series' own span (HistogramResult::bins); unset: no bins.
  std::optional<int64_t> first, last;
};

// `all`: the archive's articles per interval within the request's dates
// (AllPerInterval), the shares' denominators; the same for every request
// with the same dates, so computed once by the caller.
SeriesCounts TallyIntervals(const IndexReader::View& r, const SearchRequest& request, Interval by,
                            const AskedSpan& asked, const Bins& all) {
  const Xapian::Database& db = r.db();
  SeriesCounts out;
  uint64_t dated = 0;
  out.all = all;
  if (SelectsAll(request)) {
    // Every article (within the dates): the day terms' frequencies are the
    // answer, without a pass over the articles.
    out.matching = out.all;
    for (const auto& [start, count] : out.matching) dated += count;
    out.total = asked.range.from.empty() && asked.range.to.empty() ? db.get_doccount() : dated;
  } else {
    Searcher searcher = r.MakeSearcher();
    Xapian::Query query = SelectionQuery(searcher, request);
    ValueCounts days = TallyValues(searcher.Shards(), query, kSlotDay);
    out.total = days.total;
    Bins per_day;
    for (const auto& [key, count] : days.values) {
      std::optional<int64_t> day = ParseDayKey(key);
      if (!day) continue;
      per_day.emplace_back(*day, count);
      dated += count;
    }
    std::sort(per_day.begin(), per_day.end());
    for (const auto& [day, count] : per_day) {
      AddInOrder(out.matching, IntervalStart(day, by), count);
    }
  }
  out.undated = out.total - dated;

  // The span: as asked; a side not asked for is the matches' first (last)
  // interval, or when nothing matches, the archive's (within the dates).
  const Bins& known = out.matching.empty() ? out.all : out.matching;
  out.first = asked.first;
  out.last = asked.last;
  if (!out.first && !known.empty()) out.first = known.front().first;
  if (!out.last && !known.empty()) out.last = known.back().first;
  if (!out.first) out.first = out.last;
  if (!out.last) out.last = out.first;
  return out;
}

// The series' bins from the interval starting at `first` to the one
// starting at `last`: its matches and the archive's articles (both within
// its dates) in each, so an interval outside its dates has neither.
HistogramResult MakeBins(const SeriesCounts& counts, int64_t first, int64_t last, Interval by) {
  HistogramResult result;
  result.total = counts.total;
  result.undated = counts.undated;
  auto m = counts.matching.begin();
  auto a = counts.all.begin();
  for (int64_t start = first; start <= last; start = NextStart(start, by)) {
    HistogramBin bin;
    bin.start = IsoDay(start);
    bin.label = by == Interval::kDay ? bin.start : Label(start, by);
    // Both lists are in interval order: walk them along.
    while (m != counts.matching.end() && m->first < start) ++m;
    if (m != counts.matching.end() && m->first == start) bin.count = m->second;
    while (a != counts.all.end() && a->first < start) ++a;
    if (a != counts.all.end() && a->first == start) bin.all = a->second;
    if (bin.all > 0) {
      bin.share = static_cast<double>(bin.count) / static_cast<double>(bin.all);
    }
    result.bins.push_back(std::move(bin));
  }
  return result;
}

HistogramResult OneHistogram(const SeriesCounts& counts, Interval by) {
  if (!counts.first) {  // nothing dated and no dates asked
    HistogramResult result;
    result.total = counts.total;
    result.undated = counts.undated;
    return result;
  }
  CheckIntervals(*counts.first, *counts.last, by);
  return MakeBins(counts, *counts.first, *counts.last, by);
}

// The requests' histograms on one snapshot over the union of their spans.
std::vector<HistogramResult> SideBySideOn(const IndexReader::View& r,
                                          const std::vector<SearchRequest>& requests,
                                          const std::vector<AskedSpan>& asked, Interval by) {
  std::vector<SeriesCounts> counts;
  counts.reserve(requests.size());
  std::map<std::pair<std::string, std::string>, Bins> all_by_dates;
  for (size_t i = 0; i < requests.size(); ++i) {
    const DayRange& range = asked[i].range;
    auto [it, fresh] = all_by_dates.try_emplace({range.from, range.to});
    if (fresh) it->second = AllPerInterval(r.Days(), by, range.from, range.to);
    counts.push_back(TallyIntervals(r, requests[i], by, asked[i], it->second));
  }
  // The union of the spans. A series without a dated match adds only the
  // dates it asks for (its span would otherwise be the whole archive's);
  // when no series has one, the union of the spans Histogram gives each.
  std::optional<int64_t> first, last;
  const auto add = [&](std::optional<int64_t> a, std::optional<int64_t> b) {
    if (!a) a = b;
    if (!b) b = a;
    if (!a) return;
    first = first ? std::min(*first, *a) : *a;
    last = last ? std::max(*last, *b) : *b;
  };
  for (size_t i = 0; i < counts.size(); ++i) {
    if (!counts[i].matching.empty()) add(counts[i].first, counts[i].last);
    else add(asked[i].first, asked[i].last);
  }
  if (!first) {
    for (const SeriesCounts& c : counts) add(c.first, c.last);
  }
  std::vector<HistogramResult> results;
  results.reserve(counts.size());
  if (!first) {
    for (const SeriesCounts& c : counts) results.push_back(OneHistogram(c, by));
    return results;
  }
  CheckIntervals(*first, *last, by);
  const uint64_t cells = static_cast<uint64_t>(IntervalsFrom(*first, *last, by)) * counts.size();
  if (cells > kMaxSideBySideBins) {
    throw Error(ErrorCode::kLimit,
                "the histograms by " + std::string(IntervalName(by)) + " from " + IsoDay(*first) +
                    " to " + IsoDay(*last) + " of " + std::to_string(counts.size()) +
                    " series would have " + std::to_string(cells) +
                    " bins together; the limit is " + std::to_string(kMaxSideBySideBins) +
                    ": use a longer interval, narrow the dates or compare fewer series");
  }
  for (const SeriesCounts& c : counts) results.push_back(MakeBins(c, *first, *last, by));
  return results;
}

void CheckSeriesCount(size_t n) {
  if (n == 0) throw Error(ErrorCode::kInvalidArgument, "no query to compare (give at least one)");
  if (n > kMaxSideBySide) {
    throw Error(ErrorCode::kLimit, std::to_string(n) + " queries side by side; the limit is " +
                                       std::to_string(kMaxSideBySide));
  }
}

}  // namespace

HistogramResult CountPerInterval(const IndexReader& index, const SearchRequest& request,
                                 Interval by) {
  const AskedSpan asked = AskedSpanOf(request, by);
  std::vector<std::string> missing;
  HistogramResult result = index.Read(
      "histogram",
      [&](const IndexReader::View& r) {
        const Bins all = AllPerInterval(r.Days(), by, asked.range.from, asked.range.to);
        return OneHistogram(TallyIntervals(r, request, by, asked, all), by);
      },
      &missing);
  result.missing_nodes = std::move(missing);
  return result;
}

std::vector<HistogramResult> CountPerIntervalSideBySide(const IndexReader& index,
                                                        const std::vector<SearchRequest>& requests,
                                                        Interval by) {
  CheckSeriesCount(requests.size());
  std::vector<AskedSpan> asked;
  asked.reserve(requests.size());
  for (const SearchRequest& request : requests) asked.push_back(AskedSpanOf(request, by));
  std::vector<std::string> missing;
  std::vector<HistogramResult> results = index.Read(
      "histograms",
      [&](const IndexReader::View& r) { return SideBySideOn(r, requests, asked, by); }, &missing);
  for (HistogramResult& result : results) result.missing_nodes = missing;
  return results;
}

SplitHistograms CountPerIntervalSplit(const IndexReader& index, const SearchRequest& request,
                                      FacetField field, size_t top, Interval by) {
  if (top == 0 || top > kMaxSideBySide) {
    throw Error(ErrorCode::kInvalidArgument, "a split shows 1 to " +
                                                 std::to_string(kMaxSideBySide) + " values, not " +
                                                 std::to_string(top));
  }
  const AskedSpan asked = AskedSpanOf(request, by);
  auto split_on = [&](const IndexReader::View& r) {
    SplitHistograms out;
    FacetResult values = FacetsOn(r, request, field, top);
    out.total = values.total;
    std::vector<SearchRequest> requests;
    std::vector<Query> any;
    for (const FacetCount& v : values.values) {
      out.values.push_back(v.value);
      SearchRequest with_value = request;
      with_value.filters.push_back(Filter{field, v.value});
      requests.push_back(std::move(with_value));
      any.push_back(Query::Filter(field, v.value));
    }
    // The matches with none of the values shown: the request AND NOT any.
    SearchRequest outside = request;
    if (!any.empty()) {
      Query none = Query::Not(Query::Or(std::move(any)));
      outside.built_query =
          request.built_query.empty() ? none : Query::And({request.built_query, none});
    }
    requests.push_back(std::move(outside));
    std::vector<AskedSpan> spans(requests.size(), asked);
    std::vector<HistogramResult> results = SideBySideOn(r, requests, spans, by);
    out.outside = std::move(results.back());
    results.pop_back();
    out.series = std::move(results);
    return out;
  };
  std::vector<std::string> missing;
  SplitHistograms split = index.Read("histograms", split_on, &missing);
  for (HistogramResult& series : split.series) series.missing_nodes = missing;
  split.outside.missing_nodes = missing;
  split.missing_nodes = std::move(missing);
  return split;
}

std::optional<DayInterval> IntervalOfDay(std::string_view day_key, Interval by) {
  std::optional<int64_t> days = ParseDayKey(day_key);
  if (!days) return std::nullopt;
  const int64_t start = IntervalStart(*days, by);
  return DayInterval{Label(start, by), IsoDay(start)};
}

}  // namespace morgue

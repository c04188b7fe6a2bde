#include "query/day_range.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "morgue/error.h"

namespace morgue {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsAsciiDigit);
}

int ToInt(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

std::string KeyOfDay(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

std::chrono::year_month_day FromKey(const std::string& key) {  // YYYYMMDD, valid
  using namespace std::chrono;
  return year_month_day{year(ToInt(key.substr(0, 4))),
                        month(static_cast<unsigned>(ToInt(key.substr(4, 2)))),
                        day(static_cast<unsigned>(ToInt(key.substr(6, 2))))};
}

// `today` (YYYYMMDD) moved back by `n` units ('d', 'w', 'M', 'y'); a month
// or year back onto a day its month lacks (31 March - 1M) is that month's
// last day. nullopt before the year kEarliestYear.
std::optional<std::string> DaysBack(const std::string& today, uint64_t n, char unit) {
  using namespace std::chrono;
  constexpr uint64_t kMaxDays = 3000ULL * 366;  // beyond any year morgue reads
  const year_month_day t = FromKey(today);
  year_month_day d = t;
  if (unit == 'd' || unit == 'w') {
    const uint64_t count = unit == 'w' ? (n > kMaxDays ? n : n * 7) : n;
    if (count > kMaxDays) return std::nullopt;
    d = year_month_day{sys_days(t) - days(static_cast<int64_t>(count))};
  } else {
    const uint64_t months_back = unit == 'y' ? (n > kMaxDays ? n : n * 12) : n;
    if (months_back > kMaxDays) return std::nullopt;
    d = t - months(static_cast<int64_t>(months_back));
    if (!d.ok()) d = year_month_day{d.year() / d.month() / last};
  }
  if (static_cast<int>(d.year()) < kEarliestYear) return std::nullopt;
  return DayKey(d);
}

// "N" then a unit letter at the start of `s` ("7d", "30-days" is not one):
// the number and the unit, or an error message naming what is wrong.
struct Offset {
  uint64_t n = 0;
  char unit = 0;
};
std::optional<std::string> ParseOffset(std::string_view s, std::string_view whole, Offset& out) {
  size_t k = 0;
  while (k < s.size() && IsAsciiDigit(s[k])) ++k;
  const std::string quoted = "\"" + std::string(whole) + "\"";
  if (k == 0 || k > 9) {
    return "bad relative date " + quoted +
           " (write -7d, -2w, -3M or -1y: days, weeks, months or "
           "years before today)";
  }
  out.n = static_cast<uint64_t>(ToInt(s.substr(0, k)));
  const std::string_view rest = s.substr(k);
  if (rest == "d" || rest == "w" || rest == "M" || rest == "y") {
    out.unit = rest[0];
    return std::nullopt;
  }
  if (rest == "m") {
    return "bad relative date " + quoted +
           ": months are M (-3M); in Elasticsearch's date math "
           "m means minutes, and morgue dates are whole UTC days";
  }
  if (rest == "h" || rest == "H" || rest == "s") {
    return "bad relative date " + quoted + ": morgue dates are whole UTC days (use d, w, M or y)";
  }
  if (!rest.empty() && rest.find('/') != std::string_view::npos) {
    return "bad relative date " + quoted +
           ": rounding (now/d, now-1M/M) is not supported; "
           "dates are whole UTC days, and a whole month is written date:YYYY-MM";
  }
  return "bad relative date " + quoted +
         " (write -7d, -2w, -3M or -1y: days, weeks, months or "
         "years before today)";
}

bool StartsRelative(std::string_view s) {
  return s == "today" || s == "now" || s == "yesterday" || s.starts_with("now") ||
         (s.size() > 1 && s[0] == '-') || (s.size() > 1 && s[0] == '+') || s.starts_with("last-") ||
         s.starts_with("last ") || s.starts_with("this-") ||
         s.find(".week") != std::string_view::npos || s.find(".day") != std::string_view::npos ||
         s.find(".month") != std::string_view::npos || s.find(".year") != std::string_view::npos;
}

// A relative bound, resolved against `today`.
std::optional<std::string> ParseRelativeBound(std::string_view s, const Today& today,
                                              std::string& key) {
  const std::string quoted = "\"" + std::string(s) + "\"";
  if (s == "today" || s == "now") {
    key = today.Key();
    return std::nullopt;
  }
  if (s == "yesterday") {
    std::optional<std::string> back = DaysBack(today.Key(), 1, 'd');
    if (!back) return "\"yesterday\" is before the year " + std::to_string(kEarliestYear);
    key = *back;
    return std::nullopt;
  }
  std::string_view rest = s;
  if (rest.starts_with("now")) rest.remove_prefix(3);
  if (rest.starts_with("+")) {
    return "bad relative date " + quoted +
           ": only days before today can be written relative "
           "to it (-7d); write a later date as YYYY-MM-DD";
  }
  if (rest.starts_with("/")) {
    return "bad relative date " + quoted +
           ": rounding (now/d, now-1M/M) is not supported; "
           "dates are whole UTC days, and a whole month is written date:YYYY-MM";
  }
  if (rest.starts_with("last-") || rest.starts_with("last ")) {
    return quoted + " is a range of days (date:" + std::string(s) +
           "); here write one day (-29d, yesterday, today)";
  }
  if (!rest.starts_with("-")) {
    // notmuch's "2.weeks", "last week", "this-month": say what morgue reads.
    return "bad relative date " + quoted +
           " (morgue reads today, yesterday, now, -7d, -2w, -3M, "
           "-1y, now-7d and, in date:, last-30-days)";
  }
  Offset offset;
  if (auto e = ParseOffset(rest.substr(1), s, offset)) return e;
  std::optional<std::string> back = DaysBack(today.Key(), offset.n, offset.unit);
  if (!back) {
    return "relative date " + quoted + " is before the year " + std::to_string(kEarliestYear) +
           ", the earliest morgue reads";
  }
  key = *back;
  return std::nullopt;
}

// "last-N-days" (day, weeks, week, months, month, years, year): the range
// ending today. nullopt when `s` is not of that form; else an error or "".
std::optional<std::string> ParseLastRange(std::string_view s, const Today& today, DayRange& range) {
  if (!s.starts_with("last-")) return std::nullopt;
  const std::string quoted = "\"" + std::string(s) + "\"";
  std::string_view rest = s.substr(5);
  size_t k = 0;
  while (k < rest.size() && IsAsciiDigit(rest[k])) ++k;
  const std::string_view digits = rest.substr(0, k);
  const std::string_view unit = rest.substr(k);
  char letter = 0;
  if (unit == "-days" || unit == "-day") letter = 'd';
  if (unit == "-weeks" || unit == "-week") letter = 'w';
  if (unit == "-months" || unit == "-month") letter = 'M';
  if (unit == "-years" || unit == "-year") letter = 'y';
  if (digits.empty() || digits.size() > 9 || letter == 0) {
    return "bad date range " + quoted +
           " (write last-30-days, last-2-weeks, last-6-months or "
           "last-1-years)";
  }
  const uint64_t n = static_cast<uint64_t>(ToInt(digits));
  if (n == 0) return "date range " + quoted + " holds no day (N must be at least 1)";
  std::optional<std::string> back = DaysBack(today.Key(), n, letter);
  if (!back) {
    return "date range " + quoted + " starts before the year " + std::to_string(kEarliestYear) +
           ", the earliest morgue reads";
  }
  range.from = DayKey(
      std::chrono::year_month_day{std::chrono::sys_days(FromKey(*back)) + std::chrono::days(1)});
  range.to = today.Key();
  return std::string();
}

}  // namespace

std::string DayKey(const std::chrono::year_month_day& d) {
  return KeyOfDay(static_cast<int>(d.year()), static_cast<int>(static_cast<unsigned>(d.month())),
                  static_cast<int>(static_cast<unsigned>(d.day())));
}

Today::Today(const std::optional<Timestamp>& now) {
  if (!now) return;
  key_ = now->ToDayKey();
  const bool digits = key_.size() == 8 && std::all_of(key_.begin(), key_.end(), IsAsciiDigit);
  if (!digits || ToInt(std::string_view(key_).substr(0, 4)) < kEarliestYear ||
      ToInt(std::string_view(key_).substr(0, 4)) > kLatestYear) {
    throw Error(ErrorCode::kInvalidArgument,
                "the request's now (" + now->ToIso8601() + ") is outside the years " +
                    std::to_string(kEarliestYear) + " to " + std::to_string(kLatestYear));
  }
}

const std::string& Today::Key() const {
  if (key_.empty()) {
    const auto now = std::chrono::system_clock::now();
    key_ = DayKey(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now)});
  }
  return key_;
}

std::optional<std::string> ParseDayBound(std::string_view s, bool upper, std::string& key,
                                         const Today* today) {
  if (StartsRelative(s)) {
    if (!today) {
      return "relative date \"" + std::string(s) +
             "\" not allowed here: relative dates are resolved when a search runs (write them in "
             "the query text or the request's from / to)";
    }
    return ParseRelativeBound(s, *today, key);
  }
  std::string_view y, m, d;
  if (s.size() == 4) {
    y = s;
  } else if (s.size() == 7 && s[4] == '-') {
    y = s.substr(0, 4), m = s.substr(5, 2);
  } else if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  } else if (s.size() == 8) {
    y = s.substr(0, 4), m = s.substr(4, 2), d = s.substr(6, 2);
  }
  if (!AllDigits(y) || (!m.empty() && !AllDigits(m)) || (!d.empty() && !AllDigits(d))) {
    return "bad date \"" + std::string(s) + "\" (use YYYY, YYYY-MM or YYYY-MM-DD)";
  }
  const int year = ToInt(y);
  const int month = m.empty() ? (upper ? 12 : 1) : ToInt(m);
  if (year == 0 || month < 1 || month > 12) return "impossible date \"" + std::string(s) + "\"";
  const int last = DaysInMonth(year, month);
  const int day = d.empty() ? (upper ? last : 1) : ToInt(d);
  if (day < 1 || day > last) return "impossible date \"" + std::string(s) + "\"";
  key = KeyOfDay(year, month, day);
  return std::nullopt;
}

std::optional<std::string> ParseDayRange(std::string_view text, DayRange& range,
                                         size_t& error_offset, const Today* today) {
  const size_t dots = text.find("..");
  error_offset = 0;
  if (dots == std::string_view::npos) {
    if (today) {
      if (auto e = ParseLastRange(text, *today, range)) {
        if (e->empty()) return std::nullopt;
        return e;
      }
      if (StartsRelative(text) && text != "today" && text != "now" && text != "yesterday") {
        std::string key;
        if (auto e = ParseDayBound(text, false, key, today)) return e;
        return "\"" + std::string(text) + "\" alone is one day; write \"" + std::string(text) +
               "..\" for that day and after (or \"" + std::string(text) + ".." + std::string(text) +
               "\" for the one day)";
      }
    }
    if (auto e = ParseDayBound(text, false, range.from, today)) return e;
    ParseDayBound(text, true, range.to, today);
    return std::nullopt;
  }
  const std::string_view low = text.substr(0, dots);
  const std::string_view high = text.substr(dots + 2);
  if (low.empty() && high.empty()) return std::string("a date range needs at least one end");
  range.from.clear();
  range.to.clear();
  if (!low.empty()) {
    if (auto e = ParseDayBound(low, false, range.from, today)) return e;
  }
  if (!high.empty()) {
    error_offset = dots + 2;
    if (auto e = ParseDayBound(high, true, range.to, today)) return e;
  }
  if (!range.from.empty() && !range.to.empty() && range.from > range.to) {
    error_offset = 0;
    return "date range \"" + std::string(text) + "\" ends before it starts";
  }
  return std::nullopt;
}

}  // namespace morgue

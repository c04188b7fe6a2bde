#include "query/day_range.h"

#include <algorithm>
#include <cstdio>

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

std::string DayKey(int year, int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day);
  return buf;
}

}  // namespace

std::optional<std::string> ParseDayBound(std::string_view s, bool upper, std::string& key) {
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
  key = DayKey(year, month, day);
  return std::nullopt;
}

std::optional<std::string> ParseDayRange(std::string_view text, DayRange& range,
                                         size_t& error_offset) {
  const size_t dots = text.find("..");
  error_offset = 0;
  if (dots == std::string_view::npos) {
    if (auto e = ParseDayBound(text, false, range.from)) return e;
    ParseDayBound(text, true, range.to);
    return std::nullopt;
  }
  const std::string_view low = text.substr(0, dots);
  const std::string_view high = text.substr(dots + 2);
  if (low.empty() && high.empty()) return std::string("a date range needs at least one end");
  range.from.clear();
  range.to.clear();
  if (!low.empty()) {
    if (auto e = ParseDayBound(low, false, range.from)) return e;
  }
  if (!high.empty()) {
    error_offset = dots + 2;
    if (auto e = ParseDayBound(high, true, range.to)) return e;
  }
  if (!range.from.empty() && !range.to.empty() && range.from > range.to) {
    error_offset = 0;
    return "date range \"" + std::string(text) + "\" ends before it starts";
  }
  return std::nullopt;
}

}  // namespace morgue

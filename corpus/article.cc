#include "morgue/article.h"

#include <chrono>
#include <cstdio>

#include "corpus/reader_context.h"
#include "corpus/text.h"
#include "morgue/error.h"

namespace morgue {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

bool ParseDigits(const std::string& s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

std::string ControlProblem(std::string_view value) {
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "U+%04X", c);
      return std::string("holds a control character (") + hex + ")";
    }
  }
  return "";
}

// Why `value` cannot name an article ("" when it can).
std::string NameProblem(std::string_view value, size_t limit) {
  if (value.empty()) return "is empty";
  if (value.size() > limit) {
    return "is " + std::to_string(value.size()) + " bytes long; the limit is " +
           std::to_string(limit);
  }
  if (!IsValidUtf8(value)) return "is not valid UTF-8";
  return ControlProblem(value);
}

// Unix time of January 1st, 00:00:00 UTC, of `year`.
constexpr int64_t FirstSecondOf(int year) {
  return int64_t{sys_days(std::chrono::year(year) / 1 / 1).time_since_epoch().count()} * 86400;
}

// A section, language, topic, entity name or speaker: a filter term.
std::string LengthProblem(std::string_view value) {
  if (value.size() > kMaxNameBytes) {
    return "is " + std::to_string(value.size()) + " bytes long; the limit is " +
           std::to_string(kMaxNameBytes);
  }
  return ControlProblem(value);
}

}  // namespace

std::string DateRangeProblem(const Timestamp& published) {
  const int64_t t = published.unix_seconds;
  if (t >= FirstSecondOf(kEarliestYear) && t < FirstSecondOf(kLatestYear + 1)) return "";
  // Years 1..9999 print as a day; anything further out (a unix time in
  // milliseconds taken for seconds) as the number.
  std::string date = t >= FirstSecondOf(1) && t < FirstSecondOf(10000)
                         ? published.ToIso8601().substr(0, 10)
                         : "of unix time " + std::to_string(t);
  return "date " + date + " is outside the years " + std::to_string(kEarliestYear) + "-" +
         std::to_string(kLatestYear);
}

std::string ArticleProblem(const Article& a) {
  if (std::string p = NameProblem(a.id, kMaxIdBytes); !p.empty()) return "its id " + p;
  if (std::string p = NameProblem(a.source, kMaxSourceBytes); !p.empty()) return "its source " + p;
  if (a.published) {
    if (std::string p = DateRangeProblem(*a.published); !p.empty()) return "its " + p;
  }
  if (std::string p = LengthProblem(a.section); !p.empty()) return "its section " + p;
  if (std::string p = LengthProblem(a.language); !p.empty()) return "its language " + p;
  for (size_t i = 0; i < a.topics.size(); ++i) {
    if (std::string p = LengthProblem(a.topics[i]); !p.empty()) {
      return "topic " + std::to_string(i + 1) + " " + p;
    }
  }
  for (size_t i = 0; i < a.entities.size(); ++i) {
    const Entity& e = a.entities[i];
    std::string p = LengthProblem(e.name);
    if (p.empty()) p = LengthProblem(e.canonical);
    if (!p.empty())
      return std::string(EntityKindName(e.kind)) + " " + std::to_string(i + 1) + " " + p;
  }
  for (size_t i = 0; i < a.quotes.size(); ++i) {
    if (std::string p = LengthProblem(a.quotes[i].speaker); !p.empty()) {
      return "the speaker of quotation " + std::to_string(i + 1) + " " + p;
    }
  }
  return "";
}

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kQuerySyntax: return "query syntax";
    case ErrorCode::kInvalidInput: return "invalid input";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kNotAnArchive: return "not an archive";
    case ErrorCode::kVersion: return "unsupported version";
    case ErrorCode::kLocked: return "locked";
    case ErrorCode::kCorruption: return "corruption";
    case ErrorCode::kIO: return "I/O error";
    case ErrorCode::kLimit: return "limit exceeded";
    case ErrorCode::kInternal: return "internal error";
  }
  return "error";
}

const char* EntityKindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson: return "person";
    case EntityKind::kOrganisation: return "org";
    case EntityKind::kPlace: return "place";
  }
  return "?";
}

std::optional<Timestamp> Timestamp::FromCivil(int year, int month, int day, int hour, int minute,
                                              int second, bool date_only) {
  year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                     std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || year < 1 || year > 9999) return std::nullopt;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  int64_t d = sys_days(ymd).time_since_epoch().count();
  Timestamp t;
  t.unix_seconds = d * 86400 + hour * 3600 + minute * 60 + second;
  t.date_only = date_only;
  return t;
}

std::optional<Timestamp> Timestamp::ParseIso8601(const std::string& text) {
  int y, mo, d;
  if (!ParseDigits(text, 0, 4, &y) || text.size() < 10 || text[4] != '-' ||
      !ParseDigits(text, 5, 2, &mo) || text[7] != '-' || !ParseDigits(text, 8, 2, &d)) {
    return std::nullopt;
  }
  if (text.size() == 10) return FromCivil(y, mo, d, 0, 0, 0, true);
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  int h, mi, s = 0;
  if (!ParseDigits(text, 11, 2, &h) || text.size() < 16 || text[13] != ':' ||
      !ParseDigits(text, 14, 2, &mi)) {
    return std::nullopt;
  }
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!ParseDigits(text, pos + 1, 2, &s)) return std::nullopt;
    pos += 3;
  }
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  }
  int offset_minutes = 0;
  if (pos < text.size()) {
    char c = text[pos];
    if (c == 'Z' || c == 'z') {
      ++pos;
    } else if (c == '+' || c == '-') {
      int oh, om = 0;
      if (!ParseDigits(text, pos + 1, 2, &oh)) return std::nullopt;
      size_t p = pos + 3;
      if (p < text.size() && text[p] == ':') ++p;
      if (p < text.size()) {
        if (!ParseDigits(text, p, 2, &om)) return std::nullopt;
        p += 2;
      }
      offset_minutes = (oh * 60 + om) * (c == '+' ? 1 : -1);
      pos = p;
    }
  }
  if (pos != text.size()) return std::nullopt;
  auto t = FromCivil(y, mo, d, h, mi, s == 60 ? 59 : s, false);
  if (!t) return std::nullopt;
  t->unix_seconds -= static_cast<int64_t>(offset_minutes) * 60;
  // In UTC too within the years 1 to 9999: "9999-12-31T23:00:00-05:00" is
  // in the year 10000, whose day key of nine digits would sort before the
  // year 1000's (the day terms, histograms, a cluster's export windows).
  static const int64_t kFirst = FromCivil(1, 1, 1, 0, 0, 0)->unix_seconds;
  static const int64_t kLast = FromCivil(9999, 12, 31, 23, 59, 59)->unix_seconds;
  if (t->unix_seconds < kFirst || t->unix_seconds > kLast) return std::nullopt;
  return t;
}

std::string Timestamp::ToDayKey() const {
  sys_days day{days{unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400}};
  year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string Timestamp::ToIso8601() const {
  int64_t day_number = unix_seconds >= 0 ? unix_seconds / 86400 : (unix_seconds - 86399) / 86400;
  int64_t rem = unix_seconds - day_number * 86400;
  year_month_day ymd{sys_days{days{day_number}}};
  char buf[32];
  if (date_only) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                  static_cast<int>(rem % 60));
  }
  return buf;
}

std::string Article::BodyText() const {
  std::string out;
  for (const auto& p : body) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

}  // namespace morgue

#include "corpus/fields.h"

#include <algorithm>
#include <utility>

#include "corpus/text.h"

namespace morgue {

namespace {

constexpr std::pair<std::string_view, Field> kFieldNames[] = {
    {"id", Field::kId},
    {"guid", Field::kId},
    {"newid", Field::kId},
    {"docid", Field::kId},
    {"articleid", Field::kId},
    {"title", Field::kTitle},
    {"headline", Field::kTitle},
    {"text", Field::kBody},
    {"body", Field::kBody},
    {"content", Field::kBody},
    {"maintext", Field::kBody},
    {"articlebody", Field::kBody},
    {"fulltext", Field::kBody},
    {"date", Field::kDate},
    {"published", Field::kDate},
    {"datepublish", Field::kDate},
    {"datepublished", Field::kDate},
    {"publishedat", Field::kDate},
    {"publishdate", Field::kDate},
    {"publicationdate", Field::kDate},
    {"pubdate", Field::kDate},
    {"datetime", Field::kDate},
    {"url", Field::kUrl},
    {"link", Field::kUrl},
    {"authors", Field::kAuthors},
    {"author", Field::kAuthors},
    {"byline", Field::kAuthors},
    {"section", Field::kSection},
    {"category", Field::kSection},
    {"source", Field::kSource},
    {"dateline", Field::kDateline},
    {"language", Field::kLanguage},
    {"lang", Field::kLanguage},
    {"topics", Field::kTopics},
    {"keywords", Field::kTopics},
    {"tags", Field::kTopics},
    {"quotes", Field::kQuotes},
    {"captions", Field::kCaptions},
    {"people", Field::kPeople},
    {"persons", Field::kPeople},
    {"organizations", Field::kOrgs},
    {"organisations", Field::kOrgs},
    {"orgs", Field::kOrgs},
    {"exchanges", Field::kOrgs},
    {"places", Field::kPlaces},
    {"locations", Field::kPlaces},
    {"entities", Field::kEntities},
};

bool ReadNumber(std::string_view s, size_t* pos, int* out, size_t max_digits) {
  size_t start = *pos;
  int v = 0;
  while (*pos < s.size() && *pos - start < max_digits && s[*pos] >= '0' && s[*pos] <= '9') {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
  }
  if (*pos == start) return false;
  *out = v;
  return true;
}

void SkipSpaces(std::string_view s, size_t* pos) {
  while (*pos < s.size() && (s[*pos] == ' ' || s[*pos] == ',')) ++*pos;
}

std::string_view ReadWord(std::string_view s, size_t* pos) {
  size_t start = *pos;
  while (*pos < s.size() && ((s[*pos] | 0x20) >= 'a' && (s[*pos] | 0x20) <= 'z')) ++*pos;
  return s.substr(start, *pos - start);
}

// "Wed, 01 Jan 2020 10:00:00 GMT", "01 Jan 2020", "Jan 1, 2020 10:00".
std::optional<Timestamp> ParseWrittenDate(std::string_view s) {
  size_t pos = 0;
  int day = 0, month = 0, year = 0;
  std::string_view word = ReadWord(s, &pos);
  if (!word.empty() && MonthFromName(word) == 0) {  // weekday
    SkipSpaces(s, &pos);
    word = ReadWord(s, &pos);
  }
  if (!word.empty()) {  // "Jan 1, 2020"
    month = MonthFromName(word);
    SkipSpaces(s, &pos);
    if (!ReadNumber(s, &pos, &day, 2)) return std::nullopt;
  } else {  // "01 Jan 2020"
    if (!ReadNumber(s, &pos, &day, 2)) return std::nullopt;
    SkipSpaces(s, &pos);
    month = MonthFromName(ReadWord(s, &pos));
  }
  SkipSpaces(s, &pos);
  if (month == 0 || !ReadNumber(s, &pos, &year, 4) || year < 1000) return std::nullopt;
  SkipSpaces(s, &pos);
  int hour = 0, minute = 0, second = 0;
  bool has_time = false;
  if (ReadNumber(s, &pos, &hour, 2)) {
    if (pos >= s.size() || s[pos] != ':') return std::nullopt;
    ++pos;
    if (!ReadNumber(s, &pos, &minute, 2)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!ReadNumber(s, &pos, &second, 2)) return std::nullopt;
    }
    has_time = true;
  }
  auto t = Timestamp::FromCivil(year, month, day, hour, minute, second, !has_time);
  if (!t || !has_time) return t;
  SkipSpaces(s, &pos);
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '+' ? 1 : -1;
    ++pos;
    int hhmm = 0;
    size_t start = pos;
    if (ReadNumber(s, &pos, &hhmm, 4) && pos - start == 4) {
      t->unix_seconds -= sign * ((hhmm / 100) * 3600 + (hhmm % 100) * 60);
    }
  }
  return t;
}

}  // namespace

Field FieldForName(std::string_view name) {
  std::string key;
  key.reserve(name.size());
  for (char c : name) {
    if (c == '_' || c == '-' || c == ' ') continue;
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  for (const auto& [known, field] : kFieldNames) {
    if (known == key) return field;
  }
  return Field::kIgnored;
}

int MonthFromName(std::string_view name) {
  static constexpr std::string_view kMonths[] = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
  if (name.size() < 3) return 0;
  std::string lower = AsciiLower(name);
  if (lower.ends_with(".")) lower.pop_back();
  if (lower == "sept") return 9;
  for (int i = 0; i < 12; ++i) {
    std::string_view full = kMonths[i];
    if (lower == full || lower == full.substr(0, 3)) return i + 1;
  }
  return 0;
}

Timestamp FromUnixSeconds(int64_t seconds) {
  Timestamp t;
  t.unix_seconds = seconds;
  return t;
}

std::optional<Timestamp> ParseDateText(std::string_view text) {
  std::string_view s = TrimView(text);
  if (s.empty()) return std::nullopt;
  if (auto t = Timestamp::ParseIso8601(std::string(s))) return t;
  if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
      s.size() <= 13) {
    int64_t v = std::stoll(std::string(s));
    if (s.size() >= 12) v /= 1000;  // milliseconds
    return FromUnixSeconds(v);
  }
  return ParseWrittenDate(s);
}

std::optional<EntityKind> EntityKindFromType(std::string_view type) {
  std::string t = AsciiLower(TrimView(type));
  if (t == "person" || t == "per" || t == "people" || t == "persons") return EntityKind::kPerson;
  if (t == "org" || t == "orgs" || t == "organization" || t == "organisation" ||
      t == "organizations" || t == "organisations" || t == "company") {
    return EntityKind::kOrganisation;
  }
  if (t == "place" || t == "places" || t == "location" || t == "locations" || t == "loc" ||
      t == "gpe" || t == "country" || t == "city") {
    return EntityKind::kPlace;
  }
  return std::nullopt;
}

std::vector<std::string> SplitList(std::string_view text) {
  char separator = ',';
  if (text.find(';') != std::string_view::npos) {
    separator = ';';
  } else if (text.find('|') != std::string_view::npos) {
    separator = '|';
  }
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) end = text.size();
    std::string item = CleanLine(text.substr(start, end - start));
    if (!item.empty()) items.push_back(std::move(item));
    start = end + 1;
  }
  return items;
}

void AddEntity(Article* article, std::string name, EntityKind kind, EntityOrigin origin) {
  if (name.empty()) return;
  for (const Entity& e : article->entities) {
    if (e.name == name && e.kind == kind) return;
  }
  Entity entity;
  entity.name = std::move(name);
  entity.kind = kind;
  entity.origin = origin;
  article->entities.push_back(std::move(entity));
}

void LocateQuotes(Article* article) {
  for (Quote& quote : article->quotes) {
    if (quote.paragraph != 0 || quote.offset != 0 || quote.text.empty()) continue;
    for (size_t i = 0; i < article->body.size(); ++i) {
      size_t at = article->body[i].find(quote.text);
      if (at != std::string::npos) {
        quote.paragraph = static_cast<uint32_t>(i);
        quote.offset = static_cast<uint32_t>(at);
        break;
      }
    }
  }
}

}  // namespace morgue

// JSON Lines: one JSON object per line (a file holding one JSON array of
// objects is read too). Field names: see fields.h and docs/formats.md.
#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

#include "corpus/fields.h"
#include "corpus/json_record.h"
#include "corpus/reader_context.h"
#include "corpus/text.h"

namespace morgue {

namespace {

using json = nlohmann::json;

std::string TypeError(std::string_view key, const char* expected, const json& value) {
  return "field '" + std::string(key) + "' must be " + expected + ", not " + value.type_name();
}

// `text` in double quotes for a message, cut to about 80 bytes (at a UTF-8
// character boundary) and with invalid UTF-8 replaced.
std::string Shown(const std::string& text) {
  constexpr size_t kMax = 80;
  if (text.size() <= kMax) return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string shown =
      json(text.substr(0, cut)).dump(-1, ' ', false, json::error_handler_t::replace);
  shown.insert(shown.size() - 1, "...");
  return shown;
}

// A string, or the "name" member of an object ({"name": "Reuters"}).
bool AsName(const json& value, std::string* out) {
  if (value.is_string()) {
    *out = CleanLine(value.get_ref<const std::string&>());
    return true;
  }
  if (value.is_object() && value.contains("name") && value["name"].is_string()) {
    *out = CleanLine(value["name"].get_ref<const std::string&>());
    return true;
  }
  return false;
}

// Strings from a string (split as a list when `split`) or an array of names.
bool AsNames(const json& value, bool split, std::vector<std::string>* out) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    if (split) {
      for (auto& item : SplitList(s)) out->push_back(std::move(item));
    } else if (std::string one = CleanLine(s); !one.empty()) {
      out->push_back(std::move(one));
    }
    return true;
  }
  if (!value.is_array()) return false;
  for (const json& item : value) {
    std::string name;
    if (!AsName(item, &name)) return false;
    if (!name.empty()) out->push_back(std::move(name));
  }
  return true;
}

std::string FirstString(const json& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = object.find(key);
    if (it != object.end() && it->is_string()) return CleanLine(it->get_ref<const std::string&>());
  }
  return "";
}

std::string ApplyEntities(std::string_view key, const json& value, Article* article) {
  if (!value.is_array()) return TypeError(key, "an array", value);
  for (const json& item : value) {
    if (!item.is_object()) return "field 'entities' must hold objects with name and type";
    std::string name = FirstString(item, {"name", "text"});
    std::string type = FirstString(item, {"type", "kind", "label"});
    if (auto kind = EntityKindFromType(type)) {
      AddEntity(article, std::move(name), *kind, EntityOrigin::kUser);
    }
  }
  return "";
}

// Builds an article from one JSON value; returns "" or the reason it is refused.
// Values left out of the article go to *warnings (see ApplyJsonField).
std::string ArticleFromJson(const json& record, const std::string& fallback_id,
                            const ReadContext& context, Article* article,
                            std::vector<std::string>* warnings) {
  if (!record.is_object()) return std::string("expected a JSON object, not ") + record.type_name();
  for (const auto& [key, value] : record.items()) {
    std::string reason = ApplyJsonField(key, value, article, warnings);
    if (!reason.empty()) return reason;
  }
  return FinishRecord(fallback_id, context, article);
}

std::string ParseErrorReason(const json::parse_error& e) {
  std::string what = e.what();
  size_t bracket = what.find("] ");
  return "invalid JSON: " + (bracket == std::string::npos ? what : what.substr(bracket + 2));
}

void ReadJsonArray(std::string_view bytes, ReadContext& context) {
  json records;
  try {
    records = json::parse(bytes);
  } catch (const json::parse_error& e) {
    context.Issue(0, 0, ParseErrorReason(e));
    return;
  }
  if (!records.is_array()) {
    context.Issue(0, 0, "expected a JSON array of objects");
    return;
  }
  uint64_t number = 0;
  for (const json& record : records) {
    ++number;
    Article article;
    std::vector<std::string> warnings;
    std::string reason = ArticleFromJson(record, context.stem() + "-" + std::to_string(number),
                                         context, &article, &warnings);
    if (reason.empty()) {
      for (const std::string& warning : warnings) context.Warn(0, number, warning);
      context.Emit(std::move(article), 0, number);
    } else {
      context.Issue(0, number, reason);
    }
  }
}

}  // namespace

std::string ApplyJsonField(const std::string& key, const json& value, Article* article,
                           std::vector<std::string>* warnings) {
  Field field = FieldForName(key);
  if (field == Field::kIgnored || value.is_null()) return "";
  std::vector<std::string> names;
  switch (field) {
    case Field::kIgnored: return "";
    case Field::kId:
      if (value.is_string()) {
        article->id = CleanLine(value.get_ref<const std::string&>());
      } else if (value.is_number_integer()) {
        article->id = value.dump();
      } else {
        return TypeError(key, "a string or an integer", value);
      }
      return "";
    case Field::kTitle:
      if (!value.is_string()) return TypeError(key, "a string", value);
      article->headline = CleanLine(value.get_ref<const std::string&>());
      return "";
    case Field::kBody:
      if (value.is_string()) {
        for (auto& p : CleanParagraphs(value.get_ref<const std::string&>())) {
          article->body.push_back(std::move(p));
        }
      } else if (value.is_array()) {
        for (const json& item : value) {
          if (!item.is_string()) return TypeError(key, "a string or an array of strings", value);
          for (auto& p : CleanParagraphs(item.get_ref<const std::string&>())) {
            article->body.push_back(std::move(p));
          }
        }
      } else {
        return TypeError(key, "a string or an array of strings", value);
      }
      return "";
    case Field::kDate:
      if (value.is_number()) {
        double seconds = value.get<double>();
        if (std::fabs(seconds) >= 1e11) seconds /= 1000;  // milliseconds
        // Years 1 to 9999 only: a larger number (1e41) is no date, and its
        // conversion to int64_t was undefined behaviour (found by fuzzing).
        if (std::isfinite(seconds) && seconds >= -62135596800.0 && seconds <= 253402300799.0) {
          article->published = FromUnixSeconds(static_cast<int64_t>(seconds));
        } else {
          warnings->push_back("field '" + key + "' value " + value.dump() +
                              " is no unix time in the years 1-9999; the article is left undated");
        }
      } else if (value.is_string()) {
        const std::string& text = value.get_ref<const std::string&>();
        article->published = ParseDateText(text);
        if (!article->published && !TrimView(text).empty()) {
          warnings->push_back("field '" + key + "' value " + Shown(text) +
                              " cannot be read as a date; the article is left undated");
        }
      } else {
        return TypeError(key, "a string or a number", value);
      }
      return "";
    case Field::kUrl:
    case Field::kDateline:
    case Field::kLanguage:
    case Field::kSource:
    case Field::kSection: {
      std::string text;
      if (!AsName(value, &text)) {
        if (field == Field::kSection && AsNames(value, false, &names)) {
          text = names.empty() ? "" : names.front();
        } else {
          return TypeError(key, "a string", value);
        }
      }
      std::string* target = field == Field::kUrl        ? &article->url
                            : field == Field::kDateline ? &article->dateline
                            : field == Field::kLanguage ? &article->language
                            : field == Field::kSource   ? &article->source
                                                        : &article->section;
      if (!text.empty() || field != Field::kLanguage) *target = std::move(text);
      return "";
    }
    case Field::kAuthors:
      if (!AsNames(value, false, &article->authors)) {
        return TypeError(key, "a string or an array of strings", value);
      }
      return "";
    case Field::kTopics:
      if (!AsNames(value, true, &article->topics)) {
        return TypeError(key, "a string or an array of strings", value);
      }
      return "";
    case Field::kPeople:
    case Field::kOrgs:
    case Field::kPlaces: {
      if (!AsNames(value, true, &names)) return TypeError(key, "an array of strings", value);
      EntityKind kind = field == Field::kPeople ? EntityKind::kPerson
                        : field == Field::kOrgs ? EntityKind::kOrganisation
                                                : EntityKind::kPlace;
      for (auto& name : names) AddEntity(article, std::move(name), kind, EntityOrigin::kUser);
      return "";
    }
    case Field::kEntities: return ApplyEntities(key, value, article);
    case Field::kQuotes:
      if (!value.is_array()) return TypeError(key, "an array", value);
      for (const json& item : value) {
        Quote quote;
        if (item.is_string()) {
          quote.text = CleanLine(item.get_ref<const std::string&>());
        } else if (item.is_object()) {
          quote.text = FirstString(item, {"text", "quote"});
          quote.speaker = FirstString(item, {"speaker", "author", "source"});
        } else {
          return "field 'quotes' must hold objects {text, speaker}";
        }
        if (!quote.text.empty()) article->quotes.push_back(std::move(quote));
      }
      return "";
    case Field::kCaptions:
      if (!value.is_array()) return TypeError(key, "an array", value);
      for (const json& item : value) {
        Caption caption;
        if (item.is_string()) {
          caption.text = CleanLine(item.get_ref<const std::string&>());
        } else if (item.is_object()) {
          caption.text = FirstString(item, {"text", "caption"});
          caption.credit = FirstString(item, {"credit", "photographer"});
        } else {
          return "field 'captions' must hold objects {text, credit}";
        }
        if (!caption.text.empty() || !caption.credit.empty()) {
          article->captions.push_back(std::move(caption));
        }
      }
      return "";
  }
  return "";
}

std::string FinishRecord(const std::string& fallback_id, const ReadContext& context,
                         Article* article) {
  if (article->headline.empty() && article->body.empty()) {
    return "record has neither a title nor text";
  }
  if (article->id.empty()) article->id = fallback_id;
  if (article->source.empty()) article->source = context.DefaultSource(context.stem());
  if (article->language.empty()) article->language = "en";
  LocateQuotes(article);
  return "";
}

void ReadJsonLines(std::string_view bytes, ReadContext& context) {
  std::string_view trimmed = TrimView(bytes);
  if (!trimmed.empty() && trimmed.front() == '[') {
    ReadJsonArray(trimmed, context);
    return;
  }
  LineCursor cursor;
  ReadJsonLinePiece(bytes, context, &cursor);
}

void ReadJsonLinePiece(std::string_view bytes, ReadContext& context, LineCursor* cursor) {
  uint64_t& line_number = cursor->line;
  uint64_t& record_number = cursor->record;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t nl = bytes.find('\n', pos);
    size_t end = nl == std::string_view::npos ? bytes.size() : nl;
    std::string_view line = bytes.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (TrimView(line).empty()) continue;
    ++record_number;
    if (std::string reason = context.CheckRecordSize(line.size()); !reason.empty()) {
      context.Issue(line_number, record_number, reason);
      continue;
    }
    Article article;
    std::vector<std::string> warnings;
    std::string reason;
    try {
      json record = json::parse(line);
      reason = ArticleFromJson(record, context.stem() + "-" + std::to_string(line_number), context,
                               &article, &warnings);
    } catch (const json::parse_error& e) {
      reason = ParseErrorReason(e);
    } catch (const json::exception& e) {
      reason = std::string("invalid record: ") + e.what();
    }
    if (reason.empty()) {
      for (const std::string& warning : warnings) context.Warn(line_number, record_number, warning);
      context.Emit(std::move(article), line_number, record_number);
    } else {
      context.Issue(line_number, record_number, reason);
    }
  }
}

}  // namespace morgue

// The field names that JSON Lines and CSV records may use, and how their
// values become Article fields. Internal to corpus/.
#ifndef MORGUE_CORPUS_FIELDS_H_
#define MORGUE_CORPUS_FIELDS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/article.h"

namespace morgue {

enum class Field {
  kIgnored,
  kId,        // id, guid, newid
  kTitle,     // title, headline
  kBody,      // text, body, content, maintext, article
  kDate,      // date, published, date_publish, publishedAt, pubDate, ...
  kUrl,       // url, link
  kAuthors,   // authors, author, byline
  kSection,   // section, category
  kSource,    // source
  kDateline,  // dateline
  kLanguage,  // language, lang
  kTopics,    // topics, keywords, tags
  kQuotes,    // quotes
  kCaptions,  // captions
  kPeople,    // people, persons
  kOrgs,      // organizations, organisations, orgs, exchanges
  kPlaces,    // places, locations
  kEntities,  // entities: [{name, type|kind}]
};

// The field a column or key name maps to (case-insensitive).
Field FieldForName(std::string_view name);

// ISO 8601 ("2020-01-01", "2020-01-01T10:00:00Z", "2020-01-01 10:00:00"),
// RFC 822 ("Wed, 01 Jan 2020 10:00:00 GMT") or unix seconds ("1577836800").
std::optional<Timestamp> ParseDateText(std::string_view text);

// 1-12 for an English month name or its abbreviation ("Jan", "Sept",
// "JANUARY"), 0 otherwise.
int MonthFromName(std::string_view name);

// Timestamp from unix seconds.
Timestamp FromUnixSeconds(int64_t seconds);

// "person", "org", "organization", "place", "location", "gpe", ...; nullopt
// when unknown.
std::optional<EntityKind> EntityKindFromType(std::string_view type);

// Splits a list cell ("a; b", "a|b", "a, b") into cleaned, non-empty items.
std::vector<std::string> SplitList(std::string_view text);

// Adds an entity unless an equal one is already present.
void AddEntity(Article* article, std::string name, EntityKind kind, EntityOrigin origin);

// After all fields are set: locates each quote in the body (paragraph and
// offset) when it was given without a position.
void LocateQuotes(Article* article);

}  // namespace morgue

#endif  // MORGUE_CORPUS_FIELDS_H_

// The article model: one shape for every input format.
//
// Thread safety: every type here is a plain value. Distinct objects may be
// used from different threads freely; one object may be read (const methods)
// from several threads at once, but not read while another thread changes it.
#ifndef MORGUE_ARTICLE_H_
#define MORGUE_ARTICLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "morgue/export.h"

namespace morgue {

// The years a publication date may have. A reader that finds a date outside
// them (0001-01-01, 9999-12-31: placeholders and typing slips, not news)
// leaves the article undated and reports a warning (reader.h); Archive::Add
// checks the same range. Wide enough for any archive of printed news, narrow
// enough that per-day histograms and date arithmetic stay small.
inline constexpr int kEarliestYear = 1000;
inline constexpr int kLatestYear = 2999;

// A publication time in UTC. `date_only` is true when the source gave a day
// but no time of day (then unix_seconds is that day's 00:00:00 UTC).
struct MORGUE_EXPORT Timestamp {
  int64_t unix_seconds = 0;
  bool date_only = false;

  // "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (date_only decides). Never throws
  // (other than std::bad_alloc).
  std::string ToIso8601() const;
  // "YYYYMMDD", the form of the date value slot. Never throws.
  std::string ToDayKey() const;
  // Parses the ISO 8601 forms above, with optional fraction and offset
  // ("+01:00", "Z"), into UTC. Returns nullopt when `text` is not such a date
  // or falls outside the years 1 to 9999 in UTC; never throws.
  static std::optional<Timestamp> ParseIso8601(const std::string& text);
  // Builds a timestamp from a civil UTC date and time; nullopt when impossible
  // (month 13, February 30). Never throws.
  static std::optional<Timestamp> FromCivil(int year, int month, int day, int hour = 0,
                                            int minute = 0, int second = 0, bool date_only = false);

  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// Where a quotation came from: supplied with the article (by its reader or
// the library's user) or found in the body by Analyze. Repair re-analyses
// extracted ones and keeps supplied ones.
enum class QuoteOrigin : uint8_t { kSupplied = 0, kExtracted = 1 };

// A direct quotation found in the body.
struct Quote {
  std::string text;
  // Who spoke: the person or organisation named, titles, roles and
  // appositions stripped ("John Herrington"); a pronoun or a surname resolved
  // to the full name the article gave before. Empty when the text does not
  // say who spoke, or says it ambiguously. `speaker:` filters and speaker
  // facets use its canonical form.
  std::string speaker;
  uint32_t paragraph = 0;  // index into Article::body
  uint32_t offset = 0;     // byte offset of the quotation inside that paragraph
  // The words that attribute the quotation, as written ("Energy Secretary
  // John Herrington", "Jeff Rathke, the State Department spokesperson", "he");
  // empty when none. For a supplied quotation with a speaker and no
  // attribution, Analyze keeps the supplied speaker here and cleans `speaker`.
  std::string attribution;
  QuoteOrigin origin = QuoteOrigin::kSupplied;

  friend bool operator==(const Quote&, const Quote&) = default;
};

// A photo caption and its credit ("Photo: Jane Doe/Agency").
struct Caption {
  std::string text;
  std::string credit;

  friend bool operator==(const Caption&, const Caption&) = default;
};

// What an entity names.
enum class EntityKind : uint8_t { kPerson = 0, kOrganisation = 1, kPlace = 2 };

// Where an entity came from. Tagged (by the source's curators, e.g. Reuters
// PLACES) and user-supplied (JSONL from the user's own NER) take precedence
// over ones morgue's extractor found in the text.
enum class EntityOrigin : uint8_t { kTagged = 0, kUser = 1, kExtracted = 2 };

// A person, organisation or place the article mentions or is tagged with.
struct Entity {
  std::string name;  // the surface form as it appeared ("U.S.")
  EntityKind kind = EntityKind::kPlace;
  // The normalised form that aliases share ("united states"); filters such as
  // place:"united states" match it. Add() fills it in when left empty.
  std::string canonical;
  EntityOrigin origin = EntityOrigin::kExtracted;

  friend bool operator==(const Entity&, const Entity&) = default;
};

// One news article. Archive::Add needs id and source; everything else is
// optional. Add() also fills quotes and extracted entities from the body.
struct MORGUE_EXPORT Article {
  std::string id;      // unique within `source`
  std::string source;  // collection name, e.g. "reuters21578"
  std::string url;
  std::optional<Timestamp> published;
  std::string section;
  std::string headline;
  std::vector<std::string> authors;
  std::string dateline;
  std::vector<std::string> body;  // paragraphs
  std::vector<Quote> quotes;
  std::vector<Caption> captions;
  std::vector<Entity> entities;
  std::vector<std::string> topics;
  std::string language = "en";

  // The body paragraphs joined by blank lines ("" without a body). Never throws.
  std::string BodyText() const;

  friend bool operator==(const Article&, const Article&) = default;
};

// "person", "org" or "place": the facet and filter name of `kind`. Never throws.
MORGUE_EXPORT const char* EntityKindName(EntityKind kind);

// What an archive takes: the limits ArticleProblem checks. Ids and sources
// name articles ("source/id" in show, id: and exports), so they must be text:
// valid UTF-8 without control characters.
inline constexpr size_t kMaxIdBytes = 2048;
inline constexpr size_t kMaxSourceBytes = 100;
// A section, language, topic, entity name or speaker: each is a filter term
// (at most this long, without control characters).
inline constexpr size_t kMaxNameBytes = 200;

// Why Archive::Add would refuse `article` ("its id is empty", "its source
// holds a control character (U+0000)", "topic 3 is 250 bytes long; the limit
// is 200", "its date 0001-01-01 is outside the years 1000-2999", ...), or ""
// when it takes it. Readers report such a record as an
// issue; Add refuses the whole batch naming it. Never throws (other than
// std::bad_alloc).
MORGUE_EXPORT std::string ArticleProblem(const Article& article);

}  // namespace morgue

#endif  // MORGUE_ARTICLE_H_

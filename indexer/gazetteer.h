// The place gazetteer: countries from Debian's iso-codes and GeoNames cities
// with at least 15,000 inhabitants (both embedded at build time by
// cmake/MorgueGazetteer.cmake), the countries' common short forms, historical
// states, Reuters place codes, and hand lists of regions and cities. Hand
// lists win over iso-codes' and GeoNames' forms of the same name.
#ifndef MORGUE_INDEXER_GAZETTEER_H_
#define MORGUE_INDEXER_GAZETTEER_H_

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace morgue {

// The embedded iso_3166-1.json (generated source).
std::string_view IsoCodes3166Json();
// The embedded indexer/data/geonames-places.tsv (generated source; written by
// scripts/make-gazetteer from GeoNames' cities15000.txt).
std::string_view GeoNamesPlacesTsv();

enum class PlaceType : uint8_t { kCountry, kRegion, kCity };

// What the gazetteer knows of one token as a whole place name (a feature for
// the tagger): a country, a region, a city, or a city whose name is also an
// everyday word or a person's name ("Reading", "Florence", "Jackson"), which
// is a place only in context ("in Reading").
enum class PlaceKnowledge : uint8_t { kNone, kAmbiguous, kCity, kRegion, kCountry };

// One surface form matched case-sensitively in text ("New York", "U.S.").
struct GazetteerEntry {
  std::vector<std::string> tokens;  // as Tokenize() splits the surface form
  std::string_view canonical;
  PlaceType type = PlaceType::kCountry;
  bool needs_article = false;  // only after "the" ("the Gulf")
  std::string_view country;    // for cities and regions inside one country, else empty
  // A GeoNames city whose surface is also an everyday word or a person's name
  // ("Reading", "Nice", "Eugene", "Jackson"): a place only in context.
  bool ambiguous = false;
  bool geonames = false;    // from GeoNames (not iso-codes or the hand lists)
  uint32_t population = 0;  // GeoNames cities: inhabitants of the largest one of the name
};

// Built once, immutable afterwards: safe to share between threads.
class Gazetteer {
 public:
  // The process-wide gazetteer (built on first use, thread-safe).
  static const Gazetteer& Get();

  // The canonical place for a folded name (see FoldEntityText), or nullptr.
  const std::string* CanonicalPlace(std::string_view folded) const;
  // Entries whose first token is exactly `token`, longest first; nullptr if none.
  const std::vector<GazetteerEntry>* EntriesStartingWith(std::string_view token) const;
  // Every canonical place name (for tests).
  std::vector<std::string> CanonicalNames() const;
  // The country a canonical place lies in ("chicago" -> "united states"); empty
  // for countries, places in no single country and unknown names.
  std::string_view CountryOf(std::string_view canonical) const;
  // The one-token place named exactly `token` (case-sensitive; a trailing
  // possessive "'s" is ignored: "Britain's").
  PlaceKnowledge KnowledgeOf(std::string_view token) const;

  // A preposition after which an ambiguous or one-word city name is a place
  // ("in Reading", "from Moss"); ASCII case ignored ("IN").
  static bool IsPlacePreposition(std::string_view word);

  // `token` without a trailing possessive "'s" / "’s" ("Britain's" -> "Britain",
  // "BRITAIN'S" -> "BRITAIN");
  // unchanged otherwise.
  static std::string_view StripPossessive(std::string_view token);

 private:
  Gazetteer();
  std::string_view Intern(std::string s);
  // Registers a canonical place and the folded aliases that lead to it.
  void AddAlias(std::string_view alias, std::string_view canonical);
  // Registers the folded surface as an alias, then its token entry.
  void AddSurface(std::string_view surface, std::string_view canonical, PlaceType type,
                  bool needs_article = false);
  // The token entry only (surface already stripped of "the" and usable).
  void AddEntry(std::string_view surface, std::string_view canonical, PlaceType type,
                bool needs_article, bool ambiguous, bool geonames, uint32_t population);
  void AddPlace(std::string_view canonical, PlaceType type);
  void LoadIsoCountries();
  void LoadHandLists();
  void LoadGeoNames();

  std::deque<std::string> pool_;  // owns every string_view key below
  std::unordered_map<std::string_view, std::string> alias_to_canonical_;
  std::unordered_map<std::string_view, PlaceType> types_;
  std::unordered_map<std::string_view, std::vector<GazetteerEntry>> by_first_token_;
  // One bit per hash of a first token (FirstTokenBit): most capitalised words
  // start no place, and this 32 KB filter answers them without touching the
  // ~30,000-key map (cache misses made Reuters extraction 2x slower).
  std::vector<uint64_t> first_token_filter_;
  std::unordered_map<std::string_view, std::string_view> country_of_;
  std::unordered_map<std::string, std::string_view> country_by_alpha2_;
};

// Hand-written lists (gazetteer_lists.cc).
struct SurfaceAlias {
  const char* surface;    // as written in text
  const char* canonical;  // canonical place (already folded)
};
struct CountryOverride {
  const char* alpha_2;
  const char* canonical;
};
extern const std::vector<CountryOverride>& CountryCanonicalOverrides();
extern const std::vector<CountryOverride>& ExtraCountryCodes();  // XK -> kosovo
extern const std::vector<SurfaceAlias>& CountryShortForms();     // Britain, Russia, U.S. ...
extern const std::vector<SurfaceAlias>& HistoricalStates();      // Soviet Union, West Germany
extern const std::vector<SurfaceAlias>& ReutersPlaceCodes();  // code -> canonical, when not obvious
extern const std::vector<SurfaceAlias>& Regions();
extern const std::vector<SurfaceAlias>& Cities();
struct CityCountry {
  const char* country;
  std::vector<const char*> places;
};
extern const std::vector<CityCountry>& CityCountries();

}  // namespace morgue

#endif  // MORGUE_INDEXER_GAZETTEER_H_

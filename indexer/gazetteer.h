// The place gazetteer: countries from Debian's iso-codes (embedded at build
// time by cmake/MorgueGazetteer.cmake), their common short forms, historical
// states, Reuters place codes, and a hand list of regions and cities.
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

enum class PlaceType : uint8_t { kCountry, kRegion, kCity };

// One surface form matched case-sensitively in text ("New York", "U.S.").
struct GazetteerEntry {
  std::vector<std::string> tokens;  // as Tokenize() splits the surface form
  std::string_view canonical;
  PlaceType type = PlaceType::kCountry;
  bool needs_article = false;  // only after "the" ("the Gulf")
  std::string_view country;    // for cities and regions inside one country, else empty
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

 private:
  Gazetteer();
  std::string_view Intern(std::string s);
  // Registers a canonical place and the folded aliases that lead to it.
  void AddAlias(std::string_view alias, std::string_view canonical);
  void AddSurface(std::string_view surface, std::string_view canonical, PlaceType type,
                  bool needs_article = false);
  void AddPlace(std::string_view canonical, PlaceType type);
  void LoadIsoCountries();
  void LoadHandLists();

  std::deque<std::string> pool_;  // owns every string_view key below
  std::unordered_map<std::string_view, std::string> alias_to_canonical_;
  std::unordered_map<std::string_view, PlaceType> types_;
  std::unordered_map<std::string_view, std::vector<GazetteerEntry>> by_first_token_;
  std::unordered_map<std::string_view, std::string_view> country_of_;
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
extern const std::vector<SurfaceAlias>& CountryShortForms();  // Britain, Russia, U.S. ...
extern const std::vector<SurfaceAlias>& HistoricalStates();   // Soviet Union, West Germany
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

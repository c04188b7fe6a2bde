// Builds the gazetteer once from the embedded iso-codes JSON, the hand lists
// and the embedded GeoNames table.
#include "indexer/gazetteer.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <nlohmann/json.hpp>

#include "indexer/canonical.h"
#include "indexer/entities_tokens.h"
#include "indexer/ner_features.h"
#include "morgue/error.h"

namespace morgue {
namespace {

bool UsableSurface(std::string_view s) {
  return !s.empty() && s.find_first_of(",()") == std::string_view::npos;
}

std::string_view StripLeadingThe(std::string_view s) {
  if (s.size() > 4 && (s.substr(0, 4) == "the " || s.substr(0, 4) == "The ")) s.remove_prefix(4);
  return s;
}

constexpr uint64_t kFilterBits = uint64_t{1} << 18;

// FNV-1a of the token, reduced to a bit of the first-token filter.
uint64_t FirstTokenBit(std::string_view token) {
  uint64_t h = 14695981039346656037ULL;
  for (char c : token) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return (h ^ (h >> 29)) & (kFilterBits - 1);
}

// One row of geonames-places.tsv: surface, canonical, country, population, flags.
struct GeoNamesRow {
  std::string_view surface;
  std::string_view canonical;
  std::string_view alpha2;
  uint32_t population = 0;
  bool ambiguous = false;
  bool needs_article = false;
};

bool ParseGeoNamesRow(std::string_view line, GeoNamesRow& row) {
  std::string_view fields[5];
  for (size_t k = 0; k < 5; ++k) {
    const size_t tab = line.find('\t');
    fields[k] = line.substr(0, tab);
    line = tab == std::string_view::npos ? std::string_view() : line.substr(tab + 1);
    if (tab == std::string_view::npos && k < 4) return false;
  }
  row.surface = fields[0];
  row.canonical = fields[1];
  row.alpha2 = fields[2];
  const auto [ptr, ec] =
      std::from_chars(fields[3].data(), fields[3].data() + fields[3].size(), row.population);
  if (ec != std::errc()) return false;
  row.ambiguous = fields[4].find('a') != std::string_view::npos;
  row.needs_article = fields[4].find('t') != std::string_view::npos;
  return !row.surface.empty() && !row.canonical.empty();
}

}  // namespace

bool Gazetteer::IsPlacePreposition(std::string_view word) {
  if (word.size() < 2 || word.size() > 7) return false;
  std::array<char, 8> lower{};
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
  }
  const std::string_view w(lower.data(), word.size());
  for (std::string_view p : {"in", "at", "from", "near", "outside", "to", "into", "via"}) {
    if (w == p) return true;
  }
  return false;
}

std::string_view Gazetteer::StripPossessive(std::string_view token) {
  return NerStripPossessive(token);
}

const Gazetteer& Gazetteer::Get() {
  static const Gazetteer kGazetteer;
  return kGazetteer;
}

Gazetteer::Gazetteer() {
  // Sized for iso-codes + hand lists + ~31,000 GeoNames surfaces: no rehashing.
  alias_to_canonical_.reserve(40000);
  types_.reserve(24000);
  by_first_token_.reserve(32000);
  country_of_.reserve(24000);
  first_token_filter_.assign(kFilterBits / 64, 0);
  LoadIsoCountries();
  LoadHandLists();
  LoadGeoNames();
  for (auto& [key, entries] : by_first_token_) {
    std::stable_sort(entries.begin(), entries.end(),
                     [](const GazetteerEntry& a, const GazetteerEntry& b) {
                       return a.tokens.size() > b.tokens.size();
                     });
  }
}

std::string_view Gazetteer::Intern(std::string s) {
  pool_.push_back(std::move(s));
  return pool_.back();
}

void Gazetteer::AddPlace(std::string_view canonical, PlaceType type) {
  if (types_.count(canonical)) return;
  const std::string_view key = Intern(std::string(canonical));
  types_.emplace(key, type);
  AddAlias(key, key);
}

void Gazetteer::AddAlias(std::string_view alias, std::string_view canonical) {
  std::string folded = FoldEntityText(alias);
  if (folded.empty() || alias_to_canonical_.count(folded)) return;
  const std::string_view key = Intern(std::move(folded));
  alias_to_canonical_.emplace(key, std::string(canonical));
}

void Gazetteer::AddSurface(std::string_view surface, std::string_view canonical, PlaceType type,
                           bool needs_article) {
  surface = StripLeadingThe(surface);
  if (!UsableSurface(surface)) return;
  AddAlias(surface, canonical);
  AddEntry(surface, canonical, type, needs_article, false, false, 0);
}

void Gazetteer::AddEntry(std::string_view surface, std::string_view canonical, PlaceType type,
                         bool needs_article, bool ambiguous, bool geonames, uint32_t population) {
  thread_local std::vector<Token> tokens;  // scratch: one allocation, not one per entry
  Tokenize(surface, tokens);
  if (tokens.empty()) return;
  GazetteerEntry entry;
  entry.tokens.reserve(tokens.size());
  for (const Token& t : tokens) entry.tokens.emplace_back(TokenText(surface, t));
  const std::string_view canonical_key = types_.find(canonical)->first;
  entry.canonical = canonical_key;
  entry.type = type;
  entry.needs_article = needs_article;
  entry.ambiguous = ambiguous;
  entry.geonames = geonames;
  entry.population = population;
  if (auto it = country_of_.find(canonical); it != country_of_.end()) entry.country = it->second;
  auto found = by_first_token_.find(entry.tokens.front());
  if (found == by_first_token_.end()) {
    const uint64_t bit = FirstTokenBit(entry.tokens.front());
    first_token_filter_[bit / 64] |= uint64_t{1} << (bit % 64);
    found =
        by_first_token_.emplace(Intern(entry.tokens.front()), std::vector<GazetteerEntry>()).first;
  }
  auto& list = found->second;
  for (const GazetteerEntry& e : list) {
    if (e.tokens == entry.tokens) return;
  }
  list.push_back(std::move(entry));
}

void Gazetteer::LoadIsoCountries() {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(IsoCodes3166Json());
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInternal, std::string("embedded iso_3166-1.json: ") + e.what());
  }
  const auto& overrides = CountryCanonicalOverrides();
  for (const auto& country : doc.at("3166-1")) {
    const std::string alpha2 = country.value("alpha_2", "");
    const std::string name = country.value("name", "");
    const std::string common = country.value("common_name", "");
    const std::string official = country.value("official_name", "");
    std::string canonical = FoldEntityText(common.empty() ? name : common);
    for (const CountryOverride& o : overrides) {
      if (alpha2 == o.alpha_2) canonical = o.canonical;
    }
    AddPlace(canonical, PlaceType::kCountry);
    country_by_alpha2_.emplace(alpha2, types_.find(canonical)->first);
    for (const std::string& form : {common, name, official}) {
      if (form.empty()) continue;
      AddAlias(form, canonical);
      AddAlias(StripLeadingThe(FoldEntityText(form)), canonical);
      AddSurface(form, canonical, PlaceType::kCountry);
    }
  }
}

void Gazetteer::LoadHandLists() {
  auto add_list = [this](const std::vector<SurfaceAlias>& list, PlaceType type) {
    for (const SurfaceAlias& a : list) {
      AddPlace(a.canonical, type);
      const PlaceType actual = types_.find(std::string_view(a.canonical))->second;
      AddSurface(a.surface, a.canonical, actual, std::string_view(a.surface) == "Gulf");
    }
  };
  add_list(CountryShortForms(), PlaceType::kCountry);
  for (const CountryOverride& code : ExtraCountryCodes()) {
    const auto country = types_.find(std::string_view(code.canonical));
    if (country == types_.end()) {
      throw Error(ErrorCode::kInternal,
                  std::string("gazetteer: unknown country ") + code.canonical);
    }
    country_by_alpha2_.emplace(code.alpha_2, country->first);
  }
  add_list(HistoricalStates(), PlaceType::kCountry);
  for (const CityCountry& cc : CityCountries()) {
    const auto country = types_.find(std::string_view(cc.country));
    if (country == types_.end()) {
      throw Error(ErrorCode::kInternal, std::string("gazetteer: unknown country ") + cc.country);
    }
    for (const char* place : cc.places) {
      country_of_.emplace(Intern(place), country->first);
    }
  }
  add_list(Regions(), PlaceType::kRegion);
  add_list(Cities(), PlaceType::kCity);
  for (const SurfaceAlias& a : ReutersPlaceCodes()) {
    AddPlace(a.canonical, PlaceType::kCountry);
    AddAlias(a.surface, types_.find(std::string_view(a.canonical))->first);
  }
}

// GeoNames cities after the hand lists, which win: a surface or alias already
// known keeps its place, and a GeoNames city that a hand-listed surface names
// takes the hand list's canonical form and country ("New York City" ->
// `new york`, "Sankt-Peterburg" -> `st petersburg`). A city named like a
// country or region ("Luxembourg", "Mexico") is left to the country.
void Gazetteer::LoadGeoNames() {
  std::string_view tsv = GeoNamesPlacesTsv();
  const auto lines = static_cast<size_t>(std::count(tsv.begin(), tsv.end(), '\n'));
  std::vector<GeoNamesRow> rows;
  std::vector<std::string> folded;
  rows.reserve(lines);
  folded.reserve(lines);
  while (!tsv.empty()) {
    const size_t eol = tsv.find('\n');
    const std::string_view line = tsv.substr(0, eol);
    tsv = eol == std::string_view::npos ? std::string_view() : tsv.substr(eol + 1);
    if (line.empty() || line.front() == '#') continue;
    GeoNamesRow row;
    if (!ParseGeoNamesRow(line, row)) {
      throw Error(ErrorCode::kInternal,
                  "embedded geonames-places.tsv: bad row: " + std::string(line.substr(0, 80)));
    }
    rows.push_back(row);
    folded.push_back(FoldEntityText(row.surface));
  }
  std::unordered_map<std::string_view, std::string_view> redirect;
  for (size_t k = 0; k < rows.size(); ++k) {
    const auto alias = alias_to_canonical_.find(folded[k]);
    if (alias == alias_to_canonical_.end() || alias->second == rows[k].canonical) continue;
    const auto type = types_.find(alias->second);
    if (type != types_.end() && type->second == PlaceType::kCity) {
      redirect.emplace(rows[k].canonical, type->first);
    }
  }
  for (size_t k = 0; k < rows.size(); ++k) {
    const GeoNamesRow& row = rows[k];
    const auto to = redirect.find(row.canonical);
    const std::string_view wanted = to == redirect.end() ? row.canonical : to->second;
    if (auto known = types_.find(wanted); known != types_.end()) {
      if (known->second != PlaceType::kCity) continue;
    } else {
      AddPlace(wanted, PlaceType::kCity);
    }
    const std::string_view canonical = types_.find(wanted)->first;
    if (!row.alpha2.empty() && !country_of_.count(canonical)) {
      if (auto c = country_by_alpha2_.find(std::string(row.alpha2));
          c != country_by_alpha2_.end()) {
        country_of_.emplace(canonical, c->second);
      }
    }
    if (!alias_to_canonical_.count(folded[k]) && !folded[k].empty()) {
      alias_to_canonical_.emplace(Intern(std::move(folded[k])), std::string(canonical));
    }
    const std::string_view surface = StripLeadingThe(row.surface);
    if (!UsableSurface(surface)) continue;
    AddEntry(surface, canonical, PlaceType::kCity, row.needs_article, row.ambiguous, true,
             row.population);
  }
}

std::string_view Gazetteer::CountryOf(std::string_view canonical) const {
  auto it = country_of_.find(canonical);
  return it == country_of_.end() ? std::string_view() : it->second;
}

PlaceKnowledge Gazetteer::KnowledgeOf(std::string_view token) const {
  const auto* entries = EntriesStartingWith(StripPossessive(token));
  if (entries == nullptr) return PlaceKnowledge::kNone;
  for (const GazetteerEntry& e : *entries) {
    if (e.tokens.size() != 1 || e.needs_article) continue;
    if (e.ambiguous) return PlaceKnowledge::kAmbiguous;
    switch (e.type) {
      case PlaceType::kCountry: return PlaceKnowledge::kCountry;
      case PlaceType::kRegion: return PlaceKnowledge::kRegion;
      case PlaceType::kCity: return PlaceKnowledge::kCity;
    }
  }
  return PlaceKnowledge::kNone;
}

const std::string* Gazetteer::CanonicalPlace(std::string_view folded) const {
  auto it = alias_to_canonical_.find(folded);
  if (it == alias_to_canonical_.end()) {
    const std::string_view stripped = StripLeadingThe(folded);
    if (stripped.size() == folded.size()) return nullptr;
    it = alias_to_canonical_.find(stripped);
    if (it == alias_to_canonical_.end()) return nullptr;
  }
  return &it->second;
}

const std::vector<GazetteerEntry>* Gazetteer::EntriesStartingWith(std::string_view token) const {
  const uint64_t bit = FirstTokenBit(token);
  if ((first_token_filter_[bit / 64] & (uint64_t{1} << (bit % 64))) == 0) return nullptr;
  auto it = by_first_token_.find(token);
  return it == by_first_token_.end() ? nullptr : &it->second;
}

std::vector<std::string> Gazetteer::CanonicalNames() const {
  std::vector<std::string> names;
  for (const auto& [name, type] : types_) names.emplace_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace morgue

// Builds the gazetteer once from the embedded iso-codes JSON and the hand lists.
#include "indexer/gazetteer.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "indexer/canonical.h"
#include "indexer/entities_tokens.h"
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

}  // namespace

const Gazetteer& Gazetteer::Get() {
  static const Gazetteer kGazetteer;
  return kGazetteer;
}

Gazetteer::Gazetteer() {
  LoadIsoCountries();
  LoadHandLists();
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
  std::vector<Token> tokens;
  Tokenize(surface, tokens);
  if (tokens.empty()) return;
  GazetteerEntry entry;
  for (const Token& t : tokens) entry.tokens.emplace_back(TokenText(surface, t));
  const std::string_view canonical_key = types_.find(canonical)->first;
  entry.canonical = canonical_key;
  entry.type = type;
  entry.needs_article = needs_article;
  if (auto it = country_of_.find(canonical); it != country_of_.end()) entry.country = it->second;
  auto& list = by_first_token_[Intern(entry.tokens.front())];
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

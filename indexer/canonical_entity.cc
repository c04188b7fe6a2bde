// CanonicalEntity: folding plus per-kind alias tables. The same function runs
// at index time and at query time, so aliases meet.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/analysis.h"
#include "indexer/canonical.h"
#include "indexer/gazetteer.h"

namespace morgue {
namespace {

// Organisation aliases (folded form -> canonical). Reuters ORGS codes are the
// canonical names of the organisations they cover ("opec", "imf", "ec");
// Reuters codes that are not acronyms get a readable name ("worldbank" ->
// "world bank").
const std::unordered_map<std::string, std::string>& OrgAliases() {
  static const std::unordered_map<std::string, std::string> kMap{
      {"organization of petroleum exporting countries", "opec"},
      {"organisation of petroleum exporting countries", "opec"},
      {"organization of the petroleum exporting countries", "opec"},
      {"international monetary fund", "imf"},
      {"general agreement on tariffs and trade", "gatt"},
      {"european community", "ec"},
      {"european communities", "ec"},
      {"european economic community", "ec"},
      {"eec", "ec"},
      {"common market", "ec"},
      {"united nations", "un"},
      {"world bank", "world bank"},
      {"worldbank", "world bank"},
      {"organisation for economic cooperation and development", "oecd"},
      {"organization for economic cooperation and development", "oecd"},
      {"organisation for economic co operation and development", "oecd"},
      {"international energy agency", "iea"},
      {"iea", "iea"},
      {"international atomic energy agency", "iaea"},
      {"bank for international settlements", "bis"},
      {"association of south east asian nations", "asean"},
      {"association of southeast asian nations", "asean"},
      {"food and agriculture organization", "fao"},
      {"international labour organisation", "ilo"},
      {"international labor organization", "ilo"},
      {"world health organization", "who"},
      {"world health organisation", "who"},
      {"gulf cooperation council", "gcc"},
      {"gulf co operation council", "gcc"},
      {"european free trade association", "efta"},
      {"european investment bank", "eib"},
      {"un conference on trade and development", "unctad"},
      {"united nations conference on trade and development", "unctad"},
      {"adb africa", "african development bank"},
      {"african development bank", "african development bank"},
      {"adb asia", "asian development bank"},
      {"asian development bank", "asian development bank"},
      {"ico coffee", "international coffee organization"},
      {"international coffee organisation", "international coffee organization"},
      {"ico islam", "organisation of the islamic conference"},
      {"organization of the islamic conference", "organisation of the islamic conference"},
      {"iwc whale", "international whaling commission"},
      {"iwc wheat", "international wheat council"},
      {"north atlantic treaty organization", "nato"},
      {"north atlantic treaty organisation", "nato"},
      {"federal reserve board", "federal reserve"},
      {"fed", "federal reserve"},
      {"federal reserve system", "federal reserve"},
      {"us federal reserve", "federal reserve"},
      {"securities and exchange commission", "sec"},
      {"federal bureau of investigation", "fbi"},
      {"central intelligence agency", "cia"},
      {"kataeb hezbollah", "kataib hezbollah"},
      {"kataib hizbollah", "kataib hezbollah"},
      {"kataeb hizbollah", "kataib hezbollah"},
      {"kata ib hezbollah", "kataib hezbollah"},
      {"hizbollah", "hezbollah"},
      {"hizballah", "hezbollah"},
      {"comecon", "comecon"},
      {"council for mutual economic assistance", "comecon"}};
  return kMap;
}

// Honorifics dropped from person names ("Mr. Baker" -> "baker").
std::string_view StripHonorific(std::string_view folded) {
  for (std::string_view h : {"mr ", "mrs ", "ms ", "dr ", "miss ", "sir ", "prof "}) {
    if (folded.size() > h.size() && folded.substr(0, h.size()) == h) {
      return folded.substr(h.size());
    }
  }
  return folded;
}

}  // namespace

std::string CanonicalEntity(EntityKind kind, std::string_view name) {
  std::string folded = FoldEntityText(name);
  switch (kind) {
    case EntityKind::kPlace: {
      const std::string* place = Gazetteer::Get().CanonicalPlace(folded);
      if (place != nullptr) return *place;
      if (folded.size() > 4 && folded.compare(0, 4, "the ") == 0) folded.erase(0, 4);
      return folded;
    }
    case EntityKind::kOrganisation: {
      if (folded.size() > 4 && folded.compare(0, 4, "the ") == 0) folded.erase(0, 4);
      const auto& aliases = OrgAliases();
      auto it = aliases.find(folded);
      return it == aliases.end() ? folded : it->second;
    }
    case EntityKind::kPerson: return std::string(StripHonorific(folded));
  }
  return folded;
}

bool RecanonicalizeEntities(Article& article) {
  bool changed = false;
  std::vector<Entity> kept;
  kept.reserve(article.entities.size());
  for (Entity& e : article.entities) {
    std::string canonical = CanonicalEntity(e.kind, e.canonical.empty() ? e.name : e.canonical);
    changed |= canonical != e.canonical;
    e.canonical = std::move(canonical);
    const bool duplicate =
        e.canonical.empty() || std::any_of(kept.begin(), kept.end(), [&](const Entity& k) {
          return k.kind == e.kind && k.canonical == e.canonical;
        });
    if (duplicate) {
      changed = true;
      continue;
    }
    kept.push_back(std::move(e));
  }
  article.entities = std::move(kept);
  return changed;
}

}  // namespace morgue

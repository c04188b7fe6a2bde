// Rule-based entity extraction over tokens: gazetteer places first, then
// proper-noun phrases classified as persons or organisations.
#include "indexer/entities.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "indexer/document.h"
#include "indexer/entities_tokens.h"
#include "indexer/entities_words.h"
#include "indexer/gazetteer.h"
#include "indexer/lexicon.h"
#include "indexer/ner.h"
#include "indexer/ner_features.h"

namespace morgue {
namespace {

struct Candidate {
  EntityKind kind;
  uint32_t first;  // token range
  uint32_t last;
  std::string_view canonical_place;  // places only
  bool is_city = false;
  std::string_view country;  // a city's or region's country
};

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The head word of a facility or a natural feature: a name it ends ("Guangzhou
// Opera House" aside, "Naqsh-e Jahan Square", "Al Wakrah Stadium", "Lake
// Merritt" by its first word) is a place, whatever the tagger called it.
// Not "House" ("House of Commons"), "Center" ("Environmental Policy
// Center") nor "Church" ("Catholic Church"): organisations as often.
bool IsFacilityHead(std::string_view w) {
  static const std::array<std::string_view, 44> kHeads = {
      "Square",   "Boulevard", "Street",  "Avenue",   "Road",    "Bridge",  "Stadium",  "Airport",
      "Building", "Tower",     "Towers",  "Overpass", "Museum",  "Theater", "Theaters", "Theatre",
      "Theatres", "Cathedral", "Mosque",  "Palace",   "Castle",  "Grounds", "Hall",     "Cemetery",
      "Park",     "Reserve",   "Gardens", "District", "Bay",     "Sea",     "Island",   "Islands",
      "River",    "Mountains", "Valley",  "Beach",    "Harbour", "Harbor",  "Canal",    "Highway",
      "Station",  "Hospital",  "Temple",  "Fortress"};
  return std::find(kHeads.begin(), kHeads.end(), w) != kHeads.end();
}
bool IsFacilityOpener(std::string_view w) {
  static const std::array<std::string_view, 8> kOpeners = {"Lake", "Mount", "Mt",  "Port",
                                                           "Fort", "Cape",  "Mt.", "Isle"};
  return std::find(kOpeners.begin(), kOpeners.end(), w) != kOpeners.end();
}

// Currency codes and other all-capital words that name no one ("USD",
// "DKK", "ATM"), and religions and languages, which are no person,
// organisation or place ("Latin", "Christianity", "Hindu").
bool IsNeverAName(std::string_view w) {
  static const std::array<std::string_view, 60> kWords = {
      "USD",           "EUR",          "GBP",    "JPY",     "CHF",       "CAD",      "AUD",
      "NZD",           "DKK",          "SEK",    "NOK",     "ISK",       "CNY",      "RMB",
      "HKD",           "SGD",          "INR",    "PKR",     "RUB",       "BRL",      "MXN",
      "ARS",           "ZAR",          "KRW",    "TWD",     "THB",       "IDR",      "MYR",
      "CUC",           "CUP",          "PLN",    "CZK",     "HUF",       "ILS",      "EGP",
      "AED",           "SAR",          "ATM",    "ATMs",    "PIN",       "Latin",    "Hebrew",
      "Sanskrit",      "Christianity", "Islam",  "Judaism", "Buddhism",  "Hinduism", "Catholicism",
      "Protestantism", "Hindu",        "Muslim", "Islamic", "Christian", "Catholic", "Buddhist",
      "Jewish",        "Sikh",         "Bahai",  "Baha'i"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool IsGivenName(std::string_view word) {
  return (Lexicon::Get().FlagsOf(word) & (kLexMaleName | kLexFemaleName)) != 0;
}

class TextScanner {
 public:
  // `tokens` are the text's tokens (Tokenize), made once per piece.
  TextScanner(std::string_view text, const std::vector<Token>& tokens)
      : text_(text), tokens_(tokens), n_(static_cast<uint32_t>(tokens.size())) {}

  // Places from the gazetteer in any text; in mixed-case text also the
  // tagger's names (`names`, byte offsets into the text) and, beside them,
  // the title and speech rules.
  void Run(const std::vector<NameMention>* names, const NameContext* ctx,
           const ExtractOptions& options, std::vector<Entity>& out) {
    ctx_ = ctx;
    candidates_.clear();
    claim_.assign(n_, 0);
    tagging_ = false;
    caps_mode_ = names == nullptr;
    FindPlaces();
    if (!caps_mode_) {
      AddTaggedNames(*names, options);
      AddPeopleNamedLikeCities();
      if (options.gazetteer_needs_tagger) DropUnconfirmedPlaces(*names);
      if (options.rules_beside_tagger) FindPhrases();
    }
    DropShadowedPlaces();
    std::stable_sort(candidates_.begin(), candidates_.end(),
                     [](const Candidate& a, const Candidate& b) { return a.first < b.first; });
    for (const Candidate& c : candidates_) Emit(c, out);
  }

 private:
  std::string_view Word(uint32_t i) const { return TokenText(text_, tokens_[i]); }
  bool IsWord(uint32_t i, std::string_view w) const { return i < n_ && Word(i) == w; }
  bool IsName(uint32_t i) const {
    return i < n_ && tokens_[i].kind != TokenKind::kPunct && tokens_[i].capitalised;
  }

  // Entries for token `i`: exact surface, or in all-caps text also the
  // title-cased word ("BAGHDAD" -> "Baghdad").
  const std::vector<GazetteerEntry>* EntriesFor(uint32_t i) {
    const Gazetteer& gaz = Gazetteer::Get();
    if (const auto* exact = gaz.EntriesStartingWith(Word(i))) return exact;  // "Ra’s Bayrut"
    if (const auto* bare = gaz.EntriesStartingWith(NerStripPossessive(Word(i)))) return bare;
    if (!caps_mode_ || tokens_[i].kind != TokenKind::kWord) return nullptr;
    title_case_.assign(NerStripPossessive(Word(i)));  // "BRITAIN'S" -> "Britain"
    for (size_t k = 1; k < title_case_.size(); ++k) {
      title_case_[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(title_case_[k])));
    }
    return gaz.EntriesStartingWith(title_case_);
  }

  bool TokenMatches(uint32_t i, std::string_view surface) const {
    // "Saudi Arabia's": the possessive is not part of the place.
    const std::string_view w = NerStripPossessive(Word(i));
    return caps_mode_ ? EqualsIgnoringCase(w, surface) : w == surface;
  }

  // An ambiguous city name ("Reading", "Eugene") is a place after a
  // preposition of place or before ", <known place>" ("Victoria, Canada").
  bool PlaceContext(uint32_t first, uint32_t last) const {
    if (first > 0 && Gazetteer::IsPlacePreposition(Word(first - 1))) return true;
    return last + 1 < n_ && Word(last) == "," &&
           Gazetteer::Get().KnowledgeOf(Word(last + 1)) >= PlaceKnowledge::kCity;
  }

  // A one-word GeoNames city beside a capitalised word ("Phyllis Oakley",
  // "Kidder Peabody", "Kanye West", "Leipzig University"), beside a speech
  // verb ("said Albuquerque": a surname), or opening a sentence as a common
  // word does elsewhere in the text ("Sterling attracted ... sterling").
  bool LooksLikeOtherName(uint32_t i) const {
    if (caps_mode_) return false;
    if (i > 0 && IsName(i - 1) && !IsWord(i - 1, "The") && !IsWord(i - 1, "A")) return true;
    if (IsName(i + 1)) return true;
    if (i > 0 && (IsWord(i - 1, "said") || IsWord(i - 1, "says"))) return true;
    if (i + 1 < n_ && IsSpeechVerb(Word(i + 1))) return true;
    return tokens_[i].sentence_start && AppearsInLowerCase(Word(i));
  }

  bool HasDigit(uint32_t first, uint32_t last) const {
    for (uint32_t k = first; k < last; ++k) {
      for (const char c : Word(k)) {
        if (c >= '0' && c <= '9') return true;
      }
    }
    return false;
  }

  bool OneWordCityOrAmbiguous(uint32_t i) const {
    const auto* entries = Gazetteer::Get().EntriesStartingWith(NerStripPossessive(Word(i)));
    if (entries == nullptr) return false;
    return std::any_of(entries->begin(), entries->end(), [](const GazetteerEntry& e) {
      return e.tokens.size() == 1 && (e.geonames || e.ambiguous);
    });
  }

  // The first or last word of [first, last) is a one-word GeoNames city (or
  // an ambiguous name): "Florence Nightingale", "Kidder Peabody". A city
  // after a compass word or "Old"/"New"/"Greater" is a part of it
  // ("North Oakland", "Old Oakland"), not a surname.
  bool StartsOrEndsWithOneWordCity(uint32_t first, uint32_t last) const {
    static const std::array<std::string_view, 14> kPartOfCity = {"North",   "South", "East",
                                                                 "West",    "Old",   "New",
                                                                 "Greater", "Upper", "Lower",
                                                                 "Inner",   "Outer", "Downtown",
                                                                 "Central", "Little"};
    if (OneWordCityOrAmbiguous(first)) return true;
    if (last <= first + 1 || !tokens_[last - 1].capitalised) return false;
    const std::string_view before = Word(last - 2);
    if (std::find(kPartOfCity.begin(), kPartOfCity.end(), before) != kPartOfCity.end()) {
      return false;
    }
    return OneWordCityOrAmbiguous(last - 1);
  }

  void FindPlaces() {
    for (uint32_t i = 0; i < n_;) {
      const auto* entries = IsName(i) ? EntriesFor(i) : nullptr;
      uint32_t matched = 0;
      if (entries != nullptr) {
        for (const GazetteerEntry& e : *entries) {
          const auto len = static_cast<uint32_t>(e.tokens.size());
          if (i + len > n_) continue;
          if (e.needs_article && !(i > 0 && TokenMatches(i - 1, "the"))) continue;
          bool ok = true;
          for (uint32_t k = 1; k < len && ok; ++k) ok = TokenMatches(i + k, e.tokens[k]);
          if (ok && e.geonames && len == 1 && LooksLikeOtherName(i)) ok = false;
          // A one-word GeoNames city that is also an English word ("BUY",
          // "DEAL", "STERLING" in an all-caps headline; "Tire") is a place
          // only in context in mixed case ("in Deal"), never in all-caps
          // text ("STAKE IN DEAL"); the wire's sign-off never is.
          if (ok && e.geonames && len == 1 &&
              ((Lexicon::Get().FlagsOf(Word(i)) & kLexCommonWord) != 0 ||
               EqualsIgnoringCase(Word(i), "Reuter")) &&
              (caps_mode_ || !PlaceContext(i, i + len))) {
            ok = false;
          }
          if (ok && e.ambiguous && !PlaceContext(i, i + len)) ok = false;
          // "Gulf" must not be the start of a longer name ("Gulf Oil").
          if (ok && e.needs_article && IsName(i + len)) ok = false;
          if (!ok) continue;
          candidates_.push_back(
              {EntityKind::kPlace, i, i + len, e.canonical, e.type == PlaceType::kCity, e.country});
          matched = len;
          break;
        }
      }
      i += matched > 0 ? matched : 1;
    }
    place_candidates_ = candidates_.size();
  }

  // Token claims of the candidates after the places, so that overlap tests
  // cost the span's length, not the number of candidates (a text may hold
  // thousands of names).
  static constexpr uint8_t kClaimName = 1;
  static constexpr uint8_t kClaimTagged = 2;
  static constexpr uint8_t kClaimPerson = 4;
  static constexpr uint8_t kClaimOrg = 8;

  void Push(Candidate c) {
    if (c.kind == EntityKind::kPerson) {
      // Whatever found it: a company suffix or the wire's sign-off opening it
      // is not part of a name ("Inc. Reuter"); an organisation word in it
      // makes it an organisation ("Drexel Burnham Lambert Inc"); a firm named
      // after people is the firm ("S and P said"); a name with "and", before
      // a number or ending in a nationality is no person.
      while (c.first < c.last &&
             (tokens_[c.first].kind == TokenKind::kPunct || IsOrgWord(Word(c.first)))) {
        ++c.first;
      }
      if (c.first >= c.last) return;
      const std::string_view final_word = NerStripPossessive(Word(c.last - 1));
      if (final_word == "Reuter" || final_word == "REUTER" || IsNationalityAdjective(final_word)) {
        return;
      }
      if (HasOrgWord(c.first, c.last)) {
        c.kind = EntityKind::kOrganisation;
      } else if (const uint32_t firm = FirmEnd(c.first, c.last); firm > c.first) {
        c.kind = EntityKind::kOrganisation;
        c.last = firm;
      } else if (!PersonShape(c.first, c.last)) {
        return;
      }
    }
    candidates_.push_back(c);
    const auto bits = static_cast<uint8_t>(kClaimName | (tagging_ ? kClaimTagged : 0) |
                                           (c.kind == EntityKind::kPerson ? kClaimPerson : 0) |
                                           (c.kind == EntityKind::kOrganisation ? kClaimOrg : 0));
    for (uint32_t k = c.first; k < c.last && k < n_; ++k) claim_[k] |= bits;
  }

  bool Claimed(uint32_t first, uint32_t last, uint8_t bits) const {
    for (uint32_t k = first; k < last && k < n_; ++k) {
      if ((claim_[k] & bits) != 0) return true;
    }
    return false;
  }

  // The first gazetteer place that ends after token `pos` (places are sorted
  // and do not overlap), or place_candidates_.
  size_t PlaceEndingAfter(uint32_t pos) const {
    const auto end = candidates_.begin() + static_cast<std::ptrdiff_t>(place_candidates_);
    return static_cast<size_t>(
        std::partition_point(candidates_.begin(), end,
                             [pos](const Candidate& c) { return c.last <= pos; }) -
        candidates_.begin());
  }

  bool CoveredByPlace(uint32_t first, uint32_t last) const {
    // True when every token of [first, last) belongs to a place match.
    uint32_t pos = first;
    for (size_t k = PlaceEndingAfter(pos); k < place_candidates_ && pos < last; ++k) {
      const Candidate& c = candidates_[k];
      if (c.first > pos) break;
      pos = c.last;
    }
    return pos >= last;
  }

  bool HasOrgWord(uint32_t first, uint32_t last) const {
    for (uint32_t k = first; k < last; ++k) {
      if (IsOrgWord(Word(k))) return true;
    }
    return false;
  }

  // An organisation: ends with an organisation word, or one of its words is
  // an organisation word followed by "of"/"for" ("Bank of Japan").
  bool LooksLikeOrg(uint32_t first, uint32_t last) const {
    if (last <= first) return false;
    if (last - first == 1) return IsOrgAcronym(Word(first));  // not a bare "Co"
    if (CoveredByPlace(first, last)) return false;            // "Soviet Union"
    if (IsOrgWord(Word(last - 1))) return true;
    for (uint32_t k = first; k + 1 < last; ++k) {
      if (IsOrgWord(Word(k)) && (IsWord(k + 1, "of") || IsWord(k + 1, "for"))) return true;
    }
    return false;
  }

  bool AppearsInLowerCase(std::string_view word) const {
    std::string lower(word);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (size_t pos = text_.find(lower); pos != std::string_view::npos;
         pos = text_.find(lower, pos + 1)) {
      const bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(text_[pos - 1]));
      const size_t end = pos + lower.size();
      const bool right =
          end >= text_.size() || !std::isalnum(static_cast<unsigned char>(text_[end]));
      if (left && right) return true;
    }
    return false;
  }

  // A plausible person name for the speech rules ("Baker said").
  bool PlausiblePerson(uint32_t first, uint32_t last) const {
    if (last <= first || last - first > 4) return false;
    if (HasOrgWord(first, last) || CoveredByPlace(first, last)) return false;
    for (uint32_t k = first; k < last; ++k) {
      if (tokens_[k].all_caps && tokens_[k].kind == TokenKind::kWord && Word(k).size() > 1) {
        return false;  // acronyms are not people
      }
      if (IsCommonSubject(Word(k)) || IsTitleWord(Word(k)) || IsOrgAcronym(Word(k))) {
        return false;
      }
    }
    if (last - first == 1 && tokens_[first].sentence_start && AppearsInLowerCase(Word(first))) {
      return false;  // "Traders said": a common word that opens the sentence
    }
    return true;
  }

  void AddOrgOrAcronyms(uint32_t first, uint32_t last) {
    if (LooksLikeOrg(first, last)) {
      Push({EntityKind::kOrganisation, first, last, {}, false, {}});
      return;
    }
    for (uint32_t k = first; k < last; ++k) {
      if (IsOrgAcronym(Word(k))) {
        Push({EntityKind::kOrganisation, k, k + 1, {}, false, {}});
      }
    }
  }

  void ClassifyPhrase(Span s) {
    // Title split: "[Federal Reserve Board] Chairman [Paul Volcker]".
    uint32_t first_title = s.last;
    uint32_t last_title = s.last;
    for (uint32_t k = s.first; k < s.last; ++k) {
      if (IsTitleWord(Word(k))) {
        if (first_title == s.last) first_title = k;
        last_title = k;
      }
    }
    if (first_title < s.last) {
      uint32_t name = last_title + 1;
      // "Secretary of State George Shultz": skip "of State".
      if (name < s.last && !tokens_[name].capitalised && name + 3 <= s.last) name += 2;
      if (IsOrgWord(Word(s.last - 1)) || (name < s.last && HasOrgWord(name, s.last))) {
        // The whole phrase names an organisation ("General Motors Corp").
        Push({EntityKind::kOrganisation, s.first, s.last, {}, false, {}});
        return;
      }
      if (name < s.last && !tokens_[name].capitalised) name = s.last;  // "Senator of Colorado"
      // "General [Agreement on Tariffs and Trade]": not a person's name.
      for (uint32_t k = name; k < s.last; ++k) {
        if (IsWord(k, "on") || IsWord(k, "and") || IsWord(k, "for") || IsWord(k, "of"))
          name = s.last;
      }
      if (name < s.last && !CoveredByPlace(name, s.last) && !tokens_[name].all_caps) {
        Push({EntityKind::kPerson, name, s.last, {}, false, {}});
      }
      AddOrgOrAcronyms(s.first, first_title);
      return;
    }
    if (LooksLikeOrg(s.first, s.last)) {
      Push({EntityKind::kOrganisation, s.first, s.last, {}, false, {}});
      return;
    }
    const bool before_speech = s.last < n_ && IsSpeechVerb(Word(s.last)) &&
                               !IsWord(s.last, "according") && !IsWord(s.last, "saying");
    const bool after_said =
        s.first > 0 && (IsWord(s.first - 1, "said") || IsWord(s.first - 1, "says"));
    const bool after_role = s.first > 0 && tokens_[s.first - 1].kind == TokenKind::kWord &&
                            IsRoleWord(Word(s.first - 1));
    if ((before_speech || after_said || after_role) && PlausiblePerson(s.first, s.last)) {
      Push({EntityKind::kPerson, s.first, s.last, {}, false, {}});
      return;
    }
    AddOrgOrAcronyms(s.first, s.last);
  }

  // "Valeska Paris", "Jack London": a city right after a capitalised given
  // name that nothing else claims is a person's surname.
  void AddPeopleNamedLikeCities() {
    static const std::array<std::string_view, 22> kPlaceWords = {
        "North", "South", "East",     "West",  "Central", "Greater",     "Old",  "New",
        "Upper", "Lower", "Lake",     "Mount", "Port",    "Fort",        "Cape", "Saint",
        "San",   "Santa", "Downtown", "Inner", "Outer",   "Metropolitan"};
    const size_t places = place_candidates_;
    for (size_t k = 0; k < places; ++k) {
      const Candidate& c = candidates_[k];
      if (!c.is_city || c.last != c.first + 1 || c.first == 0) continue;
      const uint32_t g = c.first - 1;
      const Token& t = tokens_[g];
      const std::string_view given = Word(g);
      if (t.kind != TokenKind::kWord || !t.capitalised || t.all_caps || given.size() < 3 ||
          IsStopWord(given) || IsTitleWord(given) || IsOrgWord(given) ||
          std::find(kPlaceWords.begin(), kPlaceWords.end(), given) != kPlaceWords.end()) {
        continue;
      }
      if (g > 0 && tokens_[g - 1].capitalised && tokens_[g - 1].kind == TokenKind::kWord &&
          !tokens_[g - 1].sentence_start) {
        continue;  // part of a longer name
      }
      if (OverlapsPlace(g, g + 1) || OverlapsName(g, c.last)) continue;
      if (Gazetteer::Get().EntriesStartingWith(given) != nullptr) continue;
      Push({EntityKind::kPerson, g, c.last, {}, false, {}});
    }
  }

  // Drops the gazetteer's places that no tagged place overlaps.
  void DropUnconfirmedPlaces(const std::vector<NameMention>& names) {
    size_t kept = 0;
    for (size_t k = 0; k < place_candidates_; ++k) {
      const Candidate& c = candidates_[k];
      const uint32_t begin = tokens_[c.first].begin;
      const uint32_t end = tokens_[c.last - 1].end;
      const bool confirmed = std::any_of(names.begin(), names.end(), [&](const NameMention& m) {
        return m.kind == EntityKind::kPlace && m.begin < end && begin < m.end;
      });
      if (confirmed) candidates_[kept++] = c;
    }
    candidates_.erase(candidates_.begin() + static_cast<std::ptrdiff_t>(kept),
                      candidates_.begin() + static_cast<std::ptrdiff_t>(place_candidates_));
    tagged_end_ -= place_candidates_ - kept;
    place_candidates_ = kept;
  }

  // Token range [first, last) of the bytes [begin, end).
  bool TokenRange(uint32_t begin, uint32_t end, uint32_t& first, uint32_t& last) const {
    first = static_cast<uint32_t>(
        std::partition_point(tokens_.begin(), tokens_.end(),
                             [begin](const Token& t) { return t.begin < begin; }) -
        tokens_.begin());
    last = first;
    while (last < n_ && tokens_[last].begin < end) ++last;
    return last > first;
  }

  bool OverlapsName(uint32_t first, uint32_t last) const {
    return Claimed(first, last, kClaimName);
  }

  bool OverlapsTagged(uint32_t first, uint32_t last) const {
    return Claimed(first, last, kClaimTagged);
  }

  bool OverlapsPlace(uint32_t first, uint32_t last) const {
    const size_t k = PlaceEndingAfter(first);
    return k < place_candidates_ && candidates_[k].first < last;
  }

  bool IsTitle(uint32_t k) const {
    return k < n_ && tokens_[k].kind == TokenKind::kWord &&
           IsTitleWord(NerStripPossessive(Word(k)));
  }

  // "President of Argentina Alberto Fernandez", "Senator from Vermont Bernie
  // Sanders": the tagger's name starts with the place of a title; the
  // person is the rest. Returns the place's end, or `first`.
  uint32_t PlaceOfATitle(uint32_t first, uint32_t last) const {
    uint32_t before = first;
    if (before > 0 && IsWord(before - 1, "the")) --before;
    if (before < 2 || !(IsWord(before - 1, "of") || IsWord(before - 1, "from")) ||
        !IsTitle(before - 2)) {
      return first;
    }
    if (const size_t k = PlaceEndingAfter(first); k < place_candidates_) {
      const Candidate& c = candidates_[k];
      if (c.first == first && c.last < last && tokens_[c.last].capitalised) return c.last;
    }
    // A place the gazetteer does not know: its first word, when two or more
    // capitalised words follow ("Vermont Bernie Sanders").
    if (last >= first + 3 && tokens_[first + 1].capitalised && tokens_[first + 2].capitalised) {
      return first + 1;
    }
    return first;
  }

  // A person named after titles: "Secretary of State George Shultz" -> the
  // words after the last title; nothing left -> no person ("of State").
  void AddTaggedPerson(uint32_t first, uint32_t last) {
    uint32_t name = first;
    for (uint32_t k = first; k < last; ++k) {
      if (IsTitle(k)) name = k + 1;
    }
    if (name > first) {
      // "Secretary of State George Shultz": skip "of State".
      if (name < last && !tokens_[name].capitalised && name + 3 <= last) name += 2;
      if (name < last && tokens_[name].kind == TokenKind::kPunct) ++name;
    }
    // "[Secretary of] State George Shultz": the tagger left the title out
    // but kept its object.
    if (name == first && first >= 2 && last - first >= 2 && IsTitleWord(Word(first - 2)) &&
        (IsWord(first - 1, "of") || IsWord(first - 1, "for"))) {
      ++name;
    }
    while (name < last && !tokens_[name].capitalised) ++name;
    if (name >= last) return;
    // "General Agreement on Tariffs and Trade": one word left after a title,
    // and the phrase goes on with "on"/"of" + a capitalised word: no person.
    if (name > first && name + 1 == last && last + 1 < n_ &&
        (IsWord(last, "on") || IsWord(last, "of") || IsWord(last, "for")) &&
        tokens_[last + 1].capitalised) {
      return;
    }
    Push({EntityKind::kPerson, name, last, {}, false, {}});
  }

  // [first, last) lies inside a longer gazetteer place of several words
  // ("Gustavo" of "They met in Gustavo A. Madero").
  bool InsideLongerPlace(uint32_t first, uint32_t last) const {
    const size_t k = PlaceEndingAfter(first);
    if (k >= place_candidates_) return false;
    const Candidate& p = candidates_[k];
    return p.last - p.first >= 2 && p.first <= first && p.last >= last &&
           p.last - p.first > last - first;
  }

  bool IsExactlyAPlace(uint32_t first, uint32_t last) const {
    const size_t k = PlaceEndingAfter(first);
    return k < place_candidates_ && candidates_[k].first == first && candidates_[k].last == last;
  }

  // One word tagged a person is dropped when it is a month or weekday, or
  // opens a sentence without being capitalised mid-sentence anywhere in the
  // article nor followed by a speech verb ("Pretax profits rose").
  // No "and" in a person's name ("S and P"), and a capitalised word before a
  // number is no person ("Chapter 11", "Article 5").
  bool PersonShape(uint32_t first, uint32_t last) const {
    for (uint32_t k = first; k < last; ++k) {
      if (IsWord(k, "and") || IsWord(k, "&")) return false;
    }
    return !(last == first + 1 && last < n_ && tokens_[last].kind == TokenKind::kWord &&
             Word(last).front() >= '0' && Word(last).front() <= '9');
  }

  // The end of the firm that a tagged person [first, last) opens, or 0: the
  // capitalised words after it (joined by "and"/"&") reach an organisation
  // word ("Salomon Brothers Inc", "Standard and Poor's Corp", "Goldman Sachs
  // and Co"), or the name, possessive left out, is a firm named after people.
  uint32_t FirmEnd(uint32_t first, uint32_t last) const {
    uint32_t end = 0;
    for (uint32_t k = last; k < n_ && k < last + 5; ++k) {
      const bool joiner = (IsWord(k, "and") || IsWord(k, "&")) && k + 1 < n_ && IsName(k + 1);
      if (!joiner && !IsName(k)) break;
      if (!joiner && IsOrgWord(NerStripPossessive(Word(k)))) end = k + 1;
    }
    if (end > 0) return end;
    // "Standard and Poor's", "Merrill Lynch": as written, then with the
    // following "and <Name>" ("Standard" + "and Poor's").
    thread_local std::string name;
    for (uint32_t stop = last; stop <= std::min(n_, last + 2); stop += 2) {
      name.clear();
      for (uint32_t k = first; k < stop; ++k) {
        if (k > first) name.push_back(' ');
        name.append(NerStripPossessive(Word(k)));
      }
      if (IsFirmNamedAfterPeople(name)) return stop;
      if (stop + 1 >= n_ || !(IsWord(stop, "and") || IsWord(stop, "&"))) break;
    }
    return 0;
  }

  bool PlausibleTaggedPerson(uint32_t first, uint32_t last) const {
    if (last != first + 1) return true;
    static const std::array<std::string_view, 19> kCalendar = {
        "January",   "February",  "March",   "April",    "May",      "June",   "July",
        "August",    "September", "October", "November", "December", "Monday", "Tuesday",
        "Wednesday", "Thursday",  "Friday",  "Saturday", "Sunday"};
    const std::string_view w = NerStripPossessive(Word(first));
    if (std::find(kCalendar.begin(), kCalendar.end(), w) != kCalendar.end()) return false;
    // Demonyms are no people ("Japanese", "Portuguese").
    if (w.size() > 4 && w.substr(w.size() - 3) == "ese") return false;
    // Words of financial tables ("NOTE:", "Record March 13") and US state
    // abbreviations ("Ill. Track", "ROCHESTER, Minn.").
    static const std::array<std::string_view, 40> kNotNames = {
        "Note", "NOTE",  "Record", "Pay",    "Net",    "Shr",    "Shrs",  "Avg",  "Revs", "Qtly",
        "Div",  "Oper",  "Mln",    "Reuter", "REUTER", "Pretax", "Track", "Ill",  "Mich", "Minn",
        "Wis",  "Calif", "Conn",   "Mass",   "Fla",    "Tex",    "Ore",   "Ariz", "Colo", "Okla",
        "Kan",  "Neb",   "Tenn",   "Ky",     "Md",     "Ala",    "Ind",   "Nev",  "Ark",  "Wash"};
    if (std::find(kNotNames.begin(), kNotNames.end(), w) != kNotNames.end()) return false;
    if (!tokens_[first].sentence_start || ctx_ == nullptr) return true;
    if (last < n_ && tokens_[last].kind == TokenKind::kWord && IsSpeechVerb(Word(last)))
      return true;
    return ctx_->SeenCapitalisedMidSentence(NerLowerHash(w));
  }

  // A lone title or organisation word is no name ("President", "Party",
  // "Commission"); a title inside a tagged organisation splits it
  // ("Vermont Senator Bernie Sanders" -> the person after the title).
  // A law or an award, not an organisation: its head (the last word, or the
  // word before the first "for"/"of"/"on") is Act, Award, Prize, Medal …
  // ("Special Marriage Act", "Nobel Prize", "Award for Best Actress").
  bool NamesALawOrAnAward(uint32_t first, uint32_t last) const {
    // Also events and works: festivals, championships, codes of law, gospels.
    static const std::array<std::string_view, 19> kHeads = {
        "Act",        "Acts",     "Award",     "Awards",       "Prize",
        "Prizes",     "Medal",    "Treaty",    "Amendment",    "Amendments",
        "Fellowship", "Festival", "Festivals", "Championship", "Championships",
        "Olympics",   "Code",     "Gospel",    "Gospels"};
    uint32_t head = last - 1;
    for (uint32_t k = first + 1; k < last; ++k) {
      if (IsWord(k, "for") || IsWord(k, "of") || IsWord(k, "on")) {
        head = k - 1;
        break;
      }
    }
    const std::string_view w = NerStripPossessive(Word(head));
    return last > first + 1 && std::find(kHeads.begin(), kHeads.end(), w) != kHeads.end();
  }

  // A facility or natural feature: its head (the last word, or the word
  // before a first "of") is a facility word, or it opens with "Lake",
  // "Mount", "Port" ... ("Lake Merritt", "Mt. Talau"). Not "Federal Reserve".
  bool NamesAFacility(uint32_t first, uint32_t last) const {
    if (last < first + 2) return false;
    uint32_t head = last - 1;
    for (uint32_t k = first + 1; k < last; ++k) {
      if (IsWord(k, "of")) {
        head = k - 1;
        break;
      }
    }
    if (IsFacilityHead(NerStripPossessive(Word(head)))) {
      return !(IsWord(head, "Reserve") && head > first && IsWord(head - 1, "Federal"));
    }
    return IsFacilityOpener(Word(first)) && !HasOrgWord(first, last);
  }

  void AddTaggedOrganisation(uint32_t first, uint32_t last) {
    if (last == first + 1 &&
        (IsTitle(first) || (IsOrgWord(Word(first)) && !tokens_[first].all_caps))) {
      return;
    }
    // Only company suffixes ("Co Inc", "AG", "PLC"): the name was cut off.
    bool only_suffixes = true;
    for (uint32_t k = first; k < last && only_suffixes; ++k) only_suffixes = IsOrgWord(Word(k));
    if (only_suffixes && !IsOrgAcronym(Word(first))) return;
    if (last == first + 1 && !tokens_[first].all_caps && !PlausibleTaggedPerson(first, last)) {
      return;  // "Note", sentence-initial and never capitalised elsewhere
    }
    if (NamesALawOrAnAward(first, last)) return;
    for (uint32_t k = last - 1; k-- > first;) {
      if (!IsTitle(k) || !tokens_[k + 1].capitalised || IsOrgWord(Word(last - 1))) {
        continue;
      }
      AddTaggedPerson(k, last);
      uint32_t org_last = k;
      while (org_last > first && IsTitle(org_last - 1)) --org_last;
      if (org_last > first && !CoveredByPlace(first, org_last)) {
        Push({EntityKind::kOrganisation, first, org_last, {}, false, {}});
      }
      return;
    }
    Push({EntityKind::kOrganisation, first, last, {}, false, {}});
  }

  void AddTaggedNames(const std::vector<NameMention>& names, const ExtractOptions& options) {
    const bool gazetteer_overrides = options.gazetteer_overrides_tagger;
    tagging_ = true;
    for (const NameMention& m : names) {
      const size_t slot = m.kind == EntityKind::kPerson         ? 0
                          : m.kind == EntityKind::kOrganisation ? 1
                                                                : 2;
      if (m.confidence < options.min_confidence[slot]) continue;
      uint32_t first = 0;
      uint32_t last = 0;
      if (!TokenRange(m.begin, m.end, first, last)) continue;
      if (gazetteer_overrides && IsExactlyAPlace(first, last)) continue;
      // The wire's sign-off and the word opening a table note are no names.
      if (last == first + 1 &&
          (EqualsIgnoringCase(Word(first), "Reuter") || EqualsIgnoringCase(Word(first), "Note"))) {
        continue;
      }
      // Part of a place the gazetteer knows by several words: the place wins.
      if (InsideLongerPlace(first, last)) continue;
      // A lone letter ("S"), or a person or place with a digit ("BA-1", a
      // credit rating): not names. Organisations may have digits ("3M").
      if (last == first + 1 && Word(first).size() == 1) continue;
      if (m.kind != EntityKind::kOrganisation && HasDigit(first, last)) continue;
      if (last == first + 1 && IsNeverAName(NerStripPossessive(Word(first)))) continue;
      // A lone facility word is no name ("Airport", "Square").
      if (last == first + 1 &&
          (IsFacilityHead(NerStripPossessive(Word(first))) || IsFacilityOpener(Word(first)))) {
        continue;
      }
      // A person's work or property ("Jean Anouilh's Antigone", "Shaw's
      // Pygmalion"): the owner before the possessive is the person, and
      // what follows is a place only if it names a facility.
      if (m.kind != EntityKind::kPlace) {
        uint32_t owner_end = 0;
        for (uint32_t k = first; k + 1 < last; ++k) {
          if (NerStripPossessive(Word(k)).size() < Word(k).size()) {
            owner_end = k + 1;
            break;
          }
        }
        if (owner_end > 0 && !HasOrgWord(owner_end, last) &&
            (m.kind == EntityKind::kPerson || IsGivenName(Word(first)))) {
          if (PersonShape(first, owner_end)) AddTaggedPerson(first, owner_end);
          if (NamesAFacility(owner_end, last)) {
            Push({EntityKind::kPlace, owner_end, last, {}, false, {}});
          }
          continue;
        }
      }
      if (m.kind != EntityKind::kPlace && NamesAFacility(first, last)) {
        Push({EntityKind::kPlace, first, last, {}, false, {}});
        continue;
      }
      if (m.kind != EntityKind::kPlace) {
        const uint32_t rest = PlaceOfATitle(first, last);
        if (rest > first) {
          if (!OverlapsPlace(first, rest)) {
            Push({EntityKind::kPlace, first, rest, {}, false, {}});
          }
          AddTaggedPerson(rest, last);
          continue;
        }
      }
      switch (m.kind) {
        case EntityKind::kPerson:
          if (last == first + 1 && IsOrgAcronym(Word(first))) {
            Push({EntityKind::kOrganisation, first, last, {}, false, {}});
            break;
          }
          // A firm named after people ("Morgan Stanley", "Standard and
          // Poor's Corp", "Salomon Brothers Inc"): the organisation.
          if (const uint32_t firm = FirmEnd(first, last); firm > first) {
            AddTaggedOrganisation(first, firm);
            break;
          }
          if (!PlausibleTaggedPerson(first, last) || !PersonShape(first, last)) break;
          AddTaggedPerson(first, last);
          break;
        case EntityKind::kPlace:
          if (last == first + 1 && IsOrgAcronym(Word(first))) {  // "U.N.", "OPEC"
            Push({EntityKind::kOrganisation, first, last, {}, false, {}});
            break;
          }
          if (last == first + 1 && IsTitleWord(Word(first))) break;
          // A one-word GeoNames city the gazetteer pass turned down here
          // ("said Albuquerque", "Florence Nightingale", "Kidder Peabody"):
          // not a place either, nor is a longer name it starts or ends.
          if (!OverlapsPlace(first, last) && StartsOrEndsWithOneWordCity(first, last)) break;
          // Dotted initials the gazetteer does not know ("S.A.", "N.V.": company suffixes).
          if (last == first + 1 && tokens_[first].kind == TokenKind::kAbbrev &&
              !OverlapsPlace(first, last)) {
            break;
          }
          // The gazetteer names it (with its country) when it knows it.
          if (!OverlapsPlace(first, last)) {
            Push({EntityKind::kPlace, first, last, {}, false, {}});
          }
          break;
        default:
          // "Standard and Poor's Corp": the tagger may start a firm after its "and".
          if (first >= 2 && (IsWord(first - 1, "and") || IsWord(first - 1, "&")) &&
              IsName(first - 2) && FirmEnd(first - 2, first - 1) > first) {
            first -= 2;
          }
          AddTaggedOrganisation(first, last);
          break;
      }
    }
    tagged_end_ = candidates_.size();
    tagging_ = false;
  }

  void FindPhrases() {
    for (uint32_t i = 0; i < n_;) {
      if (!IsName(i)) {
        ++i;
        continue;
      }
      const Span s = ReadPhraseForward(text_, tokens_, i);
      if (s.empty()) {
        ++i;
        continue;
      }
      if (!OverlapsTagged(s.first, s.last)) ClassifyPhrase(s);
      i = std::max(i + 1, s.last);
    }
  }

  // Places inside a person's name are dropped ("Michael Jordan"), and cities
  // inside an organisation's name ("Washington Post"); countries inside an
  // organisation stay ("Bank of Japan" also mentions Japan).
  void DropShadowedPlaces() {
    const auto places_end = candidates_.begin() + static_cast<std::ptrdiff_t>(place_candidates_);
    auto shadowed = [this](const Candidate& p) {
      return Claimed(p.first, p.last, kClaimPerson) ||
             (p.is_city && Claimed(p.first, p.last, kClaimOrg));
    };
    const auto kept = std::remove_if(candidates_.begin(), places_end, shadowed);
    place_candidates_ -= static_cast<size_t>(places_end - kept);
    tagged_end_ -= static_cast<size_t>(places_end - kept);
    candidates_.erase(kept, places_end);
  }

  void Emit(const Candidate& c, std::vector<Entity>& out) const {
    std::string_view surface =
        text_.substr(tokens_[c.first].begin, tokens_[c.last - 1].end - tokens_[c.first].begin);
    for (std::string_view possessive : {"'s", "\xE2\x80\x99s"}) {  // "Wright's" -> "Wright"
      if (surface.size() > possessive.size() + 1 &&
          surface.substr(surface.size() - possessive.size()) == possessive) {
        surface.remove_suffix(possessive.size());
      }
    }
    std::string canonical = !c.canonical_place.empty() ? std::string(c.canonical_place)
                                                       : CanonicalEntity(c.kind, surface);
    EmitOne(c.kind, surface, std::move(canonical), /*implied=*/false, out);
    if (!c.country.empty()) {
      EmitOne(c.kind, surface, std::string(c.country), /*implied=*/true, out);
    }
  }

  // `implied`: the country a city or region yields, named after the city
  // ("Isfahan" -> iran). When the article later names the country itself
  // ("Iran"), the entity takes that name: `show` and the scorer then see the
  // country the text names, not a city's name for it.
  static void EmitOne(EntityKind kind, std::string_view surface, std::string canonical,
                      bool implied, std::vector<Entity>& out) {
    if (canonical.empty()) return;
    for (Entity& e : out) {
      if (e.kind != kind || e.canonical != canonical) continue;
      if (!implied && kind == EntityKind::kPlace && e.name != surface &&
          CanonicalEntity(kind, e.name) != canonical) {
        e.name = std::string(surface);
      }
      return;
    }
    Entity e;
    e.name = std::string(surface);
    e.kind = kind;
    e.canonical = std::move(canonical);
    e.origin = EntityOrigin::kExtracted;
    out.push_back(std::move(e));
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  const NameContext* ctx_ = nullptr;
  uint32_t n_ = 0;
  std::vector<uint8_t> claim_;  // per token, kClaim* bits
  bool tagging_ = false;
  std::vector<Candidate> candidates_;
  size_t place_candidates_ = 0;
  size_t tagged_end_ = 0;
  bool caps_mode_ = false;
  std::string title_case_;
};

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    const size_t j = std::min(s.find(' ', i), s.size());
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// The initials of an organisation's name, small words left out
// ("labour party" -> "lp", "bank of japan" -> "bj").
std::string Initials(std::string_view canonical) {
  std::string out;
  for (std::string_view w : Words(canonical)) {
    if (w == "of" || w == "the" || w == "and" || w == "for" || w == "de" || w == "on") continue;
    out.push_back(w[0]);
  }
  return out;
}

// Whether `short_form` names the same entity as the longer `full` of the
// same kind: a person's surname(s) or first name, an organisation's
// acronym or its name without its first words ("Okafor" / "Amara Okafor").
bool ShortFormOf(EntityKind kind, std::string_view short_form, std::string_view full) {
  const std::vector<std::string_view> s = Words(short_form);
  const std::vector<std::string_view> f = Words(full);
  if (s.empty() || s.size() >= f.size()) return false;
  if (kind == EntityKind::kOrganisation) {
    return s.size() == 1 && s[0].size() >= 2 && f.size() >= 2 && Initials(full) == s[0];
  }
  if (kind != EntityKind::kPerson) return false;
  if (std::equal(s.begin(), s.end(), f.end() - static_cast<std::ptrdiff_t>(s.size()))) return true;
  return s.size() == 1 && s[0] == f[0];
}

// One entity, one name: a short form that matches exactly one longer name of
// the same kind in the article is dropped (that name stands for it). Two
// longer names that both fit ("Okafor" beside "Amara Okafor" and "Chidi
// Okafor") leave the short form as it is.
void MergeShortNames(std::vector<Entity>& out) {
  // Indexes instead of comparing every pair: an article may hold thousands of names.
  const size_t n = out.size();
  std::vector<std::vector<std::string_view>> words(n);
  std::unordered_set<std::string_view> person_names;  // whole names and surnames
  std::unordered_set<std::string_view> org_prefixes;  // "chrysler" of "chrysler corp"
  std::unordered_map<std::string_view, std::vector<size_t>> by_first;
  std::unordered_map<std::string_view, std::vector<size_t>> by_last;
  std::unordered_map<std::string, std::vector<size_t>> by_initials;
  for (size_t i = 0; i < n; ++i) {
    const Entity& e = out[i];
    words[i] = Words(e.canonical);
    const std::vector<std::string_view>& w = words[i];
    if (e.kind == EntityKind::kPerson) {
      person_names.insert(e.canonical);
      if (w.size() > 1) {
        person_names.insert(w.back());
        by_first[w.front()].push_back(i);
        by_last[w.back()].push_back(i);
      }
    } else if (e.kind == EntityKind::kOrganisation) {
      const std::string_view c = e.canonical;
      for (size_t j = c.find(' '); j != std::string_view::npos; j = c.find(' ', j + 1)) {
        org_prefixes.insert(c.substr(0, j));
        if (j > 1 && c[j - 1] == 's') org_prefixes.insert(c.substr(0, j - 1));  // "moodys"
      }
      if (w.size() >= 2) by_initials[Initials(c)].push_back(i);
    }
  }
  std::vector<bool> drop(n, false);
  for (size_t i = 0; i < n; ++i) {
    const Entity& e = out[i];
    // "Chrysler" tagged a person beside "Chrysler Corp": a company named
    // after a person is the company. "Trump" tagged a place in one sentence
    // of an article about Donald Trump: a person's name or surname is not
    // also a place or organisation.
    if (e.kind == EntityKind::kPerson && org_prefixes.count(e.canonical) > 0) {
      drop[i] = true;
      continue;
    }
    if ((e.kind == EntityKind::kPlace || e.kind == EntityKind::kOrganisation) &&
        person_names.count(e.canonical) > 0) {
      drop[i] = true;
      continue;
    }
    if (e.kind != EntityKind::kPerson && e.kind != EntityKind::kOrganisation) continue;
    const std::vector<std::string_view>& w = words[i];
    if (w.empty()) continue;
    std::vector<size_t> candidates;
    if (e.kind == EntityKind::kPerson) {
      if (auto it = by_last.find(w.back()); it != by_last.end()) candidates = it->second;
      if (auto it = by_first.find(w.front()); w.size() == 1 && it != by_first.end()) {
        candidates.insert(candidates.end(), it->second.begin(), it->second.end());
      }
    } else if (auto it = by_initials.find(std::string(e.canonical)); it != by_initials.end()) {
      candidates = it->second;
    }
    std::string_view match;
    bool ambiguous = false;
    for (size_t j : candidates) {
      if (i == j || out[j].kind != e.kind || !ShortFormOf(e.kind, e.canonical, out[j].canonical)) {
        continue;
      }
      if (!match.empty() && match != out[j].canonical) ambiguous = true;
      match = out[j].canonical;
    }
    drop[i] = !match.empty() && !ambiguous;
  }
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (drop[i]) continue;
    if (kept != i) out[kept] = std::move(out[i]);
    ++kept;
  }
  out.resize(kept);
}

// The name's first word is a given name the lexicon knows ("Amara Okafor").
bool StartsWithGivenName(std::string_view name) {
  const std::string_view first = name.substr(0, std::min(name.find(' '), name.size()));
  return (Lexicon::Get().FlagsOf(first) & (kLexMaleName | kLexFemaleName)) != 0;
}

// One name, one kind in an article: the tagger may call "Kataib Hezbollah"
// an organisation in one sentence and a person in the next. Every tagged
// mention of a name (compared case-blind) takes the kind most of its
// mentions have; a tie keeps each mention's own, except that a person's
// name that does not start with a given name loses a tie to the other kind.
void VoteKinds(const std::vector<std::string_view>& pieces,
               std::vector<std::vector<NameMention>>& names) {
  auto slot = [](EntityKind kind) {
    return kind == EntityKind::kPerson ? 0 : kind == EntityKind::kOrganisation ? 1 : 2;
  };
  std::unordered_map<uint64_t, std::array<uint32_t, 3>> votes;
  for (size_t i = 0; i < pieces.size(); ++i) {
    for (const NameMention& m : names[i]) {
      ++votes[NerLowerHash(pieces[i].substr(m.begin, m.end - m.begin))][slot(m.kind)];
    }
  }
  constexpr std::array<EntityKind, 3> kKinds = {EntityKind::kPerson, EntityKind::kOrganisation,
                                                EntityKind::kPlace};
  for (size_t i = 0; i < pieces.size(); ++i) {
    for (NameMention& m : names[i]) {
      const std::string_view s = pieces[i].substr(m.begin, m.end - m.begin);
      const std::array<uint32_t, 3>& v = votes[NerLowerHash(s)];
      const uint32_t top = std::max({v[0], v[1], v[2]});
      size_t best = slot(m.kind);
      if (v[best] < top || (best == 0 && v[1] + v[2] > 0 && !StartsWithGivenName(s))) {
        // Outvoted, or a tie with a person's name that does not start with a
        // given name: the most voted other kind, organisation first.
        best = v[1] == top ? 1 : v[2] == top ? 2 : 0;
      }
      m.kind = kKinds[best];
    }
  }
}

}  // namespace

namespace {

void ExtractFromTokens(std::string_view text, const std::vector<Token>& tokens,
                       const NameContext& ctx, const ExtractOptions& options,
                       std::vector<Entity>& out) {
  if (IsAllCapsText(text)) {
    TextScanner(text, tokens).Run(nullptr, &ctx, options, out);
    return;
  }
  const std::vector<NameMention> names = FindNames(text, tokens, ctx, options.model);
  TextScanner(text, tokens).Run(&names, &ctx, options, out);
}

}  // namespace

void ExtractEntitiesFromText(std::string_view text, const NameContext& ctx,
                             const ExtractOptions& options, std::vector<Entity>& out) {
  thread_local std::vector<Token> tokens;
  Tokenize(text, tokens);
  ExtractFromTokens(text, tokens, ctx, options, out);
}

void ExtractEntitiesFromText(std::string_view text, std::vector<Entity>& out) {
  thread_local std::vector<Token> tokens;
  Tokenize(text, tokens);
  NameContext ctx;
  ctx.Add(text, tokens);
  ExtractFromTokens(text, tokens, ctx, ExtractOptions(), out);
}

std::vector<Entity> ExtractEntities(const Article& article) {
  return ExtractEntities(article, ExtractOptions());
}

std::vector<Entity> ExtractEntities(const Article& article, const ExtractOptions& options) {
  std::vector<std::string_view> pieces;
  if (!article.headline.empty()) pieces.push_back(article.headline);
  size_t dateline = SIZE_MAX;
  if (!article.dateline.empty()) {
    // "ROCHESTER, Minn., March 3 -": the place is before the first comma.
    const std::string_view d = article.dateline;
    dateline = pieces.size();
    pieces.push_back(d.substr(0, std::min(d.find(','), d.size())));
  }
  for (const std::string& paragraph : article.body) pieces.push_back(paragraph);
  for (const Quote& q : article.quotes) {
    if (!QuoteInBody(article, q)) pieces.push_back(q.text);
  }
  for (const Caption& c : article.captions) {
    pieces.push_back(c.text);
    pieces.push_back(c.credit);
  }
  // Each piece is tokenized once, for the word statistics, the tagger and the rules.
  thread_local std::vector<std::vector<Token>> tokens;
  if (tokens.size() < pieces.size()) tokens.resize(pieces.size());
  NameContext ctx;
  for (size_t i = 0; i < pieces.size(); ++i) {
    Tokenize(pieces[i], tokens[i]);
    ctx.Add(pieces[i], tokens[i]);
  }
  // The tagger's names of every piece first, so that one name gets one kind
  // in the whole article.
  thread_local std::vector<std::vector<NameMention>> names;
  if (names.size() < pieces.size()) names.resize(pieces.size());
  std::vector<bool> tagged(pieces.size(), false);
  for (size_t i = 0; i < pieces.size(); ++i) {
    names[i].clear();
    if (i == dateline || IsAllCapsText(pieces[i])) continue;
    names[i] = FindNames(pieces[i], tokens[i], ctx, options.model);
    tagged[i] = true;
  }
  if (options.one_kind_per_name) VoteKinds(pieces, names);
  std::vector<Entity> out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    // The dateline ("ZURICH, March 2 -") is no prose and all-caps text is not
    // for the tagger: places only.
    TextScanner(pieces[i], tokens[i]).Run(tagged[i] ? &names[i] : nullptr, &ctx, options, out);
  }
  if (options.one_name_per_entity) MergeShortNames(out);
  return out;
}

}  // namespace morgue

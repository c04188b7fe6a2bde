// Rule-based entity extraction over tokens: gazetteer places first, then
// proper-noun phrases classified as persons or organisations.
#include "indexer/entities.h"

#include <algorithm>
#include <cctype>

#include "indexer/document.h"
#include "indexer/entities_tokens.h"
#include "indexer/entities_words.h"
#include "indexer/gazetteer.h"

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

class TextScanner {
 public:
  TextScanner(std::string_view text, std::vector<Token>& tokens) : text_(text), tokens_(tokens) {
    Tokenize(text, tokens_);
    n_ = static_cast<uint32_t>(tokens_.size());
  }

  void Run(bool places_only, std::vector<Entity>& out) {
    candidates_.clear();
    caps_mode_ = places_only;
    FindPlaces();
    if (!places_only) FindPhrases();
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
    if (const auto* exact = gaz.EntriesStartingWith(Word(i))) return exact;
    if (!caps_mode_ || tokens_[i].kind != TokenKind::kWord) return nullptr;
    title_case_.assign(Word(i));
    for (size_t k = 1; k < title_case_.size(); ++k) {
      title_case_[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(title_case_[k])));
    }
    return gaz.EntriesStartingWith(title_case_);
  }

  bool TokenMatches(uint32_t i, std::string_view surface) const {
    return caps_mode_ ? EqualsIgnoringCase(Word(i), surface) : Word(i) == surface;
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

  bool CoveredByPlace(uint32_t first, uint32_t last) const {
    // True when every token of [first, last) belongs to a place match.
    uint32_t pos = first;
    for (size_t k = 0; k < place_candidates_ && pos < last; ++k) {
      const Candidate& c = candidates_[k];
      if (c.first <= pos && c.last > pos) pos = c.last;
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
      candidates_.push_back({EntityKind::kOrganisation, first, last, {}, false, {}});
      return;
    }
    for (uint32_t k = first; k < last; ++k) {
      if (IsOrgAcronym(Word(k))) {
        candidates_.push_back({EntityKind::kOrganisation, k, k + 1, {}, false, {}});
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
        candidates_.push_back({EntityKind::kOrganisation, s.first, s.last, {}, false, {}});
        return;
      }
      if (name < s.last && !CoveredByPlace(name, s.last) && !tokens_[name].all_caps) {
        candidates_.push_back({EntityKind::kPerson, name, s.last, {}, false, {}});
      }
      AddOrgOrAcronyms(s.first, first_title);
      return;
    }
    if (LooksLikeOrg(s.first, s.last)) {
      candidates_.push_back({EntityKind::kOrganisation, s.first, s.last, {}, false, {}});
      return;
    }
    const bool before_speech = s.last < n_ && IsSpeechVerb(Word(s.last)) &&
                               !IsWord(s.last, "according") && !IsWord(s.last, "saying");
    const bool after_said =
        s.first > 0 && (IsWord(s.first - 1, "said") || IsWord(s.first - 1, "says"));
    const bool after_role = s.first > 0 && tokens_[s.first - 1].kind == TokenKind::kWord &&
                            IsRoleWord(Word(s.first - 1));
    if ((before_speech || after_said || after_role) && PlausiblePerson(s.first, s.last)) {
      candidates_.push_back({EntityKind::kPerson, s.first, s.last, {}, false, {}});
      return;
    }
    AddOrgOrAcronyms(s.first, s.last);
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
      ClassifyPhrase(s);
      i = std::max(i + 1, s.last);
    }
  }

  // Places inside a person's name are dropped ("Michael Jordan"), and cities
  // inside an organisation's name ("Washington Post"); countries inside an
  // organisation stay ("Bank of Japan" also mentions Japan).
  void DropShadowedPlaces() {
    auto shadowed = [this](const Candidate& p) {
      if (p.kind != EntityKind::kPlace) return false;
      for (size_t k = place_candidates_; k < candidates_.size(); ++k) {
        const Candidate& c = candidates_[k];
        if (c.first >= p.last || p.first >= c.last) continue;
        if (c.kind == EntityKind::kPerson) return true;
        if (c.kind == EntityKind::kOrganisation && p.is_city) return true;
      }
      return false;
    };
    candidates_.erase(std::remove_if(candidates_.begin(), candidates_.end(), shadowed),
                      candidates_.end());
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
    std::string canonical = c.kind == EntityKind::kPlace ? std::string(c.canonical_place)
                                                         : CanonicalEntity(c.kind, surface);
    EmitOne(c.kind, surface, std::move(canonical), out);
    if (!c.country.empty()) EmitOne(c.kind, surface, std::string(c.country), out);
  }

  static void EmitOne(EntityKind kind, std::string_view surface, std::string canonical,
                      std::vector<Entity>& out) {
    if (canonical.empty()) return;
    for (const Entity& e : out) {
      if (e.kind == kind && e.canonical == canonical) return;
    }
    Entity e;
    e.name = std::string(surface);
    e.kind = kind;
    e.canonical = std::move(canonical);
    e.origin = EntityOrigin::kExtracted;
    out.push_back(std::move(e));
  }

  std::string_view text_;
  std::vector<Token>& tokens_;
  uint32_t n_ = 0;
  std::vector<Candidate> candidates_;
  size_t place_candidates_ = 0;
  bool caps_mode_ = false;
  std::string title_case_;
};

}  // namespace

void ExtractEntitiesFromText(std::string_view text, std::vector<Entity>& out) {
  thread_local std::vector<Token> tokens;
  TextScanner scanner(text, tokens);
  scanner.Run(IsAllCapsText(text), out);
}

std::vector<Entity> ExtractEntities(const Article& article) {
  std::vector<Entity> out;
  if (!article.headline.empty()) ExtractEntitiesFromText(article.headline, out);
  if (!article.dateline.empty()) ExtractEntitiesFromText(article.dateline, out);
  for (const std::string& paragraph : article.body) ExtractEntitiesFromText(paragraph, out);
  for (const Quote& q : article.quotes) {
    if (!QuoteInBody(article, q)) ExtractEntitiesFromText(q.text, out);
  }
  for (const Caption& c : article.captions) {
    ExtractEntitiesFromText(c.text, out);
    ExtractEntitiesFromText(c.credit, out);
  }
  return out;
}

}  // namespace morgue

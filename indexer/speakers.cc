// Speakers: names in attributions, pronouns and surnames resolved over the
// article.
#include "indexer/speakers.h"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <unordered_set>

#include "indexer/entities_tokens.h"
#include "indexer/entities_words.h"
#include "indexer/gazetteer.h"
#include "indexer/lexicon.h"

namespace morgue {
namespace {

bool IsWordToken(const Token& t) { return t.kind != TokenKind::kPunct; }

// True when tokens [first, last) are exactly one gazetteer place. A
// one-word GeoNames city or ambiguous name ("Moss", "Reading") is a place
// only after a preposition of place: in an attribution it is a surname
// ("Moss said").
bool IsPlace(std::string_view text, const std::vector<Token>& tokens, uint32_t first,
             uint32_t last) {
  const auto* entries = Gazetteer::Get().EntriesStartingWith(TokenText(text, tokens[first]));
  if (entries == nullptr) return false;
  const bool after_preposition =
      first > 0 && Gazetteer::IsPlacePreposition(TokenText(text, tokens[first - 1]));
  for (const GazetteerEntry& e : *entries) {
    if (e.tokens.size() != last - first) continue;
    if (last - first == 1 && (e.geonames || e.ambiguous) && !after_preposition) continue;
    bool same = true;
    for (uint32_t k = 1; k < last - first && same; ++k) {
      same = TokenText(text, tokens[first + k]) == e.tokens[k];
    }
    if (same) return true;
  }
  return false;
}

// Words that describe a person rather than name one, in lower case: a
// capitalised one opening a name is left out ("Actor Denzel Washington",
// "Police Superintendent Yolanda Yu"); after a name it makes the name a
// modifier ("the Wooster professor").
bool IsDescriptor(std::string_view word) {
  static const std::unordered_set<std::string_view> kWords{"actor",
                                                           "actress",
                                                           "singer",
                                                           "rapper",
                                                           "musician",
                                                           "author",
                                                           "writer",
                                                           "director",
                                                           "police",
                                                           "superintendent",
                                                           "inspector",
                                                           "detective",
                                                           "officer",
                                                           "coach",
                                                           "player",
                                                           "captain",
                                                           "manager",
                                                           "former",
                                                           "current",
                                                           "then",
                                                           "acting",
                                                           "interim",
                                                           "senior",
                                                           "junior",
                                                           "chief",
                                                           "deputy",
                                                           "professor",
                                                           "doctor",
                                                           "lawyer",
                                                           "attorney",
                                                           "spokesman",
                                                           "spokeswoman",
                                                           "spokesperson",
                                                           "president",
                                                           "minister",
                                                           "secretary",
                                                           "senator",
                                                           "representative",
                                                           "governor",
                                                           "mayor",
                                                           "ambassador",
                                                           "judge",
                                                           "team",
                                                           "member",
                                                           "candidate",
                                                           "activist",
                                                           "journalist",
                                                           "reporter",
                                                           "editor",
                                                           "economist",
                                                           "analyst",
                                                           "scientist",
                                                           "researcher",
                                                           "commander",
                                                           "chairman",
                                                           "chairwoman",
                                                           "chair",
                                                           "founder",
                                                           "co-founder",
                                                           "executive",
                                                           "leader",
                                                           "head",
                                                           "official",
                                                           "officials",
                                                           "adviser",
                                                           "advisor",
                                                           "aide",
                                                           "aides",
                                                           "pastor",
                                                           "councillor",
                                                           "commissioner",
                                                           "producer",
                                                           "comedian",
                                                           "artist",
                                                           "athlete",
                                                           "striker",
                                                           "goalkeeper",
                                                           "driver",
                                                           "pilot",
                                                           "nurse",
                                                           "surgeon",
                                                           "student",
                                                           "teacher",
                                                           "resident",
                                                           "witness",
                                                           "survivor",
                                                           "administration",
                                                           "campaign",
                                                           "government",
                                                           "family",
                                                           "supporters",
                                                           "source",
                                                           "sources",
                                                           "statement",
                                                           "office",
                                                           "prosecutor",
                                                           "historian",
                                                           "expert",
                                                           "engineer",
                                                           "astronaut",
                                                           "filmmaker",
                                                           "ceo",
                                                           "sheriff",
                                                           "whip",
                                                           "delegate",
                                                           "nominee",
                                                           "president-elect",
                                                           "assemblyman",
                                                           "assemblywoman",
                                                           "councilman",
                                                           "councilwoman",
                                                           "alderman",
                                                           "constable",
                                                           "marshal",
                                                           "coroner",
                                                           "trooper",
                                                           "longtime",
                                                           "broadcaster",
                                                           "presenter",
                                                           "host",
                                                           "commentator",
                                                           "columnist",
                                                           "designer",
                                                           "archbishop",
                                                           "bishop",
                                                           "cardinal",
                                                           "priest",
                                                           "rabbi",
                                                           "imam",
                                                           "pope",
                                                           "monsignor",
                                                           "monsenor",
                                                           "monse\xC3\xB1or"};
  std::string lower(word.substr(0, 32));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kWords.count(lower) > 0;
}

// A lower-case word ending in "ed" ("commended", "asked"): most likely a verb.
bool HasPastTenseWord(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const size_t begin = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const std::string_view w = text.substr(begin, i - begin);
    if (w.size() > 3 && std::islower(static_cast<unsigned char>(w[0])) &&
        w.substr(w.size() - 2) == "ed") {
      return true;
    }
  }
  return false;
}

bool IsDemonym(std::string_view w) {
  for (std::string_view end : {"ians", "eans", "ese"}) {
    if (w.size() > end.size() + 2 && w.substr(w.size() - end.size()) == end) return true;
  }
  return false;
}

bool IsAcronym(std::string_view text, const Token& t) {
  return t.all_caps && t.kind == TokenKind::kWord && TokenText(text, t).size() > 1;
}

// "el-Sisi", "al-Assad", "ad-Din": a lower-case particle, a hyphen, a
// capital.
bool HasArabicParticle(std::string_view w) {
  for (std::string_view particle :
       {"el-", "al-", "ad-", "ash-", "as-", "an-", "ar-", "at-", "az-", "ud-", "ul-"}) {
    if (w.size() > particle.size() && w.starts_with(particle) &&
        std::isupper(static_cast<unsigned char>(w[particle.size()]))) {
      return true;
    }
  }
  return false;
}

class NameClassifier {
 public:
  NameClassifier(std::string_view text, const std::vector<Token>& tokens,
                 std::vector<SpeakerName>& out)
      : text_(text), tokens_(tokens), out_(out) {}

  void Classify(Span s) {
    // "Native American Rights Fund's Jacqueline De León": the owner and the
    // name apart.
    for (uint32_t k = s.first; k + 1 < s.last; ++k) {
      // "The Alachua Sheriff's Office" stays one organisation.
      if (IsPossessive(Word(k)) && !HasOrgWord(k + 1, s.last)) {
        ClassifyPart(s.first, k + 1);
        s.first = k + 1;
      }
    }
    ClassifyPart(s.first, s.last);
  }

 private:
  static bool IsPossessive(std::string_view w) {
    return (w.size() > 2 && w.substr(w.size() - 2) == "'s") ||
           (w.size() > 4 && w.substr(w.size() - 4) == "\xE2\x80\x99s");
  }

  bool HasConnector(uint32_t first, uint32_t last) const {
    for (uint32_t k = first; k < last; ++k) {
      if (!tokens_[k].capitalised && tokens_[k].kind == TokenKind::kWord) return true;
    }
    return false;
  }

  void ClassifyPart(uint32_t first, uint32_t last) {
    uint32_t first_title = last;
    uint32_t last_title = last;
    for (uint32_t k = first; k < last; ++k) {
      if (!tokens_[k].capitalised && tokens_[k].kind == TokenKind::kWord && first_title < last &&
          k > last_title + 1) {
        break;  // "Professor Carl Lipo of [...]": titles of the organisation are not his
      }
      if (IsTitleWord(Word(k))) {
        if (first_title == last) first_title = k;
        last_title = k;
      }
    }
    if (first_title < last) {
      uint32_t name = last_title + 1;
      while (name < last && !IsWordToken(tokens_[name])) ++name;  // "Mr. Smith"
      if (name < last && !tokens_[name].capitalised) {
        // "Secretary of State George Shultz", "Director of National
        // Intelligence John Ratcliffe": what follows "of" names the office
        // but for the last two words (one when only two follow).
        uint32_t words = 0;
        for (uint32_t k = name + 1; k < last; ++k) words += IsWordToken(tokens_[k]) ? 1 : 0;
        uint32_t keep = words >= 3 ? 2 : words == 2 ? 1 : 0;
        // "High Commissioner for Human Rights": a common word that is no
        // name ends the office, not a person.
        if (keep == 1 && (Lexicon::Get().FlagsOf(Word(last - 1)) &
                          (kLexCommonWord | kLexProperNoun)) == kLexCommonWord) {
          keep = 0;
        }
        uint32_t start = last;
        for (uint32_t kept = 0; kept < keep && start > name + 1;) {
          --start;
          if (!IsWordToken(tokens_[start])) continue;
          const bool initial = Word(start).size() == 1;  // "John F. Kennedy"
          if (!initial) ++kept;
        }
        name = keep == 0 ? last : start;
      }
      if (first_title == first && !HasConnector(name, last) && HasOrgWord(name, last) &&
          IsOrgWord(Word(last - 1))) {
        Emit(first, last, EntityKind::kOrganisation);  // "General Motors Corp"
        return;
      }
      // "[White House] Spokesman" names the organisation; "Energy
      // Secretary" and "Foreign Minister" are titles.
      if (first_title > first) Group(first, first_title, /*persons=*/false);
      if (name < last) Group(name, last);
      return;
    }
    Group(first, last);
  }

 private:
  std::string_view Word(uint32_t i) const { return TokenText(text_, tokens_[i]); }

  bool HasOrgWord(uint32_t first, uint32_t last) const {
    for (uint32_t k = first; k < last; ++k) {
      if (IsOrgWord(Word(k))) return true;
    }
    return false;
  }

  // The number of tokens of the longest gazetteer place opening [first, last).
  uint32_t PlacePrefix(uint32_t first, uint32_t last) const {
    const auto* entries = Gazetteer::Get().EntriesStartingWith(Word(first));
    if (entries == nullptr) return 0;
    for (const GazetteerEntry& e : *entries) {  // longest first
      if (e.needs_article || e.tokens.size() > last - first) continue;
      bool same = true;
      for (uint32_t k = 1; k < e.tokens.size() && same; ++k) same = Word(first + k) == e.tokens[k];
      if (same) return static_cast<uint32_t>(e.tokens.size());
    }
    return 0;
  }

  void Group(uint32_t first, uint32_t last, bool persons = true) {
    while (first < last && !tokens_[first].capitalised) ++first;  // "of [the] University"
    if (first >= last) return;
    if (persons) {
      // "David Livermore of the University of East Anglia": a person of an
      // organisation.
      for (uint32_t k = first + 1; k < last; ++k) {
        const std::string_view w = Word(k);
        if (w != "of" && w != "for" && w != "from" && w != "at" && w != "on" && w != "in") {
          continue;
        }
        if (HasOrgWord(first, k) || IsPlace(text_, tokens_, first, k)) break;
        Group(first, k);
        Group(k + 1, last, /*persons=*/false);
        return;
      }
    }
    if (persons) {
      // "Santa Barbara County Sheriff Bill Brown": the name after the last
      // describing word.
      // ("High Commissioner for Human Rights": no name follows it.)
      for (uint32_t k = last - 1; k > first; --k) {
        if (tokens_[k - 1].capitalised && IsDescriptor(Word(k - 1))) {
          if (!tokens_[k].capitalised) {
            Group(first, last, /*persons=*/false);
            return;
          }
          Group(first, k - 1, /*persons=*/false);
          first = k;
          break;
        }
      }
      // "Kama Melly QC": a short all-capitals suffix after a name.
      if (last - first >= 3 && tokens_[last - 1].all_caps && Word(last - 1).size() <= 3 &&
          !IsOrgAcronym(Word(last - 1)) && !IsOrgWord(Word(last - 1))) {
        --last;
      }
      // "Amnesty International Man-kei Tam": an organisation, then a name.
      uint32_t org_end = first;
      for (uint32_t k = first; k < last; ++k) {
        if (IsOrgWord(Word(k))) org_end = k + 1;
      }
      if (org_end > first && last - org_end >= 2 && !HasConnector(org_end, last)) {
        Emit(first, org_end, EntityKind::kOrganisation);
        Group(org_end, last);
        return;
      }
    }
    if (HasOrgWord(first, last) || (last - first == 1 && IsOrgAcronym(Word(first)))) {
      Emit(first, last, EntityKind::kOrganisation);
      return;
    }
    if (IsPlace(text_, tokens_, first, last)) {
      Emit(first, last, EntityKind::kPlace);
      return;
    }
    // "(president of the) United States Joe Biden", "(senator from) Vermont
    // Bernie Sanders": a place, then a name of two words or more.
    if (const uint32_t place = PlacePrefix(first, last);
        persons && place > 0 && last - (first + place) >= 2) {
      Emit(first, first + place, EntityKind::kPlace);
      Group(first + place, last);
      return;
    }
    for (uint32_t k = first; k < last; ++k) {
      if (IsAcronym(text_, tokens_[k]) || IsOrgAcronym(Word(k))) {
        Emit(first, last, EntityKind::kOrganisation);
        return;
      }
    }
    if (!persons) return;
    // "Actor [Denzel Washington]", "Fourteen-year-old [Zoe]".
    while (first + 1 < last &&
           (IsDescriptor(Word(first)) || Word(first).find("-year-old") != std::string_view::npos)) {
      ++first;
    }
    // A lone capitalised common word ("Officials", "Residents") or a
    // people ("Ukrainians", "Japanese") is no name.
    // "Speaking to Agence France-Presse, ...": a sentence opening with a verb.
    const bool opening_verb = tokens_[first].sentence_start && Word(first).size() > 4 &&
                              Word(first).substr(Word(first).size() - 3) == "ing";
    if (last - first == 1 &&
        (IsCommonSubject(Word(first)) || IsStopWord(Word(first)) || IsDescriptor(Word(first)) ||
         IsDemonym(Word(first)) || opening_verb)) {
      return;
    }
    // "Miller and Smith" names two people.
    for (uint32_t k = first + 1; k < last; ++k) {
      if (Word(k) == "and") {
        Group(first, k);
        Group(k + 1, last);
        return;
      }
    }
    Emit(first, last, EntityKind::kPerson);
  }

  void Emit(uint32_t first, uint32_t last, EntityKind kind) {
    // "Abdel Fattah el-Sisi", "Bashar al-Assad": an Arabic particle joined to
    // a capitalised word ends the name.
    if (kind == EntityKind::kPerson && last < tokens_.size() && IsWordToken(tokens_[last]) &&
        tokens_[last].begin == tokens_[last - 1].end + 1 && HasArabicParticle(Word(last))) {
      ++last;
    }
    // A token cut short by the text's end (a truncated UTF-8 sequence) may
    // claim bytes past it.
    uint32_t end = std::min<uint32_t>(tokens_[last - 1].end, static_cast<uint32_t>(text_.size()));
    // "Wright's" names Wright.
    for (std::string_view possessive : {"'s", "\xE2\x80\x99s"}) {
      const std::string_view w = Word(last - 1);
      if (w.size() > possessive.size() + 1 &&
          w.substr(w.size() - possessive.size()) == possessive) {
        end -= static_cast<uint32_t>(possessive.size());
      }
    }
    out_.push_back({tokens_[first].begin, end, kind});
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  std::vector<SpeakerName>& out_;
};

bool IsSpaceByte(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// The word just before byte `pos` (periods and spaces skipped): "Mr" before
// "Smith" in "Mr. Smith".
std::string_view WordBefore(std::string_view text, size_t pos) {
  size_t end = std::min(pos, text.size());
  while (end > 0 && (IsSpaceByte(text[end - 1]) || text[end - 1] == '.')) --end;
  size_t begin = end;
  while (begin > 0 && std::isalpha(static_cast<unsigned char>(text[begin - 1]))) --begin;
  return text.substr(begin, end - begin);
}

// True when byte `pos` of `text` opens a sentence.
bool OpensSentence(std::string_view text, size_t pos) {
  size_t i = std::min(pos, text.size());
  while (i > 0 && (IsSpaceByte(text[i - 1]) || text[i - 1] == '"' || text[i - 1] == '\'')) --i;
  if (i >= 3 && (text.compare(i - 3, 3, "\xE2\x80\x9C") == 0)) i -= 3;
  if (i == 0 || text[i - 1] == '!' || text[i - 1] == '?') return true;
  if (text[i - 1] != '.') return false;
  const std::string_view before = WordBefore(text, i);  // "Mr. Smith", "John F. Kennedy"
  return !(IsTitleWord(before) || IsNonFinalAbbreviation(before) || before.size() == 1);
}

// True when the word after byte `end` is a lower-case role ("president",
// "prime minister"): the name before it qualifies that person.
bool QualifiesNext(std::string_view text, size_t end) {
  size_t w = std::min(end, text.size());
  while (w < text.size() && IsSpaceByte(text[w])) ++w;
  if (w == end || w >= text.size() || !std::islower(static_cast<unsigned char>(text[w]))) {
    return false;
  }
  size_t e = w;
  while (e < text.size() && (std::isalpha(static_cast<unsigned char>(text[e])) || text[e] == '-')) {
    ++e;
  }
  const std::string_view next = text.substr(w, e - w);
  return IsDescriptor(next) || IsRoleWord(next) || next == "prime";
}

// A sentence is looked back for over at most this many bytes: a longer one
// starts there (a paragraph of one endless sentence stays linear).
constexpr size_t kMaxSentenceBytes = 2000;

// The start of the sentence that holds the byte before `pos` in `text`.
size_t SentenceStart(std::string_view text, size_t pos) {
  pos = std::min(pos, text.size());
  const size_t limit = pos > kMaxSentenceBytes ? pos - kMaxSentenceBytes : 0;
  for (size_t i = pos; i > 1; --i) {
    if (i == limit) return limit;
    if (IsSpaceByte(text[i - 1]) && !IsSpaceByte(text[i]) && i < pos && OpensSentence(text, i)) {
      return i;
    }
  }
  return 0;
}

char TitleGender(std::string_view title) {
  for (std::string_view m : {"Mr", "Sir", "King", "Prince", "Lord", "Father", "Brother"}) {
    if (title == m) return 'm';
  }
  for (std::string_view f : {"Mrs", "Ms", "Miss", "Queen", "Princess", "Lady", "Dame", "Sister"}) {
    if (title == f) return 'f';
  }
  return 0;
}

char WordGender(std::string_view w) {
  if (w == "he" || w == "He" || w == "his" || w == "His" || w == "him") return 'm';
  if (w == "she" || w == "She" || w == "her" || w == "Her" || w == "hers") return 'f';
  return 0;
}

// The gender the first he/she/his/her in text[from, to) gives, stopping at
// the end of the sentence or a quotation mark.
char PronounGenderIn(std::string_view text, size_t from, size_t to) {
  to = std::min(to, text.size());
  for (size_t i = from; i < to;) {
    const char c = text[i];
    if (c == '.' || c == '"' || c == '!' || c == '?' || c == '\xE2') return 0;
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < to && std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
    if (const char g = WordGender(text.substr(i, j - i))) return g;
    i = j;
  }
  return 0;
}

// The words that give a name's role, lower case, separated by spaces:
// capitalised words and "of" back from `pos` ("President of Argentina
// [Alberto Fernandez]") and the lower-case role word before them
// ("archbishop [Monsenor] Jorge Scheinig"), at most four words.
std::string RoleWordsBefore(std::string_view text, size_t pos) {
  std::string words;
  size_t at = pos;
  for (int k = 0; k < 4; ++k) {
    const std::string_view w = WordBefore(text, at);
    if (w.empty() || w.size() > 32) break;
    // WordBefore skips only spaces and periods: a comma or a quote ends the run.
    const size_t w_begin = static_cast<size_t>(w.data() - text.data());
    for (size_t i = w_begin + w.size(); i < at; ++i) {
      if (!IsSpaceByte(text[i]) && text[i] != '.') return words;
    }
    const bool capitalised = std::isupper(static_cast<unsigned char>(w[0])) != 0;
    const bool role = !capitalised && (IsDescriptor(w) || IsRoleWord(w));
    if (!capitalised && !role && w != "of") break;
    if (!words.empty()) words += ' ';
    for (char c : w) words += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (role) break;
    at = w_begin;
  }
  return words;
}

bool HasWord(std::string_view words, std::string_view word) {
  for (size_t i = 0; i <= words.size();) {
    const size_t space = words.find(' ', i);
    const size_t end = space == std::string_view::npos ? words.size() : space;
    if (words.substr(i, end - i) == word) return true;
    i = end + 1;
  }
  return false;
}

std::string_view LastWord(std::string_view name) {
  const size_t space = name.rfind(' ');
  return space == std::string_view::npos ? name : name.substr(space + 1);
}

// A person the article names, with every mention's evidence of gender.
struct Person {
  std::string name;
  char gender = 0;
  bool conflicting = false;  // Mr in one place, she in another: unknown

  void Note(char g) {
    if (g == 0 || conflicting) return;
    if (gender == 0) gender = g;
    else if (gender != g) conflicting = true;
  }
  char Gender() const { return conflicting ? 0 : gender; }
};

struct Mention {
  uint32_t paragraph;
  uint32_t begin;
  size_t person;
  bool candidate;    // may be who a pronoun stands for
  bool spoken_to;    // "Speaking to X", "told X": not a candidate, nor a stop
  std::string role;  // RoleWordsBefore the name: "commissioner", "president of argentina"
};

// Mentions further back than this are not weighed for a pronoun: in a
// longer list the answer would be a guess anyway.
constexpr size_t kMaxMentionsBack = 200;

class ArticlePeople {
 public:
  ArticlePeople(const Article& article, const std::vector<Quote>& quotes) : article_(article) {
    std::vector<SpeakerName> names;
    size_t q = 0;
    for (size_t p = 0; p < article.body.size(); ++p) {
      const std::string& text = article.body[p];
      FindSpeakerNames(text, names);
      // Names inside quotations are not the people the narration tracks.
      while (q < quotes.size() && quotes[q].paragraph < p) ++q;
      std::vector<std::pair<size_t, size_t>> quoted;
      for (size_t k = q; k < quotes.size() && quotes[k].paragraph == p; ++k) {
        quoted.emplace_back(quotes[k].offset, quotes[k].offset + quotes[k].text.size());
      }
      // So are names inside quotation marks that no quotation covers (too
      // short: "Overall," he said), and a lone capitalised word opening a
      // sentence, unless it is the surname of someone named before.
      size_t scanned = 0;
      size_t straight = 0;
      int curly = 0;
      std::vector<size_t> in_paragraph;
      for (const SpeakerName& n : names) {
        for (; scanned < n.begin; ++scanned) {
          if (text[scanned] == '"') ++straight;
          if (text.compare(scanned, 3, "\xE2\x80\x9C") == 0) ++curly;
          if (text.compare(scanned, 3, "\xE2\x80\x9D") == 0) --curly;
        }
        if (n.kind != EntityKind::kPerson || straight % 2 == 1 || curly > 0) continue;
        const bool inside = std::any_of(quoted.begin(), quoted.end(), [&](const auto& r) {
          return n.begin >= r.first && n.begin < r.second;
        });
        if (inside) continue;
        const std::string_view name = std::string_view(text).substr(n.begin, n.end - n.begin);
        if (name.find(' ') == std::string_view::npos && OpensSentence(text, n.begin) &&
            !by_surname_.contains(std::string(name))) {
          continue;
        }
        // "such as European countries", "West German": a people's adjective
        // names no one.
        if (IsNationalityAdjective(LastWord(name)) || IsDemonym(LastWord(name))) continue;
        // "on Twitter", "in Kenmore", "the EastAfrican": more often a medium or
        // a place; "speaking to Martin Smith, he said": not who spoke. Such a
        // mention still gives a surname its full name.
        std::string_view before = WordBefore(text, n.begin);
        for (int titles = 0; titles < 4 && !before.empty() && IsTitleWord(before); ++titles) {
          before = WordBefore(text, static_cast<size_t>(before.data() - text.data()));  // "to Mr."
        }
        // "Turkish president X": a one-word name before a role only
        // qualifies it.
        const bool modifier =
            name.find(' ') == std::string_view::npos && QualifiesNext(text, n.end);
        // "Cengiz called Mohammad's admission ...": an owner is no subject.
        const bool owner = n.end < text.size() &&
                           (text[n.end] == '\'' || text.compare(n.end, 3, "\xE2\x80\x99") == 0);
        // "Favoured Nation", "Silkworm": a name that opens with a common
        // word that is no name is more likely a thing.
        const uint8_t flags = Lexicon::Get().FlagsOf(name.substr(0, name.find(' ')));
        const bool thing = (flags & kLexCommonWord) != 0 &&
                           (flags & (kLexProperNoun | kLexMaleName | kLexFemaleName)) == 0;
        const bool candidate =
            !modifier && !owner && !thing &&
            !(before == "on" || before == "in" || before == "at" || before == "via" ||
              before == "from" || before == "into" || before == "to" || before == "with" ||
              before == "the" || before == "The");
        const size_t person = PersonOf(text.substr(n.begin, n.end - n.begin));
        persons_[person].Note(TitleGender(WordBefore(text, n.begin)));
        std::string role = RoleWordsBefore(text, n.begin);
        mentions_.push_back({static_cast<uint32_t>(p), n.begin, person, candidate,
                             before == "to" || before == "with", std::move(role)});
        in_paragraph.push_back(mentions_.size() - 1);
      }
      // "Smith said he ...": a he/she after a name, before the next name.
      for (size_t k = 0; k < in_paragraph.size(); ++k) {
        const Mention& m = mentions_[in_paragraph[k]];
        const size_t next =
            k + 1 < in_paragraph.size() ? mentions_[in_paragraph[k + 1]].begin : text.size();
        const size_t after = text.find_first_of(" \n", m.begin);
        if (!m.candidate || after == std::string::npos || after >= next) continue;
        persons_[m.person].Note(PronounGenderIn(text, after, next));
      }
    }
  }

  // The person a he (`gender` 'm') or she ('f') before (paragraph, offset) is.
  std::string ResolvePronoun(char gender, uint32_t paragraph, uint32_t offset) const {
    size_t end = Before(paragraph, offset);
    std::vector<size_t> seen;
    bool ambiguous_newer = false;
    for (size_t i = end, steps = 0; i > 0 && steps < kMaxMentionsBack; --i, ++steps) {
      if (!mentions_[i - 1].candidate) continue;
      const size_t id = mentions_[i - 1].person;
      if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
      seen.push_back(id);
      const char g = persons_[id].Gender();
      if (g == gender) return ambiguous_newer ? "" : persons_[id].name;
      if (g == 0) ambiguous_newer = true;
    }
    if (end > kMaxMentionsBack) return "";
    // No one named of that gender: only the one person the article names.
    std::vector<size_t> candidates;
    for (size_t id : seen) {
      if (persons_[id].Gender() == 0) candidates.push_back(id);
    }
    return seen.size() == 1 && candidates.size() == 1 ? persons_[candidates[0]].name : "";
  }

  // The person a he/she at (paragraph, offset) is by the sentences around
  // it: the first person of that gender (else the only one of unknown
  // gender) named in its sentence before it, else in the sentence before that ("USCG Captain
  // Jane Roe told the press ... \"...\" she said"), going back over at most
  // three sentences that name no one; "" when none is found.
  std::string ResolvePronounBySentence(char gender, uint32_t paragraph, uint32_t offset) const {
    uint32_t p = paragraph;
    size_t end = offset;
    for (int sentences = 0; sentences < 4; ++sentences) {
      const std::string& text = article_.body[p];
      const size_t start = SentenceStart(text, end);
      size_t unknown = kNone;
      bool several_unknown = false;
      bool anyone = false;
      for (size_t i = Before(p, static_cast<uint32_t>(start)),
                  last = Before(p, static_cast<uint32_t>(end));
           i < last; ++i) {
        // "Speaking to Martin Smith of PBS, he said": look further back.
        if (mentions_[i].spoken_to) continue;
        anyone = true;
        if (!mentions_[i].candidate) continue;
        const size_t id = mentions_[i].person;
        const char g = persons_[id].Gender();
        if (g == gender) return persons_[id].name;
        if (g != 0) continue;
        if (unknown == kNone) unknown = id;
        if (unknown != id) several_unknown = true;  // "Orr met Lev. He said"
      }
      if (unknown != kNone && !several_unknown) return persons_[unknown].name;
      if (anyone) return "";
      if (start > 0) {
        end = start;
      } else if (p > 0) {
        --p;
        end = article_.body[p].size();
      } else {
        return "";
      }
    }
    return "";
  }

  // True when a person who may be a pronoun's is named between (paragraph,
  // offset) `from` and `to`.
  bool CandidateBetween(uint32_t from_paragraph, uint32_t from_offset, uint32_t to_paragraph,
                        uint32_t to_offset) const {
    for (size_t i = Before(from_paragraph, from_offset), last = Before(to_paragraph, to_offset);
         i < last; ++i) {
      if (mentions_[i].candidate) return true;
    }
    return false;
  }

  // The person "the commissioner" (`role`, lower case) before (paragraph,
  // offset) is: the one person named after that word before ("trade
  // commissioner Albert Muchanga"); "" when none or several.
  std::string PersonOfRole(std::string_view role, uint32_t paragraph, uint32_t offset) const {
    const size_t end = Before(paragraph, offset);
    size_t found = kNone;
    for (size_t i = 0; i < end; ++i) {
      if (!HasWord(mentions_[i].role, role)) continue;
      if (found != kNone && found != mentions_[i].person) return "";
      found = mentions_[i].person;
    }
    return found == kNone ? "" : persons_[found].name;
  }

  // The full name a one-word `surname` before (paragraph, offset) stands for.
  std::string FullName(std::string_view surname, uint32_t paragraph, uint32_t offset) const {
    const size_t end = Before(paragraph, offset);
    std::string found;
    std::vector<bool> checked(persons_.size(), false);
    for (size_t i = 0; i < end; ++i) {
      const size_t id = mentions_[i].person;
      if (checked[id]) continue;
      checked[id] = true;
      const std::string& name = persons_[id].name;
      // A full name is two or three words ("Minority Whip Dick Durbin" is
      // more likely a title the reader did not know).
      if (name.size() <= surname.size() || LastWord(name) != surname ||
          std::count(name.begin(), name.end(), ' ') > 2) {
        continue;
      }
      if (!found.empty() && found != name) return "";  // two Smiths: not a guess
      found = name;
    }
    if (!found.empty()) return found;
    // "Wikinews reached out to Sergey M. ... Sergey said": the one two-word
    // name that opens with the word, when none ends with it.
    std::fill(checked.begin(), checked.end(), false);
    for (size_t i = 0; i < end; ++i) {
      const size_t id = mentions_[i].person;
      if (checked[id]) continue;
      checked[id] = true;
      const std::string& name = persons_[id].name;
      if (std::count(name.begin(), name.end(), ' ') != 1 || name.size() <= surname.size() + 1 ||
          name.compare(0, surname.size(), surname) != 0 || name[surname.size()] != ' ') {
        continue;
      }
      // The second word an initial or a name, not a common word ("Yeutter
      // Speaking").
      const std::string_view second = LastWord(name);
      if (second.size() > 1 && (Lexicon::Get().FlagsOf(second) & kLexCommonWord) != 0) continue;
      if (!found.empty() && found != name) return "";
      found = name;
    }
    return found;
  }

 private:
  // The number of mentions before (paragraph, offset).
  size_t Before(uint32_t paragraph, uint32_t offset) const {
    const auto it =
        std::lower_bound(mentions_.begin(), mentions_.end(), std::make_pair(paragraph, offset),
                         [](const Mention& m, const std::pair<uint32_t, uint32_t>& at) {
                           return m.paragraph != at.first ? m.paragraph < at.first
                                                          : m.begin < at.second;
                         });
    return static_cast<size_t>(it - mentions_.begin());
  }

  // A person's id: a one-word name that ends exactly one earlier full name is
  // that person ("Okafor" after "Amara Okafor").
  size_t PersonOf(std::string_view name) {
    if (const auto it = by_name_.find(std::string(name)); it != by_name_.end()) return it->second;
    if (name.find(' ') == std::string_view::npos) {
      if (const auto it = by_surname_.find(std::string(name));
          it != by_surname_.end() && it->second != kAmbiguous) {
        return it->second;
      }
    }
    persons_.push_back({std::string(name)});
    const size_t id = persons_.size() - 1;
    by_name_.emplace(std::string(name), id);
    if (name.find(' ') != std::string_view::npos) {
      auto [it, added] = by_surname_.emplace(std::string(LastWord(name)), id);
      if (!added && it->second != id) it->second = kAmbiguous;
    }
    return id;
  }

  static constexpr size_t kAmbiguous = static_cast<size_t>(-1);
  static constexpr size_t kNone = static_cast<size_t>(-1);
  const Article& article_;
  std::vector<Person> persons_;
  std::vector<Mention> mentions_;  // in text order
  std::map<std::string, size_t> by_name_;
  std::map<std::string, size_t> by_surname_;
};

// Words that may follow the role in a "the president had previously"
// attribution.
bool IsAuxiliaryOrAdverb(std::string_view w) {
  for (std::string_view a : {"had", "has", "have", "also", "then", "later", "further", "again",
                             "once", "too", "earlier", "himself", "herself", "would", "will"}) {
    if (w == a) return true;
  }
  return w.size() > 4 && w.substr(w.size() - 2) == "ly";  // "previously"
}

// The role of a "the commissioner" attribution, lower case ("" otherwise):
// also "the prime minister" (the last word), "the president had previously".
std::string RoleOf(std::string_view attribution) {
  if (attribution.size() > 60) return "";
  std::vector<std::string_view> words;
  for (size_t i = 0; i < attribution.size();) {
    const size_t space = attribution.find(' ', i);
    const size_t end = space == std::string_view::npos ? attribution.size() : space;
    if (end > i) words.push_back(attribution.substr(i, end - i));
    i = end + 1;
  }
  if (words.size() < 2 || (words[0] != "the" && words[0] != "The")) return "";
  while (words.size() > 2 && IsAuxiliaryOrAdverb(words.back())) words.pop_back();
  if (words.size() > 3) return "";
  for (size_t k = 1; k < words.size(); ++k) {
    if (!std::all_of(words[k].begin(), words[k].end(), [](char c) {
          return std::islower(static_cast<unsigned char>(c)) || c == '-';
        })) {
      return "";
    }
  }
  const std::string_view role = words.back();
  if (!(IsDescriptor(role) || IsRoleWord(role)) || role == "family" || role == "government" ||
      role == "campaign" || role == "office" || role == "statement" || role == "team" ||
      role == "administration" || role == "source" || role == "sources" || role == "supporters" ||
      role == "officials" || role == "aides" || role == "member" || role == "police") {
    return "";
  }
  return std::string(role);
}

// True when `w` is written in capitals only, 2 to 8 letters: "RIAA".
bool IsAcronymWord(std::string_view w) {
  return w.size() >= 2 && w.size() <= 8 && std::all_of(w.begin(), w.end(), [](char c) {
           return std::isupper(static_cast<unsigned char>(c));
         });
}

// The name the article spells out for an acronym: "Recording Industry
// Association of America (RIAA)" for RIAA (the capitalised words before
// "(RIAA)" whose initials spell it, "of", "for", "and", "the" and "on"
// between them); "" when the article does not.
std::string SpelledOut(const Article& article, std::string_view acronym) {
  const std::string needle = "(" + std::string(acronym) + ")";
  for (const std::string& text : article.body) {
    for (size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + needle.size())) {
      size_t begin = at;
      size_t letters = acronym.size();
      size_t name_begin = std::string::npos;
      size_t name_end = std::string::npos;
      int connectors = 0;
      while (letters > 0 && begin > 0 && connectors <= 4) {
        size_t end = begin;
        while (end > 0 && text[end - 1] == ' ') --end;
        size_t word_end = end;
        if (word_end > 0 && text[word_end - 1] == '\'') --word_end;  // "Bishops' Conference"
        size_t start = word_end;
        while (start > 0 && (std::isalpha(static_cast<unsigned char>(text[start - 1])) ||
                             text[start - 1] == '-')) {
          --start;
        }
        const std::string_view word = std::string_view(text).substr(start, word_end - start);
        if (word.empty()) break;
        if (name_end == std::string::npos) name_end = end;
        if (word == "of" || word == "for" || word == "and" || word == "the" || word == "on") {
          ++connectors;
          begin = start;
          continue;
        }
        if (word[0] != acronym[letters - 1]) break;
        --letters;
        name_begin = start;
        begin = start;
      }
      if (letters == 0 && name_end != std::string::npos && name_begin < name_end) {
        return text.substr(name_begin, name_end - name_begin);
      }
    }
  }
  return "";
}

bool NeedsArticle(const Quote& q, const std::vector<bool>& continues, size_t i) {
  return PronounGender(q.attribution) != 0 ||
         (q.speaker.empty() && !RoleOf(q.attribution).empty()) ||
         (!q.speaker.empty() && q.speaker.find(' ') == std::string::npos) ||  // also "RIAA"
         (i < continues.size() && continues[i]);
}

// Words for what an organisation or a person publishes: "the WHO's
// website", "RIAA's take-down notice".
bool IsDocumentNoun(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords{
      "website", "statement", "notice",  "report",       "release", "letter",
      "post",    "tweet",     "account", "announcement", "filing",  "complaint",
      "memo",    "document",  "blog",    "newsletter",   "page",    "communique"};
  return kWords.count(w) > 0;
}

// "[The] X's [...] website/statement/notice": X, written in capitals (a
// name or an acronym), when the words after it end in a document noun;
// else "".
std::string OwnerOfDocument(std::string_view attribution) {
  if (attribution.size() > 200) return "";
  size_t mark = attribution.find("'s ");
  size_t mark_size = 3;
  if (const size_t curly = attribution.find("\xE2\x80\x99s "); curly < mark) {
    mark = curly;
    mark_size = 5;
  }
  if (mark == std::string_view::npos || mark == 0) return "";
  std::string_view owner = attribution.substr(0, mark);
  if (owner.starts_with("The ") || owner.starts_with("the ")) owner.remove_prefix(4);
  if (owner.empty()) return "";
  // Every word of the owner capitalised, no punctuation but - and .
  bool word_start = true;
  for (char c : owner) {
    if (c == ' ') {
      word_start = true;
      continue;
    }
    if (word_start && !std::isupper(static_cast<unsigned char>(c))) return "";
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' &&
        static_cast<unsigned char>(c) < 0x80) {
      return "";
    }
    word_start = false;
  }
  // What follows: a few words, the last a document noun.
  const std::string_view rest = attribution.substr(mark + mark_size);
  if (rest.empty() || rest.size() > 40 || rest.find_first_of(",;:") != std::string_view::npos) {
    return "";
  }
  const size_t space = rest.rfind(' ');
  const std::string_view head = space == std::string_view::npos ? rest : rest.substr(space + 1);
  return IsDocumentNoun(head) ? std::string(owner) : "";
}

}  // namespace

void FindSpeakerNames(std::string_view text, std::vector<SpeakerName>& out) {
  out.clear();
  thread_local std::vector<Token> tokens;
  Tokenize(text, tokens);
  NameClassifier classifier(text, tokens, out);
  const auto n = static_cast<uint32_t>(tokens.size());
  for (uint32_t i = 0; i < n;) {
    if (!IsWordToken(tokens[i]) || !tokens[i].capitalised) {
      ++i;
      continue;
    }
    const Span s = ReadPhraseForward(text, tokens, i);
    if (s.empty()) {
      ++i;
      continue;
    }
    classifier.Classify(s);
    i = std::max(i + 1, s.last);
  }
}

std::string SpeakerFromAttribution(std::string_view attribution, bool name_first) {
  if (std::string owner = OwnerOfDocument(attribution); !owner.empty()) return owner;
  // "A source within the Interior Ministry": an unnamed speaker.
  for (std::string_view anonymous :
       {"A source ", "a source ", "Sources ", "sources ", "One source ", "one source ",
        "A senior source ", "a senior source "}) {
    if (attribution.starts_with(anonymous)) return "";
  }
  thread_local std::vector<SpeakerName> names;
  FindSpeakerNames(attribution, names);
  // Before the first comma the name closest to the verb is who spoke ("Vatican
  // archbishop Charles Scicluna"); an apposition comes after it.
  const size_t comma = attribution.find(',');
  const SpeakerName* person = nullptr;
  const SpeakerName* org = nullptr;
  for (const SpeakerName& n : names) {
    if (person != nullptr && n.begin > comma) break;
    if (n.kind == EntityKind::kOrganisation && org == nullptr) org = &n;
    if (n.kind != EntityKind::kPerson) continue;
    const std::string_view before = WordBefore(attribution, n.begin);
    const bool object = before == "of" || before == "for" || before == "to" || before == "with" ||
                        before == "about" || before == "by" || before == "on" ||
                        before == "against" || before == "from" || before == "without" ||
                        before == "Without";
    // "Trump's lawyer": the lawyer spoke.
    const bool owner =
        n.end < attribution.size() &&
        (attribution[n.end] == '\'' || attribution.substr(n.end, 3) == "\xE2\x80\x99");
    // "the Wooster professor": the name only qualifies who spoke.
    const std::string_view after = attribution.substr(n.end);
    size_t w = 0;
    while (w < after.size() && IsSpaceByte(after[w])) ++w;
    size_t e = w;
    while (e < after.size() &&
           (std::isalpha(static_cast<unsigned char>(after[e])) || after[e] == '-')) {
      ++e;
    }
    const std::string_view next = after.substr(w, e - w);
    const bool modifier = w > 0 && !next.empty() &&
                          std::islower(static_cast<unsigned char>(next[0])) &&
                          (IsDescriptor(next) || IsRoleWord(next));
    if (object || owner || modifier) continue;
    // "Warren commended Biden for ... and said": a verb between two names
    // leaves its subject the speaker.
    // ("Newly elected Assemblywoman ...": a lone word opening the sentence
    // is not taken for a subject.)
    const std::string_view subject =
        person == nullptr ? "" : attribution.substr(person->begin, person->end - person->begin);
    if (person != nullptr &&
        !(subject.find(' ') == std::string_view::npos &&
          OpensSentence(attribution, person->begin)) &&
        HasPastTenseWord(attribution.substr(person->end, n.begin - person->end))) {
      break;
    }
    person = &n;
    if (name_first) break;
  }
  const SpeakerName* chosen = person != nullptr ? person : org;
  if (chosen == nullptr) return "";
  const std::string_view name = attribution.substr(chosen->begin, chosen->end - chosen->begin);
  // "a Western aid specialist", "another", "a British official": a
  // description, not a name.
  if (name.find(' ') == std::string_view::npos &&
      (IsNationalityAdjective(name) || name == "Another" || name == "Other" ||
       (name.size() > 4 && name.substr(name.size() - 3) == "ese"))) {
    return "";
  }
  return std::string(name);
}

char PronounGender(std::string_view attribution) {
  const size_t space = attribution.find(' ');
  const std::string_view first = attribution.substr(0, space);
  char gender = 0;
  if (first == "he" || first == "He") gender = 'm';
  if (first == "she" || first == "She") gender = 'f';
  if (gender == 0 || space == std::string_view::npos) return gender;
  // "she further", "he underlined the call for cooperation by": the
  // pronoun is the subject when a lower-case word (no "and", no "or")
  // follows it.
  size_t w = space;
  while (w < attribution.size() && attribution[w] == ' ') ++w;
  size_t e = w;
  while (e < attribution.size() && std::isalpha(static_cast<unsigned char>(attribution[e]))) ++e;
  const std::string_view second = attribution.substr(w, e - w);
  if (second.empty() || !std::islower(static_cast<unsigned char>(second[0])) || second == "and" ||
      second == "or") {
    return 0;
  }
  // "He approached a director who": someone else may speak.
  for (std::string_view relative : {" who", " whom", " which"}) {
    const size_t at = attribution.find(relative);
    if (at != std::string_view::npos &&
        (at + relative.size() == attribution.size() || attribution[at + relative.size()] == ' ')) {
      return 0;
    }
  }
  return gender;
}

std::string PersonFromSpeaker(std::string_view speaker) {
  thread_local std::vector<SpeakerName> names;
  FindSpeakerNames(speaker, names);
  for (const SpeakerName& n : names) {
    if (n.kind == EntityKind::kPerson) return std::string(speaker.substr(n.begin, n.end - n.begin));
  }
  return "";
}

void ResolveSpeakers(const Article& article, std::vector<Quote>& quotes,
                     const std::vector<bool>& continues) {
  bool needed = false;
  for (size_t i = 0; i < quotes.size() && !needed; ++i)
    needed = NeedsArticle(quotes[i], continues, i);
  if (!needed) return;
  const ArticlePeople people(article, quotes);
  // The last quotation whose he (0) or she (1) was resolved, by index.
  size_t last_resolved[2] = {quotes.size(), quotes.size()};
  std::map<std::string, std::string, std::less<>> spelled_out;  // by acronym
  for (size_t i = 0; i < quotes.size(); ++i) {
    Quote& q = quotes[i];
    if (const char g = PronounGender(q.attribution); g != 0 && q.speaker.empty()) {
      // From where the attribution stands when it precedes the quotation:
      // "He argued that if Trump wins, \"...\"" is not Trump.
      uint32_t at = q.offset;
      if (q.paragraph < article.body.size() && !q.attribution.empty()) {
        const size_t before = article.body[q.paragraph].rfind(q.attribution, q.offset);
        if (before != std::string::npos) at = static_cast<uint32_t>(before);
      }
      q.speaker = people.ResolvePronounBySentence(g, q.paragraph, at);
      if (q.speaker.empty()) q.speaker = people.ResolvePronoun(g, q.paragraph, at);
      // "She explained, \"...\" ... Speaking to NBC News, she said, \"...\"":
      // the same she as the last one resolved, when no one is named between.
      // No quotation of anyone else between them either ("one analyst said").
      const size_t last = last_resolved[g == 'm' ? 0 : 1];
      if (q.speaker.empty() && last < i &&
          std::all_of(quotes.begin() + static_cast<std::ptrdiff_t>(last) + 1,
                      quotes.begin() + static_cast<std::ptrdiff_t>(i),
                      [&](const Quote& between) {
                        return between.speaker == quotes[last].speaker;
                      }) &&
          !people.CandidateBetween(quotes[last].paragraph, quotes[last].offset, q.paragraph, at)) {
        q.speaker = quotes[last].speaker;
      }
      // A he/she that is a one-word mention is the full name it stands for.
      if (!q.speaker.empty() && q.speaker.find(' ') == std::string::npos) {
        std::string full = people.FullName(q.speaker, q.paragraph, at);
        if (!full.empty()) q.speaker = std::move(full);
      }
      if (!q.speaker.empty()) last_resolved[g == 'm' ? 0 : 1] = i;
    } else if (const std::string role = RoleOf(q.attribution); q.speaker.empty() && !role.empty()) {
      q.speaker = people.PersonOfRole(role, q.paragraph, q.offset);
    } else if (!q.speaker.empty() && q.speaker.find(' ') == std::string::npos) {
      std::string full;
      if (IsAcronymWord(q.speaker)) {
        auto it = spelled_out.find(q.speaker);
        if (it == spelled_out.end()) {
          it = spelled_out.emplace(q.speaker, SpelledOut(article, q.speaker)).first;
        }
        full = it->second;
      } else {
        full = people.FullName(q.speaker, q.paragraph, q.offset);
      }
      if (!full.empty()) q.speaker = std::move(full);
    }
  }
  // A quotation over several paragraphs has one speaker, wherever it is named.
  for (size_t i = 0; i < quotes.size();) {
    size_t j = i;
    while (j + 1 < quotes.size() && j < continues.size() && continues[j] &&
           quotes[j + 1].paragraph == quotes[j].paragraph + 1 && quotes[j + 1].offset <= 4) {
      ++j;
    }
    std::string speaker;
    for (size_t k = i; k <= j && speaker.empty(); ++k) speaker = quotes[k].speaker;
    for (size_t k = i; k <= j; ++k) {
      if (quotes[k].speaker.empty()) quotes[k].speaker = speaker;
    }
    i = j + 1;
  }
}

}  // namespace morgue

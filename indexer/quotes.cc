// Quotation marks paired per paragraph; speakers from the words around them.
#include "indexer/quotes.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "indexer/analysis.h"
#include "indexer/entities_tokens.h"
#include "indexer/entities_words.h"
#include "indexer/speakers.h"

namespace morgue {
namespace {

enum class Mark : uint8_t { kStraight, kOpen, kClose };

struct QuoteMark {
  size_t begin;
  size_t end;
  Mark type;
};

void FindMarks(std::string_view p, std::vector<QuoteMark>& marks) {
  marks.clear();
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '"') {
      marks.push_back({i, i + 1, Mark::kStraight});
    } else if (p[i] == '\xE2' && i + 2 < p.size() && p[i + 1] == '\x80') {
      if (p[i + 2] == '\x9C') marks.push_back({i, i + 3, Mark::kOpen});
      if (p[i + 2] == '\x9D') marks.push_back({i, i + 3, Mark::kClose});
    }
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// A straight mark that closes a quotation opened before the paragraph:
// after sentence punctuation and before a space or the end.
bool LooksClosing(std::string_view p, const QuoteMark& m) {
  if (m.begin == 0) return false;
  const char before = p[m.begin - 1];
  const bool punct = before == '.' || before == ',' || before == '!' || before == '?';
  return punct && (m.end >= p.size() || IsSpace(p[m.end]));
}

uint32_t FirstTokenAtOrAfter(const std::vector<Token>& tokens, size_t pos) {
  const auto it = std::lower_bound(tokens.begin(), tokens.end(), pos,
                                   [](const Token& t, size_t at) { return t.begin < at; });
  return static_cast<uint32_t>(it - tokens.begin());
}

// An attribution is a clause of at most this many tokens.
constexpr uint32_t kMaxAttributionTokens = 24;
// Curly marks are balanced over at most this many marks after an opening
// one (a paragraph of unbalanced marks stays linear).
constexpr size_t kMaxNestedMarks = 16;
// A verb of speech is looked for this far back in a quotation's sentence.
constexpr uint32_t kMaxSentenceTokens = 48;

bool IsPassiveAuxiliary(std::string_view w) {
  for (std::string_view a : {"was", "were", "is", "are", "be", "been", "being", "got", "get"}) {
    if (w == a) return true;
  }
  return false;
}

// Verbs that introduce a quotation later in their sentence ("called the
// plan", "described it to the BBC:"), besides IsSpeechVerb's.
bool IsQuotingVerb(std::string_view w) {
  if (w == "saying" || w == "according") return false;
  if (IsSpeechVerb(w)) return true;
  for (std::string_view v :
       {"called",     "described", "remarked",   "commented", "proposed", "elaborated",
        "urged",      "lamented",  "posted",     "responded", "admitted", "stressed",
        "concluded",  "recalled",  "reiterated", "labelled",  "labeled",  "branded",
        "dubbed",     "termed",    "cited",      "wrote",     "tweeted",  "says",
        "told",       "exclaimed", "added",      "claimed",   "alleged",  "underlined",
        "emphasised", "emphasized"}) {
    if (w == v) return true;
  }
  return false;
}

bool IsConjunction(std::string_view w) {
  return w == "and" || w == "but" || w == "or" || w == "then" || w == "while";
}

bool IsDash(std::string_view w) { return w == "\xE2\x80\x94" || w == "-" || w == "\xE2\x80\x93"; }

// Words that may follow "X said" when the clause still attributes a
// quotation: "said in a statement", "told reporters".
bool IsAttributionTail(std::string_view w) {
  for (std::string_view t : {"in", "on", "at", "to", "after", "during", "from", "via", "through",
                             "while", "when", "before"}) {
    if (w == t) return true;
  }
  return false;
}

bool IsQuoteMarkWord(std::string_view w) {
  return w == "\"" || w == "\xE2\x80\x9C" || w == "\xE2\x80\x9D";
}

bool EndsClauseWord(std::string_view w) {
  return w == "." || w == "!" || w == "?" || w == ";" || w == ":" || w == "\"" || w == "(" ||
         w == ")" || w == "\xE2\x80\x9C" || w == "\xE2\x80\x9D" || IsDash(w);
}

// Words after a comma that start a new clause, not an apposition ("Smith,
// who ...", "Smith, adding ...").
bool StartsSubordinate(std::string_view w) {
  for (std::string_view s :
       {"who",      "which",  "that",    "adding", "saying", "as",       "when",   "while",
        "after",    "before", "because", "and",    "but",    "although", "though", "referring",
        "speaking", "citing", "in",      "on",     "at",     "during"}) {
    if (w == s) return true;
  }
  return IsSpeechVerb(w);
}

// Finds the words that attribute a quotation: after it ("," Smith said;
// said John Smith, the chairman; -- NBC) or before it (Smith said: "...").
class SpeakerFinder {
 public:
  SpeakerFinder(std::string_view p, const std::vector<Token>& tokens) : p_(p), tokens_(tokens) {}

  // Sets `name_first` when the name opens the attribution ("said John Smith,
  // the chairman of X"), as opposed to ending it ("Vatican archbishop John
  // Smith said").
  // `sentence_ended`: the quotation ended with . ! or ? inside its marks.
  std::string_view After(size_t pos, bool sentence_ended, bool& name_first) const {
    name_first = true;
    uint32_t a = FirstTokenAtOrAfter(tokens_, pos);
    const auto n = static_cast<uint32_t>(tokens_.size());
    if (a < n && Word(a) == ",") ++a;
    if (a >= n) return {};
    const std::string_view w = Word(a);
    if (w == "according") return a + 1 < n && Word(a + 1) == "to" ? Apposed(a + 2) : "";
    if (IsSpeechVerb(w) && w != "saying") return Apposed(a + 1);
    if (IsDash(w)) return Clause(a + 1);
    name_first = false;
    // "\"...\" and the paper wrote \"...\"": the next quotation's.
    if (IsConjunction(w)) return {};
    // "Jeff Rathke, the State Department spokesperson, said": the words up to
    // the verb, with at most one apposition between commas.
    uint32_t commas = 0;
    for (uint32_t k = a; k < n && k < a + kMaxAttributionTokens; ++k) {
      const std::string_view v = Word(k);
      if (EndsClause(k)) return {};
      if (v == ",") {
        if (++commas > 2) return {};
        continue;
      }
      if (!IsSpeechVerb(v) || v == "according" || v == "saying") continue;
      if (k == a || (commas == 1) || (commas == 2 && Word(k - 1) != ",")) return {};
      // After a quotation that ended its sentence, a new sentence that
      // reports speech ("Ada Quist said the report was ...") is no
      // attribution; "Ada Quist said." and "... said in a statement" are.
      if (sentence_ended && v != "told" && k + 1 < n && !EndsClause(k + 1) && Word(k + 1) != "," &&
          !IsAttributionTail(Word(k + 1))) {
        return {};
      }
      // "... incident.\" An official stated: \"...\"": a new sentence that
      // introduces the next quotation.
      if (sentence_ended && k + 1 < n && (Word(k + 1) == ":" || IsQuoteMarkWord(Word(k + 1)))) {
        return {};
      }
      return Text(a, commas == 2 ? k - 1 : k);
    }
    return {};
  }

  // Sets `person_only` when only a person named there may be the speaker
  // ("the spokesman of X was seen ..., saying": not X).
  std::string_view Before(size_t pos, bool& name_first, bool& person_only) const {
    name_first = false;
    person_only = false;
    uint32_t b = FirstTokenAtOrAfter(tokens_, pos);  // tokens [0, b) precede the quote
    if (b > 0 && (Word(b - 1) == ":" || Word(b - 1) == ",")) --b;
    const uint32_t start = b;
    for (uint32_t steps = 0; b > 0 && steps < 6; ++steps, --b) {
      const uint32_t v = b - 1;
      const std::string_view w = Word(v);
      if (w == "." || w == "\"" || w == "!" || w == "?") break;
      if (w == "according" || w == "According") {  // "According to X, \"...\""
        name_first = true;
        return v + 1 < start && Word(v + 1) == "to" ? Apposed(v + 2) : "";
      }
      if (!IsSpeechVerb(w) || w == "saying") continue;
      return SubjectOrFirst(v);
    }
    // "Jane Doe called the plan \"a disaster\"", "Doe tweeted he would come:
    // \"...\"": the verb of speech closest to the quotation in its sentence.
    for (uint32_t v = start; v > 0 && start - v < kMaxSentenceTokens;) {
      --v;
      if (EndsClause(v) && Word(v) != ":") return {};
      if (Word(v) == "saying" || Word(v) == "adding") {
        name_first = true;
        person_only = true;
        return SentenceSubject(v);
      }
      // "the Ministry denounced the summit, calling the agreements \"...\"":
      // the sentence's subject, a person or an organisation.
      if (Word(v) == "calling" && v > 0 && Word(v - 1) == ",") {
        name_first = true;
        return SentenceSubject(v);
      }
      if (!IsQuotingVerb(Word(v))) continue;
      // "was described by the council as": the speaker is no subject, but
      // the council.
      if (v > 0 && IsPassiveAuxiliary(Word(v - 1))) {
        name_first = true;
        return Agent(v, start);
      }
      return SubjectOrFirst(v);
    }
    return {};
  }

 private:
  std::string_view Word(uint32_t i) const { return TokenText(p_, tokens_[i]); }

  // "Smith gave his thanks, adding, \"...\"": the sentence's words before the
  // participle at token `v`, whose first person is its subject.
  std::string_view SentenceSubject(uint32_t v) const {
    uint32_t first = v;
    while (first > 0 && v - first < kMaxSentenceTokens && !EndsClause(first - 1)) --first;
    if (first > 0 && !EndsClause(first - 1)) return {};  // too long to tell
    return Text(first, v);
  }

  // The subject of the verb at token `v`; "Duda characterised the deaths as
  // \"crushing\" and wrote \"...\"": the subject of the first verb.
  std::string_view SubjectOrFirst(uint32_t v) const {
    std::string_view subject = Subject(v);
    const std::string_view first = FirstWord(subject);
    // "tour manager Thomas Gray, 24, who cited ...": the words before "who".
    if (first == "who" && subject.size() == 3) return Antecedent(v);
    if (!subject.empty() && !IsConjunction(first)) return subject;
    // "... and the paper wrote": the paper.
    if (first.size() < subject.size()) {
      subject.remove_prefix(first.size());
      while (!subject.empty() && subject.front() == ' ') subject.remove_prefix(1);
      return subject;
    }
    return CoordinatedSubject(v);
  }

  // The agent of the passive verb at token `v`, before token `end`: "the
  // CBCP" in "was described by the CBCP as"; "" when there is none.
  std::string_view Agent(uint32_t v, uint32_t end) const {
    for (uint32_t k = v + 1; k < end && k < v + 4; ++k) {
      if (Word(k) != "by") continue;
      uint32_t last = k + 1;
      while (last < end && last < k + 1 + kMaxAttributionTokens && !EndsClause(last) &&
             Word(last) != "as" && Word(last) != ",") {
        ++last;
      }
      return Text(k + 1, last);
    }
    return {};
  }

  // The clause before the ", who" that is the subject of the verb at token
  // `v`: "Another was tour manager Thomas Gray, 24" in "Another was tour
  // manager Thomas Gray, 24, who cited".
  std::string_view Antecedent(uint32_t v) const {
    uint32_t who = v;
    while (who > 0 && Word(who - 1) != "who") --who;
    if (who == 0) return {};
    --who;  // the token "who"
    uint32_t first = who;
    while (first > 0 && who - first < kMaxAttributionTokens && !EndsClause(first - 1)) --first;
    if (first > 0 && !EndsClause(first - 1)) return {};
    uint32_t last = who;
    while (last > first && Word(last - 1) == ",") --last;
    return Text(first, last);
  }

  // The words of the sentence before the verb at token `v`, over quoted
  // phrases ("he described the attacks as a \"dastardly act\" and"); ""
  // when the sentence is too long to tell or they are only a conjunction.
  // One clause without commas: a quotation (three words or more) between
  // its words, or a comma ("Asked if ..., Leveque said he had not, but"),
  // makes it "".
  std::string_view CoordinatedSubject(uint32_t v) const {
    uint32_t first = v;
    while (first > 0 && v - first < kMaxAttributionTokens) {
      const uint32_t k = first - 1;
      if (Word(k) == ",") return {};
      if (IsQuoteMarkWord(Word(k))) {
        // A quoted phrase of one or two words: its opening mark.
        uint32_t open = k;
        while (open > 0 && k - open < 3 && !IsQuoteMarkWord(Word(open - 1))) --open;
        if (open == 0 || k - open >= 3 || !IsQuoteMarkWord(Word(open - 1))) return {};
        first = open - 1;
        continue;
      }
      if (EndsClause(k)) break;
      --first;
    }
    if (first > 0 && !EndsClause(first - 1)) return {};
    if (first >= v || IsConjunction(Word(first))) return {};
    return Text(first, v);
  }

  std::string_view FirstWord(std::string_view text) const { return text.substr(0, text.find(' ')); }

  // The subject of the verb at token `v`: back to the start of its clause;
  // "Smith, the chairman, said:" keeps its apposition, "In a statement,
  // Smith said:" only "Smith".
  std::string_view Subject(uint32_t v) const {
    uint32_t first = v;
    while (first > 0 && v - first < kMaxAttributionTokens && !EndsClause(first - 1)) --first;
    if (first == v) return {};
    if (Word(v - 1) == ",") {
      uint32_t k = v - 1;
      while (k > first && Word(k - 1) != ",") --k;  // the apposition's opening comma
      if (k == first) return {};
      uint32_t name = k - 1;
      while (name > first && Word(name - 1) != ",") --name;
      // "Anderson Cooper, of CNN, one of ..., said": the name is further back.
      while (name > first + 1 && (Word(name) == "of" || Word(name) == "from" ||
                                  Word(name) == "at" || Word(name) == "with")) {
        --name;
        while (name > first && Word(name - 1) != ",") --name;
      }
      return Text(name, v - 1);
    }
    uint32_t last_comma = v;
    while (last_comma > first && Word(last_comma - 1) != ",") --last_comma;
    return Text(last_comma > first ? last_comma : first, v);
  }

  // Token `k` ends the attribution's clause: sentence punctuation, a quote
  // mark, a dash; not the period of "Mr." or of an initial ("John F. Smith").
  bool EndsClause(uint32_t k) const {
    const std::string_view w = Word(k);
    if (!EndsClauseWord(w)) return false;
    if (w != "." || k == 0 || tokens_[k - 1].kind != TokenKind::kWord) return true;
    const std::string_view before = Word(k - 1);
    return !(IsNonFinalAbbreviation(before) || IsTitleWord(before) ||
             (before.size() == 1 && tokens_[k - 1].capitalised));
  }

  std::string_view Text(uint32_t first, uint32_t last) const {
    while (first < last && Word(first) == ",") ++first;
    if (first >= last) return {};
    return p_.substr(tokens_[first].begin, tokens_[last - 1].end - tokens_[first].begin);
  }

  // The clause from token `i` to the end of the sentence (bounded).
  std::string_view Clause(uint32_t i) const {
    const auto n = static_cast<uint32_t>(tokens_.size());
    uint32_t k = i;
    while (k < n && k < i + kMaxAttributionTokens && !EndsClause(k)) ++k;
    while (k > i && Word(k - 1) == ",") --k;
    return Text(i, k);
  }

  // A name and at most one apposition after it: "John Smith, the chairman".
  std::string_view Apposed(uint32_t i) const {
    const auto n = static_cast<uint32_t>(tokens_.size());
    uint32_t k = i;
    uint32_t commas = 0;
    while (k < n && k < i + kMaxAttributionTokens && !EndsClause(k)) {
      if (Word(k) == ",") {
        // "University of California, San Diego's chancellor, Pradeep Khosla".
        if (++commas == 3 || k + 1 >= n || StartsSubordinate(Word(k + 1))) break;
      }
      ++k;
    }
    while (k > i && Word(k - 1) == ",") --k;  // "According to X, \"...\""
    return Text(i, k);
  }

  std::string_view p_;
  const std::vector<Token>& tokens_;
};

// True when p[from, to) holds no words but those of `attribution` (a view
// into `p`) and of parentheses: "\"...\" tweeted Jane Doe (no relation). \"...".
bool OnlyAttributionBetween(std::string_view p, size_t from, size_t to,
                            std::string_view attribution) {
  if (from > to || to > p.size()) return false;
  const size_t attribution_begin =
      attribution.empty() ? p.size() : static_cast<size_t>(attribution.data() - p.data());
  const size_t attribution_end = attribution_begin + attribution.size();
  int parentheses = 0;
  for (size_t i = from; i < to; ++i) {
    if (i >= attribution_begin && i < attribution_end) continue;
    const char c = p[i];
    if (c == '(') ++parentheses;
    if (c == ')' && parentheses > 0) --parentheses;
    if (parentheses > 0 || !std::isalnum(static_cast<unsigned char>(c))) continue;
    // The attribution's verb ("Smith said.") is the only other word, with
    // lower-case words after the attribution ("X told the press.").
    size_t end = i;
    while (end < to && std::isalpha(static_cast<unsigned char>(p[end]))) ++end;
    const bool tail = i >= attribution_end && std::islower(static_cast<unsigned char>(c));
    if (!tail && !IsQuotingVerb(p.substr(i, end - i))) return false;
    i = end - 1;
  }
  return true;
}

// True when p[from, to), between two quotations, keeps them in one
// sentence: no sentence or line end in it, and after a quotation that ended
// its own sentence ("...done.") it goes on in lower case ("..." he said, "...").
bool SameSentence(std::string_view p, size_t from, size_t to, bool previous_ended) {
  if (from > to || to > p.size()) return false;
  bool lower_first = false;
  bool seen_word = false;
  for (size_t i = from; i < to; ++i) {
    const char c = p[i];
    if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n') return false;
    if (!seen_word && std::isalpha(static_cast<unsigned char>(c))) {
      seen_word = true;
      lower_first = std::islower(static_cast<unsigned char>(c)) != 0;
    }
  }
  return !previous_ended || lower_first;
}

// True when an attribution names no one, not even by a pronoun or a role:
// "", "further", "and", "who".
bool NamesNoOne(std::string_view attribution) {
  if (PronounGender(attribution) != 0) return false;
  for (char c : attribution) {
    if (std::isupper(static_cast<unsigned char>(c))) return false;
  }
  return attribution.find("the ") == std::string_view::npos;
}

int CountWords(std::string_view text) {
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = IsSpace(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace

void FindQuotesInParagraph(std::string_view p, uint32_t paragraph_index, std::vector<Quote>& out,
                           std::vector<bool>* continues) {
  thread_local std::vector<QuoteMark> marks;
  thread_local std::vector<Token> tokens;
  FindMarks(p, marks);
  if (marks.empty()) return;
  size_t straight = 0;
  for (const QuoteMark& m : marks) straight += m.type == Mark::kStraight;
  Tokenize(p, tokens);
  const SpeakerFinder speakers(p, tokens);

  bool open_to_end = false;
  size_t previous = std::string_view::npos;  // the end of this paragraph's last quotation
  std::string_view previous_attribution;
  bool previous_ended = false;  // the last quotation ended its sentence inside its marks
  auto add = [&](size_t open_begin, size_t text_begin, size_t text_end, size_t close_end) {
    while (text_begin < text_end && IsSpace(p[text_begin])) ++text_begin;
    while (text_end > text_begin && IsSpace(p[text_end - 1])) --text_end;
    const std::string_view text = p.substr(text_begin, text_end - text_begin);
    if (CountWords(text) < 3) return;
    Quote q;
    q.text = std::string(text);
    q.paragraph = paragraph_index;
    q.offset = static_cast<uint32_t>(text_begin);
    q.origin = QuoteOrigin::kExtracted;
    bool name_first = false;
    const char last = text_end > text_begin ? p[text_end - 1] : ' ';
    const bool sentence_ended = last == '.' || last == '!' || last == '?';
    std::string_view attribution =
        close_end < p.size() ? speakers.After(close_end, sentence_ended, name_first) : "";
    bool person_only = false;
    if (attribution.empty() && open_begin != std::string_view::npos) {
      attribution = speakers.Before(open_begin, name_first, person_only);
    }
    q.attribution = std::string(attribution);
    if (PronounGender(attribution) == 0) {
      q.speaker = SpeakerFromAttribution(attribution, name_first);
      if (person_only) q.speaker = PersonFromSpeaker(q.speaker);
    }
    // "\"We won,\" Smith said. \"We deserved it.\"": a quotation that follows
    // the previous one with nothing but its attribution between them
    // continues it.
    if (q.attribution.empty() && previous != std::string_view::npos &&
        open_begin != std::string_view::npos &&
        OnlyAttributionBetween(p, previous, open_begin, previous_attribution)) {
      q.attribution = out.back().attribution;
      q.speaker = out.back().speaker;
    }
    // "X said Day \"founded ...\" which \"led to ...\"", "\"...,\" further
    // saying, \"...\"": a quotation in the previous one's sentence whose own
    // words name no one (not even "he" or "the president") is the previous
    // one's.
    if (q.speaker.empty() && NamesNoOne(q.attribution) && previous != std::string_view::npos &&
        open_begin != std::string_view::npos && !out.back().attribution.empty() &&
        SameSentence(p, previous, open_begin, previous_ended)) {
      q.attribution = out.back().attribution;
      q.speaker = out.back().speaker;
    }
    // "Saying \"...\", President Fernandez elaborated, \"...\"": a quotation
    // with no attribution at all is the next one's in its sentence.
    if (!q.attribution.empty() && previous != std::string_view::npos &&
        open_begin != std::string_view::npos && out.back().attribution.empty() &&
        SameSentence(p, previous, open_begin, previous_ended)) {
      out.back().attribution = q.attribution;
      out.back().speaker = q.speaker;
    }
    previous = close_end;
    previous_ended = sentence_ended;
    previous_attribution = attribution;
    out.push_back(std::move(q));
    if (continues != nullptr) continues->push_back(close_end >= p.size() && open_to_end);
  };

  size_t k = 0;
  const QuoteMark& first = marks[0];
  if (first.type == Mark::kClose ||
      (first.type == Mark::kStraight && straight % 2 == 1 && LooksClosing(p, first))) {
    add(std::string_view::npos, 0, first.begin, first.end);
    k = 1;
  }
  while (k < marks.size()) {
    const QuoteMark& open = marks[k];
    if (open.type == Mark::kClose) {
      ++k;
      continue;
    }
    size_t c = k + 1;
    while (c < marks.size() && marks[c].type == Mark::kOpen) ++c;
    // "“He called it “a farce” and left,”": curly marks nest; the quotation
    // ends where they balance (else, as for straight ones, at the first
    // closing mark).
    if (open.type == Mark::kOpen) {
      int depth = 0;
      for (size_t m = k; m < marks.size() && m < k + kMaxNestedMarks; ++m) {
        depth += marks[m].type == Mark::kOpen ? 1 : marks[m].type == Mark::kClose ? -1 : 0;
        if (depth == 0) {
          c = m;
          break;
        }
      }
    }
    if (c >= marks.size()) {
      open_to_end = true;
      add(open.begin, open.end, p.size(), p.size());  // continues in the next paragraph
      return;
    }
    add(open.begin, open.end, marks[c].begin, marks[c].end);
    k = c + 1;
  }
}

}  // namespace morgue

namespace morgue {

std::vector<Quote> ExtractQuotes(const Article& article) {
  std::vector<Quote> quotes;
  std::vector<bool> continues;
  for (size_t i = 0; i < article.body.size(); ++i) {
    FindQuotesInParagraph(article.body[i], static_cast<uint32_t>(i), quotes, &continues);
  }
  ResolveSpeakers(article, quotes, continues);
  return quotes;
}

}  // namespace morgue

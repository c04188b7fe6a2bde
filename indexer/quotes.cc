// Quotation marks paired per paragraph; speakers from the words around them.
#include "indexer/quotes.h"

#include <string>

#include "indexer/analysis.h"
#include "indexer/entities_tokens.h"
#include "indexer/entities_words.h"

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
  uint32_t i = 0;
  while (i < tokens.size() && tokens[i].begin < pos) ++i;
  return i;
}

class SpeakerFinder {
 public:
  SpeakerFinder(std::string_view p, const std::vector<Token>& tokens) : p_(p), tokens_(tokens) {}

  std::string After(size_t pos) const {
    uint32_t a = FirstTokenAtOrAfter(tokens_, pos);
    const auto n = static_cast<uint32_t>(tokens_.size());
    if (a < n && Word(a) == ",") ++a;
    if (a >= n) return "";
    const std::string_view w = Word(a);
    if (w == "according") return a + 1 < n && Word(a + 1) == "to" ? Phrase(a + 2) : "";
    if (IsSpeechVerb(w) && w != "saying") return Phrase(a + 1);
    if (w == "\xE2\x80\x94" || w == "-" || w == "\xE2\x80\x93") return Phrase(a + 1);
    if (IsPronoun(w)) return "";
    const Span s = ReadPhraseForward(p_, tokens_, a);
    if (!s.empty() && s.last < n && IsSpeechVerb(Word(s.last)) && Word(s.last) != "according") {
      return std::string(SpanText(p_, tokens_, s));
    }
    return "";
  }

  std::string Before(size_t pos) const {
    uint32_t b = FirstTokenAtOrAfter(tokens_, pos);  // tokens [0, b) precede the quote
    if (b > 0 && (Word(b - 1) == ":" || Word(b - 1) == ",")) --b;
    for (uint32_t steps = 0; b > 0 && steps < 6; ++steps, --b) {
      const uint32_t v = b - 1;
      const std::string_view w = Word(v);
      if (w == "." || w == "\"" || w == "!" || w == "?") break;
      if (w == "according") return Phrase(v + 2);
      if (!IsSpeechVerb(w)) continue;
      if (v > 0 && IsPronoun(Word(v - 1))) return "";
      const Span s = ReadPhraseBackward(p_, tokens_, v);
      return s.empty() ? "" : std::string(SpanText(p_, tokens_, s));
    }
    return "";
  }

 private:
  std::string_view Word(uint32_t i) const { return TokenText(p_, tokens_[i]); }

  std::string Phrase(uint32_t i) const {
    if (i >= tokens_.size() || IsPronoun(Word(i))) return "";
    const Span s = ReadPhraseForward(p_, tokens_, i);
    if (s.empty() || s.first != i) return "";  // "said the company": no name
    return std::string(SpanText(p_, tokens_, s));
  }

  std::string_view p_;
  const std::vector<Token>& tokens_;
};

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

void FindQuotesInParagraph(std::string_view p, uint32_t paragraph_index, std::vector<Quote>& out) {
  thread_local std::vector<QuoteMark> marks;
  thread_local std::vector<Token> tokens;
  FindMarks(p, marks);
  if (marks.empty()) return;
  size_t straight = 0;
  for (const QuoteMark& m : marks) straight += m.type == Mark::kStraight;
  Tokenize(p, tokens);
  const SpeakerFinder speakers(p, tokens);

  auto add = [&](size_t open_begin, size_t text_begin, size_t text_end, size_t close_end) {
    while (text_begin < text_end && IsSpace(p[text_begin])) ++text_begin;
    while (text_end > text_begin && IsSpace(p[text_end - 1])) --text_end;
    const std::string_view text = p.substr(text_begin, text_end - text_begin);
    if (CountWords(text) < 3) return;
    Quote q;
    q.text = std::string(text);
    q.paragraph = paragraph_index;
    q.offset = static_cast<uint32_t>(text_begin);
    q.speaker = close_end < p.size() ? speakers.After(close_end) : "";
    if (q.speaker.empty() && open_begin != std::string_view::npos) {
      q.speaker = speakers.Before(open_begin);
    }
    out.push_back(std::move(q));
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
    if (c >= marks.size()) {
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
  for (size_t i = 0; i < article.body.size(); ++i) {
    FindQuotesInParagraph(article.body[i], static_cast<uint32_t>(i), quotes);
  }
  return quotes;
}

}  // namespace morgue

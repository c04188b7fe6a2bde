// A small allocation-free tokenizer and proper-noun phrase reader shared by
// the entity extractor, the quote finder and the gazetteer.
#ifndef MORGUE_INDEXER_ENTITIES_TOKENS_H_
#define MORGUE_INDEXER_ENTITIES_TOKENS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace morgue {

enum class TokenKind : uint8_t {
  kWord,    // letters/digits with inner apostrophes and hyphens ("People's", "Guinea-Bissau")
  kAbbrev,  // dotted initials, periods included ("U.S.", "U.N.")
  kPunct,   // one punctuation mark (a multi-byte one such as a curly quote counts as one)
};

struct Token {
  uint32_t begin = 0;
  uint32_t end = 0;
  TokenKind kind = TokenKind::kPunct;
  bool capitalised = false;     // first letter upper case
  bool all_caps = false;        // every letter upper case (and at least one letter)
  bool sentence_start = false;  // first word of the text or of a sentence
};

// Splits `text` into tokens (appended to `out` after clearing it). Whitespace
// separates tokens and is not a token itself.
void Tokenize(std::string_view text, std::vector<Token>& out);

inline std::string_view TokenText(std::string_view text, const Token& t) {
  return text.substr(t.begin, t.end - t.begin);
}

// True when every letter in `text` is upper case (and it has a letter).
bool IsAllCapsText(std::string_view text);

// A proper-noun phrase [first, last) in a token list.
struct Span {
  uint32_t first = 0;
  uint32_t last = 0;
  bool empty() const { return first >= last; }
};

// Reads the proper-noun phrase starting at token `i` (capitalised words and
// initials, with "of", "and", "the", "de", "al" ... between them). Empty when
// token `i` does not start one. Leading sentence-start stop words ("The",
// "But") are skipped.
Span ReadPhraseForward(std::string_view text, const std::vector<Token>& tokens, uint32_t i);

// Reads the proper-noun phrase that ends just before token `end`.
Span ReadPhraseBackward(std::string_view text, const std::vector<Token>& tokens, uint32_t end);

// The bytes a span covers.
inline std::string_view SpanText(std::string_view text, const std::vector<Token>& tokens, Span s) {
  return text.substr(tokens[s.first].begin, tokens[s.last - 1].end - tokens[s.first].begin);
}

}  // namespace morgue

#endif  // MORGUE_INDEXER_ENTITIES_TOKENS_H_

// Lexical analysis of the query language: the query string becomes a list of
// tokens (words, phrases, field names, operators, parentheses). Their words
// become index terms in query/text_terms.h, date values days in
// query/day_range.h. Internal to query/.
#ifndef MORGUE_QUERY_LEXER_H_
#define MORGUE_QUERY_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace morgue {

// Throws Error(kQuerySyntax) "<message> at position <position>" with the
// position set: every syntax error of the lexer and the parser.
[[noreturn]] void FailQuerySyntax(const std::string& message, size_t position);

enum class QueryTokenKind {
  kWord,    // a bare word, possibly a wildcard pattern (see QueryToken::wildcard)
  kPhrase,  // "quoted text" (text holds what is between the quotes; see window)
  kField,   // name: (text holds the canonical field name, e.g. "headline")
  kLParen,
  kRParen,
  kAnd,
  kOr,
  kNot,
  kNear,   // NEAR or NEAR/n (see QueryToken::window)
  kMinus,  // '-' or '!' directly before a word, phrase, field or '('
  kPlus,   // '+' directly before a word, phrase, field or '(' (Lucene's "required")
  kSaved,  // @name: a saved query (text holds the name, position the '@')
  kEnd,
};

struct QueryToken {
  QueryTokenKind kind = QueryTokenKind::kEnd;
  std::string_view text;  // points into the query string (or a static field name)
  size_t position = 0;    // byte offset in the query string
  // kWord holding '*' or '?': text is the whole pattern, wildcards included.
  bool wildcard = false;
  // kNear: the distance in words (NEAR = 10); kPhrase: N of "..."~N, 0 = none.
  unsigned window = 0;
  // The value of date:[A TO B]: text is A, range_to B ("" for '*': open).
  bool range = false;
  std::string_view range_to;
  size_t range_to_position = 0;
};

// The field names the language knows, e.g. "headline, body, ...", for messages.
const char* KnownFieldList();

// Splits `text` into tokens, ending with one kEnd token. A field token is
// always followed by its value (kWord, kPhrase or kLParen). Throws
// Error(kQuerySyntax) with the byte offset for an unbalanced quote, an
// unknown or empty field, and for the syntax of other engines that morgue
// does not take (fuzzy '~', boosts '^', ranges outside date:, '|' inside a
// word, ADJ, XOR, AROUND, ...; docs/query-language.md, "Syntax from other
// engines").
std::vector<QueryToken> LexQuery(std::string_view text);

}  // namespace morgue

#endif  // MORGUE_QUERY_LEXER_H_

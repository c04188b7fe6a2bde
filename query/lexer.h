// Lexical analysis of the query language: the query string becomes a list of
// tokens, words become index terms exactly as Xapian::TermGenerator makes
// them, and date values become YYYYMMDD bounds. Internal to query/.
#ifndef MORGUE_QUERY_LEXER_H_
#define MORGUE_QUERY_LEXER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace morgue::query {

enum class TokenKind {
  kWord,    // a bare word, possibly with a trailing '*' (see Token::wildcard)
  kPhrase,  // "quoted text" (text holds what is between the quotes)
  kField,   // name: (text holds the canonical field name, e.g. "headline")
  kLParen,
  kRParen,
  kAnd,
  kOr,
  kNot,
  kNear,    // NEAR or NEAR/n (see Token::window)
  kMinus,   // '-' directly before a word, phrase, field or '('
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string_view text;   // points into the query string (or a static field name)
  size_t position = 0;     // byte offset in the query string
  bool wildcard = false;   // kWord ending in '*' (the '*' is not in text)
  unsigned window = 0;     // kNear: the distance in words (NEAR = 10)
};

// The field names the language knows, e.g. "headline, body, ...", for messages.
const char* KnownFieldList();

// Splits `text` into tokens, ending with one kEnd token. A field token is
// always followed by its value (kWord, kPhrase or kLParen). Throws
// Error(kQuerySyntax) with the byte offset for an unbalanced quote, an
// unknown or empty field, or a misplaced wildcard.
std::vector<Token> Lex(std::string_view text);

// The unstemmed terms Xapian::TermGenerator (no stemmer, no stopper) makes of
// `text`, in position order: lower-cased, apostrophes and acronyms handled
// like at index time. Thread-safe (uses thread-local scratch state).
std::vector<std::string> TextTerms(std::string_view text);

// Number of Unicode characters in UTF-8 `text`.
size_t Utf8Length(std::string_view text);

// Xapian's STEM_SOME rule: only terms starting with a letter get a Z stem.
bool StartsWithLetter(std::string_view term);

// Lower-cases UTF-8 text and collapses runs of whitespace to one space
// (trimmed at both ends).
std::string LowerCollapse(std::string_view text);

// An inclusive range of UTC days, "YYYYMMDD" each; an empty side is open.
struct DayRange {
  std::string from;
  std::string to;
};

// One end of a date range: "1987", "1987-03", "1987-03-05" (or "19870305")
// as YYYYMMDD in `key`; `upper` picks the last day of a year or month, else
// the first. Returns nullopt on success, else an error message.
std::optional<std::string> ParseDayBound(std::string_view text, bool upper, std::string& key);

// Parses "1987", "1987-03", "1987-03-05" (or "19870305") and ranges "A..B",
// "..B", "A.." of them: a year or month as the lower end starts on its first
// day, as the upper end finishes on its last day. Returns nullopt on success
// with `range` filled, else an error message and `error_offset` (offset into
// `text`) — the caller turns it into its own error type.
std::optional<std::string> ParseDayRange(std::string_view text, DayRange& range,
                                         size_t& error_offset);

}  // namespace morgue::query

#endif  // MORGUE_QUERY_LEXER_H_

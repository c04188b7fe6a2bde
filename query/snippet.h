// Snippets: the passage of an article that best matches a query, as plain
// text and the ranges (in code points) of the words that matched, whatever
// field they matched in. MarkHighlights (morgue/search.h) writes the markup.
#ifndef MORGUE_QUERY_SNIPPET_H_
#define MORGUE_QUERY_SNIPPET_H_

#include <xapian.h>

#include <bitset>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "morgue/article.h"
#include "morgue/search.h"

namespace morgue {

struct SnippetOptions {
  size_t length = 200;  // bytes of the article's text ("…" excluded)
};

// A passage and its matched words: `text` is valid UTF-8 (a byte of the
// article that is not becomes U+FFFD), "…" where it was cut; `highlights`
// are code point ranges of `text`, end exclusive, in order.
struct Snippet {
  std::string text;
  std::vector<HighlightRange> highlights;
};

class Snippeter {
 public:
  // `terms`: lower-case words to mark, and "Z"-prefixed stems whose words to
  // mark (as ParsedQuery::highlight_terms gives them). A stem and the words
  // that have it count as one query word.
  Snippeter(const std::vector<std::string>& terms, const std::string& stem_language);

  // The passage of the body (or of a quote, caption or headline when the
  // body has no match), at most options.length bytes of text, with "…" where
  // it was cut: the first window that shows every query word, or else the
  // one showing the most of them (then the most matches), starting a little
  // before its first match. Only as much of the text is read as that needs.
  Snippet Make(const Article& article, const SnippetOptions& options) const;

  // All of `text` with every matching word in the highlights (for headlines).
  Snippet Highlight(const std::string& text) const;

 private:
  // A word of the text that matches, and the query words it matches (bits).
  struct Match {
    size_t begin, end;
    uint64_t words;
  };
  class Body;
  class Scan;

  // The query words `lower` (a lower-cased word of the text) matches.
  uint64_t Matches(const std::string& lower) const;
  // The passage of `text` from byte `begin`, at most `length` bytes cut at
  // a space, with the `matches` in it as highlights and "…" where cut.
  static Snippet Passage(const std::string& text, const std::vector<Match>& matches, size_t begin,
                         size_t length);

  std::unordered_map<std::string, uint64_t> words_;  // word -> its query word's bit
  std::unordered_map<std::string, uint64_t> stems_;  // stem -> its query word's bit
  uint64_t all_ = 0;                                 // every query word's bit
  // Cheap filter: most words of a text cannot match and are passed over
  // without being lowered, looked up or stemmed. Keyed by the first two
  // lower-cased bytes (a one-byte word: its byte and 0).
  std::bitset<65536> heads_;
  mutable Xapian::Stem stemmer_;
  // Stem matches already decided, by lower-case word (hits repeat words).
  mutable std::unordered_map<std::string, uint64_t> stem_memo_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_SNIPPET_H_

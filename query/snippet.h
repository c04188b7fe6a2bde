// Snippets: the passage of an article that best matches a query, with the
// matching words marked, whatever field they matched in.
#ifndef MORGUE_QUERY_SNIPPET_H_
#define MORGUE_QUERY_SNIPPET_H_

#include <xapian.h>

#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "morgue/article.h"

namespace morgue {

struct SnippetOptions {
  size_t length = 200;  // bytes of text around the matches, markers excluded
  std::string open = "<b>";
  std::string close = "</b>";
};

class Snippeter {
 public:
  // `terms`: lower-case words to mark, and "Z"-prefixed stems whose words to
  // mark (as ParsedQuery::highlight_terms gives them).
  Snippeter(const std::vector<std::string>& terms, const std::string& stem_language);

  // The best passage of the body (or of a quote, caption or headline when the
  // body has no match), at most options.length bytes of text, with "…" where
  // it was cut.
  std::string Make(const Article& article, const SnippetOptions& options) const;

  // `text` with every matching word marked (for headlines).
  std::string Highlight(const std::string& text, const SnippetOptions& options) const;

 private:
  struct Word {
    size_t begin, end;
    bool match;
  };
  std::vector<Word> Words(const std::string& text) const;
  // The passage of `text` from byte `begin`, at most options.length bytes cut
  // at a space, with the matching `words` in it marked and "…" where cut.
  static std::string Passage(const std::string& text, const std::vector<Word>& words,
                             size_t begin, const SnippetOptions& options);
  bool Matches(const std::string& lower_word) const;

  std::unordered_set<std::string> words_;
  std::unordered_set<std::string> stems_;
  std::unordered_set<std::string> stem_heads_;  // first two bytes of each stem
  std::array<bool, 256> first_bytes_{};          // first byte of each word and stem
  mutable Xapian::Stem stemmer_;
  // Stem matches already decided, by lower-case word (hits repeat words).
  mutable std::unordered_map<std::string, bool> stem_memo_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_SNIPPET_H_

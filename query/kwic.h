// Keyword in context (Archive::Kwic): every occurrence of a query's words
// and phrases in the matching articles, as a line of left context, the
// match and right context. The articles come from ExportArticles (a page at
// a time); the occurrences are found by scanning their text with the
// query's own rules (docs/query-language.md): a bare word matches the words
// sharing its stem, a quoted phrase or a token of several words its terms
// in a row, unstemmed, a pattern (econom*) the words it spells; a word
// scoped to a field only there; words under NOT are not shown. Words are
// cut and folded as the indexer cuts them (TextTerms per written word).
#ifndef MORGUE_QUERY_KWIC_H_
#define MORGUE_QUERY_KWIC_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/research.h"
#include "morgue/search.h"
#include "query/index_reader.h"

namespace morgue {

// One written word of a text: its bytes and the index terms made of it.
struct TextWord {
  size_t begin = 0, end = 0;  // bytes of the text
  std::string term;           // one index term (a word may give several, each a TextWord)
};

// The written words of `text`, in order, each with its index terms
// (TextTerms of the word): word characters, and ' . , & between a word
// character and an ASCII letter or digit ("U.S.", "1,750", "AT&T").
std::vector<TextWord> WrittenWords(std::string_view text);
// The same into `out`, whose words' memory is reused.
void WrittenWords(std::string_view text, std::vector<TextWord>& out);

// Archive::Kwic. Throws as Archive::Kwic.
uint64_t KeywordsInContext(const IndexReader& index, const SearchRequest& request,
                           const KwicOptions& options,
                           const std::function<bool(const KwicLine&)>& fn,
                           std::vector<std::string>* missing = nullptr);

}  // namespace morgue

#endif  // MORGUE_QUERY_KWIC_H_

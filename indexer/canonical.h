// Text folding shared by canonical entity forms and the gazetteer.
#ifndef MORGUE_INDEXER_CANONICAL_H_
#define MORGUE_INDEXER_CANONICAL_H_

#include <string>
#include <string_view>

namespace morgue {

// Lower case, Latin-1 / Latin Extended-A diacritics folded ("Zürich" ->
// "zurich", "ß" -> "ss"), periods and apostrophes dropped ("U.S." -> "us"),
// other punctuation (hyphens, underscores, commas, dashes) turned into spaces,
// " & " spelled "and", whitespace collapsed and trimmed. Non-Latin letters are
// kept as they are.
std::string FoldEntityText(std::string_view text);

}  // namespace morgue

#endif  // MORGUE_INDEXER_CANONICAL_H_

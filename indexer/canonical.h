// Text folding shared by canonical entity forms and the gazetteer.
#ifndef MORGUE_INDEXER_CANONICAL_H_
#define MORGUE_INDEXER_CANONICAL_H_

#include <string>
#include <string_view>

#include "morgue/article.h"

namespace morgue {

// Fold (indexer/fold.h: case and diacritics folded in every script, "Zürich"
// -> "zurich", "Владимир" -> "владимир", "ß" -> "ss"), then periods and
// apostrophes dropped ("U.S." -> "us"), other punctuation and symbols
// (hyphens, underscores, commas, dashes, "·") turned into spaces, " & "
// spelled "and", whitespace collapsed and trimmed.
std::string FoldEntityText(std::string_view text);

// Gives every entity of an analysed `article` the canonical form this morgue
// makes of its stored one (CanonicalEntity of it, as Analyze does), dropping
// entities that then duplicate an earlier one (same kind and form). For
// articles analysed by an older morgue, whose forms were folded otherwise
// (archive format 2 and older): repair and salvage call it. Returns whether
// anything changed.
bool RecanonicalizeEntities(Article& article);

}  // namespace morgue

#endif  // MORGUE_INDEXER_CANONICAL_H_

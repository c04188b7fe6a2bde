// Text analysis that turns a read Article into an indexable one: quotations
// and speakers, entity extraction and canonical forms.
#ifndef MORGUE_INDEXER_ANALYSIS_H_
#define MORGUE_INDEXER_ANALYSIS_H_

#include <string>
#include <string_view>
#include <vector>

#include "morgue/article.h"

namespace morgue {

// Canonical form of an entity name, the same at index and query time:
// lower case, diacritics folded, punctuation dropped, aliases resolved
// ("U.S.", "US", "usa", "United States" -> "united states" for places).
std::string CanonicalEntity(EntityKind kind, std::string_view name);

// Finds direct quotations in `article.body` with their speakers.
std::vector<Quote> ExtractQuotes(const Article& article);

// Completes an article in place: fills quotes when the reader found none,
// adds extracted entities (ExtractEntities, indexer/entities.h) that the tagged / user ones do not
// already cover, fills every entity's canonical form, de-duplicates. Thread-safe.
void Analyze(Article& article);

}  // namespace morgue

#endif  // MORGUE_INDEXER_ANALYSIS_H_

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

// Completes an article in place: cleans supplied speakers (the supplied text
// kept as the attribution), adds the quotations found in the body that the
// supplied ones do not already cover (origin kExtracted, speakers resolved),
// adds extracted entities (ExtractEntities, indexer/entities.h) that the tagged / user ones do not
// already cover, fills every entity's canonical form, de-duplicates. Thread-safe.
void Analyze(Article& article);

// Analyses again an article stored by a morgue before archive format 4
// (IsLegacyArticle, storage/codec.h), whose quotations do not say whether
// they were supplied: extracted entities are dropped; a stored quotation is
// taken for an extracted one, and dropped, when the extractor finds it again
// at the same place and its speaker is empty or words of its paragraph;
// then Analyze. Tagged and user entities and supplied quotations stay.
// Repair and salvage call it. Thread-safe.
void ReanalyzeLegacy(Article& article);

}  // namespace morgue

#endif  // MORGUE_INDEXER_ANALYSIS_H_

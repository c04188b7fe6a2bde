// Entity extraction: rules over a gazetteer, titles and organisation words.
#ifndef MORGUE_INDEXER_ENTITIES_H_
#define MORGUE_INDEXER_ENTITIES_H_

#include <string>
#include <string_view>
#include <vector>

#include "indexer/analysis.h"

namespace morgue {

// The entities found in the headline, body, quotes and captions (origin
// kExtracted, canonical form filled): gazetteer places, persons (titles,
// "X said", "said X") and organisations (organisation words, acronyms).
// Deterministic and thread-safe.
std::vector<Entity> ExtractEntities(const Article& article);

// Appends the entities found in one piece of text to `out`, skipping any
// whose kind and canonical form are already there. All-caps text (Reuters
// headlines) only gets places.
void ExtractEntitiesFromText(std::string_view text, std::vector<Entity>& out);

}  // namespace morgue

#endif  // MORGUE_INDEXER_ENTITIES_H_

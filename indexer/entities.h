// The rule-based entity extractor behind DefaultEntityExtractor().
#ifndef MORGUE_INDEXER_ENTITIES_H_
#define MORGUE_INDEXER_ENTITIES_H_

#include <string>
#include <string_view>
#include <vector>

#include "indexer/analysis.h"

namespace morgue::internal {

// Gazetteer places, persons (titles, "X said", "said X") and organisations
// (organisation words, acronyms). Stateless: thread-safe.
class RuleBasedExtractor : public EntityExtractor {
 public:
  std::vector<Entity> Extract(const Article& article) const override;
};

// Appends the entities found in one piece of text to `out`, skipping any
// whose kind and canonical form are already there. All-caps text (Reuters
// headlines) only gets places.
void ExtractEntitiesFromText(std::string_view text, std::vector<Entity>& out);

// The person named by a quote's speaker ("President Trump" -> "Trump"), or ""
// when the speaker does not look like a person (an organisation, a place).
std::string PersonFromSpeaker(std::string_view speaker);

}  // namespace morgue::internal

#endif  // MORGUE_INDEXER_ENTITIES_H_

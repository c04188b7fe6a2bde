// Entity extraction: the statistical name tagger (indexer/ner.h), the place
// gazetteer, and rules for titles and speech beside them.
#ifndef MORGUE_INDEXER_ENTITIES_H_
#define MORGUE_INDEXER_ENTITIES_H_

#include <array>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/analysis.h"

namespace morgue {

class NameContext;
class NerModel;

// What ExtractEntities uses; the defaults are what indexing does (the trainer
// compares the alternatives on GUM dev documents).
struct ExtractOptions {
  // The title and speech rules also run on phrases the tagger left alone.
  bool rules_beside_tagger = true;
  // In mixed-case text, gazetteer places only where the tagger also sees a
  // place (all-caps text always uses the gazetteer alone).
  bool gazetteer_needs_tagger = false;
  // A tagged person or organisation that is exactly a gazetteer place
  // ("Saudi Arabia") is that place.
  bool gazetteer_overrides_tagger = true;
  // A short form matching one longer name of the article is dropped.
  bool one_name_per_entity = true;
  // Every tagged mention of a name in the article takes the kind most of
  // its mentions have ("Kataib Hezbollah" tagged an organisation twice and a
  // person once is an organisation).
  bool one_kind_per_name = true;
  // A tagged name whose confidence (NameMention::confidence) is below the
  // floor of its kind (person, organisation, place) is dropped; the rules
  // and the gazetteer may still find it. Off by default: on GUM dev a floor
  // gained one or two names, on Reuters it dropped real ones (a low-margin
  // "Nippon" split off "Nippon Life Insurance Co", "Reagan"): docs/analysis.md.
  std::array<int32_t, 3> min_confidence = {INT32_MIN, INT32_MIN, INT32_MIN};
  // The tagger's model; nullptr = the embedded one.
  const NerModel* model = nullptr;
};

// The entities found in the headline, dateline, body, quotes and captions
// (origin kExtracted, canonical form filled, in order of first appearance):
// persons, organisations and places from the name tagger, places from the
// gazetteer (a city also names its country), persons from the title and
// speech rules; one entity, one name (see MergeShortNames in entities.cc).
// Deterministic and thread-safe; never throws.
std::vector<Entity> ExtractEntities(const Article& article);
std::vector<Entity> ExtractEntities(const Article& article, const ExtractOptions& options);

// Appends the entities found in one piece of text to `out`, skipping any
// whose kind and canonical form are already there. `ctx` holds the word
// statistics of the whole article. All-caps text (Reuters headlines) only
// gets places.
void ExtractEntitiesFromText(std::string_view text, const NameContext& ctx,
                             const ExtractOptions& options, std::vector<Entity>& out);
// The same for a text on its own (its own word statistics).
void ExtractEntitiesFromText(std::string_view text, std::vector<Entity>& out);

}  // namespace morgue

#endif  // MORGUE_INDEXER_ENTITIES_H_

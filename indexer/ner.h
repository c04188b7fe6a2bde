// The statistical name tagger: an averaged perceptron over BIO tags for
// persons, organisations and places, decoded by Viterbi. The model is
// trained by morgue_ner_train (scripts/train-ner) and embedded in the library.
//
//   NameContext ctx;
//   for (const std::string& p : article.body) ctx.Add(p);
//   for (const NameMention& m : FindNames(article.body[0], ctx)) ...
//
// Deterministic, thread-safe (the model is immutable; scratch is per thread)
// and never throws.
#ifndef MORGUE_INDEXER_NER_H_
#define MORGUE_INDEXER_NER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "indexer/analysis.h"
#include "indexer/entities_tokens.h"

namespace morgue {

class NerModel;

// A name found in a text: [begin, end) are byte offsets into that text, a
// possessive ("'s") and a leading "the" already left out.
struct NameMention {
  uint32_t begin = 0;
  uint32_t end = 0;
  EntityKind kind = EntityKind::kPerson;
  // How sure the tagger is: the mean over the name's tokens of its tag's
  // score minus the score of O (model units; higher is surer). The
  // extractor drops names below a per-kind floor (ExtractOptions).
  int32_t confidence = 0;
};

// Per-article word statistics the tagger reads: which words the article also
// writes in lower case ("Rates" at a sentence start is probably not a name
// when "rates" appears elsewhere) and which it capitalises mid-sentence. An
// empty context is valid (a lone sentence). Not thread-safe while Add runs.
class NameContext {
 public:
  // Adds the words of one piece of the article (headline, paragraph, caption).
  void Add(std::string_view text);
  // The same with the piece's tokens already made by Tokenize().
  void Add(std::string_view text, const std::vector<Token>& tokens);

  bool SeenLowerCase(uint64_t lower_hash) const;
  bool SeenCapitalisedMidSentence(uint64_t lower_hash) const;

 private:
  std::vector<uint64_t> lower_;    // sorted, unique
  std::vector<uint64_t> cap_mid_;  // sorted, unique
};

// The names in `text`, in text order, not overlapping. Uses the embedded
// model; all-caps text gets none (the tagger is trained on mixed case).
std::vector<NameMention> FindNames(std::string_view text, const NameContext& ctx);

// The same with a given model (the trainer scores its candidates this way).
std::vector<NameMention> FindNames(std::string_view text, const NameContext& ctx,
                                   const NerModel& model);
// The same with the text's tokens already made by Tokenize() (the extractor
// tokenizes each piece once); `model` nullptr = the embedded one.
std::vector<NameMention> FindNames(std::string_view text, const std::vector<Token>& tokens,
                                   const NameContext& ctx, const NerModel* model);

}  // namespace morgue

#endif  // MORGUE_INDEXER_NER_H_

// The GUM corpus's CoNLL-U files (../shared/corpus/ner-open/README.md) read for
// bench/ner_eval: documents, paragraphs (with their `# newpar_block` kinds),
// sentences, tokens (with their byte range in the rebuilt paragraph text) and
// the entity mentions of MISC `Entity=`, and the train/dev/test split of
// bench/ner/gum-split.tsv.
//
// Thread safety: plain values and pure functions.
#ifndef MORGUE_BENCH_NER_GUM_H_
#define MORGUE_BENCH_NER_GUM_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace morgue::bench::ner {

inline constexpr uint32_t kNoToken = UINT32_MAX;

// One syntactic word. Indices (head, tokens of a mention) count the
// document's words from 0; a multiword token ("participants’" = "participants"
// + "’") is not a word itself, its parts are.
struct GumToken {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string deprel;           // with its subtype ("nsubj:pass")
  uint32_t head = kNoToken;     // the governing word, kNoToken for the root
  uint32_t paragraph = 0;       // index into GumDocument::paragraphs
  uint32_t begin = 0, end = 0;  // byte range in that paragraph's text
  uint64_t line = 0;            // 1-based line of the file
};

// One entity mention: words [first, last) of entity type `type` ("person",
// "organization", "place", "event", ...), in coreference group `group`.
struct GumMention {
  std::string type;
  std::string group;
  uint32_t first = 0, last = 0;
  // The mention's head: its first word whose head lies outside the mention.
  uint32_t head = 0;
  // The head is a proper noun (UPOS PROPN): a name, not "he" or "the city".
  bool named = false;
};

struct GumParagraph {
  // The block names of its `# newpar_block` line, outermost first ("list",
  // "item", "p"); empty when the file gave none.
  std::vector<std::string> blocks;
  std::string text;              // rebuilt from the words and SpaceAfter=No
  uint32_t first = 0, last = 0;  // its words

  bool Has(std::string_view block) const;
};

struct GumSentence {
  std::string text;  // `# text =`
  uint32_t first = 0, last = 0;
};

struct GumDocument {
  std::string id;     // `# newdoc id =`
  std::string title;  // `# meta::title =`
  std::vector<GumParagraph> paragraphs;
  std::vector<GumSentence> sentences;
  std::vector<GumToken> tokens;
  std::vector<GumMention> mentions;  // in the order they open

  // The text of words [first, last): their paragraph's text between them,
  // or the forms joined by spaces when they cross paragraphs.
  std::string Text(uint32_t first, uint32_t last) const;
};

// Parses the CoNLL-U text of `file` (its name only names it in errors). Throws
// morgue::Error (kInvalidInput, with file and line) on a malformed line: a
// token line without 10 fields, a bad id or head, an entity closed that was
// never opened or left open. Never crashes on any input.
std::vector<GumDocument> ParseGum(std::string_view text, const std::string& file);

// Reads and parses a file; morgue::Error (kNotFound / kIO / kInvalidInput).
std::vector<GumDocument> ReadGumFile(const std::string& path);

// One line of bench/ner/gum-split.tsv.
struct SplitEntry {
  std::string document;  // "GUM_bio_byron"
  std::string role;      // "train", "dev" or "test"
};

// Reads the split file ('#' comments, "document<TAB>role" lines); morgue::Error
// on a malformed line or an unknown role.
std::vector<SplitEntry> ReadSplit(const std::string& path);

}  // namespace morgue::bench::ner

#endif  // MORGUE_BENCH_NER_GUM_H_

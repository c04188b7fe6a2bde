// What an English dictionary and lists of given names say about a word: a
// common word ("will"), a proper noun ("Paris"), a male or female given
// name. The name tagger's features read it (indexer/ner_features.cc), and so
// may anything that needs a person's likely sex. Built once from
// indexer/data/lexicon.tsv (scripts/make-lexicon), embedded at build time by
// cmake/MorgueLexicon.cmake; immutable afterwards, safe to share between threads.
#ifndef MORGUE_INDEXER_LEXICON_H_
#define MORGUE_INDEXER_LEXICON_H_

#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace morgue {

// The embedded indexer/data/lexicon.tsv (generated source).
std::string_view LexiconTsv();

enum LexiconFlag : uint8_t {
  kLexCommonWord = 1,  // the dictionary has it in lower case
  kLexProperNoun = 2,  // the dictionary has it capitalised (a name or an acronym)
  kLexMaleName = 4,    // a male given name
  kLexFemaleName = 8,  // a female given name
};

class Lexicon {
 public:
  // The process-wide lexicon (built on first use, thread-safe).
  static const Lexicon& Get();

  // The flags of a word by its ASCII-lower-cased hash (NerLowerHash), 0 when
  // the lexicon does not know it.
  uint8_t Flags(uint64_t lower_hash) const {
    const auto it = flags_.find(lower_hash);
    return it == flags_.end() ? 0 : it->second;
  }
  // The flags of a word as written (ASCII letters compared case-blind).
  uint8_t FlagsOf(std::string_view word) const;
  size_t size() const { return flags_.size(); }

 private:
  Lexicon();
  std::unordered_map<uint64_t, uint8_t> flags_;
};

}  // namespace morgue

#endif  // MORGUE_INDEXER_LEXICON_H_

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
#include <vector>

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
    const uint64_t key = lower_hash == 0 ? 1 : lower_hash;
    for (uint64_t slot = (key * 0x9E3779B97F4A7C15ULL) >> shift_;; slot = (slot + 1) & mask_) {
      if (keys_[slot] == key) return flags_[slot];
      if (keys_[slot] == 0) return 0;
    }
  }
  // The flags of a word as written (ASCII letters compared case-blind).
  uint8_t FlagsOf(std::string_view word) const;
  size_t size() const { return size_; }

 private:
  Lexicon();
  // Open addressing, linear probing, at most half full (one cache miss per
  // lookup instead of a node chase: the tagger asks for every word near a
  // name). Key 0 marks an empty slot (a hash of 0 is stored as 1).
  std::vector<uint64_t> keys_;
  std::vector<uint8_t> flags_;
  uint64_t mask_ = 0;
  int shift_ = 64;
  size_t size_ = 0;
};

}  // namespace morgue

#endif  // MORGUE_INDEXER_LEXICON_H_

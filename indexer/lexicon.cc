// Lexicon: parses the embedded TSV once.
#include "indexer/lexicon.h"

#include "indexer/ner_features.h"

namespace morgue {

Lexicon::Lexicon() {
  const std::string_view tsv = LexiconTsv();
  size_t lines = 0;
  for (const char c : tsv) lines += c == '\n' ? 1 : 0;
  size_t capacity = 16;
  int bits = 4;
  while (capacity < 2 * (lines + 1)) {
    capacity *= 2;
    ++bits;
  }
  keys_.assign(capacity, 0);
  flags_.assign(capacity, 0);
  mask_ = capacity - 1;
  shift_ = 64 - bits;
  size_t pos = 0;
  while (pos < tsv.size()) {
    size_t end = tsv.find('\n', pos);
    if (end == std::string_view::npos) end = tsv.size();
    const std::string_view line = tsv.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) continue;
    uint8_t f = 0;
    for (const char c : line.substr(tab + 1)) {
      f |= c == 'w'   ? kLexCommonWord
           : c == 'p' ? kLexProperNoun
           : c == 'm' ? kLexMaleName
           : c == 'f' ? kLexFemaleName
                      : 0;
    }
    const uint64_t hash = NerLowerHash(line.substr(0, tab));
    const uint64_t key = hash == 0 ? 1 : hash;
    uint64_t slot = (key * 0x9E3779B97F4A7C15ULL) >> shift_;
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask_;
    if (keys_[slot] == 0) {
      keys_[slot] = key;
      ++size_;
    }
    flags_[slot] |= f;
  }
}

const Lexicon& Lexicon::Get() {
  static const Lexicon lexicon;
  return lexicon;
}

uint8_t Lexicon::FlagsOf(std::string_view word) const { return Flags(NerLowerHash(word)); }

}  // namespace morgue

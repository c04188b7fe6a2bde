// Lexicon: parses the embedded TSV once.
#include "indexer/lexicon.h"

#include "indexer/ner_features.h"

namespace morgue {

Lexicon::Lexicon() {
  const std::string_view tsv = LexiconTsv();
  flags_.reserve(80000);
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
    flags_[NerLowerHash(line.substr(0, tab))] |= f;
  }
}

const Lexicon& Lexicon::Get() {
  static const Lexicon lexicon;
  return lexicon;
}

uint8_t Lexicon::FlagsOf(std::string_view word) const { return Flags(NerLowerHash(word)); }

}  // namespace morgue

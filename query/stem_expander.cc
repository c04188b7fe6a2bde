#include "query/stem_expander.h"

namespace morgue {

StemExpander::StemExpander(const Xapian::Database& db, const std::string& language)
    : db_(db), stemmer_(language) {}

std::string StemExpander::ScanPrefix(const std::string& stem) {
  // Porter2 only rewrites a word's end as y -> i ("happy" -> "happi", "cry"
  // -> "cri") or in its few special forms ("skies" -> "sky", "dying" ->
  // "die"): every other word starts with its stem.
  char last = stem.empty() ? 0 : stem.back();
  if (stem.size() < 3 || (last != 'i' && last != 'y' && last != 'e')) return stem;
  size_t cut = stem.size() - 1;
  // Do not cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80) --cut;
  return stem.substr(0, cut);
}

std::vector<std::string> StemExpander::Expand(const std::string& prefix,
                                              const std::string& stem) const {
  std::vector<std::string> out;
  const std::string scan = prefix + ScanPrefix(stem);
  for (auto it = db_.allterms_begin(scan); it != db_.allterms_end(scan); ++it) {
    const std::string& term = *it;
    std::string word = term.substr(prefix.size());
    // Prefixed terms of other fields start with capitals; skip them.
    if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z')) continue;
    if (word == stem || stemmer_(word) == stem) out.push_back(term);
  }
  return out;
}

}  // namespace morgue

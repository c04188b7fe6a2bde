#include "query/stem_expander.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace morgue {

namespace {

// Porter2's special forms that do not start with their stem (found by the
// differential oracle, tests/oracle/): dying -> die, lying -> lie, tying -> tie.
constexpr std::string_view kIrregular[] = {"dying", "lying", "tying"};

}  // namespace

std::string StemCache::Key(const std::string& prefix, const std::string& stem) {
  std::string key = prefix;
  key += '\0';  // prefixes are letters: the key is unambiguous
  key += stem;
  return key;
}

const std::vector<std::string>* StemCache::Find(const std::string& prefix,
                                                const std::string& stem) const {
  auto it = map_.find(Key(prefix, stem));
  return it == map_.end() ? nullptr : &it->second;
}

void StemCache::Insert(const std::string& prefix, const std::string& stem,
                       std::vector<std::string> terms) {
  if (map_.size() >= kMaxEntries) map_.clear();
  map_.insert_or_assign(Key(prefix, stem), std::move(terms));
}

StemExpander::StemExpander(const Xapian::Database& db, const std::string& language,
                           StemCache* cache)
    : db_(db), stemmer_(language), cache_(cache) {}

std::string StemExpander::ScanPrefix(const std::string& stem) {
  // Porter2 only rewrites a word's end as y -> i ("happy" -> "happi", "cry"
  // -> "cri"), -bility as -bl, or in its few special forms ("skies" ->
  // "sky", "dying" -> "die", handled in Expand): every other word starts
  // with its stem.
  char last = stem.empty() ? 0 : stem.back();
  // "-bility" stems to "-bl" ("possibility" -> "possibl"): scan from the b.
  if (stem.size() >= 4 && stem.compare(stem.size() - 2, 2, "bl") == 0) {
    return stem.substr(0, stem.size() - 1);
  }
  if (stem.size() < 3 || (last != 'i' && last != 'y' && last != 'e')) return stem;
  size_t cut = stem.size() - 1;
  // Do not cut inside a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80) --cut;
  return stem.substr(0, cut);
}

bool StemExpander::MayExpandTo(std::string_view word, std::string_view scan) {
  if (word.substr(0, scan.size()) == scan) return true;
  return std::find(std::begin(kIrregular), std::end(kIrregular), word) != std::end(kIrregular);
}

std::vector<std::string> StemExpander::Expand(const std::string& prefix, const std::string& stem,
                                              const Deadline& deadline) const {
  if (cache_) {
    if (const std::vector<std::string>* cached = cache_->Find(prefix, stem)) return *cached;
  }
  std::vector<std::string> out;
  const std::string scan = prefix + ScanPrefix(stem);
  deadline.Check();
  unsigned seen = 0;
  for (auto it = db_.allterms_begin(scan); it != db_.allterms_end(scan); ++it) {
    if ((++seen & 63) == 0) deadline.Check();
    const std::string& term = *it;
    std::string word = term.substr(prefix.size());
    // Prefixed terms of other fields start with capitals; skip them.
    if (word.empty() || (word[0] >= 'A' && word[0] <= 'Z')) continue;
    // Never `word == stem`: Porter2 stems "willing" to "will", not "willing".
    if (stemmer_(word) == stem) out.push_back(term);
  }
  for (std::string_view word : kIrregular) {
    if (word.substr(0, 1) != std::string_view(stem).substr(0, 1) || stem.size() != 3) continue;
    const std::string term = prefix + std::string(word);
    if (stemmer_(std::string(word)) == stem && db_.term_exists(term)) {
      out.insert(std::upper_bound(out.begin(), out.end(), term), term);
    }
  }
  if (cache_) cache_->Insert(prefix, stem, out);
  return out;
}

}  // namespace morgue

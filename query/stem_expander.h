// Query-side stemming: an archive stores each word once, unstemmed and with
// positions; a bare query word is expanded to the indexed words that share
// its stem. This halves the postings the indexer writes (no "Z" stem terms).
#ifndef MORGUE_QUERY_STEM_EXPANDER_H_
#define MORGUE_QUERY_STEM_EXPANDER_H_

#include <xapian.h>

#include <string>
#include <vector>

namespace morgue {

class StemExpander {
 public:
  // `db` must outlive the expander; `language` is a Snowball name.
  StemExpander(const Xapian::Database& db, const std::string& language);

  // The terms prefix + w in `db` such that stem(w) == `stem`, sorted.
  // Xapian errors propagate (the caller translates them).
  std::vector<std::string> Expand(const std::string& prefix, const std::string& stem) const;

  // Where to scan for the words of `stem`: the stem itself, or the stem less
  // its last letter when that is i, y or e (Porter2 turns "happy" into
  // "happi", "skies" into "sky", "dying" into "die").
  static std::string ScanPrefix(const std::string& stem);

 private:
  const Xapian::Database& db_;
  Xapian::Stem stemmer_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_STEM_EXPANDER_H_

// Query-side stemming: an archive stores each word once, unstemmed and with
// positions; a bare query word is expanded to the indexed words that share
// its stem. This halves the postings the indexer writes (no "Z" stem terms).
#ifndef MORGUE_QUERY_STEM_EXPANDER_H_
#define MORGUE_QUERY_STEM_EXPANDER_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "query/deadline.h"

namespace morgue {

// Expansions already made on one snapshot of the shards. A reader's term
// list does not change until it is reopened, so the words of a stem found
// once are the words of that stem until then: drop the cache with the
// Xapian::Database it was filled from. Not thread-safe (the archive's
// reader lock guards it).
class StemCache {
 public:
  // The terms of `prefix` + `stem`, or nullptr when not cached.
  const std::vector<std::string>* Find(const std::string& prefix, const std::string& stem) const;
  // Holds at most kMaxEntries expansions: when full, it starts again empty.
  void Insert(const std::string& prefix, const std::string& stem, std::vector<std::string> terms);
  size_t size() const { return map_.size(); }

  static constexpr size_t kMaxEntries = 20000;

 private:
  static std::string Key(const std::string& prefix, const std::string& stem);
  std::unordered_map<std::string, std::vector<std::string>> map_;
};

class StemExpander {
 public:
  // `db` must outlive the expander; `language` is a Snowball name. With a
  // `cache` (which must outlive it too and belong to `db`), expansions are
  // looked up there first and stored there.
  StemExpander(const Xapian::Database& db, const std::string& language, StemCache* cache = nullptr);

  // The terms prefix + w in `db` such that stem(w) == `stem`, sorted.
  // Xapian errors propagate (the caller translates them); throws
  // DeadlinePassed when `deadline` passes while the index is read (nothing
  // is cached then).
  std::vector<std::string> Expand(const std::string& prefix, const std::string& stem,
                                  const Deadline& deadline = {}) const;

  // Where to scan for the words of `stem`: the stem itself, or the stem less
  // its last letter when that is i, y or e (Porter2 turns "happy" into
  // "happi", "skies" into "sky") or the l of -bl ("possibility" into
  // "possibl"). Expand adds dying, lying and tying (die, lie, tie) itself.
  static std::string ScanPrefix(const std::string& stem);

  // False when Expand would never give `word` for a stem whose ScanPrefix
  // is `scan` (so its stem need not be computed): it neither starts with
  // `scan` nor is one of Porter2's special forms (dying, lying, tying).
  static bool MayExpandTo(std::string_view word, std::string_view scan);

 private:
  const Xapian::Database& db_;
  Xapian::Stem stemmer_;
  StemCache* cache_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_STEM_EXPANDER_H_

// The archive counts of Archive::Terms (query/key_terms.h): in how many
// articles of the archive a word or a two-word phrase of one field is.
// Internal header; docs/research.md says it for users.
//
// A word: its document frequency in the field (exact). A phrase "a b":
// - in each shard whose pair words (indexer/word_pairs.h) hold both words,
//   a body phrase's count is the document frequency of its pair term `XWa b`
//   (every article written since the shard's mark carries it exactly when it
//   holds the two words adjacent, as the phrase matches them), plus a phrase
//   match over the articles below the mark (less those of them that carry
//   the pair term, already counted): exact;
// - elsewhere a phrase match: exact;
// - but when those phrase matches would check the positions of more than
//   `phrase_match_limit` articles (those holding both words, bounded by the
//   rarer word's count), the count is estimated instead: a phrase match over
//   a seeded sample of `archive_sample` articles of the archive, scaled to
//   its size. Never in an archive of at most `archive_sample` articles.
#ifndef MORGUE_QUERY_TERM_ARCHIVE_COUNTS_H_
#define MORGUE_QUERY_TERM_ARCHIVE_COUNTS_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/word_pairs.h"
#include "query/shard_match.h"

namespace morgue {

class TermArchiveCounts {
 public:
  struct Options {
    std::string prefix;  // the field's word prefix ("" for the body)
    uint64_t phrase_match_limit = 0;
    uint64_t archive_sample = 0;  // >= 1
    uint64_t seed = 0;
  };
  // `db` is the shards of `view` as one database. Reads the shards' pair
  // marks. Throws Xapian::Error.
  TermArchiveCounts(const Xapian::Database& db, const ShardView& view, Options options);

  struct Count {
    uint64_t n = 0;
    bool exact = true;
  };
  // What is known cheaply: a word's exact count; for a phrase ("a b"), a
  // lower bound (exact == false): the articles carrying its pair term.
  Count Least(const std::string& term, bool phrase);
  // The count: exact, or for a phrase an estimate (exact == false). Cached.
  Count Get(const std::string& term, bool phrase);

  // The articles of the archive the estimates were counted over; 0 while
  // nothing was estimated.
  uint64_t sample_size() const { return estimated_ ? sample_size_ : 0; }

 private:
  struct Words {
    std::string first, second;
  };
  static Words Split(const std::string& phrase);
  // Whether shard s's pair terms cover the phrase.
  bool Covered(size_t s, const Words& w) const;
  // Whether the phrase is counted exactly: in an archive of at most
  // archive_sample articles, or when its exact phrase matches check the
  // positions of at most phrase_match_limit articles, or of no more than
  // twice what a match over the sample would (bounded by the rarer word's
  // count, below the mark in a shard whose pair terms cover the phrase).
  bool CountExactly(const Words& w);
  // The articles of shard s below its mark that hold `word` (cached).
  uint64_t Below(size_t s, const std::string& word);
  uint64_t Exact(const Words& w);
  uint64_t Estimate(const Words& w);
  // Draws the sample (once): blocks of consecutive docids of a shard, in the
  // order of SampleKey(seed ^ salt, block * 64 + shard), until they hold
  // archive_sample articles.
  void DrawSample();
  Xapian::Query PhraseQuery(const Words& w) const;

  const Xapian::Database& db_;
  ShardView view_;
  Options options_;
  uint64_t archive_;
  std::vector<std::optional<PairsMark>> marks_;  // per shard; body only
  std::unordered_map<std::string, Count> words_, phrases_, least_;
  std::unordered_map<std::string, uint64_t> below_;  // "shard word" -> Below
  bool estimated_ = false;
  bool drawn_ = false;
  uint64_t sample_size_ = 0;
  // Per shard: the sampled blocks, [first, last] local docids, ascending.
  std::vector<std::vector<std::pair<Xapian::docid, Xapian::docid>>> sample_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_TERM_ARCHIVE_COUNTS_H_

// A seeded random order of the matches (SortOrder::kRandom): every match
// gets the key RandomKey(seed, docid), and the matches are taken by key
// (ties, which need two equal 64-bit keys, by docid). The first n of that
// order are a uniform sample of n matches without replacement (as far as
// the key behaves as a random function of the docid), and the order depends
// only on the seed and the archive's docids: not on the shard count, the
// threads or the time a match takes. Internal to query/.
#ifndef MORGUE_QUERY_RANDOM_ORDER_H_
#define MORGUE_QUERY_RANDOM_ORDER_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "query/shard_match.h"

namespace morgue {

// SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection of 64-bit
// words that mixes every bit. Never throws.
uint64_t SplitMix64(uint64_t x);

// Records the docid of every match (local docids: one spy per shard).
class DocidSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double /*weight*/) override {
    docids.push_back(doc.get_docid());
  }
  std::string name() const override { return "morgue.DocidSpy"; }

  std::vector<Xapian::docid> docids;
};

// The sort key of `docid` under `seed`: SplitMix64's finaliser over the
// seed's own mix xor the docid, a bijection of the docid for a given seed
// (two docids never share a key) that passes BigCrush as a counter-based
// generator. Never throws.
uint64_t RandomKey(uint64_t seed, uint64_t docid);

// The exact number of matches of `query` and the first `count` of them in
// the seeded random order, as global docids. Matches each shard alone (at
// once where the view has a pool), unweighted. Throws Xapian::Error
// (callers run it inside IndexReader::Read).
struct RandomMatches {
  uint64_t total = 0;
  std::vector<uint64_t> docids;
};
RandomMatches FirstInRandomOrder(const ShardView& view, const Xapian::Query& query, uint64_t seed,
                                 uint64_t count);

}  // namespace morgue

#endif  // MORGUE_QUERY_RANDOM_ORDER_H_

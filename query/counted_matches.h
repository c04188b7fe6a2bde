// The matches Archive::Terms counts (query/key_terms.h): every match of a
// query, one per group of near-identical copies (the lowest docid of each
// content fingerprint), and beyond a size a seeded sample of exactly that
// many. Internal header.
//
// The match reads no document: each shard's matching docids are kept (at
// once where the view has a pool), then their fingerprints are read from the
// value stream in docid order, as 8-byte integers, and the copies found by
// sorting; the day of publication is read for the counted articles only.
#ifndef MORGUE_QUERY_COUNTED_MATCHES_H_
#define MORGUE_QUERY_COUNTED_MATCHES_H_

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "query/shard_match.h"

namespace morgue {

// The seeded order of a sample: the articles with the lowest keys are kept.
// splitmix64 of the seed and the docid, the same on every platform; for a
// given seed, distinct docids have distinct keys.
uint64_t SampleKey(uint64_t seed, uint64_t docid);

struct CountedMatches {
  uint64_t total = 0;             // matching articles
  uint64_t groups = 0;            // groups of copies among them (with collapse), else total
  bool sampled = false;           // docids are a sample of the groups
  std::vector<uint64_t> docids;   // the counted articles (global docids), ascending
  std::vector<std::string> days;  // with `days`: each counted article's YYYYMMDD ("" if none)
};

// Matches `query` over the shards of `view`. With `collapse`, one article per
// content fingerprint (articles without one each count); above `sample`
// articles, the `sample` with the lowest SampleKey(seed, docid). With `days`,
// also the day value of each counted article. Throws Xapian::Error.
CountedMatches SelectCountedMatches(const ShardView& view, const Xapian::Query& query,
                                    bool collapse, uint64_t sample, uint64_t seed, bool days);

}  // namespace morgue

#endif  // MORGUE_QUERY_COUNTED_MATCHES_H_

// The word-pair filter of a body phrase (indexer/word_pairs.h): the articles
// that may hold the phrase, found from its pair terms where the shards carry
// them. The phrase itself still decides, so matches, counts and scores are
// those of the phrase alone; only the articles whose positions are checked
// are fewer.
#ifndef MORGUE_QUERY_PAIR_FILTER_H_
#define MORGUE_QUERY_PAIR_FILTER_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "indexer/word_pairs.h"

namespace morgue {

// For the words of a body phrase: (every pair term of two adjacent words
// both in `pairs`, ANDed) OR (the articles of each shard written before its
// pair terms began, or of a shard whose pair words are not `pairs`). An
// empty Query when no two adjacent words are pair words: the phrase needs
// no filter.
Xapian::Query PhrasePairFilter(const PairWords& pairs, const std::vector<std::string>& words);

// What Xapian::Query::unserialise needs for morgue's queries (the posting
// source PhrasePairFilter makes).
const Xapian::Registry& QueryRegistry();

}  // namespace morgue

#endif  // MORGUE_QUERY_PAIR_FILTER_H_

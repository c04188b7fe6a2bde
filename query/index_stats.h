// What the index alone tells of an archive, for Archive::Stats: the date
// span, the undated articles and the most frequent values, all exact and
// read from term frequencies (no article is visited).
#ifndef MORGUE_QUERY_INDEX_STATS_H_
#define MORGUE_QUERY_INDEX_STATS_H_

#include <cstddef>

#include "morgue/archive.h"
#include "query/index_reader.h"

namespace morgue {

// Fills stats->first, last, undated and the top_* lists (`top` values each;
// 0: all), and on a cluster articles, nodes and node_articles too. Throws
// as Archive::Stats.
void SummariseIndex(const IndexReader& index, size_t top, ArchiveStats* stats);

}  // namespace morgue

#endif  // MORGUE_QUERY_INDEX_STATS_H_

// Every matching article (Archive::Export), in the request's sort order,
// streamed a page at a time.
//
// One exact match pass records a small sort key per match (24 bytes: docid,
// time, weight); the keys are sorted the way Search orders hits, and the
// articles are then fetched from the store a page at a time (one MultiGet per
// page) and handed to the caller. Paging Xapian with get_mset(offset, n)
// instead would re-run the match for every page and hold offset + n items
// inside Xapian: quadratic time and no less memory.
//
// A match spy over several shards sees each shard's local docids, one shard
// after another (Xapian 1.4 matches sub-databases in turn, weights computed
// with the combined statistics). A count per shard tells the blocks apart;
// ShardLayout then gives the global docid.
#ifndef MORGUE_QUERY_EXPORT_H_
#define MORGUE_QUERY_EXPORT_H_

#include <cstdint>
#include <functional>

#include "morgue/article.h"
#include "morgue/search.h"
#include "query/index_reader.h"

namespace morgue {

// Calls `fn` with every article `request` selects, in request.sort order,
// fetched a page at a time from the store of the snapshot that matched
// them; stops when fn returns false. Returns the number passed. Throws as
// Archive::Export.
// `missing`: as IndexReader::Read's (set before the first article is passed).
uint64_t ExportArticles(const IndexReader& index, const SearchRequest& request,
                        const std::function<bool(const Article&)>& fn,
                        std::vector<std::string>* missing = nullptr);

}  // namespace morgue

#endif  // MORGUE_QUERY_EXPORT_H_

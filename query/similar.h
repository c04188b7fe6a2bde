// "More like this" (Archive::Similar): the article's most telling words
// (Xapian's expand set over a relevance set of that one article) are searched
// for with OR, the article itself excluded.
#ifndef MORGUE_QUERY_SIMILAR_H_
#define MORGUE_QUERY_SIMILAR_H_

#include "morgue/search.h"
#include "query/index_reader.h"
#include "storage/store.h"

namespace morgue {

// The hits request.offset .. offset + limit of the articles like `target`
// (a stored article), filtered by the request's query and dates when it has
// them, their stored text from the matching snapshot's store. Throws as
// Archive::Similar.
SearchResult FindSimilar(const IndexReader& index, const StoredId& target,
                         const SearchRequest& request);

}  // namespace morgue

#endif  // MORGUE_QUERY_SIMILAR_H_

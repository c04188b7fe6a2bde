// Exact counts of matching articles per value of a field (Archive::Facets),
// from the field's value slot ('\x1f'-joined for multi-valued fields), or,
// over the whole archive, from the frequencies of the field's filter terms.
#ifndef MORGUE_QUERY_FACETS_H_
#define MORGUE_QUERY_FACETS_H_

#include <cstddef>
#include <vector>

#include "morgue/search.h"
#include "query/index_reader.h"

namespace morgue {

// The `top` largest counts (0: all) of the articles `request` selects per
// value of `by`, largest first (ties by value), and the exact total.
// Throws as Archive::Facets.
FacetResult CountFacets(const IndexReader& index, const SearchRequest& request, FacetField by,
                        size_t top);

// The same on a snapshot the caller holds (inside IndexReader::Read).
FacetResult FacetsOn(const IndexReader::View& r, const SearchRequest& request, FacetField by,
                     size_t top);

// Archive::FacetsSideBySide: the requests' facets on one snapshot.
std::vector<FacetResult> CountFacetsSideBySide(const IndexReader& index,
                                               const std::vector<SearchRequest>& requests,
                                               FacetField by, size_t top);

}  // namespace morgue

#endif  // MORGUE_QUERY_FACETS_H_

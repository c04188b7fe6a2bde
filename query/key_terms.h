// The terms that distinguish a set of matching articles from the archive
// (Archive::Terms): words and two-word phrases of one field, counted per
// article over the matches (one per group of copies, a seeded sample beyond
// a size), against the archive's document frequencies, scored by Dunning's
// log-likelihood G2. docs/research.md says why and how.
//
// The matches' words come from the index's term lists; with phrases, their
// words and phrases come from the stored articles cut into words by the
// indexer's own FieldWords (indexer/field_words.h), so that words and
// positions are exactly those of the index. The archive's counts are the
// index's term frequencies (words) and, for phrases, word-pair term
// frequencies, phrase matches or stated estimates (query/term_archive_counts.h).
// The matches counted: query/counted_matches.h.
#ifndef MORGUE_QUERY_KEY_TERMS_H_
#define MORGUE_QUERY_KEY_TERMS_H_

#include <cstdint>

#include "morgue/research.h"
#include "morgue/search.h"
#include "query/index_reader.h"

namespace morgue {

// G2 of the 2x2 table (k1 of n1 have the term) against (k2 of n2); 0 when
// the table has an empty margin. Exposed for tests.
double LogLikelihood(uint64_t k1, uint64_t n1, uint64_t k2, uint64_t n2);

// Archive::Terms. Throws as Archive::Terms.
TermsResult KeyTerms(const IndexReader& index, const SearchRequest& request,
                     const TermsOptions& options);

}  // namespace morgue

#endif  // MORGUE_QUERY_KEY_TERMS_H_

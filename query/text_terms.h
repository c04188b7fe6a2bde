// Query text as index terms: the query side's twin of the indexer's
// tokenisation (indexer/document.cc: Xapian::TermGenerator with default
// settings, no stemmer, no stopper), which it must equal term for term
// (tests/query_parser_test.cc, TextTermsMatchTheIndexer), and the
// normalisation of filter values. Internal to query/. Thread-safe.
#ifndef MORGUE_QUERY_TEXT_TERMS_H_
#define MORGUE_QUERY_TEXT_TERMS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace morgue {

// The unstemmed terms the indexer makes of `text`, in position order:
// folded (indexer/fold.h: case and diacritics, every script), apostrophes and acronyms handled like
// at index time, words longer than 64 bytes dropped. Uses thread-local scratch state.
std::vector<std::string> TextTerms(std::string_view text);

// Number of Unicode characters in UTF-8 `text`.
size_t Utf8Length(std::string_view text);

// Xapian's STEM_SOME rule: only terms starting with a letter get a Z stem.
bool StartsWithLetter(std::string_view term);

// True when `term` matches the wildcard `pattern`, in which '?' stands for
// exactly one Unicode character and '*' for any run of them (none too);
// everything else matches itself, byte for byte.
bool MatchesWildcard(std::string_view pattern, std::string_view term);

// A filter value's term form: FoldCollapse (indexer/fold.h), the indexer's
// FilterValue.
std::string LowerCollapse(std::string_view text);

}  // namespace morgue

#endif  // MORGUE_QUERY_TEXT_TERMS_H_

// The articles a request selects, matched exactly: the query a request
// stands for (with none, every article within its dates), a match spy that
// tallies a value slot over every match, and an exact match pass. Used by
// the facets, histograms, exports and similar-article searches.
#ifndef MORGUE_QUERY_SELECTION_H_
#define MORGUE_QUERY_SELECTION_H_

#include <xapian.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <unordered_map>

#include "morgue/search.h"
#include "query/searcher.h"

namespace morgue {

// The query selecting the articles of `request`: its query string, built
// query, filters and dates, as Searcher::BuildQuery makes it; a request with
// none of the first three selects every article (within from/to). Throws as BuildQuery does
// (Error(kQuerySyntax) for a bad query or date).
Xapian::Query SelectionQuery(const Searcher& searcher, const SearchRequest& request);

// Counts, for every matching article, the raw string in one value slot
// (multi-valued slots keep their '\x1f'-joined form; split the few distinct
// strings afterwards). Articles with an empty value are seen but not
// tallied. Not thread-safe; one per match.
class ValueTally : public Xapian::MatchSpy {
 public:
  explicit ValueTally(Xapian::valueno slot) : slot_(slot) {}

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "morgue.ValueTally"; }

  // Matching articles seen, with a value or not.
  uint64_t seen() const { return seen_; }
  // Raw value -> number of matching articles holding it.
  const std::unordered_map<std::string, uint64_t>& counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  uint64_t seen_ = 0;
  std::unordered_map<std::string, uint64_t> counts_;
};

// The exact number of documents of `db` matching `query` when the index's
// term statistics give it without a match: a term (its document frequency:
// a filter, a date term, a word in one field), every document, nothing, a
// scaled query, "every document but X" of such an X, and an OR of date terms
// none of which covers another (each dated document holds one day, one month
// and one year term, so such terms never share a document). nullopt for any
// other query. Throws Xapian::Error.
std::optional<uint64_t> CountFromStatistics(const Xapian::Database& db, const Xapian::Query& query);

// A query matching exactly the documents `query` matches, cheaper to count:
// without what only adds weight (OP_AND_MAYBE's right side, OP_SCALE_WEIGHT),
// and with `all_fields_terms` (every document has them: indexer/document.h
// kAllFieldsPrefix) without the headline, body and caption terms of words
// ORed with those words' all-fields terms: a document holding "S"+w, w or
// "XC"+w holds "XA"+w (DocumentBuilder::AddAllFieldsTerms), so they match
// nothing more. A bare word scored over its fields together
// (query/compile.cc, CombinedFields) becomes its all-fields term(s): one
// term, counted from its document frequency. Weights are not kept: match it
// unweighted. Throws nothing for a query Xapian built.
Xapian::Query CountingQuery(const Xapian::Query& query, bool all_fields_terms);

// Whether a ranked match of `query` that stops early (checkatleast 0:
// Xapian's max-weight bounds) gives the page the exhaustive match gives:
// only for one word's query (a term, an OP_SYNONYM of terms, each maybe
// scaled, or an OR of two of them: a word's headline and all-fields terms).
// Xapian 1.4.22's matcher can leave a hit out of the page when it stops
// early an OR of more (an OR of five or more plain terms: 9 pages of 43,200
// differed on generated databases; two words' four parts: 1 of 18,000;
// one word's two parts: none of 42,000), so such queries are matched
// exhaustively. Throws nothing.
bool EarlyStopKeepsThePage(const Xapian::Query& query);

// The exact number of documents of `db` matching `query` without a match of
// the query itself: CountFromStatistics, or for a term or an OR / OP_SYNONYM
// of terms (a word's variants: CountingQuery) the largest posting list's
// document frequency plus the documents of the others' posting lists it
// does not hold. nullopt for any other query. With `read_lists` false (a
// cluster's nodes, whose posting lists would cross the network) those
// documents are counted by an unweighted match on the nodes along the
// smaller lists, the frequencies taken from one exchange of statistics, so
// that only counts cross the network: `of` (three forms) at 1M articles over
// 4 nodes 1.3 ms, against 15 for an unweighted match of the whole union and
// 34 for the weighted match that ranks it. Throws Xapian::Error.
std::optional<uint64_t> CountWithoutMatch(const Xapian::Database& db, const Xapian::Query& query,
                                          bool read_lists = true);

// Runs `query` over every document of `db` (exactly, no early termination)
// with `spies` watching each match. Returns the exact number of matches;
// without spies, without a match where CountWithoutMatch can (`read_lists`
// as there).
// Throws Xapian::Error (callers run it inside IndexReader::Read).
uint64_t RunExactMatch(const Xapian::Database& db, const Xapian::Query& query,
                       std::initializer_list<Xapian::MatchSpy*> spies, bool read_lists = true);

}  // namespace morgue

#endif  // MORGUE_QUERY_SELECTION_H_

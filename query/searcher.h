// Runs search requests against the Xapian shards and the article store.
#ifndef MORGUE_QUERY_SEARCHER_H_
#define MORGUE_QUERY_SEARCHER_H_

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "morgue/search.h"
#include "query/parser.h"

namespace morgue {

class Store;

// The query for filters built in code (SearchRequest::filters): one OR group
// per field, the groups ANDed.
Query FiltersQuery(const std::vector<Filter>& filters);

// True when `request` has no query text (or only blanks), no built query and
// no filters: it selects every article (within its from / to dates).
bool SelectsAll(const SearchRequest& request);

class Searcher {
 public:
  // `db` and `store` must outlive the searcher. Not thread-safe: one per thread.
  Searcher(const Xapian::Database& db, const Store& store, const std::string& language);

  SearchResult Search(const SearchRequest& request) const;
  uint64_t Count(const SearchRequest& request) const;

  // The Xapian query for a request (query string, built query, filters,
  // dates), for callers that
  // run their own matches (facets, histograms, export).
  Xapian::Query BuildQuery(const SearchRequest& request,
                           std::vector<std::string>* highlight_terms = nullptr,
                           std::string* description = nullptr) const;

  // The first and last day of the archive's dated articles (from the day
  // slot's bounds); nullopt when none is dated.
  std::optional<DaySpan> Span() const;

 private:
  const Xapian::Database& db_;
  const Store& store_;
  std::string stem_language_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_SEARCHER_H_

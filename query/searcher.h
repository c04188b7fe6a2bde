// Runs search requests against the Xapian shards and the article store.
#ifndef MORGUE_QUERY_SEARCHER_H_
#define MORGUE_QUERY_SEARCHER_H_

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/word_pairs.h"
#include "morgue/search.h"
#include "query/deadline.h"
#include "query/parser.h"
#include "query/shard_match.h"
#include "query/stem_expander.h"

namespace morgue {

class ArticleSource;

// The query for filters built in code (SearchRequest::filters): one OR group
// per field, the groups ANDed.
Query FiltersQuery(const std::vector<Filter>& filters);

class Snippeter;

// A hit from a stored article (storage/codec.h form): its ids, date,
// headline, `score`, the snippet and the whole article as `request` asks.
Hit MakeHit(std::string_view stored, double score, const Snippeter& snippeter,
            const SearchRequest& request);

// True when `request` has no query text (or only blanks), no built query and
// no filters: it selects every article (within its from / to dates).
bool SelectsAll(const SearchRequest& request);

// The BM25 that searches, exports and similar-article searches rank with
// (docs/ranking.md); `words_ored`: the request's words side by side are
// ORed (SearchRequest::default_and false), which takes bm25_b_ored for b.
Xapian::BM25Weight RankingWeight(const RankingOptions& ranking, bool words_ored = false);

// What a searcher knows of the archive besides its shards and store.
struct SearchContext {
  std::string language;  // the archive's language code
  // Every quotation is body text (no article has kQuoteOutsideBodyTerm, and
  // the archive writes that term): ParseOptions::quotes_in_body.
  bool quotes_in_body = false;
  StemCache* stem_cache = nullptr;  // expansions of this `db`; may be null
  // The shards `db` is made of, each opened on its own, and what helps match
  // them (the view's shards are required).
  ShardView shards;
  // The shards' word-pair words (indexer/word_pairs.h); null or empty: none.
  const PairWords* pair_words = nullptr;
  // Every document has all-fields terms: ParseOptions::all_fields_terms.
  bool all_fields_terms = false;
  // `db` is a cluster's nodes, read remotely: only Xapian's own classes may
  // be used (no morgue match spy, posting source or value column).
  bool remote = false;
};

class ValueTally;  // query/selection.h

// The groups of near-identical copies among the matches a tally of the
// fingerprint slot (kSlotFingerprint) saw: its distinct fingerprints, plus
// one per article without a fingerprint.
uint64_t GroupCount(const ValueTally& fingerprints);

class Searcher {
 public:
  // `db`, the store `store` returns (called when articles or saved queries
  // are first read) and the context's cache must outlive the searcher. Not
  // thread-safe: one per thread.
  Searcher(const Xapian::Database& db, std::function<const ArticleSource&()> store,
           SearchContext context);

  SearchResult Search(const SearchRequest& request) const;
  // The exact number of matching articles; with request.collapse, of the
  // groups they form (GroupCount).
  uint64_t Count(const SearchRequest& request) const;

  // The Xapian query for a request (query string, built query, filters,
  // dates), for callers that
  // run their own matches (facets, histograms, export).
  // `weighted` (when given) is set to ParsedQuery::weighted, `description`
  // to Xapian's description of the query, `normalised` to its readable
  // normalised form (ParsedQuery::description, then the request's from / to
  // as "FILTER date:FROM..TO"). With a
  // `deadline`, wildcards are expanded here rather than by Xapian at match
  // time, and every expansion checks the clock: when the deadline passes,
  // Error(kLimit) (Deadline::FailPreparing) rather than a partial query.
  // `ranked`: the query ranks its matches (Search in relevance order), so
  // it carries the ranking's proximity bonus (RankingOptions::
  // proximity_weight); counts and selections leave it out (same matches).
  Xapian::Query BuildQuery(const SearchRequest& request,
                           std::vector<std::string>* highlight_terms = nullptr,
                           std::string* description = nullptr, bool* weighted = nullptr,
                           const Deadline& deadline = {}, std::string* normalised = nullptr,
                           bool ranked = false) const;

  // The first and last day of the archive's dated articles (from the day
  // slot's bounds) and whether all are dated; nullopt when none is dated.
  std::optional<DaySpan> Span() const;
  // `query` with the best terms of its top matches added, to rank by
  // (RankingOptions::expand_docs); its matches unchanged.
  Xapian::Query Expand(const Xapian::Query& query, const SearchRequest& request,
                       const std::vector<std::string>& query_terms) const;

  // The shards, for matches run on each shard at once (shard_match.h).
  const ShardView& Shards() const { return shards_; }

 private:
  // The terms matching the wildcard `pattern` (a field's prefix, then
  // letters, '?' and '*': MatchesWildcard) in any shard, sorted;
  // Error(kLimit) when more than `max` match in one shard (as OP_WILDCARD's
  // limit, per shard). Checks `deadline` as it reads.
  std::vector<std::string> WildcardTerms(const std::string& pattern, unsigned max,
                                         const Deadline& deadline) const;

  // Throws Error(kInvalidArgument) when `request` asks a remote `db` for
  // what it cannot do yet (collapse, random order).
  void RequireLocalFeatures(const SearchRequest& request) const;

  const Xapian::Database& db_;
  std::function<const ArticleSource&()> store_;  // called when the articles are read
  std::string stem_language_;
  bool quotes_in_body_;
  StemCache* stem_cache_;
  ShardView shards_;
  const PairWords* pair_words_;
  bool all_fields_terms_;
  bool remote_;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_SEARCHER_H_

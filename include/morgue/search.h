// Search requests and results: plain values, cheap to copy and to build in code.
//
// Thread safety: plain values. Distinct objects may be used from different
// threads freely; one object may be read from several threads at once, but not
// read while another thread changes it. The Parse* functions are thread-safe.
#ifndef MORGUE_SEARCH_H_
#define MORGUE_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/article.h"
#include "morgue/export.h"
#include "morgue/query.h"

namespace morgue {

// The order of SearchResult::hits and of Export. kRandom: a seeded random
// order of the matches (SearchRequest::seed): its first n are a uniform
// sample of n matches without replacement; the same seed over the same
// archive (its docids: a backup or repair keeps them, indexing the files
// anew may not) gives the same order whatever the shard count or threads.
// Scores are then 0.
enum class SortOrder { kRelevance, kNewest, kOldest, kRandom };

// Parses "relevance", "newest", "oldest", "random". Throws
// Error(kInvalidArgument) naming the accepted values for any other name.
MORGUE_EXPORT SortOrder ParseSortOrder(const std::string& name);

// A filter built in code rather than written in the query string: the
// article must have `value` in `field` (person, org, place and speaker values
// are canonicalised as the query language's person:/org:/place: values are;
// the others are compared folded: case and accents, any script). Filters of one field are ORed,
// filters of different fields ANDed, and they never change scores.
struct Filter {
  FacetField field = FacetField::kTopic;
  std::string value;
};

// The widest RankingOptions::proximity_window: paragraphs and fields are
// 100 positions apart in the index, so a window never joins two of them.
inline constexpr unsigned kMaxProximityWindow = 100;

// How relevance is computed: BM25 with a weight per text field. The
// defaults were chosen on judged queries (docs/ranking.md); they are the
// library's only ranking defaults (the query compiler's field weights default
// to these), and tests/ranking_defaults_test.cc checks that the docs quote them.
struct RankingOptions {
  double headline_weight = 1.5;
  double body_weight = 1.0;
  double quote_weight = 0.0;  // quoted words still match; they add no weight
  double caption_weight = 1.0;
  double bm25_k1 = 1.6;  // term frequency saturation
  // Document length normalisation, 0..1 (0: none, which also spares
  // reading every match's length): bm25_b with words ANDed
  // (SearchRequest::default_and), bm25_b_ored with words ORed. ANDed, every
  // match holds every word, and a long article that keeps returning to them
  // is more often about them; ORed, a long text matches more of a
  // sentence's words by its length alone, which the normalisation offsets.
  double bm25_b = 0.0;
  double bm25_b_ored = 0.25;
  // With words ORed (SearchRequest::default_and false): English stop words
  // ("the", "what", "are"; docs/query-language.md lists them) typed as bare
  // words beside other words are left out, so an article sharing only stop
  // words with the query is no match and they add no score. Words ANDed,
  // phrases and field-scoped words are never changed.
  bool drop_stop_words = true;
  // How a word that is not scoped to a field scores. false: one BM25 per
  // field (each with the field's own document frequency and saturation),
  // scaled by the field's weight and added. true: one BM25 over the word's
  // occurrences in every field of weight > 0 together (their counts summed,
  // one document frequency, as SQLite FTS5's bm25 scores a row), plus, for
  // a field of weight w > 1, (w - 1) times its own BM25 (a weight between 0
  // and 1 counts as 1); fields of weight 0 still match. Phrases, NEAR and
  // wildcards always score per field. In an archive with all-fields terms
  // (docs/index-format.md) the fields together are read from one posting
  // list per word when they are the headline, body and captions.
  bool combine_fields = true;
  // Pseudo-relevance feedback: when expand_docs > 0, the `expand_terms`
  // best terms of the top `expand_docs` matches (Xapian's ESet; stop words,
  // numbers and the query's own words left out) are added to the query with
  // weight `expand_weight`. They only reorder: the matches (and every count)
  // stay those of the query as typed.
  unsigned expand_docs = 0;
  unsigned expand_terms = 20;
  double expand_weight = 0.5;
  // Term proximity, with words ORed (SearchRequest::default_and false) and
  // results in relevance order: for each two bare unscoped words next to
  // each other in the query (stop words left out as above), a match holding
  // them within a span of `proximity_window` words (in either order; 2: side
  // by side) in the headline, body or captions (fields of weight > 0) scores
  // `proximity_weight` times the two words' BM25 in those fields once more.
  // It only reorders: the matches (and every count) stay those of the query
  // as typed. 0: off. Must be >= 0; the window 2 to 100.
  double proximity_weight = 0.0;
  unsigned proximity_window = 8;
};

// How MarkHighlights writes the text around and between the markers.
enum class SnippetEscape {
  // EscapeMarkup: & < > " ' as entities, so the markers are the result's
  // only markup (for HTML markers such as <b> and </b>).
  kHtml,
  // EscapeForTerminal: control and bidirectional-text characters as \x1b,
  // \u202e... (for terminal markers such as "\033[1m" and "\033[0m").
  kTerminal,
  // As it is.
  kNone,
};

// A stretch of a snippet that matched the query: code points (not bytes)
// of Hit::snippet from `start` to `end`, end exclusive.
struct HighlightRange {
  uint64_t start = 0;
  uint64_t end = 0;

  friend bool operator==(const HighlightRange&, const HighlightRange&) = default;
};

// `text` safe to place in HTML or XML, as element content or a quoted
// attribute value: & < > " ' as &amp; &lt; &gt; &quot; &#39;, and every byte
// that is not valid UTF-8 and every character XML 1.0 forbids (C0 controls
// other than tab, line feed and carriage return; U+FFFE, U+FFFF) as U+FFFD.
MORGUE_EXPORT std::string EscapeMarkup(std::string_view text);

// `text` safe to print on a terminal: C0 controls other than tab (ESC, line
// feed, carriage return...), DEL and bytes that are not valid UTF-8 as
// \xNN; C1 controls (U+0080..U+009F) and the characters that reorder or
// break displayed text (U+061C, U+200E, U+200F, U+2028, U+2029,
// U+202A..U+202E, U+2066..U+2069) as \uNNNN. Everything else unchanged.
MORGUE_EXPORT std::string EscapeForTerminal(std::string_view text);

// `text` (a Hit::snippet) with every range of `highlights` (as Hit::highlights
// gives them: in order, not overlapping) between `open` and `close`, and the
// text around and inside them written as `escape` says; the markers are
// written as they are. Ranges beyond the text are ignored. For example
// MarkHighlights("Exxon <XON>", {{7, 10}}, "<b>", "</b>", SnippetEscape::kHtml)
// is "Exxon &lt;<b>XON</b>&gt;". Never throws (other than std::bad_alloc).
MORGUE_EXPORT std::string MarkHighlights(std::string_view text,
                                         const std::vector<HighlightRange>& highlights,
                                         std::string_view open, std::string_view close,
                                         SnippetEscape escape);

// What to search for and what to return. Only `query` is needed; the other
// members have working defaults.
struct SearchRequest {
  // The query in morgue's query language (docs/query-language.md).
  // May be empty when `built_query` or `filters` are given; filters alone
  // select every article they let through.
  std::string query;
  // A query built in code (morgue/query.h), ANDed with `query` when both
  // are given; empty() = none.
  Query built_query;
  // Filters built in code, ANDed with the query.
  std::vector<Filter> filters;
  // Extra date bounds, inclusive, by UTC day: "YYYY", "YYYY-MM" or "YYYY-MM-DD",
  // or a day relative to `now` ("today", "yesterday", "now", "-7d", "-2w",
  // "-3M", "-1y", "now-7d"; docs/query-language.md).
  std::optional<std::string> from;
  std::optional<std::string> to;
  // The moment relative dates (in `query`, `from` and `to`) are resolved
  // against, by its UTC day; nullopt: the system clock, read once per call.
  std::optional<Timestamp> now;
  // Words are ANDed by default; false ORs them.
  bool default_and = true;
  SortOrder sort = SortOrder::kRelevance;
  // With sort kRandom: which random order (any value; the same seed, the
  // same order). Ignored by the other orders.
  uint64_t seed = 0;
  RankingOptions ranking;
  uint64_t offset = 0;
  uint64_t limit = 10;
  // One hit per group of near-identical copies (articles with the same
  // content fingerprint; an article without one is a group of its own):
  // offset and limit then count groups, SearchResult::groups says how many
  // there are, and total still counts articles. Count returns the number of
  // groups.
  bool collapse = false;
  // Compute a snippet and its highlight ranges for each hit.
  bool snippets = true;
  // The snippet's length in bytes of the article's text ("…" excluded).
  size_t snippet_length = 200;
  // Fill Hit::explanation, SearchResult::query_description and
  // SearchResult::parsed_query.
  bool explain = false;
  // Fill Hit::article with the stored article.
  bool fetch_articles = false;
  // Search answers within about this many milliseconds (0: no limit).
  // Building the query (expanding wildcards and words) reads the clock: when
  // the time runs out there, or what is left would not cover the match's
  // setup (about 10 us per expanded word and shard), Search throws
  // Error(kLimit) ("... to prepare ...") rather than match a partial query.
  // Matching stops when the time runs out and returns the best hits found
  // so far; SearchResult::total_exact then says that total (and groups) are
  // estimates.
  // Fetching the page's articles and snippets is not timed. Only Search
  // honours it: Count, Facets, Histogram, Export and Similar are exact.
  uint64_t time_limit_ms = 0;
};

// One matching article, as a search returns it.
struct Hit {
  std::string id;
  std::string source;
  std::optional<Timestamp> published;
  std::string headline;
  double score = 0;
  // The passage that best matches the query, plain text as stored (valid
  // UTF-8: a byte that is not becomes U+FFFD), with "…" where it was cut.
  // No markup: the words that matched are `highlights`; MarkHighlights
  // writes it as HTML or for a terminal.
  std::string snippet;
  // The matched words of `snippet`, in order, not overlapping.
  std::vector<HighlightRange> highlights;
  // With collapse: how many matching articles this hit stands for (itself included).
  uint64_t group_size = 1;
  std::string explanation;
  std::optional<Article> article;
};

struct FacetCount {
  std::string value;  // canonical / lower-case form, as filters take it
  uint64_t count = 0;
};

struct FacetResult {
  uint64_t total = 0;              // matching articles
  std::vector<FacetCount> values;  // by count, descending, then by value
  // A cluster read partially (ArchiveOptions::allow_partial): the nodes
  // left out, "node 2 (tcp 127.0.0.1:7002): <why>"; the counts are then of
  // the other nodes' articles only. Empty: every node answered.
  std::vector<std::string> missing_nodes;
};

// The width of a histogram bin (UTC calendar intervals; weeks are ISO weeks).
enum class Interval { kDay, kWeek, kMonth, kYear };

// Parses "day", "week", "month", "year". Throws Error(kInvalidArgument)
// naming the accepted values for any other name.
MORGUE_EXPORT Interval ParseInterval(const std::string& name);

// One interval of a histogram.
struct HistogramBin {
  std::string label;   // "1987-03-05", "1987-W10" (ISO week), "1987-03", "1987"
  std::string start;   // first day of the interval, YYYY-MM-DD
  uint64_t count = 0;  // matching articles in the interval
  uint64_t all = 0;    // all articles of the archive in the interval (within from / to)
  // count / all; nullopt when `all` is 0 (the archive has no article in the
  // interval: no share can be computed, which is not a share of 0).
  std::optional<double> share;
};

// The most intervals a histogram may have: Archive::Histogram throws
// Error(kLimit) naming the number needed, before making any, when its span
// (HistogramResult::bins) needs more (by day: about 273 years).
inline constexpr uint64_t kMaxHistogramIntervals = 100000;

// Archive::Histogram's answer.
struct HistogramResult {
  uint64_t total = 0;    // matching articles
  uint64_t undated = 0;  // matching articles without a date (in no bin)
  // Every interval of the span, empty ones included, in order. The span:
  // from the interval holding request.from to the one holding request.to;
  // a side not given is the first (last) interval holding a matching
  // article, or when none matches, holding an article of the archive (no
  // bins when there is none either).
  std::vector<HistogramBin> bins;
  // The nodes left out, as FacetResult::missing_nodes (`all` too is then of
  // the other nodes' articles).
  std::vector<std::string> missing_nodes;
};

// Archive::Search's and Archive::Similar's answer.
struct SearchResult {
  // The number of matching articles, with collapse or not (Similar: of the
  // articles considered, those sharing at least one of the words searched
  // for). Exact unless total_exact is false.
  uint64_t total = 0;
  // With request.collapse: the number of groups of near-identical copies
  // the matching articles form (each article without a fingerprint a group
  // of its own); hits are a page of these groups. 0 without collapse.
  // Exact unless total_exact is false.
  uint64_t groups = 0;
  // False when request.time_limit_ms stopped the match early: total and
  // groups are then Xapian's estimates (never below the matches looked at),
  // and hits the best of the articles looked at.
  bool total_exact = true;
  // A cluster read partially (ArchiveOptions::allow_partial): the nodes
  // left out, "node 2 (tcp 127.0.0.1:7002): <why>"; total, groups and hits
  // are then of the other nodes' articles only (and scored with their
  // statistics). Empty: every node answered.
  std::vector<std::string> missing_nodes;
  std::vector<Hit> hits;
  // When explain was requested: the query as morgue read it, in the
  // normalised form of docs/query-language.md ("--explain"), e.g.
  // `opec AND "oil price" FILTER person:"james baker"` (with the request's
  // from / to as `FILTER date:FROM..TO`)...
  std::string query_description;
  // ... and Xapian's description of the query it matched (its terms,
  // prefixes, weights and operators), for debugging.
  std::string parsed_query;
};

}  // namespace morgue

#endif  // MORGUE_SEARCH_H_

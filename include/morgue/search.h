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

// The order of SearchResult::hits and of Export.
enum class SortOrder { kRelevance, kNewest, kOldest };

// Parses "relevance", "newest", "oldest". Throws Error(kInvalidArgument)
// naming the accepted values for any other name.
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

// How relevance is computed: BM25 with a weight per text field. The
// defaults were chosen on judged queries (docs/ranking.md); they are the
// library's only ranking defaults (the query compiler's field weights default
// to these), and tests/ranking_defaults_test.cc checks that the docs quote them.
struct RankingOptions {
  double headline_weight = 2.0;
  double body_weight = 1.0;
  double quote_weight = 0.0;  // quoted words still match; they add no weight
  double caption_weight = 1.0;
  double bm25_k1 = 2.5;  // term frequency saturation
  double bm25_b = 0.0;   // document length normalisation, 0..1 (0: none,
                         // which also spares reading every match's length)
};

// How a snippet's text (the article's words around and between the
// highlight markers) is written.
enum class SnippetEscape {
  // EscapeMarkup: & < > " ' as entities, so the markers are the snippet's
  // only markup (for HTML markers such as the default <b> and </b>).
  kHtml,
  // EscapeForTerminal: control and bidirectional-text characters as \x1b,
  // \u202e... (for terminal markers such as "\033[1m" and "\033[0m").
  kTerminal,
  // As stored.
  kNone,
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
  // Extra date bounds, inclusive, by UTC day: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
  std::optional<std::string> from;
  std::optional<std::string> to;
  // Words are ANDed by default; false ORs them.
  bool default_and = true;
  SortOrder sort = SortOrder::kRelevance;
  RankingOptions ranking;
  uint64_t offset = 0;
  uint64_t limit = 10;
  // One hit per group of near-identical copies (same content fingerprint).
  bool collapse = false;
  // Compute a highlighted snippet for each hit.
  bool snippets = true;
  // Snippet highlight markers and length in bytes (of the article's text,
  // before escaping).
  std::string highlight_open = "<b>";
  std::string highlight_close = "</b>";
  size_t snippet_length = 200;
  // How the snippet's text is escaped around the markers: HTML by default,
  // as the default markers are HTML tags (an article's own "<img ...>" is
  // then text, not markup). Headlines and other fields are never escaped.
  SnippetEscape snippet_escape = SnippetEscape::kHtml;
  // Fill Hit::explanation and SearchResult::parsed_query.
  bool explain = false;
  // Fill Hit::article with the stored article.
  bool fetch_articles = false;
  // Search answers within about this many milliseconds (0: no limit).
  // Building the query (expanding wildcards and words) reads the clock: when
  // the time runs out there, or what is left would not cover the match's
  // setup (about 10 us per expanded word and shard), Search throws
  // Error(kLimit) ("... to prepare ...") rather than match a partial query.
  // Matching stops when the time runs out and returns the best hits found
  // so far; SearchResult::total_exact then says the total is an estimate.
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
  std::string snippet;
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
  uint64_t all = 0;    // all articles of the archive in the interval
  double share = 0;    // count / all (0 when all is 0)
};

// The most intervals a histogram may have: Archive::Histogram throws
// Error(kLimit) naming the number needed, before making any, when the
// matching articles span more (by day: about 273 years).
inline constexpr uint64_t kMaxHistogramIntervals = 100000;

// Archive::Histogram's answer.
struct HistogramResult {
  uint64_t total = 0;    // matching articles
  uint64_t undated = 0;  // matching articles without a date (in no bin)
  // Every interval from the first to the last matching one, empty ones included.
  std::vector<HistogramBin> bins;
};

// Archive::Search's and Archive::Similar's answer.
struct SearchResult {
  // The exact number of matching articles (with collapse: of matching groups).
  uint64_t total = 0;
  // False when request.time_limit_ms stopped the match early: total is
  // then an estimate, and hits the best of the articles looked at.
  bool total_exact = true;
  std::vector<Hit> hits;
  // The parsed query, when explain was requested.
  std::string parsed_query;
};

}  // namespace morgue

#endif  // MORGUE_SEARCH_H_

// Search requests and results: plain values, cheap to copy and to build in code.
#ifndef MORGUE_SEARCH_H_
#define MORGUE_SEARCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "morgue/article.h"

namespace morgue {

enum class SortOrder { kRelevance, kNewest, kOldest };

// Parses "relevance", "newest", "oldest". Throws Error(kInvalidArgument).
SortOrder ParseSortOrder(const std::string& name);

struct SearchRequest {
  // The query in morgue's query language (docs/query-language.md).
  std::string query;
  // Extra date bounds, inclusive, by UTC day: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
  std::optional<std::string> from;
  std::optional<std::string> to;
  // Words are ANDed by default; false ORs them.
  bool default_and = true;
  SortOrder sort = SortOrder::kRelevance;
  uint64_t offset = 0;
  uint64_t limit = 10;
  // One hit per group of near-identical copies (same content fingerprint).
  bool collapse = false;
  // Compute a highlighted snippet for each hit.
  bool snippets = true;
  // Snippet highlight markers and length in bytes.
  std::string highlight_open = "<b>";
  std::string highlight_close = "</b>";
  size_t snippet_length = 200;
  // Fill Hit::explanation and SearchResult::parsed_query.
  bool explain = false;
  // Fill Hit::article with the stored article.
  bool fetch_articles = false;
};

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

struct SearchResult {
  // The exact number of matching articles (with collapse: of matching groups).
  uint64_t total = 0;
  std::vector<Hit> hits;
  // The parsed query, when explain was requested.
  std::string parsed_query;
};

}  // namespace morgue

#endif  // MORGUE_SEARCH_H_

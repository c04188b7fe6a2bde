// Several queries side by side (`morgue histogram` and `morgue facets`):
// `--query` repeated, and `--queries FILE` of LABEL<TAB>QUERY lines.
#ifndef MORGUE_CLI_QUERY_SERIES_H_
#define MORGUE_CLI_QUERY_SERIES_H_

#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "morgue/search.h"

namespace morgue::cli {

// One query of a comparison and the label its column, rows and legend show.
struct QuerySeries {
  std::string label;
  SearchRequest request;
};

// Takes every `--query Q` and `--query=Q` out of `args` when there are two
// or more (each then a query of its own, in order) and returns their
// values; leaves `args` alone and returns none otherwise (one --query is
// the query, as its words always were).
std::vector<std::string> TakeRepeatedQueries(std::vector<std::string>& args);

// The LABEL<TAB>QUERY lines of `text` (the file `path`; a CR before the
// line feed and lines holding only spaces are ignored, label and query are
// trimmed of spaces). Throws UsageError naming `path` and the line for a
// line without a tab, an empty label or query, or a label given before,
// and for a file with no query at all.
std::vector<std::pair<std::string, std::string>> ParseQueriesFile(std::string_view text,
                                                                  const std::string& path);

// The queries to compare: `repeated` (TakeRepeatedQueries, labelled by their
// text), then the query words of `q` when there are some (only beside
// --queries), then the lines of the file `queries_path` (when not empty),
// each a copy of RequestFrom(q) with its own query. Empty when there is
// nothing to compare (a single query: the command's usual output). Throws
// UsageError for query words beside repeated --query, for two series with
// one label, and as ParseQueriesFile; Error(kIO) for an unreadable file.
std::vector<QuerySeries> SeriesFrom(const QueryArgs& q, const std::vector<std::string>& repeated,
                                    const std::string& queries_path);

// The queries to compare given as text (`morgue serve`'s "queries"
// parameter): `base` itself first when its query holds more than spaces
// (labelled by its text), then each LABEL<TAB>QUERY line of `text`
// (ParseQueriesFile, its messages naming `what`), each a copy of `base`
// with its own query. Throws UsageError as ParseQueriesFile, and for two
// series with one label.
std::vector<QuerySeries> SeriesFromText(const SearchRequest& base, std::string_view text,
                                        const std::string& what);

}  // namespace morgue::cli

#endif  // MORGUE_CLI_QUERY_SERIES_H_

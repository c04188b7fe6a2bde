// The JSON documents the commands print with --format json (and the CSV
// records of `morgue export`), built in one place so that `morgue serve`
// answers with exactly the same bodies: each is defined beside the command
// that prints it (cli/cmd_*.cc). docs/formats.md describes them.
#ifndef MORGUE_CLI_JSON_DOCUMENTS_H_
#define MORGUE_CLI_JSON_DOCUMENTS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "cli/printer.h"
#include "morgue/archive.h"
#include "morgue/search.h"

namespace morgue::cli {

// `morgue search --format json`: query, total (groups), total_exact, hits,
// with request.explain parsed_query, with `xapian_query` xapian_query.
nlohmann::json SearchJson(const SearchRequest& request, const SearchResult& result,
                          bool xapian_query);

// `morgue facets --format json`: query, by, total, values [{value, count}].
nlohmann::json FacetsJson(const SearchRequest& request, const std::string& by,
                          const FacetResult& result);

// `morgue histogram --format json`: query, by, total, undated, bins.
nlohmann::json HistogramJson(const SearchRequest& request, const std::string& by,
                             const HistogramResult& result);

// `morgue similar --format json`: id, considered, total, total_exact, shown,
// hits (groups with request.collapse).
nlohmann::json SimilarJson(const std::string& id, const SearchRequest& request,
                           const SearchResult& result);

// `morgue stats --format json` of the archive in `dir`.
nlohmann::json StatsJson(const std::string& dir, const ArchiveStats& stats);

// `morgue export --format csv`: the header record, and one record per article.
bool PrintExportCsvHeader(CsvPrinter& csv);
bool PrintExportCsvRecord(CsvPrinter& csv, const Article& a);

}  // namespace morgue::cli

#endif  // MORGUE_CLI_JSON_DOCUMENTS_H_

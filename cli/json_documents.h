// The JSON documents the commands print with --format json (and the CSV
// records of `morgue export`), built in one place so that `morgue serve`
// answers with exactly the same bodies: each is defined beside the command
// that prints it (cli/cmd_*.cc). docs/formats.md describes them.
#ifndef MORGUE_CLI_JSON_DOCUMENTS_H_
#define MORGUE_CLI_JSON_DOCUMENTS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/printer.h"
#include "morgue/archive.h"
#include "morgue/research.h"
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

// `morgue histogram --format json` of several queries side by side:
// by, series [{label, query, total, undated, bins}], labels[i] naming
// requests[i] and results[i].
nlohmann::json HistogramSeriesJson(const std::string& by, const std::vector<std::string>& labels,
                                   const std::vector<SearchRequest>& requests,
                                   const std::vector<HistogramResult>& results);

// `morgue histogram --split FIELD --format json`: by, query, split, top,
// total, series [{label, value, query, total, undated, bins}], outside.
nlohmann::json HistogramSplitJson(const SearchRequest& request, const std::string& by,
                                  const std::string& field, size_t top,
                                  const SplitHistograms& split);

// `morgue facets --format json` of several queries side by side: by,
// series [{label, query, total, values}].
nlohmann::json FacetsSeriesJson(const std::string& by, const std::vector<std::string>& labels,
                                const std::vector<SearchRequest>& requests,
                                const std::vector<FacetResult>& results);

// `morgue terms --format json` (`field` as the user named it).
nlohmann::json TermsJson(const SearchRequest& request, const std::string& field,
                         const TermsOptions& options, const TermsResult& result);

// One line of `morgue kwic --format jsonl`.
nlohmann::json KwicLineJson(const KwicLine& line);

// `morgue kwic --format csv`: the header record, and one record per line.
bool PrintKwicCsvHeader(CsvPrinter& csv);
bool PrintKwicCsvRecord(CsvPrinter& csv, const KwicLine& line);

// `morgue queries list --format json`: [{name, query}].
nlohmann::json SavedQueriesJson(const std::vector<SavedQuery>& saved);

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

// morgue facets: exact counts of matching articles per value of a field,
// for one query or several side by side.
#include <cstdio>

#include "cli/command.h"
#include "cli/json_documents.h"
#include "cli/query_series.h"
#include "morgue/archive.h"

namespace morgue::cli {

nlohmann::json FacetsJson(const SearchRequest& request, const std::string& by,
                          const FacetResult& result) {
  nlohmann::json out = {{"query", request.query},
                        {"by", by},
                        {"total", result.total},
                        {"values", nlohmann::json::array()}};
  for (const auto& v : result.values)
    out["values"].push_back({{"value", v.value}, {"count", v.count}});
  AddPartialJson(out, result.missing_nodes);
  return out;
}

nlohmann::json FacetsSeriesJson(const std::string& by, const std::vector<std::string>& labels,
                                const std::vector<SearchRequest>& requests,
                                const std::vector<FacetResult>& results) {
  nlohmann::json out = {{"by", by}, {"series", nlohmann::json::array()}};
  for (size_t s = 0; s < results.size(); ++s) {
    nlohmann::json one = FacetsJson(requests[s], by, results[s]);
    one.erase("by");
    one.erase("partial");  // said once, at the top
    one.erase("missing_nodes");
    one["label"] = labels[s];
    out["series"].push_back(std::move(one));
  }
  if (!results.empty()) AddPartialJson(out, results.front().missing_nodes);
  return out;
}

namespace {

// `morgue facets` with several queries: the same values in every column.
// Returns the exit status.
int PrintFacetColumns(const Archive& archive, const std::vector<QuerySeries>& series,
                      FacetField field, const std::string& by, size_t top, Format format) {
  std::vector<SearchRequest> requests;
  for (const QuerySeries& s : series) requests.push_back(s.request);
  const std::vector<FacetResult> results = archive.FacetsSideBySide(requests, field, top);
  const auto share_of = [](const FacetResult& r, uint64_t count) {
    return r.total ? static_cast<double>(count) / static_cast<double>(r.total) : 0.0;
  };
  if (format == Format::kJson) {
    std::vector<std::string> labels;
    for (const QuerySeries& s : series) labels.push_back(s.label);
    JsonPrinter().Print(FacetsSeriesJson(by, labels, requests, results));
  } else if (format == Format::kCsv) {
    CsvPrinter csv;
    csv.Header({"series", "value", "count", "share"});
    for (size_t s = 0; s < results.size(); ++s) {
      for (const auto& v : results[s].values) {
        char share[32] = "";  // empty: the query matches nothing
        if (results[s].total) {
          std::snprintf(share, sizeof share, "%.6f", share_of(results[s], v.count));
        }
        csv.Text(series[s].label).Text(v.value).Number(v.count).Value(share);
        if (!csv.EndRecord()) return PartialExit("facets", results.front().missing_nodes);
      }
    }
  } else {
    TextPrinter text;
    text.Printf("%s values of %s side by side (count, share of the query's matches):\n", by.c_str(),
                CountOf(results.size(), "query", "queries").c_str());
    text.Printf("%s", PartialLine(results.front().missing_nodes).c_str());
    for (size_t s = 0; s < results.size(); ++s) {
      text.Printf("  [%zu] %s: %s\n", s + 1, TerminalSafe(series[s].label).c_str(),
                  CountOf(results[s].total, "matching article").c_str());
    }
    for (size_t s = 0; s < results.size(); ++s) {
      text.Printf("%15s", ("[" + std::to_string(s + 1) + "]").c_str());
    }
    text.Printf("\n");
    const size_t rows = results.front().values.size();
    for (size_t i = 0; i < rows; ++i) {
      for (const FacetResult& r : results) {
        const uint64_t count = r.values[i].count;
        text.Printf("%8llu %5.1f%%", static_cast<unsigned long long>(count),
                    100.0 * share_of(r, count));
      }
      text.Printf("  %s\n", TerminalSafe(results.front().values[i].value).c_str());
    }
  }
  return PartialExit("facets", results.front().missing_nodes);
}

}  // namespace

int RunFacets(const std::vector<std::string>& args) {
  po::options_description options("morgue facets options");
  QueryArgs q;
  std::string by, format_name, queries_path;
  uint64_t top = 20;
  AddQueryOptions(options, q, /*query_required=*/false);
  options.add_options()("queries", po::value(&queries_path),
                        "FILE of LABEL<TAB>QUERY lines: the queries side by side (with "
                        "--query repeated: those too)");
  options.add_options()("by", po::value(&by)->required(),
                        "person | org | place | topic | section | source | speaker")(
      "top,n", UnsignedValue(&top), "values to list, the most frequent first (0: all)")(
      "format", po::value(&format_name)->default_value("text"), "text | json | csv");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  std::vector<std::string> rest = args;
  const std::vector<std::string> repeated = TakeRepeatedQueries(rest);
  if (!ParseArgs(rest, "morgue facets --archive DIR [QUERY] --by FIELD [--top N]", options,
                 positional, &vm)) {
    return kExitOk;
  }
  const Format format =
      ParseOutputFormat(format_name, {Format::kText, Format::kJson, Format::kCsv});
  FacetField field = ParseFacetField(by);
  const std::vector<QuerySeries> series = SeriesFrom(q, repeated, queries_path);
  SearchRequest request = RequestFrom(q);
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly, ReadingOptions(q.allow_partial));
  if (!series.empty()) return PrintFacetColumns(*archive, series, field, by, top, format);
  FacetResult result = archive->Facets(request, field, top);

  if (format == Format::kJson) {
    JsonPrinter().Print(FacetsJson(request, by, result));
  } else if (format == Format::kCsv) {
    CsvPrinter csv;
    csv.Header({"value", "count"});
    for (const auto& v : result.values) csv.Text(v.value).Number(v.count).EndRecord();
  } else {
    TextPrinter text;
    text.Printf("%s; %s values:\n", CountOf(result.total, "matching article").c_str(), by.c_str());
    text.Printf("%s", PartialLine(result.missing_nodes).c_str());
    for (const auto& v : result.values) {
      double percent = result.total ? 100.0 * static_cast<double>(v.count) / result.total : 0.0;
      text.Printf("%8llu  %5.1f%%  %s\n", static_cast<unsigned long long>(v.count), percent,
                  TerminalSafe(v.value).c_str());
    }
  }
  return PartialExit("facets", result.missing_nodes);
}

}  // namespace morgue::cli

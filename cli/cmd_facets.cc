// morgue facets: exact counts of matching articles per value of a field.
#include "cli/command.h"
#include "cli/json_documents.h"
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
  return out;
}

int RunFacets(const std::vector<std::string>& args) {
  po::options_description options("morgue facets options");
  QueryArgs q;
  std::string by, format_name;
  uint64_t top = 20;
  AddQueryOptions(options, q, /*query_required=*/false);
  options.add_options()("by", po::value(&by)->required(),
                        "person | org | place | topic | section | source | speaker")(
      "top,n", UnsignedValue(&top), "values to list, the most frequent first (0: all)")(
      "format", po::value(&format_name)->default_value("text"), "text | json | csv");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue facets --archive DIR [QUERY] --by FIELD [--top N]", options,
                 positional, &vm)) {
    return kExitOk;
  }
  const Format format =
      ParseOutputFormat(format_name, {Format::kText, Format::kJson, Format::kCsv});
  FacetField field = ParseFacetField(by);
  SearchRequest request = RequestFrom(q);
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
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
    for (const auto& v : result.values) {
      double percent = result.total ? 100.0 * static_cast<double>(v.count) / result.total : 0.0;
      text.Printf("%8llu  %5.1f%%  %s\n", static_cast<unsigned long long>(v.count), percent,
                  TerminalSafe(v.value).c_str());
    }
  }
  return kExitOk;
}

}  // namespace morgue::cli

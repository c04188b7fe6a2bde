// morgue facets: exact counts of matching articles per value of a field.
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "morgue/archive.h"

namespace morgue::cli {

int RunFacets(const std::vector<std::string>& args) {
  po::options_description options("morgue facets options");
  QueryArgs q;
  std::string by, format;
  uint64_t top = 20;
  AddQueryOptions(options, q, /*query_required=*/false);
  options.add_options()
      ("by", po::value(&by)->required(), "person | org | place | topic | section | source | speaker")
      ("top,n", UnsignedValue(&top), "values to list, the most frequent first (0: all)")
      ("format", po::value(&format)->default_value("text"), "text | json | csv");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue facets --archive DIR [QUERY] --by FIELD [--top N]", options,
                 positional, &vm)) {
    return kExitOk;
  }
  if (format != "text" && format != "json" && format != "csv") {
    throw UsageError("--format must be text, json or csv");
  }
  FacetField field = ParseFacetField(by);
  SearchRequest request = RequestFrom(q);
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
  FacetResult result = archive->Facets(request, field, top);

  if (format == "json") {
    nlohmann::json out = {{"query", request.query}, {"by", by}, {"total", result.total},
                          {"values", nlohmann::json::array()}};
    for (const auto& v : result.values) out["values"].push_back({{"value", v.value}, {"count", v.count}});
    std::cout << DumpJson(out, 2) << "\n";
  } else if (format == "csv") {
    std::cout << "value,count\r\n";
    for (const auto& v : result.values) std::cout << CsvCell(v.value) << "," << v.count << "\r\n";
  } else {
    std::printf("%llu matching articles; %s values:\n", static_cast<unsigned long long>(result.total),
                by.c_str());
    for (const auto& v : result.values) {
      double percent = result.total ? 100.0 * static_cast<double>(v.count) / result.total : 0.0;
      std::printf("%8llu  %5.1f%%  %s\n", static_cast<unsigned long long>(v.count), percent,
                  TerminalSafe(v.value).c_str());
    }
  }
  return kExitOk;
}

}  // namespace morgue::cli

// morgue search / morgue count.
#include "cli/command.h"
#include "morgue/archive.h"

namespace morgue::cli {

int RunSearch(const std::vector<std::string>& args) {
  po::options_description options("morgue search options");
  QueryArgs q;
  std::string format_name, sort, color;
  uint64_t limit = 10, offset = 0;
  AddQueryOptions(options, q);
  options.add_options()("format", po::value(&format_name)->default_value("text"),
                        "text | json | jsonl | csv")("limit,n", UnsignedValue(&limit),
                                                     "hits to show")("offset",
                                                                     UnsignedValue(&offset),
                                                                     "hits to skip")(
      "sort", po::value(&sort)->default_value("relevance"),
      "relevance | newest | oldest")("collapse", "one hit per group of near-identical wire copies")(
      "explain", "show the parsed query and why each hit scored as it did")(
      "color", po::value(&color)->default_value("auto"),
      "auto | always | never: the matched words in bold in text output (auto: when stdout "
      "is a terminal; else in [brackets])");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue search --archive DIR QUERY", options, positional, &vm))
    return kExitOk;
  const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson,
                                                        Format::kJsonLines, Format::kCsv});

  SearchRequest request = RequestFrom(q);
  request.limit = limit;
  request.offset = offset;
  request.sort = ParseSortOrder(sort);
  request.collapse = vm.count("collapse") > 0;
  request.explain = vm.count("explain") > 0;
  const Color highlight = ParseColor(color);

  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
  SearchResult result = archive->Search(request);

  if (format == Format::kJson) {
    nlohmann::json out;
    out["query"] = request.query;
    out["total"] = result.total;
    out["total_exact"] = result.total_exact;  // false: --time-limit stopped the match early
    out["hits"] = nlohmann::json::array();
    for (const auto& h : result.hits) out["hits"].push_back(HitToJson(h, request));
    if (request.explain) out["parsed_query"] = result.parsed_query;
    JsonPrinter().Print(out);
    return kExitOk;
  }
  if (format == Format::kJsonLines) {  // one hit per line, rank order
    JsonLinesPrinter jsonl;
    for (const auto& h : result.hits) jsonl.Print(HitToJson(h, request));
    return kExitOk;
  }
  if (format == Format::kCsv) {
    PrintHitsCsv(result.hits, request);
    return kExitOk;
  }

  TextPrinter text;
  if (result.total_exact) {
    text.Printf("%s\n", CountOf(result.total, "matching article").c_str());
  } else {
    text.Printf("about %s (--time-limit stopped the search early: the total "
                "is an estimate and the hits the best of the articles looked at)\n",
                CountOf(result.total, "matching article").c_str());
  }
  if (request.explain) text.Printf("parsed query: %s\n", TerminalSafe(result.parsed_query).c_str());
  uint64_t rank = request.offset;
  for (const auto& h : result.hits) PrintHitText(text, ++rank, h, request, highlight);
  return kExitOk;
}

int RunCount(const std::vector<std::string>& args) {
  po::options_description options("morgue count options");
  QueryArgs q;
  AddQueryOptions(options, q);
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue count --archive DIR QUERY", options, positional, &vm))
    return kExitOk;
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
  TextPrinter().Printf("%llu\n", static_cast<unsigned long long>(archive->Count(RequestFrom(q))));
  return kExitOk;
}

}  // namespace morgue::cli

// morgue search / morgue count.
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "morgue/archive.h"

namespace morgue::cli {

namespace {

nlohmann::json HitToJson(const Hit& h, const SearchRequest& request) {
  nlohmann::json hit = {{"id", h.id},
                        {"source", h.source},
                        {"date", h.published ? nlohmann::json(h.published->ToIso8601())
                                             : nlohmann::json(nullptr)},
                        {"headline", h.headline},
                        {"score", h.score},
                        {"snippet", h.snippet}};
  if (request.collapse) hit["group_size"] = h.group_size;
  if (request.explain) hit["explanation"] = h.explanation;
  return hit;
}

}  // namespace

int RunSearch(const std::vector<std::string>& args) {
  po::options_description options("morgue search options");
  QueryArgs q;
  std::string format, sort;
  uint64_t limit = 10, offset = 0;
  AddQueryOptions(options, q);
  options.add_options()
      ("format", po::value(&format)->default_value("text"), "text | json | jsonl | csv")
      ("limit,n", UnsignedValue(&limit), "hits to show")
      ("offset", UnsignedValue(&offset), "hits to skip")
      ("sort", po::value(&sort)->default_value("relevance"), "relevance | newest | oldest")
      ("collapse", "one hit per group of near-identical wire copies")
      ("explain", "show the parsed query and why each hit scored as it did");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue search --archive DIR QUERY", options, positional, &vm)) return kExitOk;
  if (format != "text" && format != "json" && format != "jsonl" && format != "csv") {
    throw UsageError("--format must be text, json, jsonl or csv");
  }

  SearchRequest request = RequestFrom(q);
  request.limit = limit;
  request.offset = offset;
  request.sort = ParseSortOrder(sort);
  request.collapse = vm.count("collapse") > 0;
  request.explain = vm.count("explain") > 0;
  bool bold = format == "text" && StdoutIsTerminal();
  bool markup = format != "text";
  request.highlight_open = markup ? "<b>" : bold ? "\033[1m" : "";
  request.highlight_close = markup ? "</b>" : bold ? "\033[0m" : "";
  request.snippet_escape = markup ? SnippetEscape::kHtml : SnippetEscape::kTerminal;

  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
  SearchResult result = archive->Search(request);

  if (format == "json") {
    nlohmann::json out;
    out["query"] = request.query;
    out["total"] = result.total;
    out["total_exact"] = result.total_exact;  // false: --time-limit stopped the match early
    out["hits"] = nlohmann::json::array();
    for (const auto& h : result.hits) out["hits"].push_back(HitToJson(h, request));
    if (request.explain) out["parsed_query"] = result.parsed_query;
    std::cout << DumpJson(out, 2) << "\n";
    return kExitOk;
  }
  if (format == "jsonl") {  // one hit per line, rank order
    for (const auto& h : result.hits) std::cout << DumpJson(HitToJson(h, request)) << "\n";
    return kExitOk;
  }
  if (format == "csv") {
    std::cout << "rank,id,source,date,headline,score,snippet\n";
    uint64_t rank = request.offset;
    for (const auto& h : result.hits) {
      std::cout << ++rank << "," << CsvCell(h.id) << "," << CsvCell(h.source) << ","
                << FormatDate(h.published) << "," << CsvCell(h.headline) << "," << h.score << ","
                << CsvCell(h.snippet) << "\n";
    }
    return kExitOk;
  }

  if (result.total_exact) {
    std::printf("%llu matching articles\n", static_cast<unsigned long long>(result.total));
  } else {
    std::printf("about %llu matching articles (--time-limit stopped the search early: the total "
                "is an estimate and the hits the best of the articles looked at)\n",
                static_cast<unsigned long long>(result.total));
  }
  if (request.explain) std::printf("parsed query: %s\n", TerminalSafe(result.parsed_query).c_str());
  uint64_t rank = request.offset;
  for (const auto& h : result.hits) {
    std::printf("\n%3llu. %s/%s  %s  score %.3f%s\n", static_cast<unsigned long long>(++rank),
                TerminalSafe(h.source).c_str(), TerminalSafe(h.id).c_str(),
                FormatDate(h.published).c_str(), h.score,
                request.collapse && h.group_size > 1
                    ? (" (+" + std::to_string(h.group_size - 1) + " copies)").c_str()
                    : "");
    std::printf("     %s\n", TerminalSafe(h.headline).c_str());
    if (!h.snippet.empty()) std::printf("     %s\n", h.snippet.c_str());  // escaped by the library
    if (request.explain) std::printf("     %s\n", TerminalSafe(h.explanation).c_str());
  }
  return kExitOk;
}

int RunCount(const std::vector<std::string>& args) {
  po::options_description options("morgue count options");
  QueryArgs q;
  AddQueryOptions(options, q);
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue count --archive DIR QUERY", options, positional, &vm)) return kExitOk;
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
  std::printf("%llu\n", static_cast<unsigned long long>(archive->Count(RequestFrom(q))));
  return kExitOk;
}

}  // namespace morgue::cli

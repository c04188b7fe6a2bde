// morgue similar: articles like a given one (more like this).
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "morgue/archive.h"

namespace morgue::cli {

int RunSimilar(const std::vector<std::string>& args) {
  po::options_description options("morgue similar options");
  QueryArgs q;
  std::string id, format, filter;
  uint64_t limit = 10, offset = 0;
  options.add_options()
      ("archive,a", po::value(&q.archive_dir)->required(), "archive directory")
      ("id", po::value(&id)->required(), "article id: ID or SOURCE/ID")
      ("filter", po::value(&filter), "only articles that also match this query")
      ("from", po::value(&q.from), "first day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")
      ("to", po::value(&q.to), "last day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")
      ("limit,n", UnsignedValue(&limit), "hits to show")
      ("offset", UnsignedValue(&offset), "hits to skip")
      ("collapse", "one hit per group of near-identical wire copies")
      ("format", po::value(&format)->default_value("text"), "text | json");
  po::positional_options_description positional;
  positional.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue similar --archive DIR ID", options, positional, &vm)) return kExitOk;
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");
  q.default_op = "and";
  if (!filter.empty()) q.words = {filter};
  SearchRequest request = RequestFrom(q);
  request.limit = limit;
  request.offset = offset;
  request.collapse = vm.count("collapse") > 0;
  bool bold = format == "text" && StdoutIsTerminal();
  request.highlight_open = format == "json" ? "<b>" : bold ? "\033[1m" : "";
  request.highlight_close = format == "json" ? "</b>" : bold ? "\033[0m" : "";
  request.snippet_escape = format == "json" ? SnippetEscape::kHtml : SnippetEscape::kTerminal;

  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);
  SearchResult result = archive->Similar(id, request);

  if (format == "json") {
    nlohmann::json out = {{"id", id}, {"total", result.total}, {"hits", nlohmann::json::array()}};
    for (const auto& h : result.hits) {
      nlohmann::json hit = {{"id", h.id}, {"source", h.source},
                            {"date", h.published ? nlohmann::json(h.published->ToIso8601()) : nlohmann::json(nullptr)},
                            {"headline", h.headline}, {"score", h.score}, {"snippet", h.snippet}};
      if (request.collapse) hit["group_size"] = h.group_size;
      out["hits"].push_back(std::move(hit));
    }
    std::cout << DumpJson(out, 2) << "\n";
    return kExitOk;
  }
  std::printf("%llu articles like %s\n", static_cast<unsigned long long>(result.total),
              TerminalSafe(id).c_str());
  uint64_t rank = request.offset;
  for (const auto& h : result.hits) {
    std::printf("\n%3llu. %s/%s  %s  score %.3f\n", static_cast<unsigned long long>(++rank),
                TerminalSafe(h.source).c_str(), TerminalSafe(h.id).c_str(),
                FormatDate(h.published).c_str(), h.score);
    std::printf("     %s\n", TerminalSafe(h.headline).c_str());
    if (!h.snippet.empty()) std::printf("     %s\n", h.snippet.c_str());  // escaped by the library
  }
  return kExitOk;
}

}  // namespace morgue::cli

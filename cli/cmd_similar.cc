// morgue similar: articles like a given one (more like this).
#include "cli/command.h"
#include "cli/json_documents.h"
#include "morgue/archive.h"

namespace morgue::cli {

nlohmann::json SimilarJson(const std::string& id, const SearchRequest& request,
                           const SearchResult& result) {
  nlohmann::json out = {{"id", id},
                        {"considered", result.total},
                        {"total", result.total},
                        {"total_exact", result.total_exact},
                        {"shown", result.hits.size()},
                        {"hits", nlohmann::json::array()}};
  if (request.collapse) out["groups"] = result.groups;
  AddPartialJson(out, result.missing_nodes);
  for (const auto& h : result.hits) out["hits"].push_back(HitToJson(h, request));
  return out;
}

int RunSimilar(const std::vector<std::string>& args) {
  po::options_description options("morgue similar options");
  QueryArgs q;
  std::string id, format_name, filter, color;
  uint64_t limit = 10, offset = 0;
  options.add_options()("archive,a", po::value(&q.archive_dir)->required(), "archive directory")(
      "id", po::value(&id)->required(),
      "article id: ID or SOURCE/ID")("filter", po::value(&filter),
                                     "only articles that also match this query")(
      "from", po::value(&q.from), "first day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")(
      "to", po::value(&q.to), "last day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")(
      "limit,n", UnsignedValue(&limit),
      "hits to show")("offset", UnsignedValue(&offset),
                      "hits to skip")("collapse",
                                      "one hit per group of near-identical wire copies")(
      "format", po::value(&format_name)->default_value("text"), "text | json | jsonl | csv")(
      "color", po::value(&color)->default_value("auto"),
      "auto | always | never: the matched words in bold in text output");
  AddAllowPartialOption(options, &q.allow_partial);
  po::positional_options_description positional;
  positional.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue similar --archive DIR ID", options, positional, &vm)) return kExitOk;
  const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson,
                                                        Format::kJsonLines, Format::kCsv});
  const Color highlight = ParseColor(color);
  q.default_op = "and";
  if (!filter.empty()) q.words = {filter};
  SearchRequest request = RequestFrom(q);
  request.limit = limit;
  request.offset = offset;
  request.collapse = vm.count("collapse") > 0;

  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly, ReadingOptions(q.allow_partial));
  SearchResult result = archive->Similar(id, request);
  const int status = PartialExit("similar", result.missing_nodes);

  // What was considered (every article sharing at least one of the words
  // searched for, as Similar's total says) and which of them are shown.
  const uint64_t first_shown = result.hits.empty() ? 0 : request.offset + 1;
  const uint64_t last_shown = request.offset + result.hits.size();
  if (format == Format::kJson) {
    JsonPrinter().Print(SimilarJson(id, request, result));
    return status;
  }
  if (format == Format::kJsonLines) {  // one hit per line, rank order
    JsonLinesPrinter jsonl;
    for (const auto& h : result.hits) jsonl.Print(HitToJson(h, request));
    return status;
  }
  if (format == Format::kCsv) {
    PrintHitsCsv(result, request, /*totals_per_hit=*/false);
    return status;
  }
  TextPrinter text;
  std::string considered =
      CountOf(result.total, "article shares", "articles share") + " words with " + TerminalSafe(id);
  if (request.collapse) considered += " (" + CountOf(result.groups, "group") + ")";
  const char* unit = request.collapse ? "groups" : "articles";
  if (result.hits.empty()) {
    text.Printf("%s; showing none\n", considered.c_str());
  } else {
    text.Printf("%s; showing the most similar %s %llu-%llu\n", considered.c_str(), unit,
                static_cast<unsigned long long>(first_shown),
                static_cast<unsigned long long>(last_shown));
  }
  text.Printf("%s", PartialLine(result.missing_nodes).c_str());
  uint64_t rank = request.offset;
  for (const auto& h : result.hits) PrintHitText(text, ++rank, h, request, highlight);
  return status;
}

}  // namespace morgue::cli

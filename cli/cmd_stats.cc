// morgue stats: counts, date span, sizes and the most frequent values.
#include "cli/command.h"
#include "cli/json_documents.h"
#include "morgue/archive.h"

namespace morgue::cli {

namespace {

struct NamedList {
  const char* name;
  const std::vector<FacetCount>* values;
};

std::vector<NamedList> Lists(const ArchiveStats& s) {
  return {{"sources", &s.top_sources},
          {"sections", &s.top_sections},
          {"persons", &s.top_persons},
          {"orgs", &s.top_orgs},
          {"places", &s.top_places}};
}

void PrintText(const std::string& dir, const ArchiveStats& s) {
  TextPrinter text;
  text.Printf("%s   %s (format %d, language %s, %s)\n", s.nodes > 0 ? "cluster" : "archive",
              TerminalSafe(dir).c_str(), s.format_version, s.language.c_str(),
              s.nodes > 0 ? CountOf(s.nodes, "node").c_str() : CountOf(s.shards, "shard").c_str());
  text.Printf("articles  %llu (%llu undated)\n", static_cast<unsigned long long>(s.articles),
              static_cast<unsigned long long>(s.undated));
  for (size_t k = 0; k < s.node_articles.size(); ++k) {
    const std::string name = "node " + std::to_string(k + 1) + " (";
    bool left_out = false;
    for (const std::string& m : s.missing_nodes) left_out = left_out || m.rfind(name, 0) == 0;
    if (left_out) text.Printf("  node %zu  missing\n", k + 1);
    else
      text.Printf("  node %zu  %llu\n", k + 1, static_cast<unsigned long long>(s.node_articles[k]));
  }
  text.Printf("%s", PartialLine(s.missing_nodes).c_str());
  if (s.quarantined > 0) {
    text.Printf("quarantined %llu (stored but not searchable: morgue check lists them)\n",
                static_cast<unsigned long long>(s.quarantined));
  }
  if (s.first) {
    text.Printf("dates     %s to %s\n", TextDate(s.first).c_str(), TextDate(s.last).c_str());
  } else {
    text.Printf("dates     none\n");
  }
  if (s.nodes > 0) {
    text.Printf("size      on the nodes (morgue stats --archive NODE on each)\n");
  } else {
    text.Printf("size      %.1f MB (store %.1f MB, index %.1f MB)\n", s.total_bytes / 1e6,
                s.store_bytes / 1e6, s.index_bytes / 1e6);
  }
  for (const auto& list : Lists(s)) {
    text.Printf("\ntop %s:\n", list.name);
    if (list.values->empty()) text.Printf("  (none)\n");
    for (const auto& v : *list.values) {
      text.Printf("  %8llu  %s\n", static_cast<unsigned long long>(v.count),
                  TerminalSafe(v.value).c_str());
    }
  }
}

}  // namespace

nlohmann::json StatsJson(const std::string& dir, const ArchiveStats& s) {
  using nlohmann::json;
  json j;
  j["archive"] = dir;
  j["format_version"] = s.format_version;
  j["language"] = s.language;
  j["shards"] = s.shards;
  j["nodes"] = s.nodes;
  j["articles"] = s.articles;
  j["undated"] = s.undated;
  // A cluster's stores and files are on its nodes: not known here (null).
  const bool cluster = s.nodes > 0;
  if (cluster) j["node_articles"] = s.node_articles;
  j["quarantined"] = cluster ? json(nullptr) : json(s.quarantined);
  // The first and last day holding an article (days, not timestamps).
  j["first"] = s.first ? json(PublishedDate(s.first)) : json(nullptr);
  j["last"] = s.last ? json(PublishedDate(s.last)) : json(nullptr);
  j["bytes"] =
      cluster
          ? json(nullptr)
          : json({{"store", s.store_bytes}, {"index", s.index_bytes}, {"total", s.total_bytes}});
  for (const auto& list : Lists(s)) {
    json values = json::array();
    for (const auto& v : *list.values) values.push_back({{"value", v.value}, {"count", v.count}});
    j[std::string("top_") + list.name] = values;
  }
  AddPartialJson(j, s.missing_nodes);
  return j;
}

int RunStats(const std::vector<std::string>& args) {
  po::options_description options("morgue stats options");
  std::string archive_dir, format_name;
  uint64_t top = 10;
  bool allow_partial = false;
  options.add_options()("archive,a", po::value(&archive_dir)->required(),
                        "archive directory")("format",
                                             po::value(&format_name)->default_value("text"),
                                             "text or json")("top", UnsignedValue(&top),
                                                             "values per list (0: all)");
  AddAllowPartialOption(options, &allow_partial);
  po::positional_options_description positional;
  po::variables_map vm;
  if (!ParseArgs(args, "morgue stats --archive DIR [--format text|json]", options, positional,
                 &vm)) {
    return kExitOk;
  }
  const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson});
  auto archive = Archive::Open(archive_dir, OpenMode::kReadOnly, ReadingOptions(allow_partial));
  ArchiveStats stats = archive->Stats(top);
  if (format == Format::kJson) {
    JsonPrinter().Print(StatsJson(archive_dir, stats));
  } else {
    PrintText(archive_dir, stats);
  }
  return PartialExit("stats", stats.missing_nodes);
}

}  // namespace morgue::cli

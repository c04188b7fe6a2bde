// morgue queries save|list|delete: named queries kept in the archive, used
// in any query as @NAME.
#include <iostream>

#include "cli/command.h"
#include "cli/json_documents.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

nlohmann::json SavedQueriesJson(const std::vector<SavedQuery>& saved) {
  nlohmann::json out = nlohmann::json::array();
  for (const SavedQuery& q : saved) out.push_back({{"name", q.name}, {"query", q.query}});
  return out;
}

int RunQueries(const std::vector<std::string>& args) {
  po::options_description options("morgue queries options");
  std::string archive_dir, action, name, format_name;
  std::vector<std::string> words;
  options.add_options()("archive,a", po::value(&archive_dir)->required(), "archive directory")(
      "format", po::value(&format_name)->default_value("text"),
      "list: text | json")("action", po::value(&action)->required(), "save | list | delete")(
      "name", po::value(&name), "the saved query's name (a-z, 0-9, _ and -, a letter first)")(
      "query", po::value(&words), "save: the query (docs/query-language.md)");
  po::positional_options_description positional;
  positional.add("action", 1).add("name", 1).add("query", -1);
  po::variables_map vm;
  const char* usage =
      "morgue queries save NAME QUERY --archive DIR | list --archive DIR | delete NAME "
      "--archive DIR";
  if (!ParseArgs(args, usage, options, positional, &vm)) return kExitOk;
  const std::string query = JoinQuery(words);

  if (action == "list") {
    if (!name.empty()) throw UsageError("morgue queries list takes no NAME");
    const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson});
    auto archive = Archive::Open(archive_dir, OpenMode::kReadOnly);
    const std::vector<SavedQuery> saved = archive->SavedQueries();
    if (format == Format::kJson) {
      JsonPrinter().Print(SavedQueriesJson(saved));
      return kExitOk;
    }
    TextPrinter text;
    for (const SavedQuery& q : saved) {
      text.Printf("@%s\t%s\n", q.name.c_str(), TerminalSafe(q.query).c_str());
    }
    return kExitOk;
  }
  if (action != "save" && action != "delete") {
    throw UsageError("unknown action '" + action + "' (use save, list or delete)\nusage: " + usage);
  }
  if (name.empty()) throw UsageError("missing NAME\nusage: " + std::string(usage));
  if (action == "delete" && !words.empty())
    throw UsageError("morgue queries delete takes no QUERY");
  if (action == "save" && words.empty())
    throw UsageError("missing QUERY\nusage: " + std::string(usage));
  if (!vm["format"].defaulted()) throw UsageError("--format goes with list");
  // Saving and deleting write the store: the archive's write lock, as for
  // index and delete (another process writing: an error naming it).
  auto archive = Archive::Open(archive_dir, OpenMode::kReadWrite);
  if (action == "save") {
    archive->SaveQuery(name, query);
    TextPrinter().Printf("saved @%s\n", name.c_str());
    return kExitOk;
  }
  if (!archive->DeleteQuery(name)) {
    std::cerr << "morgue queries: no saved query @" << name << " in " << archive_dir << "\n";
    return kExitFailure;
  }
  TextPrinter().Printf("deleted @%s\n", name.c_str());
  return kExitOk;
}

}  // namespace morgue::cli

#include "cli/command.h"

#include <unistd.h>

#include <iostream>

namespace morgue::cli {

bool ParseArgs(const std::vector<std::string>& args, const char* usage,
               po::options_description& options, const po::positional_options_description& positional,
               po::variables_map* vm) {
  options.add_options()("help,h", "show this help");
  po::store(po::command_line_parser(args).options(options).positional(positional).run(), *vm);
  if (vm->count("help")) {
    std::cout << "usage: " << usage << "\n\n" << options << "\n";
    return false;
  }
  po::notify(*vm);
  return true;
}

std::string JoinQuery(const std::vector<std::string>& words) {
  std::string q;
  for (const auto& w : words) {
    if (!q.empty()) q += ' ';
    q += w;
  }
  return q;
}

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO); }
bool StderrIsTerminal() { return ::isatty(STDERR_FILENO); }

std::string FormatDate(const std::optional<Timestamp>& t) { return t ? t->ToIso8601() : ""; }

nlohmann::json ArticleToJson(const Article& a) {
  using nlohmann::json;
  json j;
  j["id"] = a.id;
  j["source"] = a.source;
  j["url"] = a.url;
  j["date"] = a.published ? json(a.published->ToIso8601()) : json(nullptr);
  j["section"] = a.section;
  j["headline"] = a.headline;
  j["authors"] = a.authors;
  j["dateline"] = a.dateline;
  j["body"] = a.body;
  j["quotes"] = json::array();
  for (const auto& q : a.quotes) {
    j["quotes"].push_back({{"text", q.text}, {"speaker", q.speaker}, {"paragraph", q.paragraph},
                           {"offset", q.offset}});
  }
  j["captions"] = json::array();
  for (const auto& c : a.captions) j["captions"].push_back({{"text", c.text}, {"credit", c.credit}});
  j["entities"] = json::array();
  for (const auto& e : a.entities) {
    const char* origin = e.origin == EntityOrigin::kTagged ? "tagged"
                         : e.origin == EntityOrigin::kUser ? "user"
                                                           : "extracted";
    j["entities"].push_back({{"name", e.name}, {"kind", EntityKindName(e.kind)},
                             {"canonical", e.canonical}, {"origin", origin}});
  }
  j["topics"] = a.topics;
  j["language"] = a.language;
  return j;
}

}  // namespace morgue::cli

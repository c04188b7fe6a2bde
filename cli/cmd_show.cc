// morgue show: print one stored article.
#include <iostream>

#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

// Every field as text, escaped for the terminal (an article may hold escape
// sequences or bidi controls).
void PrintText(const Article& a) {
  const auto T = [](const std::string& text) { return TerminalSafe(text); };
  std::cout << T(a.headline) << "\n";
  std::cout << "id: " << T(a.source) << "/" << T(a.id) << "\n";
  if (a.published) std::cout << "date: " << a.published->ToIso8601() << "\n";
  if (!a.section.empty()) std::cout << "section: " << T(a.section) << "\n";
  if (!a.url.empty()) std::cout << "url: " << T(a.url) << "\n";
  if (!a.authors.empty()) {
    std::cout << "authors:";
    for (const auto& s : a.authors) std::cout << " " << T(s) << ";";
    std::cout << "\n";
  }
  if (!a.dateline.empty()) std::cout << "dateline: " << T(a.dateline) << "\n";
  if (!a.topics.empty()) {
    std::cout << "topics:";
    for (const auto& t : a.topics) std::cout << " " << T(t);
    std::cout << "\n";
  }
  for (const auto& e : a.entities) {
    std::cout << EntityKindName(e.kind) << ": " << T(e.name);
    if (e.canonical != e.name) std::cout << " (" << T(e.canonical) << ")";
    std::cout << (e.origin == EntityOrigin::kExtracted ? "" : " [tagged]") << "\n";
  }
  for (const auto& c : a.captions) {
    std::cout << "caption: " << T(c.text);
    if (!c.credit.empty()) std::cout << " [Photo: " << T(c.credit) << "]";
    std::cout << "\n";
  }
  std::cout << "\n";
  for (const auto& p : a.body) std::cout << T(p) << "\n\n";
  for (const auto& q : a.quotes) {
    std::cout << "quote: \"" << T(q.text) << "\"";
    if (!q.speaker.empty()) std::cout << " (" << T(q.speaker) << ")";
    std::cout << "\n";
  }
}

}  // namespace

int RunShow(const std::vector<std::string>& args) {
  po::options_description options("morgue show options");
  std::string archive_dir, id, format;
  options.add_options()
      ("archive,a", po::value(&archive_dir)->required(), "archive directory")
      ("format", po::value(&format)->default_value("text"), "text | json")
      ("id", po::value(&id)->required(), "article id: ID or SOURCE/ID");
  po::positional_options_description positional;
  positional.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue show --archive DIR ID", options, positional, &vm)) return kExitOk;
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");
  auto archive = Archive::Open(archive_dir, OpenMode::kReadOnly);
  std::optional<Article> article = archive->Get(id);
  if (!article) throw Error(ErrorCode::kNotFound, "no article with id " + id + " in " + archive_dir);
  if (format == "json") std::cout << DumpJson(ArticleToJson(*article), 2) << "\n";
  else PrintText(*article);
  return kExitOk;
}

}  // namespace morgue::cli

// morgue show: print one stored article.
#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

// Every field as text, escaped for the terminal (an article may hold escape
// sequences or bidi controls).
void PrintText(const Article& a) {
  const auto T = [](const std::string& text) { return TerminalSafe(text); };
  std::string out = T(a.headline) + "\n";
  out += "id: " + T(a.source) + "/" + T(a.id) + "\n";
  out += "date: " + TextDate(a.published) + "\n";
  if (!a.section.empty()) out += "section: " + T(a.section) + "\n";
  if (!a.url.empty()) out += "url: " + T(a.url) + "\n";
  if (!a.authors.empty()) {
    out += "authors: ";
    for (size_t i = 0; i < a.authors.size(); ++i) out += (i ? "; " : "") + T(a.authors[i]);
    out += "\n";
  }
  if (!a.dateline.empty()) out += "dateline: " + T(a.dateline) + "\n";
  if (!a.topics.empty()) {
    out += "topics:";
    for (const auto& t : a.topics) out += " " + T(t);
    out += "\n";
  }
  for (const auto& e : a.entities) {
    out += std::string(EntityKindName(e.kind)) + ": " + T(e.name);
    if (e.canonical != e.name) out += " (" + T(e.canonical) + ")";
    out += e.origin == EntityOrigin::kExtracted ? "" : " [tagged]";
    out += "\n";
  }
  for (const auto& c : a.captions) {
    out += "caption: " + T(c.text);
    if (!c.credit.empty()) out += " [Photo: " + T(c.credit) + "]";
    out += "\n";
  }
  out += "\n";
  for (const auto& p : a.body) out += T(p) + "\n\n";
  for (const auto& q : a.quotes) {
    out += "quote: \"" + T(q.text) + "\"";
    if (!q.speaker.empty()) out += " (" + T(q.speaker) + ")";
    if (!q.attribution.empty() && q.attribution != q.speaker) {
      out += " [" + T(q.attribution) + "]";
    }
    out += "\n";
  }
  TextPrinter().Write(out);
}

}  // namespace

int RunShow(const std::vector<std::string>& args) {
  po::options_description options("morgue show options");
  std::string archive_dir, id, format_name;
  bool allow_partial = false;
  options.add_options()("archive,a", po::value(&archive_dir)->required(),
                        "archive directory")("format",
                                             po::value(&format_name)->default_value("text"),
                                             "text | json")("id", po::value(&id)->required(),
                                                            "article id: ID or SOURCE/ID");
  AddAllowPartialOption(options, &allow_partial);
  po::positional_options_description positional;
  positional.add("id", 1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue show --archive DIR ID", options, positional, &vm)) return kExitOk;
  const Format format = ParseOutputFormat(format_name, {Format::kText, Format::kJson});
  // With --allow-partial an article is shown whole from its node, or the
  // command fails naming the nodes left out (it may be on one of them).
  auto archive = Archive::Open(archive_dir, OpenMode::kReadOnly, ReadingOptions(allow_partial));
  std::optional<Article> article = archive->Get(id);
  if (!article)
    throw Error(ErrorCode::kNotFound, "no article with id " + id + " in " + archive_dir);
  if (format == Format::kJson) JsonPrinter().Print(ArticleToJson(*article));
  else PrintText(*article);
  return kExitOk;
}

}  // namespace morgue::cli

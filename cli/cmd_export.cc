// morgue export: every matching article, streamed as JSON Lines or CSV.
#include <cstdio>
#include <set>

#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

std::string Joined(const std::vector<std::string>& values, const char* separator) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += separator;
    out += v;
  }
  return out;
}

std::string Entities(const Article& a, EntityKind kind) {
  std::set<std::string> names;
  for (const auto& e : a.entities) {
    if (e.kind == kind && !e.canonical.empty()) names.insert(e.canonical);
  }
  return Joined({names.begin(), names.end()}, "; ");
}

const char kCsvHeader[] =
    "id,source,date,section,headline,url,authors,dateline,topics,persons,orgs,places,language,body\r\n";

// One RFC 4180 record (CRLF-terminated); lists are joined with "; ",
// paragraphs with a blank line.
std::string CsvRecord(const Article& a) {
  std::string fields[] = {a.id, a.source, a.published ? a.published->ToIso8601() : "", a.section,
                          a.headline, a.url, Joined(a.authors, "; "), a.dateline,
                          Joined(a.topics, "; "), Entities(a, EntityKind::kPerson),
                          Entities(a, EntityKind::kOrganisation), Entities(a, EntityKind::kPlace),
                          a.language, Joined(a.body, "\n\n")};
  std::string line;
  for (const auto& f : fields) {
    if (!line.empty()) line += ',';
    line += CsvCell(f);
  }
  return line + "\r\n";
}

}  // namespace

int RunExport(const std::vector<std::string>& args) {
  po::options_description options("morgue export options");
  QueryArgs q;
  std::string format, sort;
  AddQueryOptions(options, q, /*query_required=*/false);
  options.add_options()
      ("format", po::value(&format)->default_value("jsonl"), "jsonl | csv")
      ("sort", po::value(&sort)->default_value("relevance"), "relevance | newest | oldest");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue export --archive DIR [QUERY] --format jsonl|csv", options, positional,
                 &vm)) {
    return kExitOk;
  }
  if (format != "jsonl" && format != "csv") throw UsageError("--format must be jsonl or csv");
  SearchRequest request = RequestFrom(q);
  request.sort = ParseSortOrder(sort);
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly);

  static char buffer[1 << 16];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  if (format == "csv") std::fputs(kCsvHeader, stdout);
  bool failed = false;
  archive->Export(request, [&](const Article& a) {
    std::string line = format == "csv" ? CsvRecord(a) : DumpJson(ArticleToJson(a)) + "\n";
    failed = std::fwrite(line.data(), 1, line.size(), stdout) != line.size();
    return !failed;  // stop when the reader went away
  });
  if (std::fflush(stdout) != 0 || failed) throw Error(ErrorCode::kIO, "cannot write the export");
  return kExitOk;
}

}  // namespace morgue::cli

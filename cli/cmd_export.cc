// morgue export: every matching article, streamed as JSON Lines or CSV.
#include <cstdio>
#include <set>

#include "cli/command.h"
#include "cli/json_documents.h"
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

}  // namespace

bool PrintExportCsvHeader(CsvPrinter& csv) {
  return csv.Header({"id", "source", "published", "date", "date_only", "section", "headline", "url",
                     "authors", "dateline", "topics", "persons", "orgs", "places", "language",
                     "body"});
}

// One CSV record; lists are joined with "; ", paragraphs with a blank line.
bool PrintExportCsvRecord(CsvPrinter& csv, const Article& a) {
  return csv.Text(a.id)
      .Text(a.source)
      .Dates(a.published)
      .Text(a.section)
      .Text(a.headline)
      .Text(a.url)
      .Text(Joined(a.authors, "; "))
      .Text(a.dateline)
      .Text(Joined(a.topics, "; "))
      .Text(Entities(a, EntityKind::kPerson))
      .Text(Entities(a, EntityKind::kOrganisation))
      .Text(Entities(a, EntityKind::kPlace))
      .Text(a.language)
      .Text(Joined(a.body, "\n\n"))
      .EndRecord();
}

int RunExport(const std::vector<std::string>& args) {
  po::options_description options("morgue export options");
  QueryArgs q;
  std::string format_name, sort;
  uint64_t seed = 0, limit = 0;
  AddQueryOptions(options, q, /*query_required=*/false);
  options.add_options()("format", po::value(&format_name)->default_value("jsonl"),
                        "jsonl | csv")("sort", po::value(&sort)->default_value("relevance"),
                                       "relevance | newest | oldest | random")(
      "seed", UnsignedValue(&seed),
      "with --sort random (required there): which random order; the same seed, archive and "
      "query give the same sample")("limit,n", UnsignedValue(&limit),
                                    "at most this many articles, the first in --sort order (0: "
                                    "all)");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue export --archive DIR [QUERY] --format jsonl|csv", options,
                 positional, &vm)) {
    return kExitOk;
  }
  const Format format = ParseOutputFormat(format_name, {Format::kJsonLines, Format::kCsv});
  SearchRequest request = RequestFrom(q);
  request.sort = ParseSortOrder(sort);
  request.seed = SeedFor(request.sort, vm, seed);
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly, ReadingOptions(q.allow_partial));

  static char buffer[1 << 16];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  CsvPrinter csv;
  JsonLinesPrinter jsonl;
  if (format == Format::kCsv) {
    PrintExportCsvHeader(csv);
  }
  uint64_t passed = 0;
  // Neither format has a place for the nodes left out: stderr and the exit
  // status say so.
  std::vector<std::string> missing;
  archive->Export(
      request,
      [&](const Article& a) {
        // false stops the export: the reader went away, or --limit is reached
        const bool printed =
            format == Format::kCsv ? PrintExportCsvRecord(csv, a) : jsonl.Print(ArticleToJson(a));
        return printed && (limit == 0 || ++passed < limit);
      },
      &missing);
  if (!(format == Format::kCsv ? csv.Flush() : jsonl.Flush())) {
    throw Error(ErrorCode::kIO, "cannot write the export");
  }
  if (request.sort == SortOrder::kRandom) {
    // The population the sample is drawn from, on stderr: stdout is the data.
    const uint64_t total = archive->Count(request);
    std::fprintf(stderr,
                 "morgue export: a uniform random sample (seed %llu) of %llu of %llu "
                 "matching articles\n",
                 static_cast<unsigned long long>(request.seed),
                 static_cast<unsigned long long>(limit == 0 ? total : std::min(limit, total)),
                 static_cast<unsigned long long>(total));
  }
  return PartialExit("export", missing);
}

}  // namespace morgue::cli

// morgue kwic: every occurrence of the query's words and phrases in the
// matching articles, as left context | match | right context lines.
#include <cstdio>

#include "cli/command.h"
#include "cli/json_documents.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

// Code points of UTF-8 `s`.
size_t Columns(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace

nlohmann::json KwicLineJson(const KwicLine& l) {
  nlohmann::json j = {{"id", l.id}, {"source", l.source}};
  AddDateFields(&j, l.published);
  j["field"] = l.field;
  j["paragraph"] = l.paragraph;
  j["offset"] = l.offset;
  j["left"] = l.left;
  j["match"] = l.match;
  j["right"] = l.right;
  return j;
}

bool PrintKwicCsvHeader(CsvPrinter& csv) {
  return csv.Header({"id", "source", "published", "date", "date_only", "field", "paragraph",
                     "offset", "left", "match", "right"});
}

bool PrintKwicCsvRecord(CsvPrinter& csv, const KwicLine& l) {
  return csv.Text(l.id)
      .Text(l.source)
      .Dates(l.published)
      .Value(l.field)
      .Number(l.paragraph)
      .Number(l.offset)
      .Text(l.left)
      .Text(l.match)
      .Text(l.right)
      .EndRecord();
}

int RunKwic(const std::vector<std::string>& args) {
  po::options_description options("morgue kwic options");
  QueryArgs q;
  std::string format_name, sort;
  uint64_t width = 40;
  AddQueryOptions(options, q, /*query_required=*/true);
  options.add_options()("width,w", UnsignedValue(&width),
                        "characters of context on each side (default 40)")(
      "sort", po::value(&sort)->default_value("oldest"),
      "relevance | newest | oldest")("format", po::value(&format_name)->default_value("text"),
                                     "text | csv | jsonl");
  po::positional_options_description positional;
  positional.add("query", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue kwic --archive DIR QUERY [--width N] [--format text|csv|jsonl]",
                 options, positional, &vm)) {
    return kExitOk;
  }
  const Format format =
      ParseOutputFormat(format_name, {Format::kText, Format::kCsv, Format::kJsonLines});
  SearchRequest request = RequestFrom(q);
  request.sort = ParseSortOrder(sort);
  KwicOptions ko;
  ko.width = width;
  auto archive = Archive::Open(q.archive_dir, OpenMode::kReadOnly, ReadingOptions(q.allow_partial));

  static char buffer[1 << 16];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  CsvPrinter csv;
  JsonLinesPrinter jsonl;
  TextPrinter text;
  if (format == Format::kCsv) PrintKwicCsvHeader(csv);
  std::vector<std::string> missing;
  bool marked = false;
  archive->Kwic(
      request, ko,
      [&](const KwicLine& l) {
        if (format == Format::kText && !marked) {
          marked = true;
          text.Printf("%s", PartialLine(missing).c_str());  // known before the first line
        }
        if (format == Format::kCsv) return PrintKwicCsvRecord(csv, l);
        if (format == Format::kJsonLines) return jsonl.Print(KwicLineJson(l));
        // The article's name and date padded to a column (names up to 28
        // characters line up), then the left context right-aligned on the match.
        std::string where = TerminalSafe(l.source + "/" + l.id);
        where.append(Columns(where) < 28 ? 28 - Columns(where) : 0, ' ');
        const std::string date = l.published ? PublishedDate(l.published) : "undated";
        const std::string left = TerminalSafe(l.left);
        const size_t pad = Columns(left) < width ? width - Columns(left) : 0;
        return text.Printf("%s %-10s  %s%s | %s | %s\n", where.c_str(), date.c_str(),
                           std::string(pad, ' ').c_str(), left.c_str(),
                           TerminalSafe(l.match).c_str(), TerminalSafe(l.right).c_str());
      },
      &missing);
  if (format == Format::kText && !marked) text.Printf("%s", PartialLine(missing).c_str());
  const bool ok = format == Format::kCsv         ? csv.Flush()
                  : format == Format::kJsonLines ? jsonl.Flush()
                                                 : text.Flush();
  if (!ok) throw Error(ErrorCode::kIO, "cannot write the lines");
  return PartialExit("kwic", missing);
}

}  // namespace morgue::cli

// How the commands write their results (after notmuch's sprinter): the
// --format choices, parsed in one place, and one printer per output format,
// each writing to stdout:
//
//   text   TextPrinter       for a person at a terminal: what the archive
//                            holds is escaped (TerminalSafe)
//   json   JsonPrinter       one document, indented by two spaces
//   jsonl  JsonLinesPrinter  one compact JSON value per line
//   csv    CsvPrinter        RFC 4180, every record ending in CRLF, a header
//                            record always (even with no rows), text cells
//                            guarded against spreadsheet formulas
//
// and the pieces of output several commands share: an article or a hit as
// JSON, CSV or text, snippets and their highlights, dates, counted nouns.
// docs/formats.md describes every output exactly. Every JSON the CLI prints
// goes through DumpJson. Not thread-safe: one printer per thread.
#ifndef MORGUE_CLI_PRINTER_H_
#define MORGUE_CLI_PRINTER_H_

#include <cstdio>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "morgue/article.h"
#include "morgue/search.h"

namespace morgue::cli {

enum class Format { kText, kJson, kJsonLines, kCsv };

// "text", "json", "jsonl" or "csv": the --format value.
std::string_view FormatName(Format format);

// The --format value `value` when it names one of `allowed` (the formats a
// command writes, in the order its help lists them). Otherwise throws
// UsageError (exit 2) listing them: `--format must be text, json or csv, not "xml"`.
Format ParseOutputFormat(std::string_view value, std::initializer_list<Format> allowed);

// What every printer shares: the file it writes (stdout unless told) and
// whether every write so far succeeded.
class Printer {
 public:
  explicit Printer(std::FILE* out = stdout) : out_(out) {}
  Printer(const Printer&) = delete;
  Printer& operator=(const Printer&) = delete;

  // Writes `bytes` as they are. Returns false when the write failed (a
  // reader that went away, a full disk); ok() stays false after that.
  bool Write(std::string_view bytes);
  // True when every write so far succeeded.
  bool ok() const { return ok_; }
  // Flushes the file; ok() after it.
  bool Flush();

 protected:
  std::FILE* out_;
  bool ok_ = true;
};

// --format text: lines for a person. Text from the archive or the user goes
// through TerminalSafe (TerminalSafeLines) before it is printed.
class TextPrinter : public Printer {
 public:
  using Printer::Printer;
  // printf to the printer's file.
  bool Printf(const char* format, ...) __attribute__((format(printf, 2, 3)));
};

// --format json: one JSON document per command, indented by two spaces,
// ending with a line feed.
class JsonPrinter : public Printer {
 public:
  using Printer::Printer;
  bool Print(const nlohmann::json& document);
};

// --format jsonl: one compact JSON value per line.
class JsonLinesPrinter : public Printer {
 public:
  using Printer::Printer;
  bool Print(const nlohmann::json& value);
};

// --format csv: RFC 4180 records ending in CRLF (a header record first). A
// record is built cell by cell and written whole by EndRecord:
//   csv.Header({"value", "count"});
//   csv.Text(v.value).Number(v.count).EndRecord();
class CsvPrinter : public Printer {
 public:
  using Printer::Printer;
  // The header record: column names morgue chose, as they are.
  bool Header(std::initializer_list<std::string_view> names);
  // A cell of text someone wrote (an article, a query, a name): CsvCell.
  CsvPrinter& Text(std::string_view text);
  // A cell morgue computed (a number, a date, a label it made), as it is.
  CsvPrinter& Value(std::string_view value);
  CsvPrinter& Number(uint64_t n) { return Value(std::to_string(n)); }
  // Three cells: published, date, date_only (DateFields), empty when undated.
  CsvPrinter& Dates(const std::optional<Timestamp>& t);
  // Ends the record (CRLF) and writes it.
  bool EndRecord();

 private:
  void StartCell();
  std::string record_;
  bool empty_ = true;  // no cell in record_ yet
};

// `text` (a string from an article, a query or an archive: anything a user
// wrote) as one CSV cell: a text starting with = + - @ tab or carriage
// return gets a leading ' so that no spreadsheet reads it as a formula
// (OWASP, "CSV Injection"); then RFC 4180: quoted, with quotes doubled, when
// it holds a comma, a quote or a line break. Numbers and dates morgue
// computes are written as they are, not through this.
std::string CsvCell(std::string_view text);

// `j` as JSON text (`indent` as nlohmann::json::dump takes it), every byte
// sequence that is not valid UTF-8 written as U+FFFD rather than failing:
// every JSON the CLI prints goes through this.
std::string DumpJson(const nlohmann::json& j, int indent = -1);

// Text for the terminal (text formats and error messages): morgue::EscapeForTerminal.
inline std::string TerminalSafe(std::string_view text) { return EscapeForTerminal(text); }
// The same, keeping line feeds: a message of several lines (a line feed
// cannot rewrite the terminal; the characters TerminalSafe escapes can).
std::string TerminalSafeLines(std::string_view text);

// True when stdout / stderr is a terminal.
bool StdoutIsTerminal();
bool StderrIsTerminal();

// --color: whether text output shows the words a snippet matched in bold.
enum class Color {
  kAuto,    // when stdout is a terminal
  kAlways,  // bold (ANSI "\033[1m" ... "\033[0m") wherever the output goes
  kNever,   // [brackets] around them
};

// "auto", "always" or "never"; throws UsageError (exit 2) for anything else.
Color ParseColor(std::string_view value);

// A hit's snippet for --format text: escaped for the terminal, the matched
// words bold (Color, kAuto deciding by StdoutIsTerminal) or in [brackets].
std::string TextSnippet(const Hit& hit, Color color);

// A hit as JSON (search, similar): id, source, published, date, date_only,
// headline, score, snippet (plain text), highlights ([[start, end], ...] in
// code points of snippet, end exclusive), snippet_html (the snippet escaped
// as HTML, matched words in <b>...</b>); group_size with request.collapse,
// explanation with request.explain.
nlohmann::json HitToJson(const Hit& hit, const SearchRequest& request);

// The hits as CSV (search, similar): a header record (also with no hits),
// then one record per hit, ranked from request.offset + 1. With
// request.collapse every record also carries group_size, total, groups and
// total_exact; with `totals_per_hit` (and no collapse) total and total_exact.
bool PrintHitsCsv(const SearchResult& result, const SearchRequest& request, bool totals_per_hit,
                  std::FILE* out = stdout);

// A hit for --format text: "  1. source/id  date  score 1.234" (with
// request.collapse "(+N copies)"), the headline, the snippet, and with
// request.explain the explanation.
bool PrintHitText(TextPrinter& text, uint64_t rank, const Hit& hit, const SearchRequest& request,
                  Color color);

// Every field of an article as JSON (`morgue show`, `morgue export`).
nlohmann::json ArticleToJson(const Article& article);

// The date fields of everything dated that morgue writes:
//   published  ISO 8601 UTC to the second with Z ("1987-02-26T17:34:11Z");
//              a date-only article at midnight ("2020-12-28T00:00:00Z")
//   date       its UTC day, YYYY-MM-DD
//   date_only  true when the source gave only the day
// Undated: "" in CSV, null in JSON, for all three.
std::string PublishedIso(const std::optional<Timestamp>& t);
std::string PublishedDate(const std::optional<Timestamp>& t);
// Sets (*j)["published"], ["date"], ["date_only"].
void AddDateFields(nlohmann::json* j, const std::optional<Timestamp>& t);
// For --format text: published, or only the date when the source gave only
// the day, or "undated".
std::string TextDate(const std::optional<Timestamp>& t);

// `n` and the noun, singular for exactly 1: CountOf(1, "article") is
// "1 article", CountOf(2, "article") "2 articles"; `plural` when the plural
// is not the noun + "s". Numbers are plain digits (no thousands
// separators), as JSON and CSV write them.
std::string CountOf(uint64_t n, std::string_view noun, std::string_view plural = "");

}  // namespace morgue::cli

#endif  // MORGUE_CLI_PRINTER_H_

// The printers and the output pieces the commands share (cli/printer.h).
#include "cli/printer.h"

#include <unistd.h>

#include <cstdarg>
#include <sstream>

#include "cli/command.h"

namespace morgue::cli {

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText: return "text";
    case Format::kJson: return "json";
    case Format::kJsonLines: return "jsonl";
    case Format::kCsv: return "csv";
  }
  return "";
}

Format ParseOutputFormat(std::string_view value, std::initializer_list<Format> allowed) {
  std::string names;
  size_t i = 0;
  for (Format f : allowed) {
    if (value == FormatName(f)) return f;
    if (i > 0) names += i + 1 == allowed.size() ? " or " : ", ";
    names += FormatName(f);
    ++i;
  }
  throw UsageError("--format must be " + names + ", not \"" + std::string(value) + "\"");
}

bool Printer::Write(std::string_view bytes) {
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), out_) != bytes.size()) {
    ok_ = false;
  }
  return ok_;
}

bool Printer::Flush() {
  if (std::fflush(out_) != 0) ok_ = false;
  return ok_;
}

bool TextPrinter::Printf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  int n = std::vfprintf(out_, format, args);
  va_end(args);
  if (n < 0) ok_ = false;
  return ok_;
}

bool JsonPrinter::Print(const nlohmann::json& document) {
  return Write(DumpJson(document, 2) + "\n");
}

bool JsonLinesPrinter::Print(const nlohmann::json& value) { return Write(DumpJson(value) + "\n"); }

bool CsvPrinter::Header(std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) Value(name);
  return EndRecord();
}

void CsvPrinter::StartCell() {
  if (!empty_) record_ += ',';
  empty_ = false;
}

CsvPrinter& CsvPrinter::Text(std::string_view text) {
  StartCell();
  record_ += CsvCell(text);
  return *this;
}

CsvPrinter& CsvPrinter::Value(std::string_view value) {
  StartCell();
  record_ += value;
  return *this;
}

CsvPrinter& CsvPrinter::Dates(const std::optional<Timestamp>& t) {
  Value(PublishedIso(t)).Value(PublishedDate(t));
  return Value(!t ? "" : t->date_only ? "true" : "false");
}

bool CsvPrinter::EndRecord() {
  record_ += "\r\n";
  Write(record_);
  record_.clear();
  empty_ = true;
  return ok_;
}

namespace {

// `field` as one RFC 4180 field: quoted, with quotes doubled, when it holds
// a comma, a quote or a line break; as it is otherwise.
std::string CsvField(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string CsvCell(std::string_view text) {
  constexpr std::string_view kFormulaStart = "=+-@\t\r";
  if (!text.empty() && kFormulaStart.find(text[0]) != std::string_view::npos) {
    return CsvField("'" + std::string(text));
  }
  return CsvField(text);
}

std::string DumpJson(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string TerminalSafeLines(std::string_view text) {
  std::string out;
  for (size_t start = 0;;) {
    const size_t end = text.find('\n', start);
    out += TerminalSafe(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    out.push_back('\n');
    start = end + 1;
  }
}

bool StdoutIsTerminal() { return ::isatty(STDOUT_FILENO); }
bool StderrIsTerminal() { return ::isatty(STDERR_FILENO); }

Color ParseColor(std::string_view value) {
  if (value == "auto") return Color::kAuto;
  if (value == "always") return Color::kAlways;
  if (value == "never") return Color::kNever;
  throw UsageError("--color must be auto, always or never, not \"" + std::string(value) + "\"");
}

std::string TextSnippet(const Hit& hit, Color color) {
  const bool bold = color == Color::kAlways || (color == Color::kAuto && StdoutIsTerminal());
  return MarkHighlights(hit.snippet, hit.highlights, bold ? "\033[1m" : "[", bold ? "\033[0m" : "]",
                        SnippetEscape::kTerminal);
}

std::string PublishedIso(const std::optional<Timestamp>& t) {
  if (!t) return "";
  Timestamp full = *t;
  full.date_only = false;  // a date-only timestamp is that day's midnight UTC
  return full.ToIso8601();
}

std::string PublishedDate(const std::optional<Timestamp>& t) {
  if (!t) return "";
  Timestamp day = *t;
  day.date_only = true;
  return day.ToIso8601();
}

void AddDateFields(nlohmann::json* j, const std::optional<Timestamp>& t) {
  using nlohmann::json;
  (*j)["published"] = t ? json(PublishedIso(t)) : json(nullptr);
  (*j)["date"] = t ? json(PublishedDate(t)) : json(nullptr);
  (*j)["date_only"] = t ? json(t->date_only) : json(nullptr);
}

std::string TextDate(const std::optional<Timestamp>& t) {
  if (!t) return "undated";
  return t->date_only ? PublishedDate(t) : PublishedIso(t);
}

std::string CountOf(uint64_t n, std::string_view noun, std::string_view plural) {
  std::string out = std::to_string(n) + " ";
  if (n == 1) return out.append(noun);
  if (plural.empty()) return out.append(noun).append("s");
  return out.append(plural);
}

nlohmann::json HitToJson(const Hit& h, const SearchRequest& request) {
  nlohmann::json hit = {{"id", h.id},
                        {"source", h.source},
                        {"headline", h.headline},
                        {"score", h.score},
                        {"snippet", h.snippet},
                        {"highlights", nlohmann::json::array()},
                        {"snippet_html", MarkHighlights(h.snippet, h.highlights, "<b>", "</b>",
                                                        SnippetEscape::kHtml)}};
  AddDateFields(&hit, h.published);
  for (const HighlightRange& r : h.highlights) hit["highlights"].push_back({r.start, r.end});
  if (request.collapse) hit["group_size"] = h.group_size;
  if (request.explain) hit["explanation"] = h.explanation;
  return hit;
}

namespace {

// A score as iostreams write a double: 6 significant digits.
std::string Score(double score) {
  std::ostringstream out;
  out << score;
  return out.str();
}

}  // namespace

bool PrintHitsCsv(const SearchResult& result, const SearchRequest& request, bool totals_per_hit,
                  std::FILE* out) {
  CsvPrinter csv(out);
  std::vector<std::string> header = {"rank",      "id",       "source", "published", "date",
                                     "date_only", "headline", "score",  "snippet",   "highlights"};
  if (request.collapse)
    header.insert(header.end(), {"group_size", "total", "groups", "total_exact"});
  else if (totals_per_hit) header.insert(header.end(), {"total", "total_exact"});
  for (const std::string& name : header) csv.Value(name);
  csv.EndRecord();
  uint64_t rank = request.offset;
  for (const auto& h : result.hits) {
    nlohmann::json ranges = nlohmann::json::array();
    for (const HighlightRange& r : h.highlights) ranges.push_back({r.start, r.end});
    csv.Number(++rank)
        .Text(h.id)
        .Text(h.source)
        .Dates(h.published)
        .Text(h.headline)
        .Value(Score(h.score))
        .Text(h.snippet)
        .Text(DumpJson(ranges));
    if (request.collapse) csv.Number(h.group_size);
    if (request.collapse || totals_per_hit) csv.Number(result.total);
    if (request.collapse) csv.Number(result.groups);
    if (request.collapse || totals_per_hit) csv.Value(result.total_exact ? "true" : "false");
    csv.EndRecord();
  }
  return csv.ok();
}

bool PrintHitText(TextPrinter& text, uint64_t rank, const Hit& h, const SearchRequest& request,
                  Color color) {
  std::string copies;
  if (request.collapse && h.group_size > 1) {
    copies = " (+" + CountOf(h.group_size - 1, "copy", "copies") + ")";
  }
  text.Printf("\n%3llu. %s/%s  %s  score %.3f%s\n", static_cast<unsigned long long>(rank),
              TerminalSafe(h.source).c_str(), TerminalSafe(h.id).c_str(),
              TextDate(h.published).c_str(), h.score, copies.c_str());
  text.Printf("     %s\n", TerminalSafe(h.headline).c_str());
  if (!h.snippet.empty()) text.Printf("     %s\n", TextSnippet(h, color).c_str());
  if (request.explain) text.Printf("     %s\n", TerminalSafe(h.explanation).c_str());
  return text.ok();
}

nlohmann::json ArticleToJson(const Article& a) {
  using nlohmann::json;
  json j;
  j["id"] = a.id;
  j["source"] = a.source;
  j["url"] = a.url;
  AddDateFields(&j, a.published);
  j["section"] = a.section;
  j["headline"] = a.headline;
  j["authors"] = a.authors;
  j["dateline"] = a.dateline;
  j["body"] = a.body;
  j["quotes"] = json::array();
  for (const auto& q : a.quotes) {
    j["quotes"].push_back({{"text", q.text},
                           {"speaker", q.speaker},
                           {"attribution", q.attribution},
                           {"paragraph", q.paragraph},
                           {"offset", q.offset}});
  }
  j["captions"] = json::array();
  for (const auto& c : a.captions)
    j["captions"].push_back({{"text", c.text}, {"credit", c.credit}});
  j["entities"] = json::array();
  for (const auto& e : a.entities) {
    const char* origin = e.origin == EntityOrigin::kTagged ? "tagged"
                         : e.origin == EntityOrigin::kUser ? "user"
                                                           : "extracted";
    j["entities"].push_back({{"name", e.name},
                             {"kind", EntityKindName(e.kind)},
                             {"canonical", e.canonical},
                             {"origin", origin}});
  }
  j["topics"] = a.topics;
  j["language"] = a.language;
  return j;
}

}  // namespace morgue::cli

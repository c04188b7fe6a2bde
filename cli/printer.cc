// The printers and the output pieces the commands share (cli/printer.h).
#include "cli/printer.h"

#include <unistd.h>

#include <cstdarg>

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

void SetSnippetMarkup(Format format, SearchRequest* request) {
  const bool markup = format != Format::kText;
  const bool bold = !markup && StdoutIsTerminal();
  request->highlight_open = markup ? "<b>" : bold ? "\033[1m" : "";
  request->highlight_close = markup ? "</b>" : bold ? "\033[0m" : "";
  request->snippet_escape = markup ? SnippetEscape::kHtml : SnippetEscape::kTerminal;
}

std::string FormatDate(const std::optional<Timestamp>& t) { return t ? t->ToIso8601() : ""; }

nlohmann::json HitToJson(const Hit& h, const SearchRequest& request) {
  nlohmann::json hit = {{"id", h.id},
                        {"source", h.source},
                        {"date", h.published ? nlohmann::json(h.published->ToIso8601())
                                             : nlohmann::json(nullptr)},
                        {"headline", h.headline},
                        {"score", h.score},
                        {"snippet", h.snippet}};
  if (request.collapse) hit["group_size"] = h.group_size;
  if (request.explain) hit["explanation"] = h.explanation;
  return hit;
}

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
    j["quotes"].push_back({{"text", q.text},
                           {"speaker", q.speaker},
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

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

void AddQueryOptions(po::options_description& options, QueryArgs& q, bool query_required) {
  auto* words = po::value(&q.words);
  if (query_required) words->required();
  options.add_options()
      ("archive,a", po::value(&q.archive_dir)->required(), "archive directory")
      ("from", po::value(&q.from), "first day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")
      ("to", po::value(&q.to), "last day (YYYY, YYYY-MM or YYYY-MM-DD), inclusive")
      ("default-op", po::value(&q.default_op)->default_value("and"), "and | or: how words combine")
      ("time-limit", UnsignedValue(&q.time_limit_ms),
       "MS: search answers within about this long, with an estimated total or an error when "
       "the query cannot be prepared in time (0: no limit); other commands are exact and ignore it")
      ("query", words,
       query_required ? "the query (docs/query-language.md)"
                      : "the query (docs/query-language.md); none: every article");
}

SearchRequest RequestFrom(const QueryArgs& q) {
  SearchRequest r;
  r.query = JoinQuery(q.words);
  if (!q.from.empty()) r.from = q.from;
  if (!q.to.empty()) r.to = q.to;
  r.time_limit_ms = q.time_limit_ms;
  if (q.default_op == "or") r.default_and = false;
  else if (q.default_op != "and") throw UsageError("--default-op must be and or or");
  return r;
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

}  // namespace morgue::cli

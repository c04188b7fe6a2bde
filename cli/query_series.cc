#include "cli/query_series.h"

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "morgue/error.h"

namespace morgue::cli {

namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The name of a series in a message: quoted, at most 60 bytes.
std::string QuotedLabel(std::string_view label) {
  return "\"" + std::string(label.substr(0, 60)) + (label.size() > 60 ? "…" : "") + "\"";
}

// Appends a copy of `base` for each LABEL<TAB>QUERY line of `text`.
void AddLines(std::vector<QuerySeries>& series, const SearchRequest& base, std::string_view text,
              const std::string& what) {
  for (auto& [label, query] : ParseQueriesFile(text, what)) {
    series.push_back({std::move(label), base});
    series.back().request.query = std::move(query);
  }
}

// Throws UsageError when two series share a label.
void CheckLabels(const std::vector<QuerySeries>& series) {
  std::set<std::string, std::less<>> labels;
  for (const QuerySeries& s : series) {
    if (!labels.insert(s.label).second) {
      throw UsageError("two queries labelled " + QuotedLabel(s.label) +
                       ": each needs a label of its own (a query is labelled by its text)");
    }
  }
}

}  // namespace

std::vector<std::string> TakeRepeatedQueries(std::vector<std::string>& args) {
  std::vector<std::string> values, rest;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {  // the rest are words, not options
      rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
      break;
    }
    if (args[i] == "--query" && i + 1 < args.size()) {
      values.push_back(args[++i]);
    } else if (args[i].rfind("--query=", 0) == 0) {
      values.push_back(args[i].substr(8));
    } else {
      rest.push_back(args[i]);
    }
  }
  if (values.size() < 2) return {};
  args = std::move(rest);
  return values;
}

std::vector<std::pair<std::string, std::string>> ParseQueriesFile(std::string_view text,
                                                                  const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::string, std::less<>> labels;
  size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimSpaces(line).empty()) continue;
    const std::string where = path + " line " + std::to_string(line_number) + ": ";
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      throw UsageError(where + "no tab: each line is LABEL<TAB>QUERY");
    }
    const std::string_view label = TrimSpaces(line.substr(0, tab));
    const std::string_view query = TrimSpaces(line.substr(tab + 1));
    if (label.empty()) throw UsageError(where + "the label (before the tab) is empty");
    if (query.empty()) throw UsageError(where + "the query (after the tab) is empty");
    if (!labels.emplace(label).second) {
      throw UsageError(where + "the label " + QuotedLabel(label) +
                       " was given before: labels name the columns, one each");
    }
    out.emplace_back(label, query);
  }
  if (out.empty()) throw UsageError(path + ": no query in the file (lines are LABEL<TAB>QUERY)");
  return out;
}

std::vector<QuerySeries> SeriesFrom(const QueryArgs& q, const std::vector<std::string>& repeated,
                                    const std::string& queries_path) {
  std::vector<QuerySeries> series;
  const SearchRequest base = RequestFrom(q);
  if (repeated.empty() && queries_path.empty()) return series;
  if (!repeated.empty() && !q.words.empty()) {
    throw UsageError("query words beside several --query: give each query with its own --query");
  }
  for (const std::string& query : repeated) {
    if (TrimSpaces(query).empty()) throw UsageError("an empty --query: give each query its text");
    series.push_back({query, base});
    series.back().request.query = query;
  }
  if (!q.words.empty()) {
    series.push_back({base.query, base});
  }
  if (!queries_path.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(queries_path, ec)) {
      throw UsageError(queries_path + " is a directory, not a file of LABEL<TAB>QUERY lines");
    }
    std::ifstream in(queries_path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) {
      throw Error(ErrorCode::kIO, "cannot read the queries file " + queries_path)
          .WithFile(queries_path);
    }
    AddLines(series, base, bytes.str(), queries_path);
  }
  CheckLabels(series);
  return series;
}

std::vector<QuerySeries> SeriesFromText(const SearchRequest& base, std::string_view text,
                                        const std::string& what) {
  std::vector<QuerySeries> series;
  if (!TrimSpaces(base.query).empty()) series.push_back({base.query, base});
  AddLines(series, base, text, what);
  CheckLabels(series);
  return series;
}

}  // namespace morgue::cli

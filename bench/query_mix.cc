// Query mixes for benchmarks (bench/query_mix.h).
#include "bench/query_mix.h"

#include <algorithm>

#include "morgue/error.h"
#include "morgue/search.h"

namespace morgue::bench {

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::vector<BenchQuery> ParseBenchQueries(const std::string& contents, const std::string& name) {
  std::vector<BenchQuery> queries;
  size_t line_no = 0, pos = 0;
  while (pos <= contents.size()) {
    size_t end = contents.find('\n', pos);
    if (end == std::string::npos) end = contents.size();
    std::string line = contents.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (Trim(line).empty() || Trim(line)[0] == '#') continue;
    auto where = [&] { return name + ":" + std::to_string(line_no) + ": "; };
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      throw Error(ErrorCode::kInvalidArgument, where() + "expected `class<TAB>query`, found no tab")
          .WithFile(name)
          .WithLine(line_no);
    }
    BenchQuery q;
    q.where = name + ":" + std::to_string(line_no);
    std::string cls = Trim(line.substr(0, tab));
    q.text = Trim(line.substr(tab + 1));
    size_t colon = cls.find(':');
    q.cls = cls.substr(0, colon);
    if (colon != std::string::npos) q.param = cls.substr(colon + 1);
    try {
      if (q.cls == "facets") {
        ParseFacetField(q.param);
      } else if (q.cls == "histogram") {
        ParseInterval(q.param);
      } else if (q.cls != "export" && q.text.empty()) {
        throw Error(ErrorCode::kInvalidArgument, "a " + q.cls + " query must not be empty");
      }
      if (q.text == kFromArchive &&
          (q.cls == "facets" || q.cls == "histogram" || q.cls == "export"))
        throw Error(ErrorCode::kInvalidArgument, std::string(kFromArchive) +
                                                     " stands for searches: not for a " + q.cls +
                                                     " line");
    } catch (const Error& e) {
      throw Error(ErrorCode::kInvalidArgument, where() + e.what()).WithFile(name).WithLine(line_no);
    }
    queries.push_back(std::move(q));
  }
  return queries;
}

uint64_t ExecuteBenchQuery(const Archive& archive, const BenchQuery& query, bool snippets,
                           const RankingOptions& ranking, bool default_and) {
  SearchRequest request;
  request.query = query.text;
  request.ranking = ranking;
  request.default_and = default_and;
  if (query.cls == "facets") {
    return archive.Facets(request, ParseFacetField(query.param), 20).values.size();
  }
  if (query.cls == "histogram") {
    return archive.Histogram(request, ParseInterval(query.param)).bins.size();
  }
  if (query.cls == "export") {
    return archive.Export(request, [](const Article&) { return true; });
  }
  request.limit = 10;
  request.snippets = snippets;
  return archive.Search(request).hits.size();
}

std::vector<std::string> BenchClasses(const std::vector<BenchQuery>& queries) {
  std::vector<std::string> classes;
  for (const auto& q : queries) {
    if (std::find(classes.begin(), classes.end(), q.cls) == classes.end()) classes.push_back(q.cls);
  }
  return classes;
}

}  // namespace morgue::bench

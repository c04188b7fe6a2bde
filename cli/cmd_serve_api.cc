// morgue serve: the endpoints. Every parameter is checked (known name, given
// once, valid UTF-8, within its size) before the archive is touched; every
// answer is a command's JSON document (cli/json_documents.h) or an error
// {"error": {"code", "message", "position"}}. docs/serve.md lists them.
#include <httplib.h>

#include <charconv>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "cli/cmd_serve.h"
#include "cli/command.h"
#include "cli/json_documents.h"
#include "cli/query_series.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

using nlohmann::json;
using Params = std::multimap<std::string, std::string>;

// An answer that is not a command's document: an HTTP status and a
// morgue::Error-like code ("invalid argument", "not found", "busy"...).
struct HttpError {
  int status;
  std::string code;
  std::string message;
  int64_t position = -1;
};

HttpError BadRequest(std::string message) {
  return {400, ErrorCodeName(ErrorCode::kInvalidArgument), std::move(message)};
}

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kQuerySyntax:
    case ErrorCode::kLimit: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kLocked: return 503;
    default: return 500;
  }
}

json ErrorJson(const HttpError& e) {
  json error = {{"code", e.code}, {"message", e.message}};
  error["position"] = e.position >= 0 ? json(e.position) : json(nullptr);
  return {{"error", error}};
}

// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or
// code points beyond U+10FFFF) without NUL.
bool IsCleanUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = 0;
    uint32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07, min = 0x10000;
    else return false;
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// The parameters of one request, checked against the names an endpoint takes.
class Args {
 public:
  Args(const Params& params, std::initializer_list<const char*> allowed,
       const ServeOptions& options) {
    std::vector<std::string> names(allowed.begin(), allowed.end());
    for (const auto& [name, value] : params) {
      if (!IsCleanUtf8(name) || name.size() > 64) throw BadRequest("a parameter name is not text");
      if (std::find(names.begin(), names.end(), name) == names.end()) {
        const std::string closest = DidYouMean(name, names);
        throw BadRequest("unknown parameter \"" + name + "\"" +
                         (closest.empty() ? "" : "; did you mean \"" + closest + "\"?"));
      }
      if (!values_.emplace(name, value).second)
        throw BadRequest("parameter \"" + name + "\" given twice");
      if (value.size() > options.max_parameter_bytes) {
        throw HttpError{400, ErrorCodeName(ErrorCode::kLimit),
                        "parameter \"" + name + "\" is longer than " +
                            std::to_string(options.max_parameter_bytes) + " bytes"};
      }
      if (!IsCleanUtf8(value))
        throw BadRequest("parameter \"" + name + "\" is not valid UTF-8 text");
    }
  }

  std::string Text(const std::string& name, const std::string& fallback = "") const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }
  bool Has(const std::string& name) const { return values_.count(name) > 0; }

  // A whole number from 0 to `max`.
  uint64_t Number(const std::string& name, uint64_t fallback, uint64_t max) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    const std::string& s = it->second;
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
      throw BadRequest("parameter \"" + name + "\" must be a whole number from 0 to " +
                       std::to_string(max) + ", not \"" + s + "\"");
    }
    if (n > max) {
      throw HttpError{400, ErrorCodeName(ErrorCode::kLimit),
                      "parameter \"" + name + "\" may be at most " + std::to_string(max) +
                          " on this server, not " + s};
    }
    return n;
  }

  // A switch: absent, "", "1", "true" (on) or "0", "false" (off).
  bool Flag(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return false;
    if (it->second.empty() || it->second == "1" || it->second == "true") return true;
    if (it->second == "0" || it->second == "false") return false;
    throw BadRequest("parameter \"" + name + "\" must be true or false, not \"" + it->second +
                     "\"");
  }

 private:
  std::map<std::string, std::string> values_;
};

// The query parameters every query endpoint takes (QueryArgs of the CLI).
#define MORGUE_QUERY_PARAMS "query", "from", "to", "default-op"

SearchRequest RequestOf(const Args& a) {
  QueryArgs q;
  if (a.Has("query")) q.words = {a.Text("query")};
  q.from = a.Text("from");
  q.to = a.Text("to");
  q.default_op = a.Text("default-op", "and");
  try {
    return RequestFrom(q);
  } catch (const UsageError& e) {
    throw BadRequest(std::string(e.what()) == "--default-op must be and or or"
                         ? "parameter \"default-op\" must be and or or"
                         : e.what());
  }
}

// The "seed" parameter for `sort`: required with random, refused otherwise
// (as the command line's --seed).
uint64_t SeedOf(const Args& a, SortOrder sort) {
  if (sort == SortOrder::kRandom && !a.Has("seed")) {
    throw BadRequest(
        "sort=random needs seed=N (any whole number): the same seed gives the same sample");
  }
  if (sort != SortOrder::kRandom && a.Has("seed")) {
    throw BadRequest("parameter \"seed\" goes with sort=random");
  }
  return a.Number("seed", 0, std::numeric_limits<uint64_t>::max());
}

// The queries side by side of the "queries" parameter (LABEL<TAB>QUERY
// lines, as `--queries FILE`), after `query` when that is given too; empty
// without "queries".
std::vector<QuerySeries> SeriesOf(const Args& a, const SearchRequest& base) {
  if (!a.Has("queries")) return {};
  if (a.Text("queries").find_first_not_of(" \t\r\n") == std::string::npos)
    throw BadRequest("parameter \"queries\" holds no LABEL<TAB>QUERY line");
  std::vector<QuerySeries> series =
      SeriesFromText(base, a.Text("queries"), "parameter \"queries\"");
  if (series.size() > kMaxSideBySide) {
    throw HttpError{400, ErrorCodeName(ErrorCode::kLimit),
                    "at most " + std::to_string(kMaxSideBySide) + " queries side by side"};
  }
  return series;
}

// The requests and labels of `series`.
std::pair<std::vector<SearchRequest>, std::vector<std::string>> Split(
    const std::vector<QuerySeries>& series) {
  std::pair<std::vector<SearchRequest>, std::vector<std::string>> out;
  for (const QuerySeries& s : series) {
    out.first.push_back(s.request);
    out.second.push_back(s.label);
  }
  return out;
}

// One endpoint's answer, or throws HttpError / morgue::Error.
using Endpoint = std::function<json(const Archive&, const std::string& id, const Params&)>;

struct Route {
  const char* name;  // "search": GET /search
  bool takes_id;     // GET /NAME/{id}
  Endpoint run;
};

// The largest "sample-size" of /terms (articles read; beyond, a seeded
// sample of that many): a larger one is refused as over the server's limit.
constexpr uint64_t kMaxServeTermsSample = 100000;
// The largest "phrase-match-limit" and "archive-sample" of /terms: the
// articles one phrase's archive count may read.
constexpr uint64_t kMaxServePhraseMatch = 1000000;

std::vector<Route> MakeRoutes(const ServeOptions& o) {
  std::vector<Route> routes;
  routes.push_back(
      {"search", false, [&o](const Archive& archive, const std::string&, const Params& p) {
         Args a(p,
                {MORGUE_QUERY_PARAMS, "time-limit", "limit", "offset", "sort", "seed", "collapse",
                 "explain", "explain-xapian"},
                o);
         SearchRequest r = RequestOf(a);
         r.limit = a.Number("limit", 10, o.max_limit);
         r.offset = a.Number("offset", 0, o.max_offset);
         r.time_limit_ms = a.Number("time-limit", o.time_limit_ms, o.time_limit_ms);
         if (r.time_limit_ms == 0) r.time_limit_ms = o.time_limit_ms;
         r.sort = ParseSortOrder(a.Text("sort", "relevance"));
         r.seed = SeedOf(a, r.sort);
         r.collapse = a.Flag("collapse");
         const bool xapian_query = a.Flag("explain-xapian");
         r.explain = a.Flag("explain") || xapian_query;
         return SearchJson(r, archive.Search(r), xapian_query);
       }});
  routes.push_back(
      {"count", false, [&o](const Archive& archive, const std::string&, const Params& p) {
         Args a(p, {MORGUE_QUERY_PARAMS, "collapse"}, o);
         SearchRequest r = RequestOf(a);
         json out = {{"query", r.query}};
         if (!a.Flag("collapse")) {
           std::vector<std::string> missing;
           out["total"] = archive.Count(r, &missing);
           AddPartialJson(out, missing);
           return out;
         }
         r.collapse = true;  // one collapsed match tallies both, as `morgue count --collapse`
         r.limit = 1;
         r.snippets = false;
         const SearchResult result = archive.Search(r);
         out["total"] = result.total;
         out["groups"] = result.groups;
         AddPartialJson(out, result.missing_nodes);
         return out;
       }});
  routes.push_back(
      {"facets", false, [&o](const Archive& archive, const std::string&, const Params& p) {
         Args a(p, {MORGUE_QUERY_PARAMS, "by", "top", "queries"}, o);
         SearchRequest r = RequestOf(a);
         if (!a.Has("by")) throw BadRequest("parameter \"by\" is missing");
         const std::string by = a.Text("by");
         const uint64_t top = a.Number("top", 20, 1000);
         const FacetField field = ParseFacetField(by);
         const std::vector<QuerySeries> series = SeriesOf(a, r);
         if (!series.empty()) {
           auto [requests, labels] = Split(series);
           return FacetsSeriesJson(by, labels, requests,
                                   archive.FacetsSideBySide(requests, field,
                                                            top == 0 ? 1000 : top));
         }
         return FacetsJson(r, by, archive.Facets(r, field, top == 0 ? 1000 : top));
       }});
  routes.push_back(
      {"histogram", false, [&o](const Archive& archive, const std::string&, const Params& p) {
         Args a(p, {MORGUE_QUERY_PARAMS, "by", "queries", "split", "split-top"}, o);
         SearchRequest r = RequestOf(a);
         const std::string by = a.Text("by", "month");
         const Interval interval = ParseInterval(by);
         const std::vector<QuerySeries> series = SeriesOf(a, r);
         if (a.Has("split-top") && !a.Has("split"))
           throw BadRequest("parameter \"split-top\" goes with \"split\"");
         if (a.Has("split")) {
           const std::string field = a.Text("split");
           if (field != "source" && field != "section" && field != "place")
             throw BadRequest("parameter \"split\" must be source, section or place");
           if (!series.empty())
             throw BadRequest("parameter \"split\" takes one query, not \"queries\"");
           const uint64_t top = a.Number("split-top", 5, kMaxSideBySide);
           if (top == 0) throw BadRequest("parameter \"split-top\" must be 1 or more");
           return HistogramSplitJson(r, by, field, top,
                                     archive.HistogramSplit(r, ParseFacetField(field), top,
                                                            interval));
         }
         if (!series.empty()) {
           auto [requests, labels] = Split(series);
           return HistogramSeriesJson(by, labels, requests,
                                      archive.HistogramsSideBySide(requests, interval));
         }
         return HistogramJson(r, by, archive.Histogram(r, interval));
       }});
  routes.push_back(
      {"terms", false, [&o](const Archive& archive, const std::string&, const Params& p) {
         Args a(p,
                {MORGUE_QUERY_PARAMS, "field", "top", "kind", "by", "min-count", "sample-size",
                 "seed", "phrase-candidates", "no-collapse", "keep-stop-terms",
                 "phrase-match-limit", "archive-sample"},
                o);
         SearchRequest r = RequestOf(a);
         TermsOptions to;
         const std::string field = a.Text("field", "body");
         to.field = ParseTermField(field);
         to.top = a.Number("top", to.top, 1000);
         to.min_count = a.Number("min-count", to.min_count, std::numeric_limits<uint64_t>::max());
         to.max_documents = a.Number("sample-size", to.max_documents, kMaxServeTermsSample);
         to.seed = a.Number("seed", to.seed, std::numeric_limits<uint64_t>::max());
         to.phrase_candidates = a.Number("phrase-candidates", to.phrase_candidates, 1000);
         to.phrase_match_limit =
             a.Number("phrase-match-limit", to.phrase_match_limit, kMaxServePhraseMatch);
         to.archive_sample = a.Number("archive-sample", to.archive_sample, kMaxServePhraseMatch);
         to.collapse = !a.Flag("no-collapse");
         to.drop_stop_words = !a.Flag("keep-stop-terms");
         const std::string kind = a.Text("kind", "both");
         if (kind == "words") to.phrases = false;
         else if (kind == "phrases") to.words = false;
         else if (kind != "both")
           throw BadRequest("parameter \"kind\" must be words, phrases or both, not \"" + kind +
                            "\"");
         if (a.Has("by")) to.by = ParseInterval(a.Text("by"));
         return TermsJson(r, field, to, archive.Terms(r, to));
       }});
  routes.push_back(
      {"queries", false, [&o](const Archive& archive, const std::string&, const Params& p) {
         Args a(p, {}, o);
         return SavedQueriesJson(archive.SavedQueries());
       }});
  routes.push_back(
      {"similar", true, [&o](const Archive& archive, const std::string& id, const Params& p) {
         Args a(p, {"filter", "from", "to", "limit", "offset", "collapse"}, o);
         QueryArgs q;
         if (!a.Text("filter").empty()) q.words = {a.Text("filter")};
         q.from = a.Text("from");
         q.to = a.Text("to");
         q.default_op = "and";
         SearchRequest r = RequestFrom(q);
         r.limit = a.Number("limit", 10, o.max_limit);
         r.offset = a.Number("offset", 0, o.max_offset);
         r.collapse = a.Flag("collapse");
         return SimilarJson(id, r, archive.Similar(id, r));
       }});
  routes.push_back(
      {"articles", true, [&o](const Archive& archive, const std::string& id, const Params& p) {
         Args a(p, {}, o);
         std::optional<Article> article = archive.Get(id);
         if (!article)
           throw HttpError{404, ErrorCodeName(ErrorCode::kNotFound), "no article with id " + id};
         return ArticleToJson(*article);
       }});
  routes.push_back(
      {"stats", false, [&o](const Archive& archive, const std::string&, const Params& p) {
         Args a(p, {"top"}, o);
         return StatsJson(archive.dir(), archive.Stats(a.Number("top", 10, 100)));
       }});
  return routes;
}

// Runs `fn`, turning what it throws into an HttpError.
template <typename Fn>
std::optional<HttpError> Guard(Fn fn) {
  try {
    fn();
    return std::nullopt;
  } catch (const HttpError& e) {
    return e;
  } catch (const Error& e) {
    return HttpError{StatusFor(e.code()), ErrorCodeName(e.code()), e.what(), e.position()};
  } catch (const UsageError& e) {
    return BadRequest(e.what());
  } catch (const std::bad_alloc&) {
    return HttpError{503, "busy", "the server is out of memory for this request"};
  } catch (const std::exception& e) {
    return HttpError{500, ErrorCodeName(ErrorCode::kInternal),
                     std::string("unexpected failure: ") + e.what()};
  }
}

const HttpError kBusy{503, "busy", "the server is busy: every worker is taken; try again"};

void SetJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(DumpJson(body, 2) + "\n", "application/json; charset=utf-8");
}

void SetError(httplib::Response& res, const HttpError& e) {
  if (e.status == 503) res.set_header("Retry-After", "1");
  SetJson(res, e.status, ErrorJson(e));
}

// The id of /NAME/{id}, checked as a parameter is (of GET and of /msearch).
std::string CheckedId(std::string id, const ServeOptions& o) {
  if (id.empty()) throw BadRequest("the article id is missing");
  if (id.size() > o.max_parameter_bytes || !IsCleanUtf8(id))
    throw BadRequest("the article id is not valid UTF-8 text of at most " +
                     std::to_string(o.max_parameter_bytes) + " bytes");
  return id;
}

// The id of /NAME/{id}: the rest of the path.
std::string IdOf(const httplib::Request& req, const ServeOptions& o) {
  return CheckedId(req.matches.size() > 1 ? req.matches[1].str() : "", o);
}

// Streams what `write` prints to a CsvPrinter (over a memory stream) as the
// answer, in chunks of about 64 KiB: memory stays flat. `write` calls
// `flush` after each record and stops when it returns false (the client has
// gone). When `write` throws, the answer ends without its last chunk, so
// the client sees it cut.
using ChunkWriter = std::function<void(CsvPrinter& printer, const std::function<bool()>& flush)>;

void SetChunked(httplib::Response& res, const char* content_type, ChunkWriter write) {
  res.set_chunked_content_provider(content_type,
                                   [write = std::move(write)](size_t, httplib::DataSink& sink) {
                                     char* buffer = nullptr;
                                     size_t size = 0;
                                     std::FILE* memory = open_memstream(&buffer, &size);
                                     if (memory == nullptr) return false;
                                     bool ok = true;
                                     auto flush = [&](bool force) {
                                       std::fflush(memory);
                                       if (size == 0 || (!force && size < (1 << 16))) return;
                                       ok = ok && sink.write(buffer, size);
                                       std::rewind(memory);
                                       std::fflush(memory);
                                     };
                                     {
                                       CsvPrinter printer(memory);
                                       try {
                                         write(printer, [&] {
                                           flush(false);
                                           return ok;
                                         });
                                         flush(true);
                                       } catch (const std::exception&) {
                                         ok = false;
                                       }
                                     }
                                     std::fclose(memory);
                                     std::free(buffer);
                                     if (ok) sink.done();
                                     return ok;
                                   });
}

// The "format" of a streamed answer: true for csv, false for jsonl (the default).
bool CsvOf(const Args& a) {
  const std::string format = a.Text("format", "jsonl");
  if (format != "jsonl" && format != "csv")
    throw BadRequest("parameter \"format\" must be jsonl or csv, not \"" + format + "\"");
  return format == "csv";
}

// A streamed answer (SetChunked) of CSV or JSON Lines, offered as the file
// NAME.csv or NAME.jsonl.
void SetStreamed(httplib::Response& res, const std::string& name, bool csv, ChunkWriter write) {
  res.set_header("Content-Disposition",
                 "attachment; filename=\"" + name + (csv ? ".csv" : ".jsonl") + "\"");
  SetChunked(res, csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
             std::move(write));
}

// A cluster read partially: the nodes a streamed answer leaves out, learnt
// before its first byte (`announced`, sent in the header X-Morgue-Partial)
// by Count, or by Facets for the empty query (which Count refuses).
std::vector<std::string> MissingBeforeStreaming(const Archive& archive, const SearchRequest& r,
                                                uint64_t* total) {
  std::vector<std::string> missing;
  if (!r.query.empty()) *total = archive.Count(r, &missing);
  else missing = archive.Facets(r, FacetField::kSource, 1).missing_nodes;
  return missing;
}

// Sets X-Morgue-Partial to the nodes `missing` names (nothing for none):
// "node 2 (tcp 10.0.0.12:7001); node 3 (...)", the reasons left to the log.
void SetPartialHeader(httplib::Response& res, const std::vector<std::string>& missing) {
  std::string nodes;
  for (const std::string& node : missing) {
    const std::string name = node.substr(0, node.find("): ") + 1);
    for (char c : name) nodes += (static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
    nodes += "; ";
  }
  if (!nodes.empty()) res.set_header("X-Morgue-Partial", nodes.substr(0, nodes.size() - 2));
}

// Throws Error(kIO), ending a streamed answer unfinished (the client sees
// it cut short), when the stream leaves out a node its header did not name.
void CheckAnnounced(const std::vector<std::string>& missing,
                    const std::vector<std::string>& announced) {
  const auto name = [](const std::string& node) { return node.substr(0, node.find("): ") + 1); };
  for (const std::string& node : missing) {
    bool said = false;
    for (const std::string& a : announced) said = said || name(a) == name(node);
    if (!said) throw Error(ErrorCode::kIO, name(node) + " went away during the answer");
  }
}

// GET /export: every matching article as JSON Lines (format=jsonl, the
// default) or CSV, streamed in chunks of about 64 KiB: memory stays flat.
void Export(const httplib::Request& req, httplib::Response& res, ArchivePool& pool,
            const ServeOptions& o) {
  std::shared_ptr<ArchivePool::Lease> lease;
  SearchRequest r;
  bool csv = false;
  uint64_t total = 0;
  std::vector<std::string> announced;
  auto failed = Guard([&] {
    Args a(req.params, {MORGUE_QUERY_PARAMS, "sort", "seed", "format"}, o);
    r = RequestOf(a);
    r.sort = ParseSortOrder(a.Text("sort", "relevance"));
    r.seed = SeedOf(a, r.sort);
    csv = CsvOf(a);
    lease = pool.Acquire();
    if (!lease) throw kBusy;
    // The query's errors before the first byte is sent (Count refuses the
    // empty query, which Export takes as every article), and the nodes left
    // out.
    announced = MissingBeforeStreaming(**lease, r, &total);
  });
  if (failed) return SetError(res, *failed);
  if (!r.query.empty()) res.set_header("X-Morgue-Total", std::to_string(total));
  SetPartialHeader(res, announced);
  SetStreamed(res, "morgue-export", csv,
              [lease, r, csv, announced](CsvPrinter& printer, const std::function<bool()>& flush) {
                if (csv) PrintExportCsvHeader(printer);
                std::vector<std::string> missing;
                (*lease)->Export(
                    r,
                    [&](const Article& article) {
                      CheckAnnounced(missing, announced);
                      if (csv) PrintExportCsvRecord(printer, article);
                      else printer.Write(DumpJson(ArticleToJson(article)) + "\n");
                      return flush();
                    },
                    &missing);
                CheckAnnounced(missing, announced);
              });
}

// GET /kwic: every occurrence of the query's words in context, streamed as
// /export streams (JSON Lines or CSV, `morgue kwic`'s records).
void Kwic(const httplib::Request& req, httplib::Response& res, ArchivePool& pool,
          const ServeOptions& o) {
  std::shared_ptr<ArchivePool::Lease> lease;
  SearchRequest r;
  KwicOptions ko;
  bool csv = false;
  uint64_t total = 0;
  std::vector<std::string> announced;
  auto failed = Guard([&] {
    Args a(req.params, {MORGUE_QUERY_PARAMS, "width", "sort", "seed", "format"}, o);
    r = RequestOf(a);
    if (r.query.empty()) throw BadRequest("parameter \"query\" is missing: kwic shows its words");
    r.sort = ParseSortOrder(a.Text("sort", "oldest"));
    r.seed = SeedOf(a, r.sort);
    ko.width = a.Number("width", ko.width, 10000);
    if (ko.width == 0) throw BadRequest("parameter \"width\" must be 1 to 10000");
    csv = CsvOf(a);
    lease = pool.Acquire();
    if (!lease) throw kBusy;
    // The query's errors before the first byte is sent; the nodes left out.
    announced = MissingBeforeStreaming(**lease, r, &total);
  });
  if (failed) return SetError(res, *failed);
  res.set_header("X-Morgue-Total", std::to_string(total));
  SetPartialHeader(res, announced);
  SetStreamed(res, "morgue-kwic", csv,
              [lease, r, ko, csv, announced](CsvPrinter& printer,
                                             const std::function<bool()>& flush) {
                if (csv) PrintKwicCsvHeader(printer);
                std::vector<std::string> missing;
                (*lease)->Kwic(
                    r, ko,
                    [&](const KwicLine& line) {
                      CheckAnnounced(missing, announced);
                      if (csv) PrintKwicCsvRecord(printer, line);
                      else printer.Write(DumpJson(KwicLineJson(line)) + "\n");
                      return flush();
                    },
                    &missing);
                CheckAnnounced(missing, announced);
              });
}

// POST /msearch: {"requests": [{"path": "/histogram", "params": {...}}, ...]}
// (at most 10) answered on one snapshot of the archive as {"responses":
// [{"status": 200, "body": {...}}, ...]}, each body what GET PATH answers.
void MultiSearch(const httplib::Request& req, httplib::Response& res, ArchivePool& pool,
                 const std::vector<Route>& routes, const ServeOptions& o) {
  struct Sub {
    const Route* route;
    std::string id;
    Params params;
  };
  std::vector<Sub> subs;
  auto failed = Guard([&] {
    if (req.body.size() > 64 * 1024)
      throw HttpError{400, ErrorCodeName(ErrorCode::kLimit), "the body is larger than 64 KiB"};
    if (!IsCleanUtf8(req.body)) throw BadRequest("the body is not valid UTF-8 text");
    const json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded()) throw BadRequest("the body is not JSON");
    if (!body.is_object() || !body.contains("requests") || !body["requests"].is_array())
      throw BadRequest("the body must be a JSON object {\"requests\": [...]}");
    if (body["requests"].size() > 10)
      throw HttpError{400, ErrorCodeName(ErrorCode::kLimit), "at most 10 requests at once"};
    for (const auto& item : body["requests"]) {
      if (!item.is_object() || !item.contains("path") || !item["path"].is_string())
        throw BadRequest("every request needs a \"path\" such as \"/search\"");
      std::string path = item["path"].get<std::string>();
      if (path.empty() || path[0] != '/') throw BadRequest("a path starts with /: " + path);
      path.erase(0, 1);
      const size_t slash = path.find('/');
      const std::string name = path.substr(0, slash);
      const std::string id = slash == std::string::npos ? "" : path.substr(slash + 1);
      const Route* route = nullptr;
      for (const auto& r : routes) {
        if (name == r.name) route = &r;
      }
      if (route == nullptr || route->takes_id == id.empty())
        throw BadRequest("no endpoint /" + path + " for /msearch");
      Sub sub{route, route->takes_id ? CheckedId(id, o) : id, {}};
      if (item.contains("params")) {
        if (!item["params"].is_object()) throw BadRequest("\"params\" must be an object");
        for (const auto& [key, value] : item["params"].items()) {
          if (value.is_string()) sub.params.emplace(key, value.get<std::string>());
          else if (value.is_number_unsigned() || value.is_boolean())
            sub.params.emplace(key, value.dump());
          else {
            throw BadRequest("parameter \"" + key +
                             "\" must be a string, a whole number from 0 or a boolean, not " +
                             value.dump().substr(0, 100));
          }
        }
      }
      subs.push_back(std::move(sub));
    }
  });
  if (failed) return SetError(res, *failed);
  std::unique_ptr<ArchivePool::Lease> lease;
  failed = Guard([&] {
    lease = pool.Acquire();
    if (!lease) throw kBusy;
  });
  if (failed) return SetError(res, *failed);
  json responses = json::array();
  for (const auto& sub : subs) {
    json answer;
    failed = Guard([&] { answer = sub.route->run(**lease, sub.id, sub.params); });
    if (failed) responses.push_back({{"status", failed->status}, {"body", ErrorJson(*failed)}});
    else responses.push_back({{"status", 200}, {"body", std::move(answer)}});
  }
  SetJson(res, 200, {{"responses", std::move(responses)}});
}

}  // namespace

void InstallRoutes(httplib::Server& server, ArchivePool& pool, const ServeOptions& o) {
  auto routes = std::make_shared<std::vector<Route>>(MakeRoutes(o));
  for (const auto& route : *routes) {
    const std::string pattern = std::string("/") + route.name + (route.takes_id ? "/(.+)" : "");
    server.Get(pattern,
               [&pool, &o, &route, routes](const httplib::Request& req, httplib::Response& res) {
                 json answer;
                 auto failed = Guard([&] {
                   const std::string id = route.takes_id ? IdOf(req, o) : "";
                   auto lease = pool.Acquire();
                   if (!lease) throw kBusy;
                   answer = route.run(**lease, id, req.params);
                 });
                 if (failed) return SetError(res, *failed);
                 SetJson(res, 200, answer);
               });
  }
  server.Get("/export", [&pool, &o](const httplib::Request& req, httplib::Response& res) {
    Export(req, res, pool, o);
  });
  server.Get("/kwic", [&pool, &o](const httplib::Request& req, httplib::Response& res) {
    Kwic(req, res, pool, o);
  });
  server.Post("/msearch", [&pool, &o, routes](const httplib::Request& req, httplib::Response& res) {
    MultiSearch(req, res, pool, *routes, o);
  });
  server.Get("/(|app\\.js|style\\.css)", [](const httplib::Request& req, httplib::Response& res) {
    const WebAsset* asset = FindWebAsset(req.path);
    if (asset == nullptr) return SetError(res, {404, "not found", "no such page"});
    res.set_content(std::string(asset->bytes), std::string(asset->content_type));
  });
  // Every answer: no sniffing, no framing, nothing from elsewhere.
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                   "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors "
                   "'none'");
    res.set_header("Cache-Control", "no-store");
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // an answer of ours (404 of an id, 400...)
    const int status = res.status;
    HttpError e{status, status == 404 ? "not found" : "invalid argument",
                status == 404 ? "no such endpoint: " + req.method + " " + req.path
                              : "the request was refused (HTTP " + std::to_string(status) + ")"};
    if (status == 413) {
      e = {status, ErrorCodeName(ErrorCode::kLimit), "the request's body is larger than 1 MiB"};
    } else if (status == 414) {
      e = {status, ErrorCodeName(ErrorCode::kLimit), "the request line is longer than 8192 bytes"};
    }
    if (status == 404 && req.method != "GET" && req.method != "HEAD") e.message += " (read-only)";
    SetError(res, e);
  });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SetError(res, {500, ErrorCodeName(ErrorCode::kInternal), "unexpected failure"});
      });
}

}  // namespace morgue::cli

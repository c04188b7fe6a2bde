// morgue._morgue: the C++ library for Python. The Pythonic surface (keyword
// arguments, dates, result classes, pandas) is morgue/*.py; this file binds
// the public API (include/morgue/) and releases the GIL around every call
// that reads or writes an archive.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/query.h"
#include "morgue/reader.h"
#include "morgue/research.h"
#include "morgue/search.h"
#include "python/convert.h"
#include "python/export_stream.h"

namespace morgue::python {

namespace {

using py::arg;

// An open archive. Every call copies the shared pointer under the GIL before
// releasing it, so close() on one thread while another searches leaves that
// search its archive; export streams keep it alive too.
class PyArchive {
 public:
  PyArchive(const std::string& dir, const std::string& mode, unsigned shards,
            const std::string& language, uint64_t shards_at_once_from, bool allow_partial) {
    OpenMode m = OpenMode::kReadOnly;
    if (mode == "r") m = OpenMode::kReadOnly;
    else if (mode == "w") m = OpenMode::kReadWrite;
    else if (mode == "c") m = OpenMode::kCreate;
    else throw py::value_error("mode must be 'r', 'w' or 'c', not '" + mode + "'");
    ArchiveOptions options;
    options.shards = shards;
    options.language = language;
    options.shards_at_once_from = shards_at_once_from;
    options.allow_partial = allow_partial;
    py::gil_scoped_release release;
    archive_ = Archive::Open(dir, m, options);
    dir_ = dir;
    writable_ = m != OpenMode::kReadOnly;
  }

  std::shared_ptr<Archive> Get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!archive_) throw py::value_error("the archive " + dir_ + " is closed");
    return archive_;
  }

  void Close() {
    std::shared_ptr<Archive> last;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last = std::move(archive_);
    }
    py::gil_scoped_release release;
    last.reset();  // releases the write lock unless an export stream still holds it
  }

  bool closed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return archive_ == nullptr;
  }
  const std::string& dir() const { return dir_; }
  bool writable() const { return writable_; }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<Archive> archive_;
  std::string dir_;
  bool writable_ = false;
};

// Runs fn(archive) without the GIL.
template <typename Fn>
auto Released(const PyArchive& self, Fn fn) {
  std::shared_ptr<Archive> archive = self.Get();
  py::gil_scoped_release release;
  return fn(*archive);
}

// "YYYY-MM-DD" (HistogramBin::start) as a datetime.date.
py::object DayOf(const std::string& day) {
  std::optional<Timestamp> t = Timestamp::ParseIso8601(day);
  if (!t) throw Error(ErrorCode::kInternal, "a histogram bin starts on '" + day + "'");
  return ToDate(*t);
}

py::tuple FacetTuple(const FacetResult& r) {
  py::list values;
  for (const FacetCount& v : r.values) values.append(py::make_tuple(v.value, v.count));
  return py::make_tuple(r.total, values, r.missing_nodes);
}

py::tuple HistogramTuple(const HistogramResult& h) {
  py::list bins;
  for (const HistogramBin& b : h.bins) {
    bins.append(
        py::make_tuple(b.label, DayOf(b.start), b.count, b.all,
                       b.share ? py::object(py::float_(*b.share)) : py::object(py::none())));
  }
  return py::make_tuple(h.total, h.undated, bins, h.missing_nodes);
}

py::list TermList(const std::vector<TermScore>& terms) {
  py::list out;
  for (const TermScore& t : terms) {
    out.append(
        py::make_tuple(t.term, t.phrase, t.in_matches, t.in_archive, t.score, t.archive_estimated));
  }
  return out;
}

py::tuple TermsTuple(const TermsResult& r) {
  py::list intervals;
  for (const TermsInterval& i : r.intervals) {
    intervals.append(py::make_tuple(i.label, DayOf(i.start), i.documents, TermList(i.terms)));
  }
  return py::make_tuple(r.total, r.groups, r.documents, r.sampled,
                        r.sampled ? py::object(py::int_(r.seed)) : py::object(py::none()),
                        r.archive, r.undated, TermList(r.terms), intervals,
                        r.archive_sample ? py::object(py::int_(r.archive_sample))
                                         : py::object(py::none()));
}

py::list FacetList(const std::vector<FacetCount>& values) {
  py::list out;
  for (const FacetCount& v : values) out.append(py::make_tuple(v.value, v.count));
  return out;
}

py::dict StatsDict(const ArchiveStats& s) {
  py::dict d;
  d["format_version"] = s.format_version;
  d["language"] = s.language;
  d["shards"] = s.shards;
  d["nodes"] = s.nodes;
  d["articles"] = s.articles;
  d["first"] = ToDatetime(s.first);
  d["last"] = ToDatetime(s.last);
  d["undated"] = s.undated;
  // A cluster's stores and files are on its nodes: not known here (None).
  const bool cluster = s.nodes > 0;
  if (cluster) d["node_articles"] = s.node_articles;
  // A cluster opened with allow_partial: the nodes left out (empty: none).
  if (cluster) d["missing_nodes"] = s.missing_nodes;
  d["quarantined"] = cluster ? py::object(py::none()) : py::int_(s.quarantined);
  d["store_bytes"] = cluster ? py::object(py::none()) : py::int_(s.store_bytes);
  d["index_bytes"] = cluster ? py::object(py::none()) : py::int_(s.index_bytes);
  d["total_bytes"] = cluster ? py::object(py::none()) : py::int_(s.total_bytes);
  d["top_sources"] = FacetList(s.top_sources);
  d["top_sections"] = FacetList(s.top_sections);
  d["top_persons"] = FacetList(s.top_persons);
  d["top_orgs"] = FacetList(s.top_orgs);
  d["top_places"] = FacetList(s.top_places);
  return d;
}

py::dict CheckDict(const CheckReport& r) {
  py::dict d;
  d["articles"] = r.articles;
  d["ids"] = r.ids;
  d["documents"] = r.documents;
  d["pending"] = r.pending;
  d["missing_from_index"] = r.missing_from_index;
  d["missing_from_store"] = r.missing_from_store;
  d["dangling_ids"] = r.dangling_ids;
  d["undecodable"] = r.undecodable;
  d["quarantined"] = r.quarantined;
  d["unreadable"] = r.unreadable;
  d["lost"] = r.lost;
  d["store_damaged"] = r.store_damaged;
  d["problems"] = r.problems;
  return d;
}

py::dict AddDict(const AddStats& s) {
  py::dict d;
  d["added"] = s.added;
  d["replaced"] = s.replaced;
  d["unchanged"] = s.unchanged;
  d["superseded"] = s.superseded;
  return d;
}

py::dict IssueDict(const ReadIssue& i) {
  py::dict d;
  d["file"] = i.file;
  d["line"] = i.line;
  d["record"] = i.record;
  d["reason"] = i.reason;
  d["skipped"] = i.skipped;
  d["message"] = i.ToString();
  return d;
}

// Articles read from `path` (a file or directory) or from JSON Lines bytes,
// with the issues. Runs without the GIL.
struct ReadResult {
  std::vector<Article> articles;
  std::vector<ReadIssue> issues;
};

ReadOptions MakeReadOptions(const std::string& format, const std::string& source, bool strict) {
  ReadOptions o;
  o.format = ParseFormat(format);
  o.source = source;
  o.strict = strict;
  return o;
}

py::tuple ReadResultTuple(ReadResult r) {
  py::list issues;
  for (const ReadIssue& i : r.issues) issues.append(IssueDict(i));
  return py::make_tuple(py::cast(std::move(r.articles)), issues);
}

py::object NextBatch(ExportStream& s, size_t max) {
  std::vector<Article> batch;
  s.Next(max, &batch);
  return py::cast(std::move(batch));
}

// A batch of kwic lines as tuples (morgue.KwicLine's fields).
py::list NextLines(KwicStream& s, size_t max) {
  std::vector<KwicLine> batch;
  s.Next(max, &batch);
  py::list out;
  for (const KwicLine& l : batch) {
    out.append(py::make_tuple(l.id, l.source, ToDatetime(l.published), l.field, l.paragraph,
                              l.offset, l.left, l.match, l.right));
  }
  return out;
}

void BindQuery(py::module_& m) {
  py::enum_<TextField>(m, "TextField")
      .value("ALL", TextField::kAll)
      .value("HEADLINE", TextField::kHeadline)
      .value("BODY", TextField::kBody)
      .value("QUOTE", TextField::kQuote)
      .value("CAPTION", TextField::kCaption);
  py::class_<Query>(m, "Query", "A query built in code (morgue/query.h); combine with & | ~.")
      .def_static("word", &Query::Word, arg("word"), arg("field") = TextField::kAll)
      .def_static("phrase", &Query::Phrase, arg("text"), arg("field") = TextField::kAll)
      .def_static("prefix", &Query::Prefix, arg("prefix"), arg("field") = TextField::kAll)
      .def_static("near", &Query::Near, arg("words"), arg("distance"),
                  arg("field") = TextField::kAll)
      .def_static(
          "filter",
          [](const std::string& field, std::string_view value) {
            return Query::Filter(ParseFacetField(field), value);
          },
          arg("field"), arg("value"))
      .def_static("language", &Query::Language, arg("code"))
      .def_static("dates", &Query::Dates, arg("date_from") = py::none(),
                  arg("date_to") = py::none())
      .def_static("parse", &Query::Parse, arg("text"))
      .def_static("all_of", &Query::And, arg("parts"))
      .def_static("any_of", &Query::Or, arg("parts"))
      .def_static("negate", &Query::Not, arg("query"))
      .def("__and__", [](const Query& a, const Query& b) { return a && b; })
      .def("__or__", [](const Query& a, const Query& b) { return a || b; })
      .def("__invert__", [](const Query& a) { return !a; })
      .def("__str__", &Query::ToString)
      .def("__repr__", [](const Query& q) {
        return "Query(" + std::string(py::repr(py::str(q.ToString()))) + ")";
      });
}

void BindRequest(py::module_& m) {
  py::class_<RankingOptions>(m, "_Ranking")
      .def(py::init<>())
      .def_readwrite("headline_weight", &RankingOptions::headline_weight)
      .def_readwrite("body_weight", &RankingOptions::body_weight)
      .def_readwrite("quote_weight", &RankingOptions::quote_weight)
      .def_readwrite("caption_weight", &RankingOptions::caption_weight)
      .def_readwrite("bm25_k1", &RankingOptions::bm25_k1)
      .def_readwrite("bm25_b", &RankingOptions::bm25_b)
      .def_readwrite("bm25_b_ored", &RankingOptions::bm25_b_ored);
  py::class_<SearchRequest>(m, "_Request")
      .def(py::init<>())
      .def_readwrite("query", &SearchRequest::query)
      .def_readwrite("built_query", &SearchRequest::built_query)
      .def_property(
          "filters",
          [](const SearchRequest& r) {
            py::list out;
            for (const Filter& f : r.filters)
              out.append(py::make_tuple(FacetFieldName(f.field), f.value));
            return out;
          },
          [](SearchRequest& r, const std::vector<std::pair<std::string, std::string>>& filters) {
            r.filters.clear();
            for (const auto& [field, value] : filters)
              r.filters.push_back({ParseFacetField(field), value});
          })
      .def_readwrite("date_from", &SearchRequest::from)
      .def_readwrite("date_to", &SearchRequest::to)
      .def_readwrite("default_and", &SearchRequest::default_and)
      .def_property(
          "sort", [](const SearchRequest& r) { return static_cast<int>(r.sort); },
          [](SearchRequest& r, const std::string& name) { r.sort = ParseSortOrder(name); })
      .def_readwrite("seed", &SearchRequest::seed)
      .def_readwrite("ranking", &SearchRequest::ranking)
      .def_readwrite("offset", &SearchRequest::offset)
      .def_readwrite("limit", &SearchRequest::limit)
      .def_readwrite("collapse", &SearchRequest::collapse)
      .def_readwrite("snippets", &SearchRequest::snippets)
      .def_readwrite("snippet_length", &SearchRequest::snippet_length)
      .def_readwrite("explain", &SearchRequest::explain)
      .def_readwrite("fetch_articles", &SearchRequest::fetch_articles)
      .def_readwrite("time_limit_ms", &SearchRequest::time_limit_ms);
}

// One SearchRequest from the arguments the Python layer has checked: one
// call instead of a setattr per field (a few microseconds per search).
SearchRequest MakeRequest(const std::string& query, const Query* built,
                          const std::vector<std::pair<std::string, std::string>>& filters,
                          std::optional<std::string> from, std::optional<std::string> to,
                          bool default_and, const std::string& sort, uint64_t seed, uint64_t offset,
                          uint64_t limit, bool collapse, bool snippets, size_t snippet_length,
                          bool explain, bool fetch_articles, uint64_t time_limit_ms,
                          const RankingOptions* ranking) {
  SearchRequest r;
  r.query = query;
  if (built != nullptr) r.built_query = *built;
  for (const auto& [field, value] : filters) r.filters.push_back({ParseFacetField(field), value});
  r.from = std::move(from);
  r.to = std::move(to);
  r.default_and = default_and;
  r.sort = sort == "relevance" ? SortOrder::kRelevance : ParseSortOrder(sort);
  r.seed = seed;
  r.offset = offset;
  r.limit = limit;
  r.collapse = collapse;
  r.snippets = snippets;
  r.snippet_length = snippet_length;
  r.explain = explain;
  r.fetch_articles = fetch_articles;
  r.time_limit_ms = time_limit_ms;
  if (ranking != nullptr) r.ranking = *ranking;
  return r;
}

void BindArchive(py::module_& m) {
  m.def("_make_request", &MakeRequest);
  py::class_<ExportStream>(m, "_ExportStream")
      .def("next_batch", &NextBatch, arg("max"))
      .def("close", &ExportStream::Close)
      .def_property_readonly("delivered", &ExportStream::delivered);

  py::class_<KwicStream>(m, "_KwicStream")
      .def("next_batch", &NextLines)
      .def("close", &KwicStream::Close)
      .def_property_readonly("delivered", &KwicStream::delivered);
  py::class_<PyArchive>(m, "_Archive")
      .def(py::init<const std::string&, const std::string&, unsigned, const std::string&, uint64_t,
                    bool>(),
           arg("dir"), arg("mode"), arg("shards"), arg("language"), arg("shards_at_once_from"),
           arg("allow_partial") = false)
      .def_property_readonly("dir", &PyArchive::dir)
      .def_property_readonly("closed", &PyArchive::closed)
      .def_property_readonly("writable", &PyArchive::writable)
      .def("close", &PyArchive::Close)
      .def("search",
           [](const PyArchive& self, const SearchRequest& r) {
             SearchResult result = Released(self, [&](const Archive& a) { return a.Search(r); });
             py::list hits;
             for (Hit& h : result.hits) hits.append(py::cast(std::move(h)));
             return py::make_tuple(result.total, result.total_exact, result.groups, hits,
                                   result.query_description, result.parsed_query,
                                   result.missing_nodes);
           })
      .def("similar",
           [](const PyArchive& self, const std::string& id, const SearchRequest& r) {
             SearchResult result =
                 Released(self, [&](const Archive& a) { return a.Similar(id, r); });
             py::list hits;
             for (Hit& h : result.hits) hits.append(py::cast(std::move(h)));
             return py::make_tuple(result.total, result.total_exact, result.groups, hits,
                                   result.query_description, result.parsed_query,
                                   result.missing_nodes);
           })
      .def("count",
           [](const PyArchive& self, const SearchRequest& r) {
             return Released(self, [&](const Archive& a) { return a.Count(r); });
           })
      .def("facets",
           [](const PyArchive& self, const SearchRequest& r, const std::string& by, size_t top) {
             FacetField field = ParseFacetField(by);
             FacetResult f =
                 Released(self, [&](const Archive& a) { return a.Facets(r, field, top); });
             return FacetTuple(f);
           })
      .def("histogram",
           [](const PyArchive& self, const SearchRequest& r, const std::string& by) {
             Interval interval = ParseInterval(by);
             return HistogramTuple(
                 Released(self, [&](const Archive& a) { return a.Histogram(r, interval); }));
           })
      .def("histograms_side_by_side",
           [](const PyArchive& self, const std::vector<SearchRequest>& requests,
              const std::string& by) {
             Interval interval = ParseInterval(by);
             std::vector<HistogramResult> results = Released(self, [&](const Archive& a) {
               return a.HistogramsSideBySide(requests, interval);
             });
             py::list out;
             for (const HistogramResult& h : results) out.append(HistogramTuple(h));
             return out;
           })
      .def("histogram_split",
           [](const PyArchive& self, const SearchRequest& r, const std::string& field, size_t top,
              const std::string& by) {
             FacetField f = ParseFacetField(field);
             Interval interval = ParseInterval(by);
             SplitHistograms split = Released(self, [&](const Archive& a) {
               return a.HistogramSplit(r, f, top, interval);
             });
             py::list series;
             for (const HistogramResult& h : split.series) series.append(HistogramTuple(h));
             return py::make_tuple(split.total, split.values, series,
                                   HistogramTuple(split.outside));
           })
      .def("facets_side_by_side",
           [](const PyArchive& self, const std::vector<SearchRequest>& requests,
              const std::string& by, size_t top) {
             FacetField field = ParseFacetField(by);
             std::vector<FacetResult> results = Released(self, [&](const Archive& a) {
               return a.FacetsSideBySide(requests, field, top);
             });
             py::list out;
             for (const FacetResult& f : results) out.append(FacetTuple(f));
             return out;
           })
      .def("terms",
           [](const PyArchive& self, const SearchRequest& r, const std::string& field, size_t top,
              bool words, bool phrases, bool collapse, bool drop_stop_words, uint64_t min_count,
              uint64_t max_documents, uint64_t seed, size_t phrase_candidates,
              const std::string& by, uint64_t phrase_match_limit, uint64_t archive_sample) {
             TermsOptions o;
             o.field = ParseTermField(field);
             o.top = top;
             o.words = words;
             o.phrases = phrases;
             o.collapse = collapse;
             o.drop_stop_words = drop_stop_words;
             o.min_count = min_count;
             o.max_documents = max_documents;
             o.seed = seed;
             o.phrase_candidates = phrase_candidates;
             o.phrase_match_limit = phrase_match_limit;
             o.archive_sample = archive_sample;
             if (!by.empty()) o.by = ParseInterval(by);
             return TermsTuple(Released(self, [&](const Archive& a) { return a.Terms(r, o); }));
           })
      .def("kwic",
           [](const PyArchive& self, const SearchRequest& r, size_t width, size_t capacity) {
             KwicOptions o;
             o.width = width;
             return KwicOf(self.Get(), r, o, capacity);
           })
      .def("save_query",
           [](const PyArchive& self, const std::string& name, const std::string& query) {
             Released(self, [&](Archive& a) { a.SaveQuery(name, query); });
           })
      .def("delete_query",
           [](const PyArchive& self, const std::string& name) {
             return Released(self, [&](Archive& a) { return a.DeleteQuery(name); });
           })
      .def("saved_queries",
           [](const PyArchive& self) {
             std::vector<SavedQuery> saved =
                 Released(self, [&](const Archive& a) { return a.SavedQueries(); });
             py::list out;
             for (const SavedQuery& q : saved) out.append(py::make_tuple(q.name, q.query));
             return out;
           })
      .def("export", [](const PyArchive& self, const SearchRequest& r,
                        size_t capacity) { return ExportOf(self.Get(), r, capacity); })
      .def("get",
           [](const PyArchive& self, const std::string& id) {
             return Released(self, [&](const Archive& a) { return a.Get(id); });
           })
      .def("stats",
           [](const PyArchive& self, size_t top) {
             return StatsDict(Released(self, [&](const Archive& a) { return a.Stats(top); }));
           })
      .def("check",
           [](const PyArchive& self) {
             return CheckDict(Released(self, [&](const Archive& a) { return a.Check(); }));
           })
      .def("compact",
           [](const PyArchive& self) { Released(self, [&](Archive& a) { a.Compact(); }); })
      .def("backup",
           [](const PyArchive& self, const std::string& dest) {
             Released(self, [&](const Archive& a) { a.Backup(dest); });
           })
      .def("article_count",
           [](const PyArchive& self) {
             return Released(self, [&](const Archive& a) { return a.ArticleCount(); });
           })
      .def("add",
           [](const PyArchive& self, std::vector<Article> articles) {
             return AddDict(Released(self, [&](Archive& a) { return a.Add(std::move(articles)); }));
           })
      .def("delete", [](const PyArchive& self, const std::string& source, const std::string& id) {
        return Released(self, [&](Archive& a) { return a.Delete(source, id); });
      });
}

}  // namespace

PYBIND11_MODULE(_morgue, m) {
  m.doc() = "morgue's C++ library; use the morgue package, not this module.";
  InitDates();
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const Error& e) {
      RaiseError(e);
    }
  });
  BindValues(m);
  BindQuery(m);
  BindRequest(m);
  BindArchive(m);

  m.def(
      "read",
      [](const std::string& path, const std::string& format, const std::string& source,
         bool strict) {
        ReadOptions options = MakeReadOptions(format, source, strict);
        ReadResult r;
        {
          py::gil_scoped_release release;
          ReadPath(
              path, options, [&](Article&& a) { r.articles.push_back(std::move(a)); },
              [&](const ReadIssue& i) { r.issues.push_back(i); });
        }
        return ReadResultTuple(std::move(r));
      },
      arg("path"), arg("format"), arg("source"), arg("strict"));
  m.def(
      "read_buffer",
      [](const std::string& name, const py::bytes& data, const std::string& format,
         const std::string& source, bool strict) {
        ReadOptions options = MakeReadOptions(format, source, strict);
        std::string bytes = data;
        ReadResult r;
        {
          py::gil_scoped_release release;
          ReadBuffer(
              name, bytes, options, [&](Article&& a) { r.articles.push_back(std::move(a)); },
              [&](const ReadIssue& i) { r.issues.push_back(i); });
        }
        return ReadResultTuple(std::move(r));
      },
      arg("name"), arg("data"), arg("format"), arg("source"), arg("strict"));
  m.def("repair", [](const std::string& dir) {
    RepairReport r;
    {
      py::gil_scoped_release release;
      r = Archive::Repair(dir);
    }
    return py::make_tuple(r.articles, r.seconds);
  });
  m.def("salvage", [](const std::string& dir, const std::string& dest) {
    SalvageReport r;
    {
      py::gil_scoped_release release;
      r = Archive::Salvage(dir, dest);
    }
    py::dict d;
    d["copied"] = r.copied;
    d["unreadable"] = r.unreadable;
    d["lost_known"] = r.lost_known;
    d["not_copied"] = r.not_copied;
    d["changed"] = r.changed;
    d["manifest_damaged"] = r.manifest_damaged;
    d["lost"] = r.lost;
    d["seconds"] = r.seconds;
    return d;
  });
  m.def("article_problem", [](const Article& a) { return ArticleProblem(a); });
  m.def(
      "mark_highlights",
      [](std::string_view text, const std::vector<std::pair<uint64_t, uint64_t>>& ranges,
         std::string_view open, std::string_view close, const std::string& escape) {
        std::vector<HighlightRange> h;
        for (const auto& [s, e] : ranges) h.push_back({s, e});
        SnippetEscape how =
            escape == "html"       ? SnippetEscape::kHtml
            : escape == "terminal" ? SnippetEscape::kTerminal
            : escape == "none"
                ? SnippetEscape::kNone
                : throw py::value_error("escape must be 'html', 'terminal' or 'none'");
        return MarkHighlights(text, h, open, close, how);
      },
      arg("text"), arg("highlights"), arg("open"), arg("close"), arg("escape"));
  // For the tests of the exception mapping: throws morgue::Error with the
  // code of that number (ErrorCode's order), message and query position.
  m.def("_raise", [](int code, const std::string& message, int64_t position) {
    if (code < 0 || code > static_cast<int>(ErrorCode::kInternal)) {
      throw py::value_error("no such error code");
    }
    throw Error(static_cast<ErrorCode>(code), message).WithPosition(position);
  });
  // For the test of Ctrl-C: an export stream whose producer sends nothing
  // until the consumer stops it, so the consumer waits in Next.
  m.def("_stalled_export", [] {
    auto stream = std::make_unique<ExportStream>(1);
    ExportStream* s = stream.get();
    stream->Start([s](const std::function<bool(const Article&)>&) {
      while (!s->Stopping()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    });
    return stream;
  });
  m.def("escape_markup", [](std::string_view t) { return EscapeMarkup(t); });
  m.def("escape_for_terminal", [](std::string_view t) { return EscapeForTerminal(t); });
  m.def("parse_iso8601",
        [](const std::string& text) { return ToDatetime(Timestamp::ParseIso8601(text)); });
}

}  // namespace morgue::python

#include "python/convert.h"

#include <datetime.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "morgue/search.h"

namespace morgue::python {

namespace {

// Text from the library as a str; a byte that is not UTF-8 (the library
// repairs text, so none should reach here) becomes U+FFFD rather than an error.
py::str Str(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

py::tuple Strings(const std::vector<std::string>& values) {
  py::tuple t(values.size());
  for (size_t i = 0; i < values.size(); ++i) t[i] = Str(values[i]);
  return t;
}

// A str from Python as UTF-8; TypeError naming `what` for anything else.
std::string Utf8(const py::handle& value, const char* what) {
  if (!PyUnicode_Check(value.ptr())) {
    throw py::type_error(std::string(what) + " must be a str, not " +
                         std::string(py::str(py::type::of(value).attr("__name__"))));
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();  // a lone surrogate
  return {data, static_cast<size_t>(size)};
}

// A list of str from any iterable of str except a str itself (which would
// silently become one entry per character).
std::vector<std::string> Utf8List(const py::handle& value, const char* what) {
  if (PyUnicode_Check(value.ptr()) || PyBytes_Check(value.ptr())) {
    throw py::type_error(std::string(what) + " must be a sequence of str, not a single string");
  }
  std::vector<std::string> out;
  for (const py::handle item : py::iter(value)) out.push_back(Utf8(item, what));
  return out;
}

// days since 1970-01-01 -> civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2 ? 1 : 0));
}

const char* KindName(EntityKind k) { return EntityKindName(k); }

EntityKind ParseKind(const std::string& s) {
  if (s == "person") return EntityKind::kPerson;
  if (s == "org") return EntityKind::kOrganisation;
  if (s == "place") return EntityKind::kPlace;
  throw py::value_error("entity kind must be 'person', 'org' or 'place', not '" + s + "'");
}

const char* OriginName(EntityOrigin o) {
  switch (o) {
    case EntityOrigin::kTagged: return "tagged";
    case EntityOrigin::kUser: return "user";
    case EntityOrigin::kExtracted: return "extracted";
  }
  return "extracted";
}

EntityOrigin ParseOrigin(const std::string& s) {
  if (s == "tagged") return EntityOrigin::kTagged;
  if (s == "user") return EntityOrigin::kUser;
  if (s == "extracted") return EntityOrigin::kExtracted;
  throw py::value_error("entity origin must be 'tagged', 'user' or 'extracted', not '" + s + "'");
}

py::object DateOnly(const std::optional<Timestamp>& t) {
  if (!t) return py::none();
  return py::bool_(t->date_only);
}

template <typename T>
std::vector<T> Objects(const py::handle& value, const char* what, const char* type) {
  if (PyUnicode_Check(value.ptr())) {
    throw py::type_error(std::string(what) + " must be a sequence, not a str");
  }
  std::vector<T> out;
  for (const py::handle item : py::iter(value)) {
    if (!py::isinstance<T>(item)) {
      throw py::type_error(std::string(what) + " must hold morgue." + type + " objects");
    }
    out.push_back(item.cast<T>());
  }
  return out;
}

template <typename T>
py::tuple Tuple(const std::vector<T>& values) {
  py::tuple t(values.size());
  for (size_t i = 0; i < values.size(); ++i) t[i] = py::cast(values[i]);
  return t;
}

// Sets one field of `a` by its Python name; the Article constructor and the
// attribute setters share it.
void SetArticleField(Article& a, const std::string& name, const py::handle& v) {
  if (name == "id") a.id = Utf8(v, "id");
  else if (name == "source") a.source = Utf8(v, "source");
  else if (name == "url") a.url = Utf8(v, "url");
  else if (name == "published") a.published = FromPyDate(v);
  else if (name == "section") a.section = Utf8(v, "section");
  else if (name == "headline") a.headline = Utf8(v, "headline");
  else if (name == "authors") a.authors = Utf8List(v, "authors");
  else if (name == "dateline") a.dateline = Utf8(v, "dateline");
  else if (name == "body") a.body = Utf8List(v, "body");
  else if (name == "quotes") a.quotes = Objects<Quote>(v, "quotes", "Quote");
  else if (name == "captions") a.captions = Objects<Caption>(v, "captions", "Caption");
  else if (name == "entities") a.entities = Objects<Entity>(v, "entities", "Entity");
  else if (name == "topics") a.topics = Utf8List(v, "topics");
  else if (name == "language") a.language = Utf8(v, "language");
  else throw py::type_error("Article has no field '" + name + "'");
}

py::dict QuoteDict(const Quote& q) {
  py::dict d;
  d["text"] = Str(q.text);
  d["speaker"] = Str(q.speaker);
  d["attribution"] = Str(q.attribution);
  d["paragraph"] = q.paragraph;
  d["offset"] = q.offset;
  d["origin"] = q.origin == QuoteOrigin::kSupplied ? "supplied" : "extracted";
  return d;
}

py::dict EntityDict(const Entity& e) {
  py::dict d;
  d["name"] = Str(e.name);
  d["kind"] = KindName(e.kind);
  d["canonical"] = Str(e.canonical);
  d["origin"] = OriginName(e.origin);
  return d;
}

py::dict CaptionDict(const Caption& c) {
  py::dict d;
  d["text"] = Str(c.text);
  d["credit"] = Str(c.credit);
  return d;
}

py::dict ArticleDict(const Article& a) {
  py::dict d;
  d["id"] = Str(a.id);
  d["source"] = Str(a.source);
  d["url"] = Str(a.url);
  d["published"] = ToDatetime(a.published);
  d["date_only"] = DateOnly(a.published);
  d["section"] = Str(a.section);
  d["headline"] = Str(a.headline);
  d["authors"] = py::list(Strings(a.authors));
  d["dateline"] = Str(a.dateline);
  d["body"] = py::list(Strings(a.body));
  py::list quotes, captions, entities;
  for (const Quote& q : a.quotes) quotes.append(QuoteDict(q));
  for (const Caption& c : a.captions) captions.append(CaptionDict(c));
  for (const Entity& e : a.entities) entities.append(EntityDict(e));
  d["quotes"] = quotes;
  d["captions"] = captions;
  d["entities"] = entities;
  d["topics"] = py::list(Strings(a.topics));
  d["language"] = Str(a.language);
  return d;
}

py::list Highlights(const Hit& h) {
  py::list out;
  for (const HighlightRange& r : h.highlights) out.append(py::make_tuple(r.start, r.end));
  return out;
}

std::string SnippetHtml(const Hit& h) {
  return MarkHighlights(h.snippet, h.highlights, "<b>", "</b>", SnippetEscape::kHtml);
}

py::dict HitDict(const Hit& h) {
  py::dict d;
  d["id"] = Str(h.id);
  d["source"] = Str(h.source);
  d["published"] = ToDatetime(h.published);
  d["date_only"] = DateOnly(h.published);
  d["headline"] = Str(h.headline);
  d["score"] = h.score;
  d["snippet"] = Str(h.snippet);
  d["highlights"] = Highlights(h);
  d["snippet_html"] = Str(SnippetHtml(h));
  d["group_size"] = h.group_size;
  d["explanation"] = Str(h.explanation);
  d["article"] = h.article ? py::object(ArticleDict(*h.article)) : py::object(py::none());
  return d;
}

std::string ReprText(const std::string& s) {
  return std::string(py::repr(Str(s.size() > 60 ? s.substr(0, 57) + "..." : s)));
}

}  // namespace

void InitDates() {
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) throw py::error_already_set();
}

py::object ToDatetime(const std::optional<Timestamp>& t) {
  if (!t) return py::none();
  const int64_t s = t->unix_seconds;
  int64_t days = s / 86400;
  int64_t rest = s % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  PyObject* o =
      PyDateTimeAPI->DateTime_FromDateAndTime(y, static_cast<int>(m), static_cast<int>(d),
                                              static_cast<int>(rest / 3600),
                                              static_cast<int>(rest % 3600 / 60),
                                              static_cast<int>(rest % 60), 0,
                                              PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

py::object ToDate(const Timestamp& t) {
  int64_t days = t.unix_seconds / 86400;
  if (t.unix_seconds % 86400 < 0) --days;
  int y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(days, &y, &m, &d);
  PyObject* o = PyDateTimeAPI->Date_FromDate(y, static_cast<int>(m), static_cast<int>(d),
                                             PyDateTimeAPI->DateType);
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(o);
}

std::optional<Timestamp> FromPyDate(const py::handle& value) {
  if (value.is_none()) return std::nullopt;
  PyObject* o = value.ptr();
  std::optional<Timestamp> t;
  if (PyDateTime_Check(o)) {
    py::object tz = value.attr("tzinfo");
    if (tz.is_none() || value.attr("utcoffset")().is_none()) {
      throw py::value_error("a naive datetime has no time zone; give one with tzinfo (e.g. "
                            "datetime.timezone.utc) or pass a date or an ISO 8601 string");
    }
    py::object utc =
        value.attr("astimezone")(py::reinterpret_borrow<py::object>(PyDateTime_TimeZone_UTC));
    PyObject* u = utc.ptr();
    t = Timestamp::FromCivil(PyDateTime_GET_YEAR(u), PyDateTime_GET_MONTH(u), PyDateTime_GET_DAY(u),
                             PyDateTime_DATE_GET_HOUR(u), PyDateTime_DATE_GET_MINUTE(u),
                             PyDateTime_DATE_GET_SECOND(u));
  } else if (PyDate_Check(o)) {
    t = Timestamp::FromCivil(PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o), PyDateTime_GET_DAY(o),
                             0, 0, 0, /*date_only=*/true);
  } else if (PyUnicode_Check(o)) {
    std::string text = Utf8(value, "a date");
    t = Timestamp::ParseIso8601(text);
    if (!t) throw py::value_error("'" + text + "' is not an ISO 8601 date");
  } else {
    throw py::type_error("a date must be a datetime, a date, an ISO 8601 str or None");
  }
  if (!t) throw py::value_error("impossible date");
  return t;
}

void RaiseError(const Error& e) {
  py::module_ errors = py::module_::import("morgue.errors");
  py::object cls = errors.attr("_class_for")(ErrorCodeName(e.code()));
  py::object exc = cls(Str(e.what()));
  exc.attr("code") = ErrorCodeName(e.code());
  exc.attr("file") = e.file().empty() ? py::object(py::none()) : py::object(Str(e.file()));
  exc.attr("line") = e.line() ? py::object(py::int_(e.line())) : py::object(py::none());
  exc.attr("record") = e.record() ? py::object(py::int_(e.record())) : py::object(py::none());
  exc.attr("position") =
      e.position() >= 0 ? py::object(py::int_(e.position())) : py::object(py::none());
  PyErr_SetObject(cls.ptr(), exc.ptr());
}

void BindValues(py::module_& m) {
  py::class_<Quote>(m, "Quote", "A direct quotation found in (or supplied with) an article.")
      .def(py::init([](const py::str& text, const py::str& speaker, const py::str& attribution,
                       uint32_t paragraph, uint32_t offset) {
             Quote q;
             q.text = Utf8(text, "text");
             q.speaker = Utf8(speaker, "speaker");
             q.attribution = Utf8(attribution, "attribution");
             q.paragraph = paragraph;
             q.offset = offset;
             return q;
           }),
           py::arg("text"), py::arg("speaker") = "", py::arg("attribution") = "",
           py::arg("paragraph") = 0, py::arg("offset") = 0)
      .def_property_readonly("text", [](const Quote& q) { return Str(q.text); })
      .def_property_readonly("speaker", [](const Quote& q) { return Str(q.speaker); })
      .def_property_readonly("attribution", [](const Quote& q) { return Str(q.attribution); })
      .def_readonly("paragraph", &Quote::paragraph)
      .def_readonly("offset", &Quote::offset)
      .def_property_readonly("origin",
                             [](const Quote& q) {
                               return q.origin == QuoteOrigin::kSupplied ? "supplied" : "extracted";
                             })
      .def("to_dict", &QuoteDict)
      .def("__eq__", [](const Quote& a, const Quote& b) { return a == b; })
      .def("__repr__", [](const Quote& q) {
        return "Quote(text=" + ReprText(q.text) + ", speaker=" + ReprText(q.speaker) + ")";
      });
  py::class_<Caption>(m, "Caption", "A photo caption and its credit.")
      .def(py::init([](const py::str& text, const py::str& credit) {
             return Caption{Utf8(text, "text"), Utf8(credit, "credit")};
           }),
           py::arg("text"), py::arg("credit") = "")
      .def_property_readonly("text", [](const Caption& c) { return Str(c.text); })
      .def_property_readonly("credit", [](const Caption& c) { return Str(c.credit); })
      .def("to_dict", &CaptionDict)
      .def("__eq__", [](const Caption& a, const Caption& b) { return a == b; })
      .def("__repr__", [](const Caption& c) { return "Caption(text=" + ReprText(c.text) + ")"; });
  py::class_<Entity>(m, "Entity", "A person, organisation or place an article names.")
      .def(py::init([](const py::str& name, const std::string& kind, const py::str& canonical,
                       const std::string& origin) {
             Entity e;
             e.name = Utf8(name, "name");
             e.kind = ParseKind(kind);
             e.canonical = Utf8(canonical, "canonical");
             e.origin = ParseOrigin(origin);
             return e;
           }),
           py::arg("name"), py::arg("kind"), py::arg("canonical") = "", py::arg("origin") = "user")
      .def_property_readonly("name", [](const Entity& e) { return Str(e.name); })
      .def_property_readonly("kind", [](const Entity& e) { return KindName(e.kind); })
      .def_property_readonly("canonical", [](const Entity& e) { return Str(e.canonical); })
      .def_property_readonly("origin", [](const Entity& e) { return OriginName(e.origin); })
      .def("to_dict", &EntityDict)
      .def("__eq__", [](const Entity& a, const Entity& b) { return a == b; })
      .def("__repr__", [](const Entity& e) {
        return "Entity(name=" + ReprText(e.name) + ", kind='" + KindName(e.kind) + "')";
      });

  py::class_<Article> article(m, "Article",
                              "One news article: attributes named as in the JSON export, "
                              "published a UTC-aware datetime.");
  article
      .def(py::init([](const py::kwargs& fields) {
        Article a;
        for (const auto& [key, value] : fields) {
          SetArticleField(a, Utf8(key, "a field name"), value);
        }
        return a;
      }))
      .def_property(
          "published", [](const Article& a) { return ToDatetime(a.published); },
          [](Article& a, const py::handle& v) { a.published = FromPyDate(v); })
      .def_property_readonly("date_only", [](const Article& a) { return DateOnly(a.published); })
      .def_property_readonly("text", [](const Article& a) { return Str(a.BodyText()); })
      .def("to_dict", &ArticleDict)
      .def("__eq__", [](const Article& a, const Article& b) { return a == b; })
      .def("__repr__", [](const Article& a) {
        return "Article(id=" + ReprText(a.id) + ", source=" + ReprText(a.source) +
               ", headline=" + ReprText(a.headline) + ")";
      });
  article.attr("__hash__") = py::none();
  // Text fields as str, lists as tuples (so that a.body.append(...) fails
  // loudly rather than changing a copy); every one settable.
  auto text = [&](const char* name, std::string Article::*field) {
    article.def_property(
        name, [field](const Article& a) { return Str(a.*field); },
        [name](Article& a, const py::handle& v) { SetArticleField(a, name, v); });
  };
  text("id", &Article::id);
  text("source", &Article::source);
  text("url", &Article::url);
  text("section", &Article::section);
  text("headline", &Article::headline);
  text("dateline", &Article::dateline);
  text("language", &Article::language);
  auto list = [&](const char* name, std::vector<std::string> Article::*field) {
    article.def_property(
        name, [field](const Article& a) { return Strings(a.*field); },
        [name](Article& a, const py::handle& v) { SetArticleField(a, name, v); });
  };
  list("authors", &Article::authors);
  list("body", &Article::body);
  list("topics", &Article::topics);
  article.def_property(
      "quotes", [](const Article& a) { return Tuple(a.quotes); },
      [](Article& a, const py::handle& v) { SetArticleField(a, "quotes", v); });
  article.def_property(
      "captions", [](const Article& a) { return Tuple(a.captions); },
      [](Article& a, const py::handle& v) { SetArticleField(a, "captions", v); });
  article.def_property(
      "entities", [](const Article& a) { return Tuple(a.entities); },
      [](Article& a, const py::handle& v) { SetArticleField(a, "entities", v); });

  py::class_<Hit>(m, "Hit", "One matching article, as a search returns it.")
      .def_property_readonly("id", [](const Hit& h) { return Str(h.id); })
      .def_property_readonly("source", [](const Hit& h) { return Str(h.source); })
      .def_property_readonly("published", [](const Hit& h) { return ToDatetime(h.published); })
      .def_property_readonly("date_only", [](const Hit& h) { return DateOnly(h.published); })
      .def_property_readonly("headline", [](const Hit& h) { return Str(h.headline); })
      .def_readonly("score", &Hit::score)
      .def_property_readonly("snippet", [](const Hit& h) { return Str(h.snippet); })
      .def_property_readonly("highlights", &Highlights)
      .def_property_readonly("snippet_html", [](const Hit& h) { return Str(SnippetHtml(h)); })
      .def_readonly("group_size", &Hit::group_size)
      .def_property_readonly("explanation", [](const Hit& h) { return Str(h.explanation); })
      .def_property_readonly("article",
                             [](const Hit& h) {
                               return h.article ? py::cast(*h.article) : py::object(py::none());
                             })
      .def("to_dict", &HitDict)
      .def("__repr__", [](const Hit& h) {
        return "Hit(id=" + ReprText(h.id) + ", source=" + ReprText(h.source) +
               ", headline=" + ReprText(h.headline) + ")";
      });
}

}  // namespace morgue::python

// What the morgue command writes, for articles and queries written by a
// hostile hand: CSV cells no spreadsheet runs as formulas, snippets whose
// article text is not markup, SVG that is well-formed XML, text output that
// sends no escape sequences or bidi controls to a terminal, JSON for any
// bytes; options that are not numbers and requests beyond a limit are usage
// errors (exit 2).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <tuple>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

constexpr char kEsc[] = "\x1b";
constexpr char kRightToLeftOverride[] = "\xE2\x80\xAE";  // U+202E

Article Make(const std::string& id, const std::string& headline, const std::string& body,
             std::optional<Timestamp> when, std::vector<std::string> topics = {}) {
  Article a;
  a.source = "wire";
  a.id = id;
  a.headline = headline;
  a.body = {body};
  a.published = when;
  a.topics = std::move(topics);
  return a;
}

std::optional<Timestamp> Day(int y, int m, int d) { return Timestamp::FromCivil(y, m, d, 12); }

// The cells of an RFC 4180 document (quoted fields may hold anything).
std::vector<std::vector<std::string>> CsvRows(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') cell += s[++i];
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n') {
      if (!cell.empty() && cell.back() == '\r') cell.pop_back();
      rows.back().push_back(std::move(cell));
      cell.clear();
      rows.emplace_back();
    } else {
      cell += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

bool StartsLikeAFormula(const std::string& cell) {
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos;
}

// The code point at s[*i] (advancing past it), or -1 for invalid UTF-8.
int32_t Decode(const std::string& s, size_t* i) {
  const auto b = static_cast<unsigned char>(s[*i]);
  const int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || *i + n > s.size()) return -1;
  int32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
  for (int k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[*i + k]);
    if ((c >> 6) != 2) return -1;
    cp = (cp << 6) | (c & 0x3F);
  }
  const int32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  *i += n;
  return cp;
}

// "" when `xml` is a well-formed XML document as far as any parser would
// care here (valid UTF-8 of characters XML 1.0 allows; '&' only in
// entity and character references; '<' only opening markup; tags nested and
// closed, one root element; attribute values quoted, without '<'), else
// what is wrong and where.
std::string XmlProblem(const std::string& xml) {
  std::vector<std::string> open;
  int roots = 0;
  auto name_at = [&](size_t* i) {
    size_t start = *i;
    while (*i < xml.size() && (std::isalnum(static_cast<unsigned char>(xml[*i])) ||
                               xml[*i] == '-' || xml[*i] == ':' || xml[*i] == '_')) {
      ++*i;
    }
    return xml.substr(start, *i - start);
  };
  auto reference_ok = [&](size_t i) {  // xml[i] == '&'
    size_t semi = xml.find(';', i);
    if (semi == std::string::npos || semi - i > 10) return false;
    std::string ref = xml.substr(i + 1, semi - i - 1);
    if (ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos") return true;
    if (ref.size() < 2 || ref[0] != '#') return false;
    const bool hex = ref[1] == 'x';
    return ref.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789", hex ? 2 : 1) ==
               std::string::npos &&
           ref.size() > (hex ? 2u : 1u);
  };
  for (size_t i = 0; i < xml.size();) {
    const size_t at = i;
    const int32_t cp = Decode(xml, &i);
    const std::string where = " at byte " + std::to_string(at);
    if (cp < 0) return "invalid UTF-8" + where;
    if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
      return "character " + std::to_string(cp) + " not allowed in XML" + where;
    }
    if (cp == '&' && !reference_ok(at)) return "a bare &" + where;
    if (cp != '<') continue;
    if (xml.compare(i, 1, "?") == 0) {
      size_t end = xml.find("?>", i);
      if (end == std::string::npos) return "unclosed <?" + where;
      i = end + 2;
      continue;
    }
    const bool closing = xml.compare(i, 1, "/") == 0;
    if (closing) ++i;
    std::string name = name_at(&i);
    if (name.empty()) return "a bare <" + where;
    if (closing) {
      if (open.empty() || open.back() != name) return "</" + name + "> closes nothing" + where;
      open.pop_back();
      if (i >= xml.size() || xml[i] != '>') return "bad closing tag" + where;
      ++i;
      continue;
    }
    for (;;) {  // attributes
      while (i < xml.size() && std::isspace(static_cast<unsigned char>(xml[i]))) ++i;
      if (i >= xml.size()) return "unclosed tag <" + name + where;
      if (xml.compare(i, 2, "/>") == 0 || xml[i] == '>') break;
      if (name_at(&i).empty() || i + 1 >= xml.size() || xml[i] != '=')
        return "bad attribute" + where;
      const char quote = xml[++i];
      if (quote != '"' && quote != '\'') return "unquoted attribute" + where;
      const size_t end = xml.find(quote, i + 1);
      if (end == std::string::npos) return "unclosed attribute" + where;
      for (size_t k = i + 1; k < end; ++k) {
        if (xml[k] == '<') return "< in an attribute" + where;
        if (xml[k] == '&' && !reference_ok(k)) return "a bare & in an attribute" + where;
      }
      i = end + 1;
    }
    if (open.empty() && ++roots > 1) return "a second root element" + where;
    if (xml[i] == '>') {
      open.push_back(name);
      ++i;
    } else {
      i += 2;
    }
  }
  if (!open.empty()) return "<" + open.back() + "> never closed";
  return roots == 1 ? "" : "no root element";
}

class CliOutputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new test::TempDir();
    auto archive = Archive::Open(*tmp_ / "hostile.morgue", OpenMode::kCreate);
    archive->Add({
        Make("=1+1", "=HYPERLINK(\"http://evil.example\",\"click\")",
             "Oil traders saw <img src=x onerror=alert(1)> and <NSC> & \"more\" 'here'.",
             Day(1987, 3, 2), {"=cmd|' /C calc'!A0"}),
        Make("2", std::string("-2+3 ") + kEsc + "[31mred" + kEsc + "[0m headline",
             std::string("oil ") + kEsc + "]0;owned\x07 then " + kRightToLeftOverride +
                 "txt.exe and \xE2\x80\x8F marks \xC2\x9B",
             Day(1987, 3, 20), {"@sum"}),
        Make("3", "@SUM(A1) plain", "\toil with a tab first", Day(1987, 5, 1)),
    });
    // Two articles at the ends of the calendar: a day histogram would span
    // 3.65 million days. Add and the readers refuse such dates now; an
    // archive written by an older morgue can hold them.
    Archive::Open(*tmp_ / "far.morgue", OpenMode::kCreate);
    test::AddUnchecked(*tmp_ / "far.morgue",
                       {Make("first", "oil", "oil at the start", Day(1, 1, 1)),
                        Make("last", "oil", "oil at the end", Day(9999, 12, 31))});
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  static test::CommandResult Morgue(const std::string& command, const std::string& rest,
                                    const std::string& archive = "hostile.morgue") {
    return RunMorgue(command + " --archive " + Quote(*tmp_ / archive) + " " + rest);
  }
  static test::TempDir* tmp_;
};

test::TempDir* CliOutputTest::tmp_ = nullptr;

TEST_F(CliOutputTest, CsvTextCellsNeverStartLikeAFormula) {
  struct Case {
    std::string command, rest;
    size_t numeric_from = 0;  // with `numeric`: these columns hold numbers morgue wrote
    std::vector<size_t> numeric;
  };
  for (const Case& c : {Case{"search", "--format csv oil", 0, {0, 3, 4, 5, 7, 9}},
                        Case{"similar", "--format csv wire/=1+1", 0, {0, 3, 4, 5, 7, 9}},
                        Case{"export", "--format csv oil", 0, {2, 3, 4}},
                        Case{"facets", "--by topic --format csv", 0, {1}}}) {
    auto r = Morgue(c.command, c.rest);
    ASSERT_EQ(r.exit_code, 0) << c.command << ": " << r.err;
    auto rows = CsvRows(r.out);
    ASSERT_GE(rows.size(), 2u) << r.out;
    for (size_t row = 1; row < rows.size(); ++row) {
      for (size_t col = 0; col < rows[row].size(); ++col) {
        if (std::find(c.numeric.begin(), c.numeric.end(), col) != c.numeric.end()) continue;
        EXPECT_FALSE(StartsLikeAFormula(rows[row][col]))
            << c.command << " row " << row << " column " << col << ": " << rows[row][col];
      }
    }
  }
  // The text is kept, behind one quote.
  auto search = Morgue("search", "--format csv --sort oldest oil");
  EXPECT_NE(search.out.find(",'=1+1,"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
            std::string::npos)
      << search.out;
  EXPECT_NE(search.out.find("'-2+3"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("'@SUM(A1) plain"), std::string::npos) << search.out;
  auto facets = Morgue("facets", "--by topic --format csv");
  EXPECT_NE(facets.out.find("'@sum,1\r\n"), std::string::npos) << facets.out;
  // Numbers morgue writes stay numbers: the histogram's rows are untouched.
  auto histogram = Morgue("histogram", "--by month --format csv oil");
  EXPECT_NE(histogram.out.find("\r\n1987-03,1987-03-01,2,2,1.000000\r\n"), std::string::npos)
      << histogram.out;
}

// Every line break outside a quoted cell of `csv`, as the byte offsets of
// the line feeds that do not follow a carriage return (RFC 4180: records end
// in CRLF; a quoted cell may hold any line break).
std::vector<size_t> BareLineFeeds(const std::string& csv) {
  std::vector<size_t> bare;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] == '"') quoted = !quoted;  // a doubled quote toggles twice
    else if (csv[i] == '\n' && !quoted && (i == 0 || csv[i - 1] != '\r')) bare.push_back(i);
  }
  return bare;
}

// Before: `search --format csv` ended its records in LF while export, facets
// and histogram wrote CRLF.
TEST_F(CliOutputTest, EveryCommandWritingCsvEndsEachRecordInCrLf) {
  for (const auto& [command, rest] :
       std::vector<std::pair<std::string, std::string>>{{"search",
                                                         "--format csv --default-op or oil red"},
                                                        {"similar", "--format csv wire/=1+1"},
                                                        {"export", "--format csv"},
                                                        {"facets", "--by topic --format csv"},
                                                        {"histogram", "--by month --format csv"}}) {
    auto r = Morgue(command, rest);
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.err;
    ASSERT_GE(CsvRows(r.out).size(), 2u) << command << ": " << r.out;
    EXPECT_EQ(BareLineFeeds(r.out), std::vector<size_t>{}) << command << ": " << r.out;
    EXPECT_EQ(r.out.substr(r.out.size() - 2), "\r\n") << command;
    EXPECT_EQ(r.out.find("\r\n"), r.out.find('\n') - 1) << command << ": the header";
  }
  // A cell holding line breaks is quoted and keeps them: the export's body
  // joins paragraphs with a blank line; the hostile article's tab is kept.
  auto search = Morgue("search", "--format csv --sort oldest oil");
  auto rows = CsvRows(search.out);
  ASSERT_EQ(rows.size(), 4u) << search.out;
  for (const auto& row : rows) EXPECT_EQ(row.size(), 10u) << search.out;
  EXPECT_EQ(rows[0],
            (std::vector<std::string>{"rank", "id", "source", "published", "date", "date_only",
                                      "headline", "score", "snippet", "highlights"}));
  EXPECT_EQ(rows[1][0], "1");
  EXPECT_EQ(rows[1][1], "'=1+1");
}

// One message for a --format a command does not write, naming the formats
// it does; a usage error (2) as every bad option is.
TEST_F(CliOutputTest, AnUnknownFormatIsAUsageErrorNamingTheCommandsFormats) {
  for (const auto& [command, rest, formats] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"search", "--format xml oil", "text, json, jsonl or csv"},
           {"similar", "--format xml 2", "text, json, jsonl or csv"},
           {"show", "--format csv 2", "text or json"},
           {"export", "--format json", "jsonl or csv"},
           {"facets", "--by topic --format jsonl", "text, json or csv"},
           {"histogram", "--format svg", "text, csv or json"},
           {"stats", "--format csv", "text or json"}}) {
    auto r = Morgue(command, rest);
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.out;
    EXPECT_EQ(r.out, "") << command;
    EXPECT_NE(r.err.find("--format must be " + formats + ", not \""), std::string::npos)
        << command << ": " << r.err;
  }
  auto bench =
      RunMorgue("bench query --archive " + Quote(*tmp_ / "hostile.morgue") + " --format csv");
  EXPECT_EQ(bench.exit_code, 2);
  EXPECT_NE(bench.err.find("--format must be text or json, not \"csv\""), std::string::npos)
      << bench.err;
}

// The snippet is the article's text as it is, with highlight ranges; its
// HTML form (snippet_html) escapes the article's own markup.
TEST_F(CliOutputTest, SnippetsAreTheTextAsItIsAndTheirHtmlFormEscapesTheArticlesOwnMarkup) {
  const std::string text =
      "Oil traders saw <img src=x onerror=alert(1)> and <NSC> & \"more\" 'here'.";
  for (const char* format : {"json", "jsonl"}) {
    auto r = Morgue("search", std::string("--format ") + format + " --sort oldest --limit 1 oil");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto hit = nlohmann::json::parse(r.out);
    if (hit.contains("hits")) hit = hit["hits"][0];
    EXPECT_EQ(hit["snippet"], text) << format;
    EXPECT_EQ(hit["highlights"], nlohmann::json::parse("[[0,3]]")) << format;
    EXPECT_EQ(hit["snippet_html"].get<std::string>(),
              "<b>Oil</b> traders saw &lt;img src=x onerror=alert(1)&gt; and &lt;NSC&gt; &amp; "
              "&quot;more&quot; &#39;here&#39;.")
        << format;
    // The headline is data, not HTML: exact.
    EXPECT_EQ(hit["headline"].get<std::string>(), "=HYPERLINK(\"http://evil.example\",\"click\")");
  }
  auto csv = CsvRows(Morgue("search", "--format csv --sort oldest --limit 1 oil").out);
  ASSERT_EQ(csv.size(), 2u);
  EXPECT_EQ(csv[1][8], text);
  EXPECT_EQ(csv[1][9], "[[0,3]]");
}

TEST_F(CliOutputTest, TextOutputSendsNoControlsOrBidiCharactersToTheTerminal) {
  for (const auto& [command, rest] :
       std::vector<std::pair<std::string, std::string>>{{"search", "--sort newest oil"},
                                                        {"show", "wire/2"},
                                                        {"similar", "wire/3"},
                                                        {"facets", "--by topic"},
                                                        {"stats", ""}}) {
    auto r = Morgue(command, rest);
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_EQ(r.out.find(kEsc), std::string::npos) << command << ": " << r.out;
    EXPECT_EQ(r.out.find('\x07'), std::string::npos) << command << ": " << r.out;
    EXPECT_EQ(r.out.find(kRightToLeftOverride), std::string::npos) << command << ": " << r.out;
    EXPECT_EQ(r.out.find("\xE2\x80\x8F"), std::string::npos) << command << ": " << r.out;
    EXPECT_EQ(r.out.find("\xC2\x9B"), std::string::npos) << command << ": " << r.out;
  }
  auto show = Morgue("show", "wire/2");
  EXPECT_NE(show.out.find("-2+3 \\x1b[31mred\\x1b[0m headline"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("oil \\x1b]0;owned\\x07 then \\u202etxt.exe and \\u200f marks \\u009b"),
            std::string::npos)
      << show.out;
  auto search = Morgue("search", "--sort oldest --offset 1 --limit 1 oil");
  EXPECT_NE(search.out.find("\\u202etxt.exe"), std::string::npos) << search.out;
  // Error messages quote what the user typed: escaped too.
  auto missing = Morgue("show", Quote(std::string(kEsc) + "[2J" + kRightToLeftOverride));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err.find(kEsc), std::string::npos) << missing.err;
  EXPECT_NE(missing.err.find("\\x1b[2J\\u202e"), std::string::npos) << missing.err;
  // JSON is data: the characters are kept exactly (JSON escapes C0 itself).
  auto json = nlohmann::json::parse(Morgue("show", "--format json wire/2").out);
  EXPECT_NE(json["headline"].get<std::string>().find(kEsc), std::string::npos);
  EXPECT_NE(json["body"][0].get<std::string>().find(kRightToLeftOverride), std::string::npos);
}

TEST_F(CliOutputTest, JsonOutputsReplaceInvalidUtf8InsteadOfFailing) {
  const std::string query = Quote("oil \xff\xfe");
  const std::string kReplacement = "\xEF\xBF\xBD";
  for (const auto& [command, rest] : std::vector<std::pair<std::string, std::string>>{
           {"search", "--format json --default-op or "},
           {"search", "--format jsonl --default-op or "},
           {"facets", "--by topic --format json "},
           {"histogram", "--format json "}}) {
    auto r = Morgue(command, rest + query);
    ASSERT_EQ(r.exit_code, 0) << command << " " << rest << ": " << r.err;
    EXPECT_EQ(r.out.find('\xff'), std::string::npos);
    const bool lines = rest.find("jsonl") != std::string::npos;
    nlohmann::json parsed =
        nlohmann::json::parse(lines ? r.out.substr(0, r.out.find('\n')) : r.out);
    if (lines) {
      EXPECT_TRUE(parsed.contains("snippet")) << r.out;
    } else {
      EXPECT_EQ(parsed["query"].get<std::string>(), "oil " + kReplacement + kReplacement);
    }
  }
}

TEST_F(CliOutputTest, TheSvgChartIsWellFormedXmlForAnyQuery) {
  EXPECT_EQ(XmlProblem("<a x=\"1\"><b/>&amp;</a>"), "");  // the checker itself
  EXPECT_NE(XmlProblem("<a>\x01</a>"), "");
  EXPECT_NE(XmlProblem("<a>&</a>"), "");
  EXPECT_NE(XmlProblem("<a><b></a>"), "");
  EXPECT_NE(XmlProblem("<a>\xff</a>"), "");
  for (const std::string query :
       {"oil \x01\x1b", "oil \xff\xc3", "oil OR \"x<&>'y\"", "oil \xEF\xBF\xBE", "oil \x0b"}) {
    const std::string svg = *tmp_ / "chart.svg";
    auto r = Morgue("histogram", "--by month --svg " + Quote(svg) + " " + Quote(query));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string xml = test::ReadFile(svg);
    EXPECT_EQ(XmlProblem(xml), "") << xml;
    EXPECT_NE(xml.find("Articles matching"), std::string::npos);
  }
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST_F(CliOutputTest, AHistogramBeyondTheIntervalLimitIsAUsageErrorSayingWhatToChange) {
  // 3,652,059 days: refused before any is made.
  auto day = Morgue("histogram", "--by day --format json oil", "far.morgue");
  EXPECT_EQ(day.exit_code, 2) << day.err;
  EXPECT_EQ(day.out, "");
  EXPECT_NE(day.err.find("3652059 intervals; the limit is 100000"), std::string::npos) << day.err;
  EXPECT_NE(day.err.find("week, month or year"), std::string::npos) << day.err;
  auto week = Morgue("histogram", "--by week --format csv", "far.morgue");
  EXPECT_EQ(week.exit_code, 2) << week.err;
  EXPECT_NE(week.err.find("by week from 0001-01-01 to 9999-12-27 would have 52172"),
            std::string::npos)
      << week.err;
  // A narrower span or a longer interval answers; a long one makes a
  // chart of at most 800 bars.
  auto narrow = Morgue("histogram", "--by day --format csv --from 9999-01-01 oil", "far.morgue");
  EXPECT_EQ(narrow.exit_code, 0) << narrow.err;
  // The header and every day from --from to the last match, 9999-12-31.
  EXPECT_EQ(Count(narrow.out, "\r\n"), 366u) << narrow.out;
  EXPECT_NE(narrow.out.find(
                "\r\n9999-12-30,9999-12-30,0,0,\r\n9999-12-31,9999-12-31,1,1,1.000000\r\n"),
            std::string::npos);
  const std::string svg = *tmp_ / "far.svg";
  auto year =
      Morgue("histogram", "--by year --format json --svg " + Quote(svg) + " oil", "far.morgue");
  ASSERT_EQ(year.exit_code, 0) << year.err;
  EXPECT_EQ(nlohmann::json::parse(year.out)["bins"].size(), 9999u);
  const std::string xml = test::ReadFile(svg);
  EXPECT_EQ(XmlProblem(xml), "");
  EXPECT_LE(Count(xml, "<rect "), 801u);  // the background and the bars
  EXPECT_LT(xml.size(), 200000u);
  EXPECT_NE(xml.find("<title>0001 to 0013: at most 1</title>"), std::string::npos);
}

TEST_F(CliOutputTest, TheLibraryRefusesAHistogramOfTooManyIntervalsBeforeMakingIt) {
  auto archive = Archive::Open(*tmp_ / "far.morgue", OpenMode::kReadOnly);
  SearchRequest r;
  try {
    archive->Histogram(r, Interval::kDay);  // every article: the day terms' path
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("3652059"), std::string::npos) << e.what();
  }
  r.query = "oil";
  EXPECT_THROW(archive->Histogram(r, Interval::kWeek), Error);
  EXPECT_EQ(archive->Histogram(r, Interval::kYear).bins.size(), 9999u);
}

TEST_F(CliOutputTest, NegativeAndMalformedNumbersAreUsageErrorsNamingTheOption) {
  struct Case {
    std::string command, options, option;
  };
  for (const Case& c :
       {Case{"search", "--limit -1 oil", "--limit"}, Case{"search", "--offset -1 oil", "--offset"},
        Case{"search", "--time-limit -5 oil", "--time-limit"},
        Case{"search", "--limit 1e3 oil", "--limit"},
        Case{"search", "--limit 18446744073709551616 oil", "--limit"},
        Case{"search", "--limit '' oil", "--limit"},
        Case{"count", "--time-limit -1 oil", "--time-limit"},
        Case{"facets", "--by topic --top -1", "--top"},
        Case{"similar", "--limit -1 wire/3", "--limit"},
        Case{"similar", "--offset -2 wire/3", "--offset"}, Case{"stats", "--top -1", "--top"}}) {
    auto r = Morgue(c.command, c.options);
    EXPECT_EQ(r.exit_code, 2) << c.command << " " << c.options << ": " << r.out << r.err;
    EXPECT_NE(r.err.find("'" + c.option + "'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("whole number"), std::string::npos) << r.err;
  }
  auto fine = Morgue("search", "--limit 0 --offset 0 --time-limit 0 --format json oil");
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
  EXPECT_EQ(nlohmann::json::parse(fine.out)["hits"].size(), 0u);
  EXPECT_EQ(Morgue("facets", "--by topic --top 1").exit_code, 0);
}

TEST_F(CliOutputTest, QueriesBeyondALimitAreUsageErrors) {
  auto long_query = Morgue("count", Quote(std::string(10001, 'x')));
  EXPECT_EQ(long_query.exit_code, 2);
  EXPECT_NE(long_query.err.find("the limit is 10000"), std::string::npos) << long_query.err;
  auto deep = Morgue("search", Quote(std::string(200, '(') + "oil" + std::string(200, ')')));
  EXPECT_EQ(deep.exit_code, 2);
  EXPECT_NE(deep.err.find("nests deeper than 100"), std::string::npos) << deep.err;
}

}  // namespace
}  // namespace morgue

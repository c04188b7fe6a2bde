// One output discipline (docs/formats.md), checked on what the real morgue
// binary writes: every CSV parsed by a strict RFC 4180 parser written here
// (CRLF, a header row even without rows, quoting of commas, quotes, line
// breaks, non-Latin text), every JSON parsed by nlohmann::json; the same
// date fields everywhere; snippets as plain text whose highlight ranges point
// at the matched words; counted nouns; the histogram's asked span.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

using Rows = std::vector<std::vector<std::string>>;

// `csv` parsed as RFC 4180 strictly: every record ends in CRLF; a field is
// either unquoted (no comma, quote, CR or LF in it) or quoted from its first
// to its last character, with quotes doubled inside. Sets *problem (what and
// at which byte) and returns the rows read so far when it is not.
Rows ParseRfc4180(const std::string& csv, std::string* problem) {
  Rows rows;
  std::vector<std::string> record;
  std::string field;
  size_t i = 0;
  const auto fail = [&](const std::string& what) {
    *problem = what + " at byte " + std::to_string(i);
    return rows;
  };
  problem->clear();
  while (i < csv.size()) {
    field.clear();
    if (csv[i] == '"') {
      for (++i;; ++i) {
        if (i >= csv.size()) return fail("an unterminated quoted field");
        if (csv[i] == '"') {
          if (i + 1 < csv.size() && csv[i + 1] == '"') {
            field += '"';
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          field += csv[i];
        }
      }
    } else {
      while (i < csv.size() && csv[i] != ',' && csv[i] != '\r' && csv[i] != '\n') {
        if (csv[i] == '"') return fail("a quote inside an unquoted field");
        field += csv[i++];
      }
    }
    record.push_back(field);
    if (i < csv.size() && csv[i] == ',') {
      ++i;
      continue;
    }
    if (csv.compare(i, 2, "\r\n") != 0) return fail("a record that does not end in CRLF");
    i += 2;
    rows.push_back(std::move(record));
    record.clear();
  }
  return rows;
}

// The parser itself, on what it must take and refuse.
TEST(Rfc4180ParserTest, TakesQuotedFieldsAndRefusesBareLineFeedsAndStrayQuotes) {
  std::string problem;
  EXPECT_EQ(ParseRfc4180("a,\"b,\"\"c\"\"\r\nd\",\r\n", &problem),
            (Rows{{"a", "b,\"c\"\r\nd", ""}}));
  EXPECT_EQ(problem, "");
  ParseRfc4180("a,b\n", &problem);
  EXPECT_NE(problem, "");
  ParseRfc4180("a,b\"c\r\n", &problem);
  EXPECT_NE(problem, "");
  ParseRfc4180("a,\"b\r\n", &problem);
  EXPECT_NE(problem, "");
}

// Code points of UTF-8 `s` (an oracle independent of morgue's).
std::u32string Decode(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? b : b & (0xFF >> (n + 1));
    for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out += cp;
    i += n;
  }
  return out;
}

// ASCII letters lower-cased (the query words here are ASCII or lower-case).
std::u32string Folded(std::u32string s) {
  for (char32_t& c : s) {
    if (c >= U'A' && c <= U'Z') c += 32;
  }
  return s;
}

std::optional<Timestamp> Timed() { return Timestamp::FromCivil(1987, 2, 26, 17, 34, 11); }
std::optional<Timestamp> DateOnly() {
  return Timestamp::FromCivil(2020, 12, 28, 0, 0, 0, /*date_only=*/true);
}

class CliFormatsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new test::TempDir();
    Article xon;
    xon.source = "wire";
    xon.id = "xon";
    xon.headline = "Exxon <XON> cuts prices";
    xon.body = {"Exxon Corp <XON> & Mobil, \"oil\" majors, cut crude oil prices."};
    xon.published = Timed();
    xon.authors = {"James Jukwey"};
    xon.topics = {"crude"};
    Article day;
    day.source = "wiki";
    day.id = "day";
    day.headline = "Oil, gas\nand \"more\"";
    day.body = {"нефть and oil in Zürich, 石油 too.", "A second paragraph about oil."};
    day.published = DateOnly();
    day.authors = {"Doe, Jane", "Roe"};
    Article undated;
    undated.source = "wire";
    undated.id = "undated";
    undated.headline = "Undated oil note";
    undated.body = {"Oil without a date."};
    auto archive = Archive::Open(*tmp_ / "a.morgue", OpenMode::kCreate);
    archive->Add({xon, day, undated});
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  static test::CommandResult Morgue(const std::string& command, const std::string& rest) {
    return RunMorgue(command + " --archive " + Quote(*tmp_ / "a.morgue") + " " + rest);
  }
  static Rows Csv(const std::string& command, const std::string& rest) {
    auto r = Morgue(command, rest);
    EXPECT_EQ(r.exit_code, 0) << command << " " << rest << ": " << r.err;
    std::string problem;
    Rows rows = ParseRfc4180(r.out, &problem);
    EXPECT_EQ(problem, "") << command << " " << rest << ":\n" << r.out;
    EXPECT_FALSE(rows.empty()) << command << " " << rest << ": no header";
    for (const auto& row : rows) {
      EXPECT_EQ(row.size(), rows.at(0).size()) << command << " " << rest << ":\n" << r.out;
    }
    return rows;
  }
  static nlohmann::json Json(const std::string& command, const std::string& rest) {
    auto r = Morgue(command, rest);
    EXPECT_EQ(r.exit_code, 0) << command << " " << rest << ": " << r.err;
    return nlohmann::json::parse(r.out);  // throws (failing the test) when not JSON
  }
  static std::vector<nlohmann::json> JsonLines(const std::string& command,
                                               const std::string& rest) {
    auto r = Morgue(command, rest);
    EXPECT_EQ(r.exit_code, 0) << command << " " << rest << ": " << r.err;
    std::vector<nlohmann::json> out;
    for (size_t start = 0; start < r.out.size();) {
      const size_t end = r.out.find('\n', start);
      EXPECT_NE(end, std::string::npos) << "the last line ends in a line feed";
      out.push_back(nlohmann::json::parse(r.out.substr(start, end - start)));
      start = end + 1;
    }
    return out;
  }
  static test::TempDir* tmp_;
};

test::TempDir* CliFormatsTest::tmp_ = nullptr;

// The column holding `name` in a header row.
size_t Column(const Rows& rows, const std::string& name) {
  const auto& header = rows.at(0);
  const auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << "no column " << name;
  return static_cast<size_t>(it - header.begin());
}

// Every command that writes CSV writes a header row, also when nothing
// matches (similar wrote no CSV before).
TEST_F(CliFormatsTest, EveryCsvIsRfc4180WithAHeaderRowEvenWithoutRows) {
  const std::vector<std::pair<std::string, std::string>> commands{
      {"search", "--format csv oil"},
      {"search", "--format csv absentword"},
      {"similar", "--format csv wire/undated"},
      {"similar", "--format csv --filter absentword wire/undated"},
      {"export", "--format csv oil"},
      {"export", "--format csv absentword"},
      {"facets", "--by topic --format csv oil"},
      {"facets", "--by topic --format csv absentword"},
      {"histogram", "--by year --format csv oil"},
      {"histogram", "--by year --format csv absentword --from 1987 --to 1987"}};
  for (const auto& [command, rest] : commands) {
    Rows rows = Csv(command, rest);
    const bool none = rest.find("absentword") != std::string::npos;
    if (none && command != "histogram") {
      EXPECT_EQ(rows.size(), 1u) << command << " " << rest;
    } else {
      EXPECT_GE(rows.size(), 2u) << command << " " << rest;
    }
  }
  EXPECT_EQ(Csv("search", "--format csv absentword")[0],
            (std::vector<std::string>{"rank", "id", "source", "published", "date", "date_only",
                                      "headline", "score", "snippet", "highlights"}));
  EXPECT_EQ(Csv("similar", "--format csv wire/undated")[0], Csv("search", "--format csv oil")[0]);
  // The JSON outputs not checked field by field below parse too.
  EXPECT_EQ(Json("facets", "--by topic --format json oil")["values"][0]["value"], "crude");
  EXPECT_EQ(JsonLines("similar", "--format jsonl wire/undated").size(),
            Json("similar", "--format json wire/undated")["hits"].size());
}

// Before: export wrote "1987-02-26T17:34:11Z" beside "2020-12-28" in one
// column, and search and export wrote nothing to tell a date-only article.
TEST_F(CliFormatsTest, TimestampsAreIsoUtcWithZBesideADateAndADateOnlyFlagInEveryCommand) {
  struct Expect {
    std::string published, date, date_only;
  };
  const std::map<std::string, Expect> expected{{"xon",
                                                {"1987-02-26T17:34:11Z", "1987-02-26", "false"}},
                                               {"day",
                                                {"2020-12-28T00:00:00Z", "2020-12-28", "true"}},
                                               {"undated", {"", "", ""}}};
  for (const auto& [command, rest] :
       std::vector<std::pair<std::string, std::string>>{{"search", "--format csv oil"},
                                                        {"export", "--format csv oil"}}) {
    Rows rows = Csv(command, rest);
    ASSERT_EQ(rows.size(), 4u) << command;
    for (size_t i = 1; i < rows.size(); ++i) {
      const Expect& e = expected.at(rows[i][Column(rows, "id")]);
      EXPECT_EQ(rows[i][Column(rows, "published")], e.published) << command;
      EXPECT_EQ(rows[i][Column(rows, "date")], e.date) << command;
      EXPECT_EQ(rows[i][Column(rows, "date_only")], e.date_only) << command;
    }
  }
  auto check_json = [&](const nlohmann::json& j, const std::string& where) {
    const Expect& e = expected.at(j.at("id").get<std::string>());
    if (e.published.empty()) {
      EXPECT_TRUE(j.at("published").is_null()) << where;
      EXPECT_TRUE(j.at("date").is_null()) << where;
      EXPECT_TRUE(j.at("date_only").is_null()) << where;
    } else {
      EXPECT_EQ(j.at("published"), e.published) << where;
      EXPECT_EQ(j.at("date"), e.date) << where;
      EXPECT_EQ(j.at("date_only"), e.date_only == "true") << where;
    }
  };
  // Each parsed document held in a variable: a range-for over a member of a
  // temporary reads freed memory (ASan).
  const nlohmann::json searched = Json("search", "--format json oil");
  for (const auto& hit : searched["hits"]) check_json(hit, "search");
  for (const auto& hit : JsonLines("search", "--format jsonl oil")) check_json(hit, "jsonl");
  for (const auto& a : JsonLines("export", "--format jsonl oil")) check_json(a, "export");
  const nlohmann::json similar = Json("similar", "--format json wire/undated");
  for (const auto& hit : similar["hits"]) {
    check_json(hit, "similar");
  }
  check_json(Json("show", "--format json wiki/day"), "show");
  check_json(Json("show", "--format json wire/undated"), "show");
  const nlohmann::json stats = Json("stats", "--format json");
  // Stats knows days, not times: the first and last day as dates.
  EXPECT_EQ(stats["first"], "1987-02-26");
  EXPECT_EQ(stats["last"], "2020-12-28");
  // Text: the full timestamp, the date alone for a date-only article, and
  // "undated" said.
  EXPECT_NE(Morgue("show", "wire/xon").out.find("date: 1987-02-26T17:34:11Z\n"), std::string::npos);
  EXPECT_NE(Morgue("show", "wiki/day").out.find("date: 2020-12-28\n"), std::string::npos);
  EXPECT_NE(Morgue("show", "wire/undated").out.find("date: undated\n"), std::string::npos);
  EXPECT_NE(Morgue("search", "--sort oldest oil").out.find("wire/undated  undated  score"),
            std::string::npos);
}

// Before: JSON and CSV snippets were HTML: `Exxon</b> <b>Corp</b> <<b>XON</b>)`
// mixed markup with the text, and the text's own <XON> had to be unescaped
// by the reader to get the words back.
TEST_F(CliFormatsTest, SnippetsArePlainTextWithRangesOnTheMatchedWordsAndAnEscapedHtmlForm) {
  const nlohmann::json result = Json("search", "--format json --default-op or oil xon нефть");
  ASSERT_EQ(result["hits"].size(), 3u) << result.dump(2);
  const std::vector<std::u32string> words{U"oil", U"xon", U"нефть"};
  size_t ranges = 0;
  for (const auto& hit : result["hits"]) {
    const std::u32string text = Decode(hit["snippet"].get<std::string>());
    uint64_t previous_end = 0;
    for (const auto& range : hit["highlights"]) {
      const uint64_t start = range.at(0), end = range.at(1);
      ASSERT_LE(previous_end, start) << hit.dump();
      ASSERT_LT(start, end) << hit.dump();
      ASSERT_LE(end, text.size()) << hit.dump();
      const std::u32string word = Folded(text.substr(start, end - start));
      EXPECT_NE(std::find(words.begin(), words.end(), word), words.end()) << hit.dump();
      previous_end = end;
      ++ranges;
    }
    const std::string snippet = hit["snippet"];
    const std::string html = hit["snippet_html"];
    if (hit["id"] == "xon") {
      EXPECT_EQ(snippet, "Exxon Corp <XON> & Mobil, \"oil\" majors, cut crude oil prices.");
      EXPECT_EQ(hit["highlights"], nlohmann::json::parse("[[12,15],[27,30],[50,53]]"));
      EXPECT_EQ(html,
                "Exxon Corp &lt;<b>XON</b>&gt; &amp; Mobil, &quot;<b>oil</b>&quot; majors, cut "
                "crude <b>oil</b> prices.");
    }
    if (hit["id"] == "day") {
      // Non-Latin words: ranges in code points, not bytes.
      EXPECT_EQ(hit["highlights"].at(0), nlohmann::json::parse("[0,5]"));
    }
  }
  EXPECT_GE(ranges, 5u);
  // CSV: the same plain snippet, the ranges as JSON text.
  Rows rows = Csv("search", "--format csv --default-op or oil xon нефть");
  bool seen = false;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][Column(rows, "id")] != "xon") continue;
    seen = true;
    EXPECT_EQ(rows[i][Column(rows, "snippet")],
              "Exxon Corp <XON> & Mobil, \"oil\" majors, cut crude oil prices.");
    EXPECT_EQ(rows[i][Column(rows, "highlights")], "[[12,15],[27,30],[50,53]]");
  }
  EXPECT_TRUE(seen);
}

TEST_F(CliFormatsTest, TextHighlightsAreBoldOnlyOnATerminalOrWithColorAlways) {
  // The test's pipe is not a terminal: brackets, no escape codes.
  auto plain = Morgue("search", "xon");
  EXPECT_NE(plain.out.find("Exxon Corp <[XON]> & Mobil"), std::string::npos) << plain.out;
  EXPECT_EQ(plain.out.find('\x1b'), std::string::npos) << plain.out;
  EXPECT_EQ(Morgue("search", "--color never xon").out, plain.out);
  auto bold = Morgue("search", "--color always xon");
  EXPECT_NE(bold.out.find("Exxon Corp <\x1b[1mXON\x1b[0m> & Mobil"), std::string::npos) << bold.out;
  auto similar = Morgue("similar", "--color always wire/undated");
  EXPECT_NE(similar.out.find("\x1b[1m"), std::string::npos) << similar.out;
  auto bad = Morgue("search", "--color sometimes xon");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--color must be auto, always or never"), std::string::npos) << bad.err;
}

// Before: "1 matching articles", "indexed 1 articles", "authors: James Jukwey;".
TEST_F(CliFormatsTest, MessagesCountInTheRightNumberAndShowListsAuthorsWithoutATrailingSemicolon) {
  EXPECT_EQ(Morgue("search", "xon").out.rfind("1 matching article\n", 0), 0u);
  EXPECT_EQ(Morgue("search", "oil").out.rfind("3 matching articles\n", 0), 0u);
  EXPECT_EQ(Morgue("search", "absentword").out, "0 matching articles\n");
  EXPECT_EQ(Morgue("facets", "--by topic xon").out.rfind("1 matching article;", 0), 0u);
  EXPECT_NE(Morgue("histogram", "--format text --by year xon").out.find("\n1 matching article\n"),
            std::string::npos);
  EXPECT_EQ(Morgue("similar", "--filter absentword wire/xon").out,
            "0 articles share words with wire/xon; showing none\n");

  EXPECT_NE(Morgue("show", "wire/xon").out.find("\nauthors: James Jukwey\n"), std::string::npos);
  EXPECT_NE(Morgue("show", "wiki/day").out.find("\nauthors: Doe, Jane; Roe\n"), std::string::npos);

  test::TempDir dir;
  const std::string input = dir / "one.jsonl";
  std::FILE* f = std::fopen(input.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("{\"id\": 1, \"title\": \"Oil\", \"text\": \"Oil rose.\"}\n", f);
  std::fclose(f);
  auto index = RunMorgue("index --archive " + Quote(dir / "one.morgue") + " " + Quote(input));
  ASSERT_EQ(index.exit_code, 0) << index.err;
  EXPECT_EQ(index.out.rfind("indexed 1 article (1 added,", 0), 0u) << index.out;
  EXPECT_NE(index.out.find(" holds 1 article, "), std::string::npos) << index.out;
  // An archive of one shard.
  ArchiveOptions one_shard;
  one_shard.shards = 1;
  Archive::Open(dir / "one-shard.morgue", OpenMode::kCreate, one_shard);
  auto stats = RunMorgue("stats --archive " + Quote(dir / "one-shard.morgue"));
  EXPECT_NE(stats.out.find(", 1 shard)\n"), std::string::npos) << stats.out;
}

// Before: `histogram --from 1987-02 --to 1987-12 oil` gave only the months
// of the matches, and a month without any article printed 0.00%.
TEST_F(CliFormatsTest, TheHistogramCoversTheAskedSpanAndLeavesTheShareEmptyWithoutArticles) {
  Rows rows = Csv("histogram", "--by month --from 1987-01 --to 1987-04 --format csv oil");
  EXPECT_EQ(rows, (Rows{{"interval", "start", "count", "all", "share"},
                        {"1987-01", "1987-01-01", "0", "0", ""},
                        {"1987-02", "1987-02-01", "1", "1", "1.000000"},
                        {"1987-03", "1987-03-01", "0", "0", ""},
                        {"1987-04", "1987-04-01", "0", "0", ""}}));
  const nlohmann::json json =
      Json("histogram", "--by month --from 1987-01 --to 1987-04 --format json oil");
  ASSERT_EQ(json["bins"].size(), 4u);
  EXPECT_TRUE(json["bins"][0]["share"].is_null());
  EXPECT_EQ(json["bins"][1]["share"], 1.0);
  const std::string text =
      Morgue("histogram", "--by month --from 1987-01 --to 1987-04 --format text oil").out;
  EXPECT_EQ(text.find(" 0.00%"), std::string::npos) << text;
  EXPECT_NE(text.find("100.00%"), std::string::npos) << text;
}

}  // namespace
}  // namespace morgue

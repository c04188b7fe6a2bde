// The totals the CLI prints (search with and without --collapse, count,
// similar) in every format, and its messages for usage mistakes: a missing
// QUERY, a mistyped command or option, --help, --explain, bench query's bad
// lines. The archive is made here, with copies known by construction.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "morgue/archive.h"
#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

Article Story(const std::string& source, const std::string& id, const std::string& headline,
              const std::string& body) {
  Article a;
  a.source = source;
  a.id = id;
  a.headline = headline;
  a.body = {body};
  a.published = Timestamp::FromCivil(1987, 3, 1 + static_cast<int>(id.size()));
  return a;
}

class CliTotalsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new test::TempDir;
    auto archive = Archive::Open(*tmp_ / "a.morgue", OpenMode::kCreate);
    // "oil": 6 articles in 3 groups (3 copies of one story, 2 of another,
    // and one alone); "cocoa": 1 article.
    const std::string opec = "OPEC ministers agreed to hold oil output steady in Vienna.";
    const std::string crude = "Crude oil prices rose on news of the OPEC accord.";
    archive->Add({Story("wire", "1", "OPEC holds output", opec),
                  Story("paper", "2", "OPEC holds output", opec),
                  Story("agency", "3", "OPEC holds output", opec),
                  Story("wire", "4", "Crude prices rise", crude),
                  Story("paper", "5", "Crude prices rise", crude),
                  Story("wire", "6", "Oil tanker hit in the Gulf", "An oil tanker was hit."),
                  Story("wire", "7", "Cocoa talks stall", "Cocoa buffer stock talks stalled.")});
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  static test::CommandResult Morgue(const std::string& command, const std::string& rest) {
    return RunMorgue(command + " --archive " + Quote(*tmp_ / "a.morgue") + " " + rest);
  }
  static test::TempDir* tmp_;
};

test::TempDir* CliTotalsTest::tmp_ = nullptr;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Before: --collapse reported Xapian's estimate of the groups as the total
// (and only it); text said "N matching articles" for the groups.
TEST_F(CliTotalsTest, CollapsedSearchShowsArticlesAndGroupsInEveryFormat) {
  auto text = Morgue("search", "--collapse --limit 2 oil");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(Lines(text.out).at(0), "6 matching articles in 3 groups") << text.out;
  EXPECT_NE(text.out.find("(+2 copies)"), std::string::npos) << text.out;

  auto json = Morgue("search", "--collapse --limit 2 --format json oil");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["total"], 6);
  EXPECT_EQ(j["groups"], 3);
  EXPECT_EQ(j["total_exact"], true);
  EXPECT_EQ(j["hits"].size(), 2u);

  // Paging counts groups: the third group is on the second page.
  auto page2 = nlohmann::json::parse(
      Morgue("search", "--collapse --limit 2 --offset 2 --format json oil").out);
  EXPECT_EQ(page2["hits"].size(), 1u) << page2.dump();

  auto jsonl = Morgue("search", "--collapse --format jsonl oil");
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  auto lines = Lines(jsonl.out);
  ASSERT_EQ(lines.size(), 3u) << jsonl.out;
  uint64_t sizes = 0;
  for (const auto& line : lines) {
    nlohmann::json hit = nlohmann::json::parse(line);
    EXPECT_EQ(hit["total"], 6);
    EXPECT_EQ(hit["groups"], 3);
    EXPECT_EQ(hit["total_exact"], true);
    sizes += hit["group_size"].get<uint64_t>();
  }
  EXPECT_EQ(sizes, 6u);

  auto csv = Morgue("search", "--collapse --format csv oil");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  lines = Lines(csv.out);
  ASSERT_EQ(lines.size(), 4u) << csv.out;
  EXPECT_EQ(lines[0], "rank,id,source,published,date,date_only,headline,score,snippet,highlights,"
                      "group_size,total,groups,total_exact");
  for (size_t i = 1; i < lines.size(); ++i) {
    EXPECT_NE(lines[i].find(",6,3,true"), std::string::npos) << lines[i];
  }

  // Without --collapse: articles only, and the plain formats unchanged.
  EXPECT_EQ(Lines(Morgue("search", "oil").out).at(0), "6 matching articles");
  EXPECT_EQ(Lines(Morgue("search", "cocoa").out).at(0), "1 matching article");
  EXPECT_EQ(Lines(Morgue("search", "--collapse cocoa").out).at(0), "1 matching article in 1 group");
  EXPECT_EQ(Lines(Morgue("search", "zebra").out).at(0), "0 matching articles");
  EXPECT_FALSE(nlohmann::json::parse(Morgue("search", "--format json oil").out).contains("groups"));
  EXPECT_EQ(Lines(Morgue("search", "--format csv oil").out).at(0),
            "rank,id,source,published,date,date_only,headline,score,snippet,highlights");
}

TEST_F(CliTotalsTest, CountWithCollapsePrintsArticlesAndGroups) {
  auto plain = Morgue("count", "oil");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out, "6\n");
  auto collapsed = Morgue("count", "--collapse oil");
  ASSERT_EQ(collapsed.exit_code, 0) << collapsed.err;
  EXPECT_EQ(collapsed.out, "6 matching articles in 3 groups\n");
  EXPECT_EQ(Morgue("count", "--collapse cocoa").out, "1 matching article in 1 group\n");
}

// Before: "N articles like ID", N being every article sharing one word.
TEST_F(CliTotalsTest, SimilarSaysWhatItConsideredAndWhatItShows) {
  auto json = Morgue("similar", "--format json --limit 1 wire/4");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json j = nlohmann::json::parse(json.out);
  const uint64_t considered = j["considered"];
  EXPECT_GE(considered, 2u);
  EXPECT_EQ(j["total"], considered);
  EXPECT_EQ(j["shown"], 1);
  EXPECT_EQ(j["total_exact"], true);
  auto all = nlohmann::json::parse(Morgue("similar", "--format json --limit 100 wire/4").out);
  EXPECT_EQ(all["hits"].size(), considered);

  auto text = Morgue("similar", "--limit 1 wire/4");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(Lines(text.out).at(0), std::to_string(considered) +
                                       " articles share words with wire/4; showing the most "
                                       "similar articles 1-1")
      << text.out;
  auto collapsed =
      nlohmann::json::parse(Morgue("similar", "--format json --collapse --limit 100 wire/4").out);
  EXPECT_EQ(collapsed["total"], considered);
  EXPECT_EQ(collapsed["groups"], collapsed["hits"].size());
  auto past = Morgue("similar", "--offset 50 wire/4");
  EXPECT_NE(Lines(past.out).at(0).find("; showing none"), std::string::npos) << past.out;
}

// Before: "the option '--query' is required".
TEST_F(CliTotalsTest, AMissingQueryIsNamedWithTheUsage) {
  for (const std::string command : {"count", "search"}) {
    auto r = Morgue(command, "");
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("missing QUERY"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("usage: morgue " + command + " --archive DIR QUERY"), std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("--query"), std::string::npos) << r.err;
  }
  auto similar = Morgue("similar", "");
  EXPECT_EQ(similar.exit_code, 2);
  EXPECT_NE(similar.err.find("missing ID"), std::string::npos) << similar.err;
  // A missing option that is not positional keeps its name.
  auto archive = RunMorgue("count oil");
  EXPECT_EQ(archive.exit_code, 2);
  EXPECT_NE(archive.err.find("--archive"), std::string::npos) << archive.err;
}

TEST_F(CliTotalsTest, MistypedCommandsAndOptionsGetASuggestion) {
  auto command = RunMorgue("serch oil");
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_NE(command.err.find("did you mean \"search\"?"), std::string::npos) << command.err;
  auto swapped = RunMorgue("simliar 3");
  EXPECT_NE(swapped.err.find("did you mean \"similar\"?"), std::string::npos) << swapped.err;
  auto far = RunMorgue("frobnicate");
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_EQ(far.err.find("did you mean"), std::string::npos) << far.err;

  auto option = Morgue("search", "--limt 3 oil");
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.err.find("unknown option '--limt'; did you mean '--limit'?"), std::string::npos)
      << option.err;
  auto valued = Morgue("search", "--fromat=json oil");
  EXPECT_NE(valued.err.find("did you mean '--format'?"), std::string::npos) << valued.err;
  auto bench = RunMorgue("bench qeury");
  EXPECT_NE(bench.err.find("did you mean \"query\"?"), std::string::npos) << bench.err;
}

// Before: `morgue count -a DIR oil -zebra` said only "unknown option
// '-zebra'", leaving the user to guess that Boost took the excluded word for an
// option.
TEST_F(CliTotalsTest, AnExcludedWordTakenForAnOptionSaysHowToWriteIt) {
  auto r = Morgue("count", "oil -zebra");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option '-zebra'; a query word starting with '-' must come after "
                       "--: morgue count --archive DIR -- QUERY"),
            std::string::npos)
      << r.err;
  auto after = Morgue("count", "-- oil -zebra");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.out, Morgue("count", "oil").out);
  EXPECT_NE(after.out, "0\n");
  // An option-like typo of a real option still gets its suggestion instead.
  EXPECT_NE(Morgue("count", "oil --colapse").err.find("did you mean '--collapse'?"),
            std::string::npos);
}

TEST_F(CliTotalsTest, HelpListsVersion) {
  auto help = RunMorgue("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--version"), std::string::npos) << help.out;
  auto version = RunMorgue("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("morgue ", 0), 0u) << version.out;
}

// Before: --explain printed Xapian's description ("Query((...SYNONYM...").
TEST_F(CliTotalsTest, ExplainPrintsTheNormalisedQueryAndXapiansOnRequest) {
  auto text = Morgue("search", "--explain 'OPEC -cocoa'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("parsed query: opec AND NOT cocoa\n"), std::string::npos) << text.out;
  auto json = nlohmann::json::parse(Morgue("search", "--explain --format json OPEC").out);
  EXPECT_EQ(json["parsed_query"], "opec");
  EXPECT_FALSE(json.contains("xapian_query"));
  auto dated = Morgue("search", "--explain --from 1987-03 --to 1987-04 OPEC");
  // --from / --to written as the query language writes its own dates.
  EXPECT_NE(dated.out.find("parsed query: opec FILTER date:19870301..19870430\n"),
            std::string::npos)
      << dated.out;
  auto filtered = Morgue("search", "--explain --from 1987-03 'OPEC topic:crude'");
  EXPECT_NE(filtered.out.find("parsed query: opec FILTER topic:crude AND date:19870301..\n"),
            std::string::npos)
      << filtered.out;
  auto xapian = Morgue("search", "--explain-xapian OPEC");
  ASSERT_EQ(xapian.exit_code, 0) << xapian.err;
  EXPECT_NE(xapian.out.find("parsed query: Query("), std::string::npos) << xapian.out;
  auto xjson = nlohmann::json::parse(Morgue("search", "--explain-xapian --format json OPEC").out);
  EXPECT_EQ(xjson["parsed_query"], "opec");
  EXPECT_EQ(xjson["xapian_query"].get<std::string>().rfind("Query(", 0), 0u);
}

// Before: a query that fails when run was reported without its line.
TEST_F(CliTotalsTest, BenchQueryNamesTheFileAndLineOfABadQuery) {
  const std::string file = *tmp_ / "queries.tsv";
  std::ofstream(file) << "# comment\nfree\toil\nphrase\t\"oil (\n";
  auto r = RunMorgue("bench query --archive " + Quote(*tmp_ / "a.morgue") + " --repeat 1 " +
                     "--queries " + Quote(file));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find(file + ":3: "), std::string::npos) << r.err;
}

}  // namespace
}  // namespace morgue

// `morgue histogram` and `morgue facets` with several queries (--query
// repeated, --queries FILE) and `histogram --split`, end to end (the real
// binary) on a small generated archive: each format holds the library's
// side-by-side answer, bad query files are usage errors naming the line.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "morgue/archive.h"
#include "side_by_side_fixture.h"
#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

std::vector<Article> SideBySideCliCorpus() {
  std::vector<Article> out =
      test::Stories(1, 80, {"oil", "prices", "opec", "wheat", "rose", "fell", "нефть", "said"});
  for (size_t i = 0; i < out.size(); ++i) {
    if (i % 3 == 0) out[i].source = "paper";
    if (i % 4 == 0) out[i].section = "business";
  }
  test::AppendTinAndCocoa(&out);
  return out;
}

class CliSideBySideTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    auto archive = Archive::Open(Path(), OpenMode::kCreate);
    archive->Add(SideBySideCliCorpus());
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Path() { return *dir_ / "a.morgue"; }
  static test::CommandResult Run(const std::string& rest) {
    return RunMorgue(rest + " --archive " + Quote(Path()));
  }
  // Writes `text` to a file of the test's directory and returns its path.
  static std::string File(const std::string& name, const std::string& text) {
    const std::string path = *dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  static SearchRequest Request(const std::string& query) {
    SearchRequest r;
    r.query = query;
    return r;
  }
  static test::TempDir* dir_;
};

test::TempDir* CliSideBySideTest::dir_ = nullptr;

TEST_F(CliSideBySideTest, RepeatedQueryJsonHoldsTheLibrarysColumns) {
  auto r = Run("histogram --query oil --query 'wheat OR tin' --by month --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["by"], "month");
  ASSERT_EQ(j["series"].size(), 2u);
  EXPECT_EQ(j["series"][0]["label"], "oil");
  EXPECT_EQ(j["series"][1]["label"], "wheat OR tin");
  EXPECT_EQ(j["series"][1]["query"], "wheat OR tin");
  auto archive = Archive::Open(Path(), OpenMode::kReadOnly);
  const auto expected =
      archive->HistogramsSideBySide({Request("oil"), Request("wheat OR tin")}, Interval::kMonth);
  for (size_t s = 0; s < 2; ++s) {
    const auto& bins = j["series"][s]["bins"];
    EXPECT_EQ(j["series"][s]["total"], expected[s].total);
    ASSERT_EQ(bins.size(), expected[s].bins.size());
    for (size_t i = 0; i < bins.size(); ++i) {
      EXPECT_EQ(bins[i]["interval"], expected[s].bins[i].label);
      EXPECT_EQ(bins[i]["count"], expected[s].bins[i].count);
      EXPECT_EQ(bins[i]["all"], expected[s].bins[i].all);
    }
  }
  // One --query is the query, printed as before (the shape `morgue serve` shares).
  auto one = Run("histogram --query oil --format json");
  ASSERT_EQ(one.exit_code, 0) << one.err;
  auto single = nlohmann::json::parse(one.out);
  EXPECT_EQ(single["query"], "oil");
  EXPECT_FALSE(single.contains("series"));
}

TEST_F(CliSideBySideTest, QueriesFileWithTabsNonLatinLabelsAndRfc4180Csv) {
  const std::string path = File("queries.tsv", "нефть\toil\r\n"
                                               "\n"
                                               "tin, \"the metal\"\t tin \n"
                                               "石油\tcocoa");
  auto r = Run("histogram --queries " + Quote(path) + " --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find('\n') + 1), "series,interval,start,count,all,share\r\n");
  EXPECT_NE(r.out.find("\r\n\"tin, \"\"the metal\"\"\",1987-03,1987-03-01,3,"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\r\nнефть,1987-"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\r\n石油,1987-06,1987-06-01,3,"), std::string::npos) << r.out;

  auto json = Run("histogram --queries " + Quote(path) + " --query opec --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["series"].size(), 4u);  // the query words first, then the file's lines
  EXPECT_EQ(j["series"][0]["label"], "opec");
  EXPECT_EQ(j["series"][1]["label"], "нефть");
  EXPECT_EQ(j["series"][2]["query"], "tin");

  auto text = Run("histogram --queries " + Quote(path) + " --format text");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("  1 █  нефть ("), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  2 ▒  tin, \"the metal\" (3 matching articles)"), std::string::npos)
      << text.out;
}

TEST_F(CliSideBySideTest, ALabelOfInvalidUtf8StillMakesValidJsonAndSvg) {
  const std::string path = File("binary.tsv", "bad\xff\xfe label\toil\nok\twheat\n");
  const std::string svg = *dir_ / "binary.svg";
  auto r = Run("histogram --queries " + Quote(path) + " --format json --svg " + Quote(svg));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);  // throws on invalid UTF-8
  ASSERT_EQ(j["series"].size(), 2u);
  EXPECT_EQ(j["series"][0]["label"].get<std::string>().substr(0, 3), "bad");
  EXPECT_EQ(test::ReadFile(svg).find("\xff"), std::string::npos);
}

TEST_F(CliSideBySideTest, BadQueryFilesNameTheFileAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"oil\toil\nno tab here\n", "line 2: no tab"},
      {"oil\toil\n\twheat\n", "line 2: the label (before the tab) is empty"},
      {"oil\toil\nwheat\t  \n", "line 2: the query (after the tab) is empty"},
      {"oil\toil\n\nоil2\twheat\noil\tprices\n", "line 4: the label \"oil\" was given before"},
      {"", "no query in the file"},
      {"\n  \n", "no query in the file"}};
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string path = File("bad" + std::to_string(i) + ".tsv", cases[i].first);
    for (const char* command : {"histogram", "facets --by place"}) {
      auto r = Run(std::string(command) + " --queries " + Quote(path));
      EXPECT_EQ(r.exit_code, 2) << cases[i].first;
      EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
      EXPECT_NE(r.err.find(cases[i].second), std::string::npos) << r.err;
    }
  }
  auto missing = Run("histogram --queries " + Quote(*dir_ / "no-such-file"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("cannot read the queries file"), std::string::npos) << missing.err;
  // A directory was read as an empty file ("no query in the file").
  auto directory = Run("histogram --queries " + Quote(dir_->path()));
  EXPECT_EQ(directory.exit_code, 2);
  EXPECT_NE(directory.err.find("is a directory"), std::string::npos) << directory.err;
  auto same = Run("histogram --query oil --query oil");
  EXPECT_EQ(same.exit_code, 2);
  EXPECT_NE(same.err.find("two queries labelled \"oil\""), std::string::npos) << same.err;
  auto words = Run("histogram --query oil --query wheat prices");
  EXPECT_EQ(words.exit_code, 2);
  EXPECT_NE(words.err.find("give each query with its own --query"), std::string::npos) << words.err;
}

TEST_F(CliSideBySideTest, AThousandQueriesMeetTheLimit) {
  std::string lines;
  for (int i = 0; i < 1000; ++i) lines += "q" + std::to_string(i) + "\toil\n";
  const std::string path = File("many.tsv", lines);
  for (const char* command : {"histogram", "facets --by source"}) {
    auto r = Run(std::string(command) + " --queries " + Quote(path));
    EXPECT_EQ(r.exit_code, 2) << command;
    EXPECT_NE(r.err.find("1000 queries side by side; the limit is 100"), std::string::npos)
        << r.err;
  }
}

TEST_F(CliSideBySideTest, SplitSaysWhatFallsOutsideTheValuesShown) {
  auto r = Run("histogram oil --split source --split-top 1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["split"], "source");
  ASSERT_EQ(j["series"].size(), 1u);
  auto archive = Archive::Open(Path(), OpenMode::kReadOnly);
  const FacetResult sources = archive->Facets(Request("oil"), FacetField::kSource, 1);
  EXPECT_EQ(j["series"][0]["value"], sources.values[0].value);
  EXPECT_EQ(j["series"][0]["total"], sources.values[0].count);
  EXPECT_EQ(j["total"], sources.total);
  EXPECT_EQ(j["series"][0]["total"].get<uint64_t>() + j["outside"]["total"].get<uint64_t>(),
            j["total"].get<uint64_t>());
  EXPECT_GT(j["outside"]["total"].get<uint64_t>(), 0u);
  ASSERT_EQ(j["outside"]["bins"].size(), j["series"][0]["bins"].size());

  auto text = Run("histogram oil --split source --split-top 1 --format text");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find(std::to_string(j["outside"]["total"].get<uint64_t>()) + " of the " +
                          std::to_string(sources.total) +
                          " matching articles have none of the 1 source value shown"),
            std::string::npos)
      << text.out;
  auto csv = Run("histogram oil --split source --split-top 1 --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find("\r\n(other),"), std::string::npos) << csv.out;

  // A field no match has a value of: no series, every match outside.
  auto none = Run("histogram tin --split section --format text");
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("3 matching articles, none with a section"), std::string::npos)
      << none.out;
  auto none_json = Run("histogram tin --split section --format json");
  ASSERT_EQ(none_json.exit_code, 0) << none_json.err;
  auto n = nlohmann::json::parse(none_json.out);
  EXPECT_TRUE(n["series"].empty());
  EXPECT_EQ(n["outside"]["total"], 3);

  for (const char* bad :
       {"--split person", "--split source --split-top 0", "--split source --split-top 101",
        "--split-top 3", "--split source --query oil --query wheat"}) {
    auto b = Run(std::string("histogram ") + bad);
    EXPECT_EQ(b.exit_code, 2) << bad << ": " << b.err;
  }
}

TEST_F(CliSideBySideTest, SvgOverlaysTheSeriesWithALegend) {
  const std::string svg = *dir_ / "chart.svg";
  const std::string queries = File("svg.tsv", "oil\toil\n<tin & co>\ttin\ncocoa\tcocoa\n");
  auto r = Run("histogram --queries " + Quote(queries) + " --svg " + Quote(svg) + " --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string doc = test::ReadFile(svg);
  size_t polylines = 0;
  for (size_t at = doc.find("<polyline"); at != std::string::npos;
       at = doc.find("<polyline", at + 1)) {
    ++polylines;
  }
  EXPECT_EQ(polylines, 3u);
  EXPECT_NE(doc.find("stroke-dasharray"), std::string::npos);
  EXPECT_NE(doc.find("#0072B2"), std::string::npos);
  EXPECT_NE(doc.find("#D55E00"), std::string::npos);
  EXPECT_NE(doc.find("&lt;tin &amp; co&gt;</text>"), std::string::npos);  // in the legend
  EXPECT_EQ(doc.find("<tin"), std::string::npos);
}

TEST_F(CliSideBySideTest, FacetColumnsInEveryFormat) {
  auto r = Run("facets --by source --top 1 --query oil --query tin --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  auto archive = Archive::Open(Path(), OpenMode::kReadOnly);
  const auto expected =
      archive->FacetsSideBySide({Request("oil"), Request("tin")}, FacetField::kSource, 1);
  ASSERT_EQ(j["series"].size(), 2u);
  for (size_t s = 0; s < 2; ++s) {
    EXPECT_EQ(j["series"][s]["total"], expected[s].total);
    ASSERT_EQ(j["series"][s]["values"].size(), expected[s].values.size());
    for (size_t i = 0; i < expected[s].values.size(); ++i) {
      EXPECT_EQ(j["series"][s]["values"][i]["value"], expected[s].values[i].value);
      EXPECT_EQ(j["series"][s]["values"][i]["count"], expected[s].values[i].count);
    }
  }
  auto csv = Run("facets --by source --query oil --query tin --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n') + 1), "series,value,count,share\r\n");
  EXPECT_NE(csv.out.find("\r\ntin,wire,3,1.000000\r\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\r\ntin,paper,0,0.000000\r\n"), std::string::npos) << csv.out;
  auto text = Run("facets --by source --query oil --query tin --format text");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("  [2] tin: 3 matching articles"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("       3 100.0%  wire"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace morgue

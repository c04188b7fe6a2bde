// The research commands end to end on all of Reuters-21578 (../shared):
// count = search total = export lines; facets and histograms against counts
// this test takes straight from the SGML tags.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <sstream>

#include "reuters_sgml.h"
#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::ReutersRecord;
using test::ReutersRecords;
using test::RunMorgue;

class CliResearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::SharedCorpusDir().empty()) {
      GTEST_SKIP() << "the shared corpus (../shared/corpus beside the checkout) is absent";
    }
    archive_ = test::SharedReutersArchive();
  }
  std::string Run(const std::string& command, const std::string& rest) {
    auto r = RunMorgue(command + " --archive " + Quote(archive_) + " " + rest);
    EXPECT_EQ(r.exit_code, 0) << command << " " << rest << ": " << r.err;
    return r.out;
  }
  std::string archive_;
};

size_t Lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Records of an RFC 4180 document (quoted fields may hold line breaks).
size_t CsvRecords(const std::string& s) {
  size_t records = 0;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') quoted = !quoted;
    else if (!quoted && s[i] == '\n') ++records;
  }
  return records;
}

TEST_F(CliResearchTest, CountSearchTotalAndExportAgree) {
  for (const char* query : {"\"oil prices\"", "opec OR cocoa", "bundesbank -rates", "headline:yen",
                            "date:1987-03-01..1987-03-03 oil", "topic:grain place:usa"}) {
    uint64_t count = std::stoull(Run("count", Quote(query)));
    EXPECT_GT(count, 0u) << query;
    auto search = nlohmann::json::parse(Run("search", "--format json --limit 1 " + Quote(query)));
    EXPECT_EQ(search["total"].get<uint64_t>(), count) << query;
    std::string jsonl = Run("export", "--format jsonl " + Quote(query));
    EXPECT_EQ(Lines(jsonl), count) << query;
    std::istringstream first(jsonl);
    std::string line;
    std::getline(first, line);
    EXPECT_EQ(nlohmann::json::parse(line)["source"], "reuters21578") << query;
  }
  std::string csv = Run("export", "--format csv --sort oldest " + Quote("topic:cocoa"));
  EXPECT_EQ(csv.rfind("id,source,published,date,date_only,", 0), 0u);
  EXPECT_EQ(CsvRecords(csv) - 1, std::stoull(Run("count", "topic:cocoa")));
}

TEST_F(CliResearchTest, TopicFacetsMatchTheTags) {
  // Articles with the word "opec", per Reuters TOPICS tag.
  std::map<std::string, uint64_t> expected;
  uint64_t matching = 0;
  for (const ReutersRecord& r : ReutersRecords()) {
    if (!r.has_text || !test::HasToken(r.text, "opec")) continue;
    ++matching;
    for (const auto& t : r.topics) ++expected[t];
  }
  auto j = nlohmann::json::parse(Run("facets", "--by topic --top 0 --format json '\"opec\"'"));
  EXPECT_EQ(j["total"].get<uint64_t>(), matching);
  std::map<std::string, uint64_t> got;
  uint64_t previous = UINT64_MAX;
  for (const auto& v : j["values"]) {
    got[v["value"].get<std::string>()] = v["count"].get<uint64_t>();
    EXPECT_LE(v["count"].get<uint64_t>(), previous);  // by count, descending
    previous = v["count"].get<uint64_t>();
  }
  EXPECT_EQ(got, expected);
}

TEST_F(CliResearchTest, MonthlyHistogramMatchesTheDateTags) {
  std::map<std::string, uint64_t> crude, all;
  for (const ReutersRecord& r : ReutersRecords()) {
    if (!r.has_text) continue;
    ++all[r.date_day.substr(0, 7)];
    if (r.topics.count("crude")) ++crude[r.date_day.substr(0, 7)];
  }
  std::string csv = Run("histogram", "--by month --format csv topic:crude");
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "interval,start,count,all,share\r");
  std::map<std::string, uint64_t> got_crude, got_all;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string interval, start, count, total;
    std::getline(row, interval, ',');
    std::getline(row, start, ',');
    std::getline(row, count, ',');
    std::getline(row, total, ',');
    EXPECT_EQ(start, interval + "-01");
    if (std::stoull(count)) got_crude[interval] = std::stoull(count);
    EXPECT_EQ(std::stoull(total), all.count(interval) ? all[interval] : 0u) << interval;
  }
  EXPECT_EQ(got_crude, crude);
}

TEST_F(CliResearchTest, SvgChartAndSimilarArticles) {
  test::TempDir tmp;
  std::string svg = tmp / "crude.svg";
  Run("histogram", "--by week --format json --svg " + Quote(svg) + " topic:crude");
  std::string text = test::ReadFile(svg);
  EXPECT_EQ(text.rfind("<?xml", 0), 0u);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("Articles matching &quot;topic:crude&quot; per week"), std::string::npos);
  EXPECT_NE(text.find("1987-W10"), std::string::npos);

  auto j = nlohmann::json::parse(Run("similar", "--format json --limit 5 15"));
  ASSERT_EQ(j["hits"].size(), 5u);
  for (const auto& hit : j["hits"]) EXPECT_NE(hit["id"], "15");

  auto bad = RunMorgue("facets --archive " + Quote(archive_) + " --by colour oil");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("colour"), std::string::npos);
}

}  // namespace
}  // namespace morgue

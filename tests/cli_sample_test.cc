// End to end: the real morgue binary over the bundled sample corpus. The
// expected numbers come from corpus/sample/README.md's facts table.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

class CliSampleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = dir_ / "sample.morgue";
    std::string sample = test::SampleCorpusDir();
    index_ = RunMorgue("index --archive " + Quote(archive_) + " " + Quote(sample + "/text") + " " +
                       Quote(sample + "/wire.jsonl"));
    ASSERT_EQ(index_.exit_code, 0) << index_.err;
  }

  uint64_t Count(const std::string& query) {
    auto r = RunMorgue("count --archive " + Quote(archive_) + " " + Quote(query));
    EXPECT_EQ(r.exit_code, 0) << query << ": " << r.err;
    return std::stoull(r.out);
  }

  test::TempDir dir_;
  std::string archive_;
  test::CommandResult index_;
};

TEST_F(CliSampleTest, IndexesEveryArticleAndSaysSo) {
  EXPECT_NE(index_.out.find("indexed 16 articles (16 added"), std::string::npos) << index_.out;
  EXPECT_NE(index_.out.find("skipped 0"), std::string::npos) << index_.out;
  EXPECT_EQ(index_.err, "");
}

TEST_F(CliSampleTest, IndexingTwiceChangesNothing) {
  std::string sample = test::SampleCorpusDir();
  auto again = RunMorgue("index --archive " + Quote(archive_) + " " + Quote(sample + "/text") +
                         " " + Quote(sample + "/wire.jsonl"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("(0 added, 0 replaced, 16 unchanged)"), std::string::npos) << again.out;
  EXPECT_EQ(Count("date:2023") + Count("date:2024"), 16u);
}

TEST_F(CliSampleTest, PhrasesAreExact) {
  EXPECT_EQ(Count("\"interest rates\""), 5u);
  EXPECT_EQ(Count("\"grain prices\""), 5u);
  EXPECT_EQ(Count("\"walkout deadline\""), 1u);
  EXPECT_EQ(Count("headline:\"walkout deadline\""), 1u);
  EXPECT_EQ(Count("body:\"walkout deadline\""), 0u);
}

TEST_F(CliSampleTest, DateFiltersCountByDay) {
  EXPECT_EQ(Count("date:2023"), 9u);
  EXPECT_EQ(Count("date:2024"), 7u);
  EXPECT_EQ(Count("date:2023-09-01..2023-12-31"), 3u);
  EXPECT_EQ(Count("date:2024-01-01..2024-03-31"), 3u);
  EXPECT_EQ(Count("\"interest rates\" date:2024"), 2u);
}

TEST_F(CliSampleTest, PlaceAliasesMeet) {
  uint64_t n = Count("place:\"united states\"");
  EXPECT_EQ(n, 8u);
  EXPECT_EQ(Count("place:u.s."), n);
  EXPECT_EQ(Count("place:usa"), n);
  EXPECT_EQ(Count("place:US"), n);
}

TEST_F(CliSampleTest, SearchJsonTotalIsTheExactCount) {
  auto r = RunMorgue("search --format json --archive " + Quote(archive_) + " " +
                     Quote("\"grain prices\""));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["query"], "\"grain prices\"");
  EXPECT_EQ(j["total"], 5);
  ASSERT_EQ(j["hits"].size(), 5u);
  for (const auto& hit : j["hits"]) {
    for (const char* field : {"id", "source", "published", "date", "date_only", "headline", "score",
                              "snippet", "highlights", "snippet_html"}) {
      EXPECT_TRUE(hit.contains(field)) << field;
    }
    EXPECT_FALSE(hit["highlights"].empty()) << hit.dump();
    EXPECT_NE(hit["snippet_html"].get<std::string>().find("<b>"), std::string::npos) << hit.dump();
  }
  // The article with the phrase in its headline and body ranks first.
  EXPECT_EQ(j["hits"][0]["id"], "2023-03-14-nairobi-grain-prices");
}

TEST_F(CliSampleTest, SearchWritesJsonLinesAndCsv) {
  auto jsonl = RunMorgue("search --format jsonl --archive " + Quote(archive_) + " " +
                         Quote("\"grain prices\""));
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  size_t lines = 0;
  std::istringstream in(jsonl.out);
  for (std::string line; std::getline(in, line); ++lines) {
    EXPECT_TRUE(nlohmann::json::parse(line).contains("headline")) << line;
  }
  EXPECT_EQ(lines, 5u);
  auto csv = RunMorgue("search --format csv --limit 2 --archive " + Quote(archive_) + " drought");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  // RFC 4180: CRLF ends every record (before issue 16 search alone wrote LF).
  EXPECT_EQ(csv.out.rfind("rank,id,source,published,date,date_only,headline,score,snippet,"
                          "highlights\r\n1,",
                          0),
            0u)
      << csv.out;
  EXPECT_NE(csv.out.find("\r\n2,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("\n2,"), std::string::npos) << csv.out;
  EXPECT_EQ(RunMorgue("search --format xml --archive " + Quote(archive_) + " drought").exit_code,
            2);
}

TEST_F(CliSampleTest, ShowPrintsTheStoredArticle) {
  auto r = RunMorgue("show --archive " + Quote(archive_) + " 2023-03-14-nairobi-grain-prices");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("date: 2023-03-14"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("grain prices"), std::string::npos);
  auto missing = RunMorgue("show --archive " + Quote(archive_) + " no-such-article");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no article with id no-such-article"), std::string::npos);
}

TEST_F(CliSampleTest, ExitCodesSeparateUsageFromFailure) {
  auto bad_query = RunMorgue("count --archive " + Quote(archive_) + " " + Quote("\"unbalanced"));
  EXPECT_EQ(bad_query.exit_code, 2);
  EXPECT_NE(bad_query.err.find("position"), std::string::npos) << bad_query.err;
  auto unknown_field = RunMorgue("count --archive " + Quote(archive_) + " " + Quote("bdy:grain"));
  EXPECT_EQ(unknown_field.exit_code, 2);
  EXPECT_NE(unknown_field.err.find("bdy"), std::string::npos) << unknown_field.err;
  EXPECT_EQ(RunMorgue("count --archive " + Quote(archive_) + " --bogus x").exit_code, 2);
  EXPECT_EQ(RunMorgue("frobnicate").exit_code, 2);
  auto missing = RunMorgue("count --archive " + Quote(dir_ / "nope") + " grain");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no archive at"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace morgue

// End to end on all of Reuters-21578 (../shared): the real binary's counts
// against counts this test computes independently from the SGML.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "reuters_sgml.h"
#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

using Record = test::ReutersRecord;

const std::vector<Record>& Records() { return test::ReutersRecords(); }

using test::HasToken;

class CliReutersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::SharedCorpusDir().empty()) {
      GTEST_SKIP() << "the shared corpus (../shared/corpus beside the checkout) is absent";
    }
    archive_ = test::SharedReutersArchive(&log_);
  }
  uint64_t Count(const std::string& query) {
    auto r = RunMorgue("count --archive " + Quote(archive_) + " " + Quote(query));
    EXPECT_EQ(r.exit_code, 0) << query << ": " << r.err;
    return r.exit_code == 0 ? std::stoull(r.out) : 0;
  }
  template <typename Pred>
  uint64_t Expected(Pred pred) {
    return std::count_if(Records().begin(), Records().end(), pred);
  }
  std::string archive_, log_;
};

TEST_F(CliReutersTest, AccountsForEveryRecord) {
  ASSERT_EQ(Records().size(), 21578u);
  size_t a = log_.find("indexed "), s = log_.find("skipped ");
  ASSERT_NE(a, std::string::npos) << log_;
  ASSERT_NE(s, std::string::npos) << log_;
  uint64_t indexed = std::stoull(log_.substr(a + 8)), skipped = std::stoull(log_.substr(s + 8));
  EXPECT_EQ(indexed + skipped, Records().size()) << log_;
  uint64_t with_text = Expected([](const Record& r) { return r.has_text; });
  EXPECT_EQ(indexed, with_text);
}

TEST_F(CliReutersTest, WordCountsMatchTheSgml) {
  for (const char* word : {"opec", "cocoa", "bundesbank", "yen"}) {
    uint64_t expected = Expected([&](const Record& r) { return HasToken(r.text, word); });
    EXPECT_EQ(Count(std::string("\"") + word + "\""), expected) << word;
  }
}

TEST_F(CliReutersTest, TopicAndPlaceFiltersMatchTheTags) {
  EXPECT_EQ(Count("topic:crude"),
            Expected([](const Record& r) { return r.topics.count("crude") > 0; }));
  // Every article Reuters tagged iran is found (the extractor may add more
  // that mention Iran in the text).
  auto r =
      RunMorgue("search --format json --limit 5000 --archive " + Quote(archive_) + " place:iran");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> found;
  nlohmann::json result = nlohmann::json::parse(r.out);
  for (const auto& hit : result["hits"]) found.insert(hit["id"].get<std::string>());
  size_t tagged = 0;
  for (const auto& rec : Records()) {
    if (!rec.places.count("iran")) continue;
    ++tagged;
    EXPECT_TRUE(found.count(rec.newid)) << "NEWID " << rec.newid << " is tagged iran";
  }
  EXPECT_GT(tagged, 100u);
  uint64_t usa = Count("place:usa");
  EXPECT_GE(usa, Expected([](const Record& r) { return r.places.count("usa") > 0; }));
  EXPECT_EQ(Count("place:\"united states\""), usa);
  EXPECT_EQ(Count("place:u.s."), usa);
}

TEST_F(CliReutersTest, DateRangesMatchTheDateTags) {
  // Records without any text (one, NEWID 12793) are not articles.
  EXPECT_EQ(Count("date:1987-03-01..1987-03-15"), Expected([](const Record& r) {
              return r.has_text && r.date_day >= "1987-03-01" && r.date_day <= "1987-03-15";
            }));
  EXPECT_EQ(Count("date:1987-04"), Expected([](const Record& r) {
              return r.has_text && r.date_day.compare(0, 7, "1987-04") == 0;
            }));
}

TEST_F(CliReutersTest, OpecStoriesComeFirst) {
  auto r = RunMorgue("search --format json --limit 10 --archive " + Quote(archive_) + " opec");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["total"].get<uint64_t>(), Count("opec"));
  EXPECT_GE(j["total"].get<uint64_t>(), Count("\"opec\""));
  ASSERT_EQ(j["hits"].size(), 10u);
  for (const auto& hit : j["hits"]) {
    std::string headline = hit["headline"];
    EXPECT_NE(headline.find("OPEC"), std::string::npos) << headline;
  }
}

TEST_F(CliReutersTest, ShowFindsAnArticleByNewid) {
  auto r = RunMorgue("show --format json --archive " + Quote(archive_) + " 15");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const Record* rec = nullptr;
  for (const auto& x : Records()) {
    if (x.newid == "15") rec = &x;
  }
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(j["id"], "15");
  EXPECT_EQ(j["source"], "reuters21578");
  EXPECT_EQ(j["date"].get<std::string>(), rec->date_day);
  EXPECT_EQ(j["published"].get<std::string>().substr(0, 10), rec->date_day);
  EXPECT_EQ(j["headline"], rec->title);
}

}  // namespace
}  // namespace morgue

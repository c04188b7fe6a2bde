// Archive::Similar: more like this, the article itself excluded.
#include <gtest/gtest.h>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

Article Make(const std::string& source, const std::string& id, const std::string& headline,
             const std::string& body, int month) {
  Article a;
  a.source = source;
  a.id = id;
  a.headline = headline;
  a.body = {body};
  a.published = Timestamp::FromCivil(1987, month, 1);
  return a;
}

class SimilarTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = Archive::Open(dir_ / "a.morgue", OpenMode::kCreate);
    archive_->Add({
        Make("wire", "cocoa1", "Cocoa buffer stock talks stall",
             "Cocoa producers and consumers failed to agree on buffer stock rules for the "
             "international cocoa agreement in London.",
             3),
        Make("wire", "cocoa2", "Cocoa council meets on buffer stock",
             "The international cocoa council meets again on buffer stock purchases as cocoa "
             "prices fall in London.",
             4),
        Make("paper", "cocoa3", "Ivory Coast cocoa harvest",
             "The Ivory Coast cocoa harvest is expected to be large; cocoa prices fell.", 5),
        Make("wire", "oil1", "OPEC output steady",
             "OPEC ministers kept crude oil output steady in Vienna, oil prices rose.", 3),
        Make("wire", "oil2", "Crude oil prices rise",
             "Crude oil prices rose after OPEC ministers met in Vienna.", 4),
        Make("wire", "bank", "Bundesbank holds rates",
             "The Bundesbank left its discount rate unchanged in Frankfurt.", 4),
    });
  }
  std::vector<std::string> Ids(const std::string& id, SearchRequest r = {}) {
    std::vector<std::string> ids;
    for (const auto& h : archive_->Similar(id, r).hits) ids.push_back(h.id);
    return ids;
  }
  test::TempDir dir_;
  std::unique_ptr<Archive> archive_;
};

TEST_F(SimilarTest, FindsArticlesOnTheSameSubjectFirstAndNotItself) {
  std::vector<std::string> ids = Ids("cocoa1");
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], "cocoa2");
  EXPECT_EQ(ids[1], "cocoa3");
  for (const auto& id : ids) EXPECT_NE(id, "cocoa1");
  EXPECT_EQ(Ids("wire/oil1").at(0), "oil2");
}

TEST_F(SimilarTest, TotalIsExactAndSnippetsMarkTheSharedWords) {
  SearchRequest r;
  r.limit = 1;
  SearchResult result = archive_->Similar("oil2", r);
  ASSERT_EQ(result.hits.size(), 1u);
  EXPECT_GE(result.total, 1u);
  EXPECT_EQ(result.hits[0].id, "oil1");
  EXPECT_FALSE(result.hits[0].highlights.empty()) << result.hits[0].snippet;
  SearchRequest all;
  all.limit = 100;
  EXPECT_EQ(archive_->Similar("oil2", all).hits.size(), result.total);
}

TEST_F(SimilarTest, TheRequestQueryAndDatesFilter) {
  SearchRequest r;
  r.query = "source:paper";
  EXPECT_EQ(Ids("cocoa1", r), (std::vector<std::string>{"cocoa3"}));
  SearchRequest dates;
  dates.from = "1987-04";
  dates.to = "1987-04";
  SearchResult april = archive_->Similar("cocoa1", dates);
  ASSERT_FALSE(april.hits.empty());
  EXPECT_EQ(april.hits[0].id, "cocoa2");
  for (const auto& h : april.hits) EXPECT_EQ(h.published->ToIso8601().substr(0, 7), "1987-04");
}

TEST_F(SimilarTest, UnknownIdIsNotFound) {
  try {
    archive_->Similar("nope", {});
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
  }
}

}  // namespace
}  // namespace morgue

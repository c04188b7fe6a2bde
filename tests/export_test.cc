// Archive::Export: every match exactly once, across pages, in Search's order.
#include <gtest/gtest.h>

#include <set>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

// 2,500 articles (more than two export pages): every one mentions "report";
// every third "oil", with the word repeated i % 5 times so that relevance varies.
std::vector<Article> Corpus() {
  std::vector<Article> out;
  for (int i = 0; i < 2500; ++i) {
    Article a;
    a.source = "test";
    a.id = std::to_string(i);
    a.headline = "report " + a.id;
    std::string body = "daily report";
    if (i % 3 == 0) {
      for (int k = 0; k <= i % 5; ++k) body += " oil";
    }
    a.body = {body};
    if (i % 100 != 7) a.published = Timestamp::FromCivil(1990 + i % 20, 1 + i % 12, 1 + i % 28);
    out.push_back(std::move(a));
  }
  return out;
}

class ExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    archive_ = Archive::Open(*dir_ / "a.morgue", OpenMode::kCreate).release();
    archive_->Add(Corpus());
  }
  static void TearDownTestSuite() {
    delete archive_;
    delete dir_;
  }
  static std::vector<std::string> Ids(const SearchRequest& r) {
    std::vector<std::string> ids;
    uint64_t n = archive_->Export(r, [&](const Article& a) {
      ids.push_back(a.id);
      return true;
    });
    EXPECT_EQ(n, ids.size());
    return ids;
  }
  static std::vector<std::string> SearchIds(SearchRequest r) {
    r.limit = 100000;
    r.snippets = false;
    std::vector<std::string> ids;
    for (const auto& h : archive_->Search(r).hits) ids.push_back(h.id);
    return ids;
  }
  static test::TempDir* dir_;
  static Archive* archive_;
};

test::TempDir* ExportTest::dir_ = nullptr;
Archive* ExportTest::archive_ = nullptr;

TEST_F(ExportTest, EveryMatchExactlyOnceAcrossPages) {
  SearchRequest r;
  r.query = "report";
  std::vector<std::string> ids = Ids(r);
  EXPECT_EQ(ids.size(), 2500u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 2500u);
  r.query = "";
  EXPECT_EQ(Ids(r).size(), 2500u);  // an empty query exports the whole archive
}

TEST_F(ExportTest, RelevanceOrderIsSearchOrder) {
  SearchRequest r;
  r.query = "oil OR daily";
  r.default_and = false;
  std::vector<std::string> ids = Ids(r);
  EXPECT_EQ(ids.size(), 2500u);
  EXPECT_EQ(ids, SearchIds(r));
  r.query = "oil";
  ids = Ids(r);
  EXPECT_EQ(ids.size(), 834u);
  EXPECT_EQ(ids, SearchIds(r));
}

TEST_F(ExportTest, TimeOrdersAreSearchOrders) {
  SearchRequest r;
  r.query = "oil";
  for (SortOrder order : {SortOrder::kNewest, SortOrder::kOldest}) {
    r.sort = order;
    std::vector<std::string> ids = Ids(r);
    EXPECT_EQ(ids, SearchIds(r));
  }
  r.sort = SortOrder::kNewest;
  std::vector<std::string> ids = Ids(r);
  EXPECT_EQ(ids.back(), "2307");  // undated (i % 100 == 7, i % 3 == 0), lowest weight last
  EXPECT_EQ(archive_->Get("test/" + ids.front())->published->ToIso8601().substr(0, 4), "2009");
}

TEST_F(ExportTest, DatesFilterAndTheCallbackStops) {
  SearchRequest r;
  r.query = "report";
  r.from = "1990";
  r.to = "1990";
  EXPECT_EQ(Ids(r).size(), 125u);  // i % 20 == 0 (none of them undated)
  int calls = 0;
  r.from.reset();
  r.to.reset();
  uint64_t n = archive_->Export(r, [&](const Article&) { return ++calls < 1500; });
  EXPECT_EQ(n, 1500u);
  EXPECT_EQ(calls, 1500);
  r.query = "\"report";
  EXPECT_THROW(archive_->Export(r, [](const Article&) { return true; }), Error);
}

}  // namespace
}  // namespace morgue

// Archive::Facets on a small archive with known topics, sections and sources.
#include <gtest/gtest.h>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

Article Make(const std::string& source, const std::string& id, const std::string& body,
             std::vector<std::string> topics, const std::string& section) {
  Article a;
  a.source = source;
  a.id = id;
  a.headline = "story " + id;
  a.body = {body};
  a.topics = std::move(topics);
  a.section = section;
  a.published = Timestamp::FromCivil(1987, 3, 1);
  return a;
}

class FacetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = Archive::Open(dir_ / "a.morgue", OpenMode::kCreate);
    archive_->Add({Make("wire", "1", "oil prices rose", {"crude", "opec"}, "Business"),
                   Make("wire", "2", "oil output cut", {"crude"}, "business"),
                   Make("wire", "3", "wheat harvest", {"grain", "wheat"}, "Farming"),
                   Make("paper", "4", "oil and wheat shipments", {"grain", "crude", "ship"}, ""),
                   Make("paper", "5", "no topics here, just oil", {}, "")});
  }
  FacetResult Facets(const std::string& query, FacetField by, size_t top = 0) {
    SearchRequest r;
    r.query = query;
    return archive_->Facets(r, by, top);
  }
  test::TempDir dir_;
  std::unique_ptr<Archive> archive_;
};

std::vector<std::pair<std::string, uint64_t>> Pairs(const FacetResult& r) {
  std::vector<std::pair<std::string, uint64_t>> out;
  for (const auto& v : r.values) out.emplace_back(v.value, v.count);
  return out;
}

using P = std::vector<std::pair<std::string, uint64_t>>;

TEST_F(FacetsTest, CountsEveryValueOfMultiValuedFieldsExactly) {
  FacetResult r = Facets("oil", FacetField::kTopic);
  EXPECT_EQ(r.total, 4u);  // 1, 2, 4, 5
  EXPECT_EQ(Pairs(r), (P{{"crude", 3}, {"grain", 1}, {"opec", 1}, {"ship", 1}}));
}

TEST_F(FacetsTest, TopKeepsTheLargestWithTiesByValue) {
  FacetResult r = Facets("oil", FacetField::kTopic, 2);
  EXPECT_EQ(r.total, 4u);
  EXPECT_EQ(Pairs(r), (P{{"crude", 3}, {"grain", 1}}));
}

TEST_F(FacetsTest, SingleValuedFieldsAreLowerCased) {
  EXPECT_EQ(Pairs(Facets("oil OR wheat", FacetField::kSection)),
            (P{{"business", 2}, {"farming", 1}}));
  EXPECT_EQ(Pairs(Facets("oil OR wheat", FacetField::kSource)), (P{{"wire", 3}, {"paper", 2}}));
  EXPECT_EQ(Pairs(Facets("wheat", FacetField::kSource)), (P{{"paper", 1}, {"wire", 1}}));
}

TEST_F(FacetsTest, FiltersAndDatesApply) {
  EXPECT_EQ(Pairs(Facets("topic:grain", FacetField::kTopic)),
            (P{{"grain", 2}, {"crude", 1}, {"ship", 1}, {"wheat", 1}}));
  SearchRequest r;
  r.query = "oil";
  r.from = "1988";
  FacetResult none = archive_->Facets(r, FacetField::kTopic, 0);
  EXPECT_EQ(none.total, 0u);
  EXPECT_TRUE(none.values.empty());
}

TEST_F(FacetsTest, AnEmptyQuerySelectsEveryArticle) {
  FacetResult r = Facets("", FacetField::kSource);
  EXPECT_EQ(r.total, 5u);
  EXPECT_EQ(Pairs(r), (P{{"wire", 3}, {"paper", 2}}));
}

TEST_F(FacetsTest, BadQueriesAndFieldNamesThrow) {
  EXPECT_THROW(Facets("\"oil", FacetField::kTopic), Error);
  EXPECT_EQ(ParseFacetField("speaker"), FacetField::kSpeaker);
  try {
    ParseFacetField("colour");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("colour"), std::string::npos);
  }
}

}  // namespace
}  // namespace morgue

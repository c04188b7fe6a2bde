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

// A reader tallies a slot's values match by match the first time and from
// the slot read whole into memory afterwards: both ways must agree, and a
// write must be seen (the columns go with the reader).
TEST_F(FacetsTest, RepeatedTalliesAgreeAndSeeLaterWrites) {
  const P expected{{"crude", 3}, {"grain", 1}, {"opec", 1}, {"ship", 1}};
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    FacetResult r = Facets("oil", FacetField::kTopic);
    EXPECT_EQ(r.total, 4u);
    EXPECT_EQ(Pairs(r), expected);
    EXPECT_EQ(Pairs(Facets("oil OR wheat", FacetField::kSection)),
              (P{{"business", 2}, {"farming", 1}}));
  }
  Article later = Make("wire", "6", "more oil", {"crude", "tanker"}, "Shipping");
  later.topics.push_back("crude");  // a value twice in one article counts once
  archive_->Add({later});
  FacetResult r = Facets("oil", FacetField::kTopic);
  EXPECT_EQ(r.total, 5u);
  EXPECT_EQ(Pairs(r), (P{{"crude", 4}, {"grain", 1}, {"opec", 1}, {"ship", 1}, {"tanker", 1}}));
  EXPECT_EQ(Pairs(Facets("oil", FacetField::kTopic, 1)), (P{{"crude", 4}}));
}

// Over every article the counts are the values' document frequencies, read
// once per snapshot: asked again they agree, a later write (by this archive
// or by another opened on the same directory) is seen, `top` keeps the
// largest with ties by value, and a section's values never take in the
// source (XSRC) and speaker (XSPK) terms sharing its prefix.
TEST_F(FacetsTest, EveryArticleCountsAreReadOncePerSnapshotAndSeeLaterWrites) {
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(Pairs(Facets("", FacetField::kTopic)),
              (P{{"crude", 3}, {"grain", 2}, {"opec", 1}, {"ship", 1}, {"wheat", 1}}));
    EXPECT_EQ(Pairs(Facets("", FacetField::kTopic, 3)),
              (P{{"crude", 3}, {"grain", 2}, {"opec", 1}}));
    EXPECT_EQ(Pairs(Facets("", FacetField::kSection)), (P{{"business", 2}, {"farming", 1}}));
    EXPECT_EQ(Pairs(Facets("", FacetField::kSection, 1)), (P{{"business", 2}}));
  }
  auto reader = Archive::Open(dir_ / "a.morgue", OpenMode::kReadOnly);
  SearchRequest all;
  EXPECT_EQ(Pairs(reader->Facets(all, FacetField::kTopic, 2)), (P{{"crude", 3}, {"grain", 2}}));
  archive_->Add({Make("wire", "6", "more", {"grain", "wheat"}, "Farming"),
                 Make("wire", "7", "more", {"grain", "zinc"}, "farming")});
  for (Archive* a : {archive_.get(), reader.get()}) {
    EXPECT_EQ(Pairs(a->Facets(all, FacetField::kTopic, 3)),
              (P{{"grain", 4}, {"crude", 3}, {"wheat", 2}}));
    EXPECT_EQ(Pairs(a->Facets(all, FacetField::kSection, 0)), (P{{"farming", 3}, {"business", 2}}));
    EXPECT_EQ(a->Facets(all, FacetField::kTopic, 0).total, 7u);
  }
}

// Two shards, each matched by a thread of its own: the counts add up.
TEST(FacetsShardsTest, ValuesOfEveryShardAddUp) {
  test::TempDir dir;
  for (unsigned shards : {1u, 2u, 5u}) {
    SCOPED_TRACE(shards);
    ArchiveOptions options;
    options.shards = shards;
    auto archive = Archive::Open(dir / ("a" + std::to_string(shards)), OpenMode::kCreate, options);
    std::vector<Article> articles;
    for (int i = 0; i < 40; ++i) {
      std::vector<std::string> topics{i % 2 ? "odd" : "even"};
      if (i % 3 == 0) topics.push_back("third");
      articles.push_back(Make("wire", std::to_string(i), i % 4 ? "oil" : "wheat", topics, ""));
    }
    archive->Add(articles);
    for (int pass = 0; pass < 2; ++pass) {
      SearchRequest r;
      r.query = "oil";
      FacetResult f = archive->Facets(r, FacetField::kTopic, 0);
      EXPECT_EQ(f.total, 30u);
      // odd: 20 (all odd i have i % 4 != 0); even: 10; third: i % 3 == 0 and i % 4 != 0: 10
      EXPECT_EQ(Pairs(f), (P{{"odd", 20}, {"even", 10}, {"third", 10}}));
      EXPECT_EQ(archive->Count(r), 30u);
    }
  }
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

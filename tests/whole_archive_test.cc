// Facets and histograms of the whole archive are read from term frequencies
// instead of a pass over every article: they must equal that pass exactly,
// after replacements and deletions too, and on all of Reuters.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/query.h"
#include "test_util.h"

namespace morgue {
namespace {

constexpr FacetField kFields[] = {FacetField::kPerson, FacetField::kOrg,     FacetField::kPlace,
                                  FacetField::kTopic,  FacetField::kSection, FacetField::kSource,
                                  FacetField::kSpeaker};
constexpr Interval kIntervals[] = {Interval::kDay, Interval::kWeek, Interval::kMonth,
                                   Interval::kYear};

// A request that selects every article the long way: no article has this word.
SearchRequest EveryArticleByMatching() {
  SearchRequest r;
  r.built_query = !Query::Word("qqxqzzyyxx");
  return r;
}

void ExpectSameFacets(const Archive& archive, const SearchRequest& fast,
                      const SearchRequest& slow) {
  for (FacetField field : kFields) {
    SCOPED_TRACE(FacetFieldName(field));
    const FacetResult a = archive.Facets(fast, field, 0);
    const FacetResult b = archive.Facets(slow, field, 0);
    EXPECT_EQ(a.total, b.total);
    ASSERT_EQ(a.values.size(), b.values.size());
    for (size_t i = 0; i < a.values.size(); ++i) {
      EXPECT_EQ(a.values[i].value, b.values[i].value);
      EXPECT_EQ(a.values[i].count, b.values[i].count) << a.values[i].value;
    }
  }
}

void ExpectSameHistograms(const Archive& archive, const SearchRequest& fast,
                          const SearchRequest& slow) {
  for (Interval by : kIntervals) {
    SCOPED_TRACE(static_cast<int>(by));
    const HistogramResult a = archive.Histogram(fast, by);
    const HistogramResult b = archive.Histogram(slow, by);
    EXPECT_EQ(a.total, b.total);
    EXPECT_EQ(a.undated, b.undated);
    ASSERT_EQ(a.bins.size(), b.bins.size());
    for (size_t i = 0; i < a.bins.size(); ++i) {
      EXPECT_EQ(a.bins[i].label, b.bins[i].label);
      EXPECT_EQ(a.bins[i].count, b.bins[i].count) << a.bins[i].label;
      EXPECT_EQ(a.bins[i].all, b.bins[i].all) << a.bins[i].label;
    }
  }
}

// Dated histograms of every article, read from the day terms' frequencies,
// against the pass over every article within the same dates.
void ExpectSameDatedHistograms(const Archive& archive, const std::string& from,
                               const std::string& to) {
  SearchRequest fast, slow = EveryArticleByMatching();
  fast.from = slow.from = from;
  fast.to = slow.to = to;
  ExpectSameHistograms(archive, fast, slow);
}

Article Make(const std::string& id, int month, std::vector<std::string> topics,
             const std::string& place, const std::string& section) {
  Article a;
  a.source = id[0] == 'p' ? "paper" : "wire";
  a.id = id;
  a.headline = "story " + id;
  a.body = {"\"We will cut output,\" said Ali Khalifa. Oil prices rose in " + place + "."};
  a.topics = std::move(topics);
  a.section = section;
  if (month > 0) a.published = Timestamp::FromCivil(1987, month, 3 + month);
  a.entities.push_back({place, EntityKind::kPlace, "", EntityOrigin::kTagged});
  return a;
}

TEST(WholeArchiveTest, TermFrequenciesEqualAPassAfterReplacementsAndDeletions) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  archive->Add({Make("w1", 3, {"crude", "opec"}, "Kuwait", "Business"),
                Make("w2", 3, {"crude"}, "Iran", "business"),
                Make("w3", 4, {"grain"}, "Kansas", "Farming"),
                Make("p4", 6, {"grain", "crude"}, "Iran", ""), Make("p5", 0, {}, "Iran", "World")});
  // Replaced: its old topics, place and month must no longer count.
  archive->Add({Make("w2", 5, {"ship"}, "Japan", "Shipping")});
  EXPECT_TRUE(archive->Delete("wire", "w3"));

  SearchRequest all;
  EXPECT_EQ(archive->Facets(all, FacetField::kTopic, 0).total, 4u);
  EXPECT_EQ(archive->Facets(all, FacetField::kTopic, 0).values.size(),
            4u);  // crude opec grain ship
  // Twice: a reader's second tally of a slot reads it whole (ValueColumns).
  for (int pass = 0; pass < 2; ++pass) ExpectSameFacets(*archive, all, EveryArticleByMatching());
  ExpectSameHistograms(*archive, all, EveryArticleByMatching());
  const HistogramResult months = archive->Histogram(all, Interval::kMonth);
  EXPECT_EQ(months.undated, 1u);
  ASSERT_EQ(months.bins.size(), 4u);    // March to June
  EXPECT_EQ(months.bins[0].count, 1u);  // w1 (w2 moved to May)
  EXPECT_EQ(months.bins[1].count, 0u);  // April: w3 deleted

  // With dates, the histogram still reads term frequencies.
  ExpectSameDatedHistograms(*archive, "1987-03", "1987-05-31");
  SearchRequest dated;
  dated.from = "1987-03";
  dated.to = "1987-05-31";
  EXPECT_EQ(archive->Histogram(dated, Interval::kYear).total, 2u);
}

TEST(WholeArchiveReutersTest, TermFrequenciesEqualAPassOverEveryArticle) {
  const std::string dir = test::SharedReutersArchive();
  if (dir.empty()) GTEST_SKIP() << "../shared/corpus is absent: Reuters tests skipped";
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  SearchRequest all;
  // Twice: a reader's second tally of a slot reads it whole (ValueColumns).
  for (int pass = 0; pass < 2; ++pass) ExpectSameFacets(*archive, all, EveryArticleByMatching());
  ExpectSameHistograms(*archive, all, EveryArticleByMatching());
  ExpectSameDatedHistograms(*archive, "1987-03-01", "1987-03-20");
}

}  // namespace
}  // namespace morgue

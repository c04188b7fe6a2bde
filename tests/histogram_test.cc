// Archive::Histogram on a small archive with known dates: bins, empty bins,
// ISO weeks, the share of all articles, undated matches.
#include <gtest/gtest.h>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

Article Make(const std::string& id, const std::string& body, std::optional<Timestamp> when) {
  Article a;
  a.source = "test";
  a.id = id;
  a.headline = "story " + id;
  a.body = {body};
  a.published = when;
  return a;
}

std::optional<Timestamp> Day(int y, int m, int d) {
  return Timestamp::FromCivil(y, m, d, 23, 30, 0);
}

class HistogramTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = Archive::Open(dir_ / "a.morgue", OpenMode::kCreate);
    archive_->Add({Make("1", "oil", Day(2020, 12, 31)),  // Thursday, 2020-W53
                   Make("2", "oil", Day(2021, 1, 3)),    // Sunday, 2020-W53
                   Make("3", "wheat", Day(2021, 1, 3)),
                   Make("4", "oil", Day(2021, 1, 4)),  // Monday, 2021-W01
                   Make("5", "wheat", Day(2021, 2, 10)), Make("6", "oil", Day(2021, 4, 1)),
                   Make("7", "oil without a date", std::nullopt)});
  }
  HistogramResult Run(const std::string& query, Interval by) {
    SearchRequest r;
    r.query = query;
    return archive_->Histogram(r, by);
  }
  test::TempDir dir_;
  std::unique_ptr<Archive> archive_;
};

struct Row {
  std::string label, start;
  uint64_t count, all;
  bool operator==(const Row&) const = default;
};

std::vector<Row> Rows(const HistogramResult& r) {
  std::vector<Row> out;
  for (const auto& b : r.bins) out.push_back({b.label, b.start, b.count, b.all});
  return out;
}

void PrintTo(const Row& r, std::ostream* os) {
  *os << r.label << " " << r.start << " " << r.count << "/" << r.all;
}

TEST_F(HistogramTest, MonthsFromFirstToLastMatchIncludingEmptyOnes) {
  HistogramResult r = Run("oil", Interval::kMonth);
  EXPECT_EQ(r.total, 5u);
  EXPECT_EQ(r.undated, 1u);
  EXPECT_EQ(Rows(r), (std::vector<Row>{{"2020-12", "2020-12-01", 1, 1},
                                       {"2021-01", "2021-01-01", 2, 3},
                                       {"2021-02", "2021-02-01", 0, 1},
                                       {"2021-03", "2021-03-01", 0, 0},
                                       {"2021-04", "2021-04-01", 1, 1}}));
  EXPECT_DOUBLE_EQ(r.bins[1].share, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.bins[2].share, 0.0);
  EXPECT_DOUBLE_EQ(r.bins[3].share, 0.0);  // no articles at all: 0, not NaN
}

TEST_F(HistogramTest, IsoWeeksStartOnMonday) {
  HistogramResult r = Run("oil date:..2021-01", Interval::kWeek);
  EXPECT_EQ(Rows(r),
            (std::vector<Row>{{"2020-W53", "2020-12-28", 2, 3}, {"2021-W01", "2021-01-04", 1, 1}}));
}

TEST_F(HistogramTest, DaysAndYears) {
  HistogramResult days = Run("wheat", Interval::kDay);
  ASSERT_EQ(days.bins.size(), 39u);  // 2021-01-03 .. 2021-02-10
  EXPECT_EQ(days.bins.front().label, "2021-01-03");
  EXPECT_EQ(days.bins.front().all, 2u);
  EXPECT_EQ(days.bins.back().label, "2021-02-10");
  EXPECT_EQ(days.bins[1].count, 0u);

  EXPECT_EQ(Rows(Run("oil OR wheat", Interval::kYear)),
            (std::vector<Row>{{"2020", "2020-01-01", 1, 1}, {"2021", "2021-01-01", 5, 5}}));
}

TEST_F(HistogramTest, FromToAndNoMatches) {
  SearchRequest r;
  r.query = "oil";
  r.from = "2021-01-04";
  HistogramResult h = archive_->Histogram(r, Interval::kMonth);
  EXPECT_EQ(h.total, 2u);
  EXPECT_EQ(h.undated, 0u);
  EXPECT_EQ(Rows(h), (std::vector<Row>{{"2021-01", "2021-01-01", 1, 3},
                                       {"2021-02", "2021-02-01", 0, 1},
                                       {"2021-03", "2021-03-01", 0, 0},
                                       {"2021-04", "2021-04-01", 1, 1}}));
  HistogramResult none = Run("barley", Interval::kDay);
  EXPECT_EQ(none.total, 0u);
  EXPECT_TRUE(none.bins.empty());
}

TEST_F(HistogramTest, EveryArticleWithAnEmptyQuery) {
  HistogramResult r = Run("", Interval::kYear);
  EXPECT_EQ(r.total, 7u);
  EXPECT_EQ(r.undated, 1u);
  for (const auto& b : r.bins) EXPECT_EQ(b.count, b.all) << b.label;
}

// The first tally of the day slot goes match by match, later ones through
// the slot read whole: the same bins, and a write is seen.
TEST_F(HistogramTest, RepeatedHistogramsAgreeAndSeeLaterWrites) {
  const std::vector<Row> expected{{"2020-12", "2020-12-01", 1, 1},
                                  {"2021-01", "2021-01-01", 2, 3},
                                  {"2021-02", "2021-02-01", 0, 1},
                                  {"2021-03", "2021-03-01", 0, 0},
                                  {"2021-04", "2021-04-01", 1, 1}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Rows(Run("oil", Interval::kMonth)), expected) << i;
  archive_->Add({Make("8", "oil again", Day(2021, 3, 15))});
  HistogramResult r = Run("oil", Interval::kMonth);
  EXPECT_EQ(r.total, 6u);
  EXPECT_EQ(Rows(r)[3], (Row{"2021-03", "2021-03-01", 1, 1}));
}

TEST_F(HistogramTest, ParsesIntervalNames) {
  EXPECT_EQ(ParseInterval("week"), Interval::kWeek);
  EXPECT_THROW(ParseInterval("fortnight"), Error);
}

}  // namespace
}  // namespace morgue

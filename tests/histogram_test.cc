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
  EXPECT_DOUBLE_EQ(r.bins[1].share.value(), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r.bins[2].share.value(), 0.0);  // articles, none matching: 0
  EXPECT_FALSE(r.bins[3].share.has_value());       // no articles at all: no share
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
  // January counts from the 4th for the archive too (before: all of
  // January, 3 articles, so the share of the first bin was too small).
  EXPECT_EQ(Rows(h), (std::vector<Row>{{"2021-01", "2021-01-01", 1, 1},
                                       {"2021-02", "2021-02-01", 0, 1},
                                       {"2021-03", "2021-03-01", 0, 0},
                                       {"2021-04", "2021-04-01", 1, 1}}));
  // Nothing matches: the archive's span, zero-filled.
  HistogramResult none = Run("barley", Interval::kDay);
  EXPECT_EQ(none.total, 0u);
  ASSERT_EQ(none.bins.size(), 92u);  // 2020-12-31 .. 2021-04-01
  EXPECT_EQ(none.bins.front().start, "2020-12-31");
  EXPECT_EQ(none.bins.back().start, "2021-04-01");
  for (const auto& b : none.bins) EXPECT_EQ(b.count, 0u) << b.label;
}

HistogramResult Between(Archive& archive, const std::string& query, std::optional<std::string> from,
                        std::optional<std::string> to, Interval by = Interval::kMonth) {
  SearchRequest r;
  r.query = query;
  r.from = std::move(from);
  r.to = std::move(to);
  return archive.Histogram(r, by);
}

// Before: --from 2020-11 --to 2021-06 gave the span of the matches
// (2020-12 .. 2021-04), so series of two queries did not line up, and a
// month without any article had a share of 0 like a month whose articles
// did not match.
TEST_F(HistogramTest, TheAskedSpanIsCoveredWholeAndNoArticlesIsNoShare) {
  HistogramResult r = Between(*archive_, "oil", "2020-11", "2021-06");
  EXPECT_EQ(Rows(r), (std::vector<Row>{{"2020-11", "2020-11-01", 0, 0},
                                       {"2020-12", "2020-12-01", 1, 1},
                                       {"2021-01", "2021-01-01", 2, 3},
                                       {"2021-02", "2021-02-01", 0, 1},
                                       {"2021-03", "2021-03-01", 0, 0},
                                       {"2021-04", "2021-04-01", 1, 1},
                                       {"2021-05", "2021-05-01", 0, 0},
                                       {"2021-06", "2021-06-01", 0, 0}}));
  for (const auto& b : r.bins) {
    EXPECT_EQ(b.share.has_value(), b.all > 0) << b.label;
    if (b.share) {
      EXPECT_DOUBLE_EQ(*b.share, double(b.count) / double(b.all)) << b.label;
    }
  }
  // Another query over the same span: the same intervals, the same `all`.
  HistogramResult wheat = Between(*archive_, "wheat", "2020-11", "2021-06");
  ASSERT_EQ(wheat.bins.size(), r.bins.size());
  for (size_t i = 0; i < r.bins.size(); ++i) {
    EXPECT_EQ(wheat.bins[i].label, r.bins[i].label);
    EXPECT_EQ(wheat.bins[i].all, r.bins[i].all);
  }
  // Nothing matches: still the asked span, every count 0.
  HistogramResult none = Between(*archive_, "barley", "2020-11", "2021-06");
  EXPECT_EQ(none.bins.size(), 8u);
  // Days and weeks: from the interval holding --from to the one holding --to.
  HistogramResult weeks = Between(*archive_, "oil", "2020-12-30", "2021-01-12", Interval::kWeek);
  EXPECT_EQ(Rows(weeks), (std::vector<Row>{{"2020-W53", "2020-12-28", 2, 3},
                                           {"2021-W01", "2021-01-04", 1, 1},
                                           {"2021-W02", "2021-01-11", 0, 0}}));
}

TEST_F(HistogramTest, ASideNotAskedForIsTheMatchesOrElseTheArchives) {
  EXPECT_EQ(Rows(Between(*archive_, "wheat", std::nullopt, "2021-03")),
            (std::vector<Row>{{"2021-01", "2021-01-01", 1, 3},
                              {"2021-02", "2021-02-01", 1, 1},
                              {"2021-03", "2021-03-01", 0, 0}}));
  EXPECT_EQ(Rows(Between(*archive_, "wheat", "2020-12", std::nullopt)),
            (std::vector<Row>{{"2020-12", "2020-12-01", 0, 1},
                              {"2021-01", "2021-01-01", 1, 3},
                              {"2021-02", "2021-02-01", 1, 1}}));
  // Nothing matches and only --from: to the archive's last article.
  EXPECT_EQ(Between(*archive_, "barley", "2021-02", std::nullopt).bins.size(), 3u);
  // Beyond every article: the one asked-for interval.
  HistogramResult later = Between(*archive_, "barley", "2030-05-05", std::nullopt);
  EXPECT_EQ(Rows(later), (std::vector<Row>{{"2030-05", "2030-05-01", 0, 0}}));
  EXPECT_FALSE(later.bins[0].share.has_value());
}

TEST_F(HistogramTest, TheIntervalLimitAppliesToTheAskedSpan) {
  // One match, but a span of 2,000 years by day: refused before any bin.
  try {
    Between(*archive_, "wheat", "1000", "2999", Interval::kDay);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("from 1000-01-01 to 2999-12-31"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(Between(*archive_, "wheat", "1000", "2999", Interval::kYear).bins.size(), 2000u);
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

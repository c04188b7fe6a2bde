// Archive::HistogramsSideBySide, HistogramSplit and FacetsSideBySide on a
// small generated archive, checked against the single-query answers
// (Histogram, Facets) and against Count over each interval: every column
// of a comparison is what its query alone gives, on one span of intervals.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/query.h"
#include "side_by_side_fixture.h"
#include "test_util.h"

namespace morgue {
namespace {

// 120 articles of 1987 and early 1988 over three sources, two sections (and
// none) and a few places; "tin" only in 1987-03, "cocoa" only in 1987-06.
std::vector<Article> Corpus() {
  const char* words[] = {"oil", "wheat", "opec", "prices", "rose", "fell"};
  const char* sources[] = {"wire", "paper", "radio"};
  const char* places[] = {"iran", "iraq", "usa", "japan"};
  std::vector<Article> out;
  uint32_t x = 7;
  auto next = [&x] { return x = x * 1103515245u + 12345u, (x >> 16) & 0x7fff; };
  for (int i = 1; i <= 120; ++i) {
    Article a;
    a.source = sources[next() % 3];
    a.id = std::to_string(i);
    a.headline = std::string(words[next() % 6]) + " " + words[next() % 6];
    a.body = {std::string(words[next() % 6]) + " " + words[next() % 6] + " " + words[next() % 6]};
    if (i % 4 == 0) a.section = i % 8 ? "business" : "world";
    for (unsigned k = next() % 3; k > 0; --k) {
      a.entities.push_back({places[next() % 4], EntityKind::kPlace, "", EntityOrigin::kTagged});
    }
    if (i % 11)
      a.published = Timestamp::FromCivil(1987 + i / 100, 1 + i % 12, 1 + i % 28, 12, 0, 0);
    out.push_back(std::move(a));
  }
  test::AppendTinAndCocoa(&out);
  return out;
}

class SideBySideTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    auto archive = Archive::Open(*dir_ / "a.morgue", OpenMode::kCreate);
    archive->Add(Corpus());
  }
  static void TearDownTestSuite() { delete dir_; }
  void SetUp() override { archive_ = Archive::Open(*dir_ / "a.morgue", OpenMode::kReadOnly); }

  static SearchRequest Request(const std::string& query, std::optional<std::string> from = {},
                               std::optional<std::string> to = {}) {
    SearchRequest r;
    r.query = query;
    r.from = std::move(from);
    r.to = std::move(to);
    return r;
  }

  // Checks every bin of `got` (one result of a comparison, its bins labelled
  // by `by`: day, month or year) against Count over the bin's days within
  // the request's dates (from / to given as full days or not at all), and
  // against the request's own Histogram where that has the bin.
  void ExpectOracle(const SearchRequest& request, const HistogramResult& got, Interval by) {
    const HistogramResult alone = archive_->Histogram(request, by);
    EXPECT_EQ(got.total, alone.total) << request.query;
    EXPECT_EQ(got.undated, alone.undated) << request.query;
    std::map<std::string, HistogramBin> own;
    for (const auto& b : alone.bins) own[b.label] = b;
    size_t inside = 0;
    for (const auto& b : got.bins) {
      const size_t n = b.label.size();  // 4, 7 or 10: the prefix of a day naming the bin
      const std::string first = request.from.value_or("0000").substr(0, n);
      const std::string last = request.to.value_or("9999").substr(0, n);
      uint64_t count = 0, all = 0;
      if (b.label >= first && b.label <= last) {
        SearchRequest in_bin = request;
        in_bin.from = b.label == first && request.from ? *request.from : b.label;
        in_bin.to = b.label == last && request.to ? *request.to : b.label;
        const Query days = Query::Dates(in_bin.from, in_bin.to);  // a query for Count of ""
        in_bin.built_query = in_bin.built_query.empty() ? days : in_bin.built_query && days;
        count = archive_->Count(in_bin);
        SearchRequest every;  // the archive's articles on the same days
        every.built_query = Query::Dates(in_bin.from, in_bin.to);
        all = archive_->Count(every);
      }
      EXPECT_EQ(b.count, count) << request.query << " " << b.label;
      EXPECT_EQ(b.all, all) << request.query << " " << b.label;
      EXPECT_EQ(b.share.has_value(), all > 0) << request.query << " " << b.label;
      if (b.share && all > 0) {
        EXPECT_DOUBLE_EQ(*b.share, static_cast<double>(count) / static_cast<double>(all));
      }
      auto it = own.find(b.label);
      if (it == own.end()) continue;
      ++inside;
      EXPECT_EQ(b.start, it->second.start);
      EXPECT_EQ(b.count, it->second.count) << request.query << " " << b.label;
      EXPECT_EQ(b.all, it->second.all) << request.query << " " << b.label;
      EXPECT_EQ(b.share, it->second.share) << request.query << " " << b.label;
    }
    EXPECT_EQ(inside, alone.bins.size()) << request.query << ": its own span is in the union";
  }

  void ExpectSameBins(const std::vector<HistogramResult>& results) {
    ASSERT_FALSE(results.empty());
    for (const auto& r : results) {
      ASSERT_EQ(r.bins.size(), results.front().bins.size());
      for (size_t i = 0; i < r.bins.size(); ++i) {
        EXPECT_EQ(r.bins[i].label, results.front().bins[i].label);
        EXPECT_EQ(r.bins[i].start, results.front().bins[i].start);
      }
    }
  }

  static test::TempDir* dir_;
  std::unique_ptr<Archive> archive_;
};

test::TempDir* SideBySideTest::dir_ = nullptr;

std::vector<std::string> Labels(const HistogramResult& r) {
  std::vector<std::string> out;
  for (const auto& b : r.bins) out.push_back(b.label);
  return out;
}

TEST_F(SideBySideTest, EveryColumnIsTheSingleQueryAnswer) {
  const std::vector<SearchRequest> requests = {
      Request("oil"),       Request("wheat prices"), Request("opec OR tin"),
      Request(""),          Request("place:iran"),   Request("oil", "1987-02-10", "1987-09-20"),
      Request("nosuchword")};
  for (Interval by : {Interval::kMonth, Interval::kYear}) {
    const auto results = archive_->HistogramsSideBySide(requests, by);
    ASSERT_EQ(results.size(), requests.size());
    ExpectSameBins(results);
    for (size_t i = 0; i < requests.size(); ++i) ExpectOracle(requests[i], results[i], by);
  }
  // By day (fewer queries: every bin is checked with two counts).
  const std::vector<SearchRequest> days = {requests[1], requests[5], Request("tin")};
  const auto results = archive_->HistogramsSideBySide(days, Interval::kDay);
  ExpectSameBins(results);
  for (size_t i = 0; i < days.size(); ++i) ExpectOracle(days[i], results[i], Interval::kDay);
}

TEST_F(SideBySideTest, TheSpanIsTheUnionOfDifferentSpans) {
  const std::vector<SearchRequest> requests = {Request("tin"), Request("cocoa")};
  const auto results = archive_->HistogramsSideBySide(requests, Interval::kMonth);
  ASSERT_EQ(results.size(), 2u);
  ExpectSameBins(results);
  EXPECT_EQ(Labels(results[0]),
            (std::vector<std::string>{"1987-03", "1987-04", "1987-05", "1987-06"}));
  EXPECT_EQ(results[0].bins[0].count, 3u);
  EXPECT_EQ(results[0].bins[3].count, 0u);
  EXPECT_EQ(results[1].bins[0].count, 0u);
  EXPECT_EQ(results[1].bins[3].count, 3u);
  // Outside its own span but within its (open) dates: the archive's
  // articles are there, so the share is 0, not unknown.
  EXPECT_GT(results[0].bins[3].all, 0u);
  EXPECT_EQ(results[0].bins[3].share, 0.0);
  for (size_t i = 0; i < 2; ++i) ExpectOracle(requests[i], results[i], Interval::kMonth);
}

TEST_F(SideBySideTest, DatesDifferingPerSeries) {
  const std::vector<SearchRequest> requests = {Request("oil", "1987-02-15", "1987-04-10"),
                                               Request("wheat", "1987-06-01", "1987-07-31"),
                                               Request("prices", std::nullopt, "1987-03-31")};
  for (Interval by : {Interval::kDay, Interval::kMonth}) {
    const auto results = archive_->HistogramsSideBySide(requests, by);
    ExpectSameBins(results);
    for (size_t i = 0; i < requests.size(); ++i) ExpectOracle(requests[i], results[i], by);
  }
  const auto months = archive_->HistogramsSideBySide(requests, Interval::kMonth);
  // "oil" asks for nothing in 1987-06: no count, no articles, no share.
  EXPECT_EQ(months[0].bins.back().label, "1987-07");  // "wheat" to its --to
  HistogramBin june;
  for (const auto& b : months[0].bins) {
    if (b.label == "1987-06") june = b;
  }
  EXPECT_EQ(june.label, "1987-06");
  EXPECT_EQ(june.count, 0u);
  EXPECT_EQ(june.all, 0u);
  EXPECT_FALSE(june.share.has_value());
}

TEST_F(SideBySideTest, AQueryWithoutMatchesDoesNotStretchTheSpan) {
  const auto results =
      archive_->HistogramsSideBySide({Request("tin"), Request("nosuchword")}, Interval::kMonth);
  EXPECT_EQ(Labels(results[1]), (std::vector<std::string>{"1987-03"}));
  EXPECT_EQ(results[1].total, 0u);
  EXPECT_EQ(results[1].bins[0].count, 0u);
  EXPECT_GT(results[1].bins[0].all, 0u);
  // With nothing matching anywhere: the span Histogram gives.
  const auto none = archive_->HistogramsSideBySide({Request("nosuchword")}, Interval::kYear);
  EXPECT_EQ(Labels(none[0]), Labels(archive_->Histogram(Request("nosuchword"), Interval::kYear)));
}

TEST_F(SideBySideTest, LimitsAreClearErrors) {
  try {
    archive_->HistogramsSideBySide({}, Interval::kMonth);
    FAIL() << "no request";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
  std::vector<SearchRequest> many(kMaxSideBySide + 1, Request("oil"));
  try {
    archive_->HistogramsSideBySide(many, Interval::kMonth);
    FAIL() << "too many requests";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("the limit is 100"), std::string::npos) << e.what();
  }
  EXPECT_THROW(archive_->FacetsSideBySide(many, FacetField::kPlace, 5), Error);
  // 100 series by day over 30 years: 1,095,700 bins together.
  std::vector<SearchRequest> wide(kMaxSideBySide, Request("oil", "1970-01-01", "1999-12-31"));
  try {
    archive_->HistogramsSideBySide(wide, Interval::kDay);
    FAIL() << "too many bins";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLimit);
    EXPECT_NE(std::string(e.what()).find("bins together"), std::string::npos) << e.what();
  }
  // The union span alone is held to kMaxHistogramIntervals.
  EXPECT_THROW(archive_->HistogramsSideBySide({Request("oil", "0001-01-01"),
                                               Request("oil", std::nullopt, "9999-12-31")},
                                              Interval::kDay),
               Error);
  // A bad date is a syntax error, whichever series holds it.
  try {
    archive_->HistogramsSideBySide({Request("oil"), Request("oil", "1987-13")}, Interval::kMonth);
    FAIL() << "bad date";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
  }
}

TEST_F(SideBySideTest, SplitSeriesAndOutsideAddUpToTheTotal) {
  for (FacetField field : {FacetField::kSource, FacetField::kSection}) {
    for (size_t top : {size_t{1}, size_t{2}, size_t{5}}) {
      const SearchRequest request = Request("oil OR wheat");
      const SplitHistograms split = archive_->HistogramSplit(request, field, top, Interval::kMonth);
      const FacetResult facets = archive_->Facets(request, field, top);
      ASSERT_EQ(split.values.size(), facets.values.size());
      ASSERT_EQ(split.series.size(), split.values.size());
      EXPECT_EQ(split.total, archive_->Count(request));
      uint64_t sum = split.outside.total;
      std::vector<SearchRequest> filtered;
      for (size_t i = 0; i < split.values.size(); ++i) {
        EXPECT_EQ(split.values[i], facets.values[i].value);
        EXPECT_EQ(split.series[i].total, facets.values[i].count);
        sum += split.series[i].total;
        SearchRequest with = request;
        with.filters.push_back({field, split.values[i]});
        filtered.push_back(with);
        ExpectOracle(with, split.series[i], Interval::kMonth);
      }
      EXPECT_EQ(sum, split.total) << FacetFieldName(field) << " top " << top;
      // Every column as the filtered requests side by side give it, beside
      // the request AND none of the values.
      if (!filtered.empty()) {
        std::vector<Query> any;
        for (const auto& v : split.values) any.push_back(Query::Filter(field, v));
        SearchRequest outside = request;
        outside.built_query = !Query::Or(any);
        filtered.push_back(outside);
        const auto same = archive_->HistogramsSideBySide(filtered, Interval::kMonth);
        ASSERT_EQ(same.size(), split.series.size() + 1);
        EXPECT_EQ(same.back().total, split.outside.total);
        EXPECT_EQ(Labels(same.back()), Labels(split.outside));
        for (size_t i = 0; i < split.series.size(); ++i) {
          EXPECT_EQ(Labels(same[i]), Labels(split.series[i]));
          for (size_t k = 0; k < same[i].bins.size(); ++k) {
            EXPECT_EQ(same[i].bins[k].count, split.series[i].bins[k].count);
          }
        }
      }
    }
  }
}

TEST_F(SideBySideTest, SplitByPlaceCountsArticlesWithNoneOfTheValues) {
  const SearchRequest request = Request("oil");
  const SplitHistograms split =
      archive_->HistogramSplit(request, FacetField::kPlace, 2, Interval::kYear);
  ASSERT_EQ(split.values.size(), 2u);
  SearchRequest any = request;
  any.built_query = Query::Or({Query::Filter(FacetField::kPlace, split.values[0]),
                               Query::Filter(FacetField::kPlace, split.values[1])});
  EXPECT_EQ(split.outside.total, split.total - archive_->Count(any));
  SearchRequest none = request;
  none.built_query = !any.built_query;
  ExpectOracle(none, split.outside, Interval::kYear);
}

TEST_F(SideBySideTest, SplitOnAFieldWithNoValues) {
  // No article matching "tin" has a section.
  const SplitHistograms split =
      archive_->HistogramSplit(Request("tin"), FacetField::kSection, 5, Interval::kMonth);
  EXPECT_TRUE(split.values.empty());
  EXPECT_TRUE(split.series.empty());
  EXPECT_EQ(split.total, 3u);
  EXPECT_EQ(split.outside.total, 3u);
  EXPECT_EQ(Labels(split.outside), (std::vector<std::string>{"1987-03"}));
  EXPECT_THROW(archive_->HistogramSplit(Request("tin"), FacetField::kSource, 0, Interval::kMonth),
               Error);
}

TEST_F(SideBySideTest, FacetColumnsHoldExactCountsForEveryValueShown) {
  const std::vector<SearchRequest> requests = {Request("oil"), Request("wheat", "1987-05-01"),
                                               Request("tin"), Request("nosuchword")};
  for (FacetField field : {FacetField::kPlace, FacetField::kSource, FacetField::kSection}) {
    for (size_t top : {size_t{0}, size_t{1}, size_t{2}}) {
      const auto results = archive_->FacetsSideBySide(requests, field, top);
      ASSERT_EQ(results.size(), requests.size());
      std::set<std::string> expected_values;
      for (const SearchRequest& r : requests) {
        for (const auto& v : archive_->Facets(r, field, top).values)
          expected_values.insert(v.value);
      }
      for (size_t i = 0; i < requests.size(); ++i) {
        const FacetResult all = archive_->Facets(requests[i], field, 0);
        EXPECT_EQ(results[i].total, all.total);
        std::map<std::string, uint64_t> exact;
        for (const auto& v : all.values) exact[v.value] = v.count;
        ASSERT_EQ(results[i].values.size(), expected_values.size());
        std::set<std::string> seen;
        for (size_t k = 0; k < results[i].values.size(); ++k) {
          const FacetCount& v = results[i].values[k];
          EXPECT_EQ(v.value, results[0].values[k].value);  // one order in every column
          EXPECT_EQ(v.count, exact.count(v.value) ? exact[v.value] : 0u) << v.value;
          SearchRequest with = requests[i];
          with.filters.push_back({field, v.value});
          EXPECT_EQ(v.count, archive_->Count(with)) << v.value;
          seen.insert(v.value);
        }
        EXPECT_EQ(seen, expected_values);
      }
    }
  }
}

}  // namespace
}  // namespace morgue

// Relative dates (date:today, date:last-30-days, date:2020-01..now, --from
// -7d, --to today): the grammar as a table of inputs and the days they mean
// against a fixed clock, the errors with their positions, and the counts on
// an archive against a brute-force count over the articles' stored dates.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/query.h"
#include "query/day_range.h"
#include "test_util.h"

namespace morgue {
namespace {

Timestamp At(int y, int m, int d, int hour = 12) { return *Timestamp::FromCivil(y, m, d, hour); }

struct RangeRow {
  const char* text;
  const char* from;
  const char* to;
};

// Today is 2026-12-05 (a Saturday).
TEST(RelativeDates, RangesAgainstAFixedDay) {
  const Today today(At(2026, 12, 5, 23));
  const RangeRow rows[] = {
      {"today", "20261205", "20261205"},
      {"now", "20261205", "20261205"},
      {"yesterday", "20261204", "20261204"},
      {"last-1-days", "20261205", "20261205"},
      {"last-30-days", "20261106", "20261205"},
      {"last-2-weeks", "20261122", "20261205"},
      {"last-1-week", "20261129", "20261205"},
      {"last-6-months", "20260606", "20261205"},
      {"last-1-years", "20251206", "20261205"},
      {"-7d..", "20261128", ""},
      {"now-7d..", "20261128", ""},
      {"-7d..yesterday", "20261128", "20261204"},
      {"-0d..", "20261205", ""},
      {"-2w..-1w", "20261121", "20261128"},
      {"-1M..", "20261105", ""},
      {"-1y..", "20251205", ""},
      {"2020-01..now", "20200101", "20261205"},
      {"2020..today", "20200101", "20261205"},
      {"..-30d", "", "20261105"},
  };
  for (const RangeRow& row : rows) {
    DayRange range;
    size_t offset = 0;
    std::optional<std::string> error = ParseDayRange(row.text, range, offset, &today);
    ASSERT_FALSE(error) << row.text << ": " << *error;
    EXPECT_EQ(range.from, row.from) << row.text;
    EXPECT_EQ(range.to, row.to) << row.text;
  }
}

// Calendar months and years back land on the month's last day when the day
// does not exist there.
TEST(RelativeDates, MonthsAndYearsBackClampToTheMonthsLastDay) {
  std::string key;
  const Today march31(At(2026, 3, 31));
  ASSERT_FALSE(ParseDayBound("-1M", false, key, &march31));
  EXPECT_EQ(key, "20260228");
  const Today leap_day(At(2024, 2, 29));
  ASSERT_FALSE(ParseDayBound("-1y", false, key, &leap_day));
  EXPECT_EQ(key, "20230228");
  ASSERT_FALSE(ParseDayBound("-4y", false, key, &leap_day));
  EXPECT_EQ(key, "20200229");
  ASSERT_FALSE(ParseDayBound("-1d", false, key, &march31));
  EXPECT_EQ(key, "20260330");
  const Today new_year(At(2027, 1, 1, 0));
  ASSERT_FALSE(ParseDayBound("yesterday", false, key, &new_year));
  EXPECT_EQ(key, "20261231");
}

struct ErrorRow {
  const char* text;
  const char* message;  // a part of it
};

TEST(RelativeDates, MalformedFormsSayWhatToWrite) {
  const Today today(At(2026, 12, 5));
  const ErrorRow rows[] = {
      {"-7d", "-7d.."},                        // one day: almost never meant
      {"now-7d", "now-7d.."},                  //
      {"now-1m..", "months are M"},            // Elasticsearch's minutes
      {"-3h..", "whole UTC days"},             //
      {"now/d", "rounding"},                   //
      {"now-1M/M..", "rounding"},              //
      {"now+1d..", "only days before today"},  //
      {"last-0-days", "at least 1"},           //
      {"last-30-fortnights", "last-30-days"},  //
      {"last-x-days", "last-30-days"},         //
      {"2.weeks..", "morgue reads today"},     // notmuch
      {"-d..", "write -7d"},                   //
      {"-1234567890d..", "write -7d"},         // more than 9 digits
      {"-2000y..", "before the year 1000"},    //
      {"-999999999d..", "before the year 1000"},
      {"last-999999999-years", "before the year 1000"},
      {"nowish", "morgue reads today"},
  };
  for (const ErrorRow& row : rows) {
    DayRange range;
    size_t offset = 0;
    std::optional<std::string> error = ParseDayRange(row.text, range, offset, &today);
    ASSERT_TRUE(error) << row.text << " parsed as " << range.from << ".." << range.to;
    EXPECT_NE(error->find(row.message), std::string::npos) << row.text << ": " << *error;
  }
  // Without a day to resolve against (Query::Dates), relative forms are refused.
  std::string key;
  std::optional<std::string> error = ParseDayBound("today", false, key, nullptr);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("not allowed here"), std::string::npos) << *error;
  try {
    Query::Dates("-7d", std::nullopt);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
}

// 400 articles, article i published i / 2 days before 2026-12-05 (two a
// day), every 9th undated.
std::vector<Article> DatedCorpus() {
  std::vector<Article> out;
  for (int i = 0; i < 400; ++i) {
    Article a;
    a.source = "s";
    a.id = std::to_string(i);
    a.headline = "story " + a.id;
    a.body = {i % 2 ? "crude oil prices" : "grain harvest report"};
    if (i % 9 != 4) {
      const auto day = std::chrono::sys_days(std::chrono::year_month_day{std::chrono::year(2026),
                                                                         std::chrono::December,
                                                                         std::chrono::day(5)}) -
                       std::chrono::days(i / 2);
      a.published = Timestamp{std::chrono::duration_cast<std::chrono::seconds>(
                                  day.time_since_epoch() + std::chrono::hours(i % 24))
                                  .count()};
    }
    out.push_back(std::move(a));
  }
  return out;
}

uint64_t BruteCount(const std::string& first, const std::string& last,
                    const std::string& word = "") {
  uint64_t n = 0;
  for (const Article& a : DatedCorpus()) {
    if (!a.published) continue;
    const std::string day = a.published->ToDayKey();
    if ((first.empty() || day >= first) && (last.empty() || day <= last) &&
        (word.empty() || a.body[0].find(word) != std::string::npos)) {
      ++n;
    }
  }
  return n;
}

class RelativeDatesArchive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    archive_ = Archive::Open(*dir_ / "a", OpenMode::kCreate).release();
    archive_->Add(DatedCorpus());
  }
  static void TearDownTestSuite() {
    delete archive_;
    delete dir_;
  }
  static SearchRequest At20261205(const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.now = At(2026, 12, 5, 7);
    return r;
  }
  static test::TempDir* dir_;
  static Archive* archive_;
};
test::TempDir* RelativeDatesArchive::dir_ = nullptr;
Archive* RelativeDatesArchive::archive_ = nullptr;

TEST_F(RelativeDatesArchive, CountsEqualBruteForce) {
  struct Row {
    std::string query;
    std::optional<std::string> from, to;
    std::string first, last, word;
  };
  const std::vector<Row> rows = {
      {"date:today", {}, {}, "20261205", "20261205", ""},
      {"date:yesterday", {}, {}, "20261204", "20261204", ""},
      {"date:last-30-days", {}, {}, "20261106", "20261205", ""},
      {"oil date:last-2-weeks", {}, {}, "20261122", "20261205", "oil"},
      {"date:-7d..", {}, {}, "20261128", "", ""},
      {"date:[-10d TO yesterday]", {}, {}, "20261125", "20261204", ""},
      {"date:2026-10..now", {}, {}, "20261001", "20261205", ""},
      {"grain", "-7d", {}, "20261128", "", "grain"},
      {"story", "-1M", "today", "20261105", "20261205", ""},
      {"story", {}, "-100d", "", "20260827", ""},
      {"story", "now-3w", "-1w", "20261114", "20261128", ""},
  };
  for (const Row& row : rows) {
    SearchRequest r = At20261205(row.query);
    r.from = row.from;
    r.to = row.to;
    const uint64_t expected = BruteCount(row.first, row.last, row.word);
    EXPECT_GT(expected, 0U) << row.query;
    EXPECT_EQ(archive_->Count(r), expected) << row.query;
    EXPECT_EQ(archive_->Search(r).total, expected) << row.query;
    uint64_t exported = archive_->Export(r, [](const Article&) { return true; });
    EXPECT_EQ(exported, expected) << row.query;
    HistogramResult histogram = archive_->Histogram(r, Interval::kMonth);
    EXPECT_EQ(histogram.total, expected) << row.query;
  }
}

TEST_F(RelativeDatesArchive, TheClockIsTheRequests) {
  SearchRequest r = At20261205("date:today");
  r.now = At(2026, 12, 1, 0);  // another day: its own count
  EXPECT_EQ(archive_->Count(r), BruteCount("20261201", "20261201"));
  // A built query's Query::Parse text resolves against the request's clock too.
  SearchRequest built = At20261205("");
  built.built_query = Query::Parse("date:last-3-days");
  EXPECT_EQ(archive_->Count(built), BruteCount("20261203", "20261205"));
  // Without a clock: the system's day; the archive's last day is 2026-12-05,
  // so a day after it has no article.
  SearchRequest system = At20261205("date:-0d..");
  system.now.reset();
  const std::string today = Today().Key();
  EXPECT_EQ(archive_->Count(system), BruteCount(today, ""));
}

TEST_F(RelativeDatesArchive, ExplainShowsTheResolvedDays) {
  SearchRequest r = At20261205("oil date:last-30-days");
  r.from = "-1y";
  r.to = "today";
  r.explain = true;
  const SearchResult result = archive_->Search(r);
  EXPECT_NE(result.query_description.find("date:20261106..20261205"), std::string::npos)
      << result.query_description;
  EXPECT_NE(result.query_description.find("date:20251205..20261205"), std::string::npos)
      << result.query_description;
}

TEST_F(RelativeDatesArchive, ErrorsHavePositions) {
  struct Row {
    std::string query;
    int64_t position;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"oil date:now-1m..", 9, "months are M"},
      {"oil date:-7d", 9, "-7d.."},
      {"date:2020..now+1d", 11, "only days before today"},
      {"date:[-1x TO today]", 6, "write -7d"},
      {"date:[-1d TO -2y/y]", 13, "rounding"},
  };
  for (const Row& row : rows) {
    try {
      archive_->Count(At20261205(row.query));
      FAIL() << row.query << ": no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax) << row.query;
      EXPECT_EQ(e.position(), row.position) << row.query << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(row.message), std::string::npos)
          << row.query << ": " << e.what();
    }
  }
  SearchRequest r = At20261205("oil");
  r.from = "last-30-days";
  try {
    archive_->Count(r);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
    EXPECT_NE(std::string(e.what()).find("--from"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("range"), std::string::npos) << e.what();
  }
  r.from = "-1d";
  r.to = "-2d";
  EXPECT_THROW(archive_->Count(r), Error);  // --from after --to
}

TEST_F(RelativeDatesArchive, CommandLineTakesFromMinus7d) {
  // The command line reads the system clock: compare with the library on it.
  const std::string archive = *dir_ / "a";
  SearchRequest r;
  r.query = "story";
  r.from = "-7d";
  r.to = "today";
  const uint64_t expected = archive_->Count(r);
  test::CommandResult out =
      test::RunMorgue("count -a " + test::Quote(archive) + " story --from -7d --to today");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(out.out, std::to_string(expected) + "\n");
  out = test::RunMorgue("count -a " + test::Quote(archive) + " --from=-400d story date:..-1d");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  out = test::RunMorgue("count -a " + test::Quote(archive) + " story --from -7x");
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("write -7d"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace morgue

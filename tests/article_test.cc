#include "morgue/article.h"

#include <gtest/gtest.h>

namespace morgue {
namespace {

TEST(TimestampTest, ParsesDateOnly) {
  auto t = Timestamp::ParseIso8601("1987-02-26");
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->date_only);
  EXPECT_EQ(t->ToDayKey(), "19870226");
  EXPECT_EQ(t->ToIso8601(), "1987-02-26");
}

TEST(TimestampTest, ParsesOffsetsIntoUtc) {
  auto t = Timestamp::ParseIso8601("2020-01-01T01:30:00+02:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->ToIso8601(), "2019-12-31T23:30:00Z");
  EXPECT_EQ(t->ToDayKey(), "20191231");
}

TEST(TimestampTest, ParsesFractionAndZulu) {
  auto t = Timestamp::ParseIso8601("1987-02-26T15:01:01.790Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->unix_seconds, 541350061);
}

TEST(TimestampTest, RejectsImpossibleDates) {
  EXPECT_FALSE(Timestamp::ParseIso8601("1987-02-30").has_value());
  EXPECT_FALSE(Timestamp::ParseIso8601("1987-13-01").has_value());
  EXPECT_FALSE(Timestamp::ParseIso8601("yesterday").has_value());
  EXPECT_FALSE(Timestamp::ParseIso8601("2020-01-01T25:00").has_value());
}

// An offset may not carry a time out of the years 1 to 9999 in UTC (a day
// key of nine digits, or of the year 0, would sort out of time order).
TEST(TimestampTest, RejectsTimesOutsideTheYears1To9999InUtc) {
  EXPECT_FALSE(Timestamp::ParseIso8601("9999-12-31T23:00:00-05:00").has_value());
  EXPECT_FALSE(Timestamp::ParseIso8601("0001-01-01T00:30:00+01:00").has_value());
  auto last = Timestamp::ParseIso8601("9999-12-31T23:00:00+05:00");
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->ToDayKey(), "99991231");
  auto first = Timestamp::ParseIso8601("0001-01-01T05:00:00+05:00");
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->ToDayKey(), "00010101");
  auto edge = Timestamp::ParseIso8601("9999-12-31T23:59:59Z");
  ASSERT_TRUE(edge.has_value());
  EXPECT_EQ(edge->ToDayKey(), "99991231");
}

TEST(TimestampTest, HandlesDatesBeforeTheEpoch) {
  auto t = Timestamp::FromCivil(1969, 12, 31, 23, 0, 0);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->ToDayKey(), "19691231");
  EXPECT_EQ(t->ToIso8601(), "1969-12-31T23:00:00Z");
}

}  // namespace
}  // namespace morgue

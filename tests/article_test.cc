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

TEST(TimestampTest, HandlesDatesBeforeTheEpoch) {
  auto t = Timestamp::FromCivil(1969, 12, 31, 23, 0, 0);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->ToDayKey(), "19691231");
  EXPECT_EQ(t->ToIso8601(), "1969-12-31T23:00:00Z");
}

}  // namespace
}  // namespace morgue

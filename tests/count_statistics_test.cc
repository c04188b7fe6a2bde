// CountFromStatistics (query/selection.h): counts taken from term statistics
// must equal a full match's count, including after deletions, and must be
// refused for every query shape where they would not be exact.
#include <gtest/gtest.h>
#include <xapian.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "query/selection.h"
#include "test_util.h"

namespace morgue {
namespace {

// Every match of `query`, counted by a match that sees them all.
uint64_t FullMatchCount(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return enquire.get_mset(0, db.get_doccount(), db.get_doccount()).size();
}

Xapian::Query Or(std::vector<std::string> terms) {
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

class CountStatisticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Xapian::WritableDatabase db(tmp_ / "db", Xapian::DB_CREATE);
    std::mt19937 rng(1987);
    const char* const places[] = {"XPusa", "XPjapan", "XPuk"};
    for (int i = 0; i < 400; ++i) {
      Xapian::Document doc;
      if (i % 7 != 0) {  // every seventh undated
        const int month = 1 + static_cast<int>(rng() % 12);
        const int day = 1 + static_cast<int>(rng() % 28);
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d%02d%02d", 1986 + static_cast<int>(rng() % 3), month,
                      day);
        const std::string d(buf);
        doc.add_boolean_term("D" + d);
        doc.add_boolean_term("M" + d.substr(0, 6));
        doc.add_boolean_term("Y" + d.substr(0, 4));
      }
      doc.add_boolean_term(places[rng() % 3]);
      if (rng() % 2) doc.add_boolean_term(places[rng() % 3]);  // some hold two places
      doc.add_term(rng() % 3 ? "oil" : "grain");
      doc.add_term(rng() % 2 ? "Soil" : "Sprice");  // a headline word
      db.add_document(doc);
    }
    db.commit();
    // Deleted documents must leave every statistic exact.
    for (Xapian::docid id = 3; id <= 400; id += 11) db.delete_document(id);
    db.commit();
  }

  test::TempDir tmp_;
};

TEST_F(CountStatisticsTest, EveryCountFromStatisticsEqualsAFullMatch) {
  Xapian::Database db(tmp_ / "db");
  ASSERT_LT(db.get_doccount(), 400u);
  const Xapian::Query all = Xapian::Query::MatchAll;
  const std::vector<Xapian::Query> countable = {
      Xapian::Query("XPusa"),
      Xapian::Query("oil"),
      Xapian::Query("Soil"),
      Xapian::Query("Y1987"),
      Xapian::Query("M198703"),
      Xapian::Query("D19870301"),
      Xapian::Query("nosuchterm"),
      all,
      Xapian::Query::MatchNothing,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("oil"), 2.0),
      Xapian::Query(Xapian::Query::OP_AND_NOT, all, Xapian::Query("XPjapan")),
      Xapian::Query(Xapian::Query::OP_AND_NOT, all, Or({"Y1986", "M198701"})),
      Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("XPuk"), all),
      Or({"Y1986", "M198701", "M198702", "D19870301", "D19870302"}),
      Or({"D19880228", "D19860101", "M198612"}),
  };
  for (const Xapian::Query& q : countable) {
    std::optional<uint64_t> count = CountFromStatistics(db, q);
    ASSERT_TRUE(count.has_value()) << q.get_description();
    EXPECT_EQ(*count, FullMatchCount(db, q)) << q.get_description();
    EXPECT_EQ(RunExactMatch(db, q, {}), FullMatchCount(db, q)) << q.get_description();
  }
}

TEST_F(CountStatisticsTest, ShapesWhoseStatisticsAreNotExactAreRefused) {
  Xapian::Database db(tmp_ / "db");
  const Xapian::Query all = Xapian::Query::MatchAll;
  const std::vector<Xapian::Query> refused = {
      // Terms that may share a document: the sum would count it twice.
      Or({"XPusa", "XPjapan"}),
      Or({"oil", "Soil"}),
      Or({"Y1987", "M198703"}),        // a year and a month within it
      Or({"M198703", "D19870301"}),    // a month and a day within it
      Or({"D19870301", "D19870301"}),  // one term twice
      Or({"Y1987", "XPusa"}),
      Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("oil"), Xapian::Query("XPusa")),
      Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query("oil"), Xapian::Query("XPusa")),
      Xapian::Query(Xapian::Query::OP_AND_NOT, all, Or({"XPusa", "XPuk"})),
      Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, "19870101", "19871231"),
  };
  for (const Xapian::Query& q : refused) {
    EXPECT_FALSE(CountFromStatistics(db, q).has_value()) << q.get_description();
    // The full match still answers them exactly.
    EXPECT_EQ(RunExactMatch(db, q, {}), FullMatchCount(db, q)) << q.get_description();
  }
}

}  // namespace
}  // namespace morgue

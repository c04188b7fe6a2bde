// query/deadline.h: a match filtered by DeadlineSource ends when the
// deadline passes, and says so.
#include "query/deadline.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <thread>

namespace morgue {
namespace {

Xapian::Database ThousandDocuments() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 1000; ++i) {
    Xapian::Document doc;
    doc.add_term("word");
    db.add_document(doc);
  }
  return db;
}

Xapian::MSet Match(const Xapian::Database& db, Deadline deadline,
                   const std::shared_ptr<std::atomic<bool>>& stopped) {
  Xapian::Enquire enquire(db);
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("word"),
                    Xapian::Query((new DeadlineSource(deadline, stopped))->release())));
  return enquire.get_mset(0, 10, db.get_doccount());
}

TEST(DeadlineTest, AMatchEndsWhenTheDeadlinePasses) {
  Xapian::Database db = ThousandDocuments();
  auto stopped = std::make_shared<std::atomic<bool>>(false);
  Deadline passed(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  ASSERT_TRUE(passed.Passed());
  Xapian::MSet mset = Match(db, passed, stopped);
  EXPECT_TRUE(stopped->load());
  EXPECT_LT(mset.get_matches_lower_bound(), 1000u);  // within 32 documents
  EXPECT_LE(mset.get_matches_lower_bound(), 32u);

  stopped->store(false);
  mset = Match(db, Deadline(600000), stopped);
  EXPECT_FALSE(stopped->load());
  EXPECT_EQ(mset.get_matches_lower_bound(), 1000u);
  EXPECT_EQ(mset.get_matches_upper_bound(), 1000u);
  EXPECT_EQ(mset.size(), 10u);
}

TEST(DeadlineTest, TheLargestLimitIsFarAway) {
  // 2^64 - 1 ms once wrapped into the past: every search failed at once.
  Deadline far(UINT64_MAX);
  EXPECT_TRUE(far.IsSet());
  EXPECT_FALSE(far.Passed());
  EXPECT_TRUE(far.Leaves(uint64_t{1} << 40));
}

TEST(DeadlineTest, NoDeadlineNeverPasses) {
  Deadline none;
  EXPECT_FALSE(none.IsSet());
  EXPECT_FALSE(none.Passed());
  EXPECT_TRUE(none.Leaves(UINT64_MAX / 2));
  EXPECT_NO_THROW(none.Check());
  Deadline passed(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  EXPECT_THROW(passed.Check(), DeadlinePassed);
  EXPECT_FALSE(passed.Leaves(0));
}

}  // namespace
}  // namespace morgue

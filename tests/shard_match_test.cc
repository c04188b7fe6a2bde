// Matching an archive's shards each on its own and at once (query/
// shard_match.h) must give what one match over all the shards gives: the
// same totals, tallies and first docids, and for weighted matches the same
// weights in the same order, ties included.
#include "query/shard_match.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "indexer/document.h"
#include "indexer/shards.h"
#include "morgue/archive.h"
#include "query/selection.h"
#include "query/value_columns.h"
#include "same_answers.h"
#include "test_util.h"

namespace morgue {
namespace {

constexpr unsigned kShards = 3;

std::vector<Article> Articles(int first, int n) {
  return test::Stories(first, n,
                       {"oil", "prices", "crude", "wheat", "bank", "rates", "market", "fell"});
}

class ShardMatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ArchiveOptions options;
    options.shards = kShards;
    {
      auto archive = Archive::Open(dir_ / "a.morgue", OpenMode::kCreate, options);
      archive->Add(Articles(0, 120));
      ASSERT_TRUE(archive->Delete("wire", "17"));  // a gap in one shard's docids
    }
    db_ = OpenShardsForReading(dir_ / "a.morgue", kShards, &shards_);
    lanes_ = {db_, OpenShardsForReading(dir_ / "a.morgue", kShards, nullptr)};
    for (const auto& shard : shards_) uuids_.push_back(shard.get_uuid());
  }

  ShardView View(bool at_once) {
    return ShardView{&shards_, at_once ? &pool_ : nullptr, &columns_, &lanes_};
  }

  static std::vector<Xapian::Query> Queries() {
    using Q = Xapian::Query;
    std::vector<Q> crude_oil{Q("crude"), Q("oil")};
    return {Q("oil"),
            Q(Q::OP_OR, Q("oil"), Q("prices")),
            Q(Q::OP_AND, Q("bank"), Q("rates")),
            Q(Q::OP_PHRASE, crude_oil.begin(), crude_oil.end(), 2),
            Q(Q::OP_OR, Q(Q::OP_SCALE_WEIGHT, Q("Soil"), 2.0), Q("oil")),
            Q(Q::OP_AND_NOT, Q::MatchAll, Q("wheat")),
            Q(Q::OP_FILTER, Q("market"), Q("XKcrude")),
            Q("nosuchword")};
  }

  test::TempDir dir_;
  Xapian::Database db_;
  std::vector<Xapian::Database> shards_, lanes_;
  std::vector<std::string> uuids_;
  ShardPool pool_{1};
  ValueColumns columns_;
};

TEST_F(ShardMatchTest, TopMatchesEqualOneMatchOverAllShards) {
  const Xapian::BM25Weight bm25(2.5, 0, 1.0, 0, 0.5);
  const Xapian::BoolWeight boolean;
  struct Order {
    const char* name;
    const Xapian::Weight* weight;
    bool by_value, descending;
  };
  // Dates repeat (every 84 articles) and some articles have none: ties in
  // the value are broken by weight, then docid.
  const Order orders[] = {{"bm25", &bm25, false, false},
                          {"bm25 newest", &bm25, true, true},
                          {"bm25 oldest", &bm25, true, false},
                          {"bool newest", &boolean, true, true}};
  for (bool at_once : {false, true}) {
    for (const Order& o : orders) {
      for (const Xapian::Query& query : Queries()) {
        for (Xapian::doccount count : {1u, 5u, 200u}) {
          SCOPED_TRACE(query.get_description() + " " + o.name + " count " + std::to_string(count) +
                       (at_once ? " at once" : ""));
          Xapian::Enquire enquire(db_);
          enquire.set_query(query);
          enquire.set_weighting_scheme(*o.weight);
          if (o.by_value) enquire.set_sort_by_value_then_relevance(kSlotTime, o.descending);
          Xapian::MSet expected = enquire.get_mset(0, count, db_.get_doccount());
          MatchOrder order{o.weight, o.by_value, kSlotTime, o.descending};
          TopMatchesResult got = TopMatches(View(at_once), query, order, count);
          EXPECT_EQ(got.total, expected.get_matches_estimated());
          ASSERT_EQ(got.hits.size(), expected.size());
          size_t i = 0;
          for (auto it = expected.begin(); it != expected.end(); ++it, ++i) {
            EXPECT_EQ(got.hits[i].docid, *it) << "rank " << i;
            EXPECT_EQ(got.hits[i].weight, it.get_weight()) << "rank " << i;
          }
        }
      }
    }
  }
}

TEST_F(ShardMatchTest, CountsFirstMatchesAndTalliesEqualOneMatchOverAllShards) {
  for (bool at_once : {false, true}) {
    for (const Xapian::Query& query : Queries()) {
      SCOPED_TRACE(query.get_description() + (at_once ? " at once" : ""));
      const uint64_t total = RunExactMatch(db_, query, {});
      EXPECT_EQ(CountMatches(View(at_once), query), total);

      Xapian::Enquire enquire(db_);
      enquire.set_query(query);
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      Xapian::MSet first = enquire.get_mset(0, 7, db_.get_doccount());
      FirstMatches got = CountAndFirst(View(at_once), query, 7);
      EXPECT_EQ(got.total, total);
      EXPECT_EQ(got.docids, std::vector<uint64_t>(first.begin(), first.end()));

      ValueTally tally(kSlotTopics);
      RunExactMatch(db_, query, {&tally});
      std::map<std::string, uint64_t> expected;
      for (const auto& [joined, count] : tally.counts()) {
        std::set<std::string> values;
        size_t start = 0;
        for (size_t end; (end = joined.find(kValueSeparator, start)) != std::string::npos;
             start = end + 1) {
          values.insert(joined.substr(start, end - start));
        }
        values.insert(joined.substr(start));
        for (const auto& v : values) expected[v] += count;
      }
      // Three times: match by match first, then from the slot read whole.
      for (int pass = 0; pass < 3; ++pass) {
        ValueCounts counts = TallyValues(View(at_once), query, kSlotTopics);
        EXPECT_EQ(counts.total, total);
        std::map<std::string, uint64_t> values;
        for (const auto& [value, count] : counts.values) values[std::string(value)] = count;
        EXPECT_EQ(values, expected) << "pass " << pass;
      }
    }
  }
}

TEST_F(ShardMatchTest, OnlyShardsMatchesTheShardsListed) {
  for (const Xapian::Query& query : Queries()) {
    SCOPED_TRACE(query.get_description());
    uint64_t sum = 0;
    for (unsigned s = 0; s < kShards; ++s) {
      const uint64_t alone = RunExactMatch(shards_[s], query, {});
      Xapian::Query only(Xapian::Query::OP_FILTER, query, OnlyShards({uuids_[s]}));
      EXPECT_EQ(RunExactMatch(db_, only, {}), alone) << "shard " << s;
      sum += alone;
    }
    EXPECT_EQ(sum, RunExactMatch(db_, query, {}));
    EXPECT_EQ(RunExactMatch(db_, Xapian::Query(Xapian::Query::OP_FILTER, query, OnlyShards({})),
                            {}),
              0u);
  }
}

void ExpectSameAnswers(const Archive& at_once, const Archive& one_thread) {
  const char* queries[] = {"oil",
                           "oil prices",
                           "\"crude oil\"",
                           "bank OR rates",
                           "topic:crude",
                           "-wheat",
                           "oil topic:crude",
                           "nosuchword",
                           "market date:1987-03..1987-06"};
  for (const char* q : queries) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
      for (uint64_t offset : {0u, 3u}) {
        SCOPED_TRACE(std::string(q) + " sort " + std::to_string(static_cast<int>(sort)) +
                     " offset " + std::to_string(offset));
        SearchRequest r;
        r.query = q;
        r.sort = sort;
        r.offset = offset;
        r.limit = 7;
        SearchResult b = one_thread.Search(r);
        test::ExpectSameHits(at_once.Search(r), b);
        EXPECT_EQ(at_once.Count(r), b.total);
      }
    }
    SearchRequest r;
    r.query = q;
    for (int pass = 0; pass < 3; ++pass) {  // match by match, then from the slots read whole
      test::ExpectSameFacets(at_once.Facets(r, FacetField::kTopic, 0),
                             one_thread.Facets(r, FacetField::kTopic, 0));
      test::ExpectSameHistogram(at_once.Histogram(r, Interval::kMonth),
                                one_thread.Histogram(r, Interval::kMonth));
    }
  }
}

// The archive's own use of threads and lanes (forced on a small archive with
// ArchiveOptions::shards_at_once_from = 0) answers as the same archive on one thread,
// also after a write makes a new reader.
TEST(ShardsAtOnceTest, AnArchiveMatchedAtOnceAnswersAsOnOneThread) {
  test::TempDir dir;
  const std::string path = dir / "a.morgue";
  ArchiveOptions options;
  options.shards = kShards;
  {
    auto archive = Archive::Open(path, OpenMode::kCreate, options);
    archive->Add(Articles(0, 150));
  }
  std::unique_ptr<Archive> writer;
  ArchiveOptions at_once;
  at_once.shards_at_once_from = 0;
  writer = Archive::Open(path, OpenMode::kCreate, at_once);
  {
    auto one_thread = Archive::Open(path, OpenMode::kReadOnly);
    ExpectSameAnswers(*writer, *one_thread);
  }
  writer->Add(Articles(150, 40));
  ASSERT_TRUE(writer->Delete("wire", "5"));
  auto one_thread = Archive::Open(path, OpenMode::kReadOnly);
  ExpectSameAnswers(*writer, *one_thread);
}

}  // namespace
}  // namespace morgue

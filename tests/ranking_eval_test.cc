// The ranking evaluation's parts (bench/ranking_*): trec_eval's measures on a
// hand-computed run, the SMART and TREC readers, the query words every
// system gets, and the SQLite FTS5 peer.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "bench/ranking_collections.h"
#include "bench/ranking_fts5.h"
#include "bench/ranking_metrics.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

using Words = std::vector<std::string>;

TEST(RankingEvalMetrics, TrecEvalMeasuresOfAHandComputedRun) {
  // Relevant at ranks 1, 3 and 5; d9 is relevant and never retrieved.
  const Words ranked = {"d1", "d2", "d3", "d4", "d5", "d6"};
  const std::set<std::string> relevant = {"d1", "d3", "d5", "d9"};
  bench::Scores sum;
  double ap = 0;
  bench::AddQuery(ranked, relevant, &sum, &ap);
  // map: (1/1 + 2/3 + 3/5) / 4 = 0.5666...
  EXPECT_NEAR(ap, 0.566667, 1e-6);
  // P_10: 3 relevant in the first 10 (only 6 retrieved) = 0.3.
  EXPECT_NEAR(sum.p10, 0.3, 1e-12);
  // recall_1000: 3 of 4.
  EXPECT_NEAR(sum.recall1000, 0.75, 1e-12);
  // ndcg_cut_10: DCG = 1 + 1/log2(4) + 1/log2(6) = 1.886853; ideal with 4
  // relevant = 1 + 0.630930 + 0.5 + 0.430677 = 2.561606.
  EXPECT_NEAR(sum.ndcg10, 0.736590, 1e-5);
  // A second query that finds nothing: the means halve.
  bench::AddQuery({"d2"}, {"d7"}, &sum);
  bench::Scores mean = bench::Mean(sum);
  EXPECT_EQ(mean.queries, 2u);
  EXPECT_NEAR(mean.map, 0.283333, 1e-6);
  EXPECT_NEAR(mean.recall1000, 0.375, 1e-12);
  // Recall counts only the first k.
  EXPECT_NEAR(bench::RecallAt(ranked, relevant, 2), 0.25, 1e-12);
  EXPECT_EQ(bench::RecallAt(ranked, {}, 10), 0.0);
}

TEST(RankingEvalCollections, ReadsTheSmartLayout) {
  test::TempDir dir;
  std::ofstream(dir / "docs")
      << ".I 1\n.T\nPreliminary Report\n.B\nCACM 1958\n.A\nPerlis, A. J.\n"
         ".I 2\n.T\nSorting\n.W\nA method of sorting\nin memory.\n.X\n1\t5\t1\n"
         ".I 3\n.B\nonly a date\n";
  std::ofstream(dir / "queries") << ".I 1\n.W\nWhat is sorting?\n.N\n1. x\n"
                                    ".I 2\n.W\nReports\n.I 3\n.W\nNot judged\n";
  std::ofstream(dir / "qrels") << "01 2  0 0\n02 1 0 0\n\n";
  auto c = bench::ReadSmartCollection("t", dir / "docs", dir / "queries", dir / "qrels");
  ASSERT_EQ(c.documents.size(), 2u);  // record 3 has neither title nor text
  EXPECT_EQ(c.documents[0].id, "1");
  EXPECT_EQ(c.documents[0].headline, "Preliminary Report");
  EXPECT_TRUE(c.documents[0].body.empty());
  EXPECT_EQ(c.documents[0].authors, Words{"Perlis, A. J."});
  EXPECT_EQ(c.documents[1].body, Words{"A method of sorting in memory."});
  EXPECT_EQ(c.documents[1].source, "t");
  ASSERT_EQ(c.queries.size(), 2u);  // query 3 has no judgement
  EXPECT_EQ(c.queries[0].text, "What is sorting?");
  EXPECT_EQ(c.queries[0].half, 'A');
  EXPECT_EQ(c.queries[1].half, 'B');
  EXPECT_EQ(c.relevant.at("1"), std::set<std::string>{"2"});  // "01" is query 1

  std::ofstream(dir / "bad") << "1 2 0 0\nx 3\n";
  try {
    bench::ReadSmartCollection("t", dir / "docs", dir / "queries", dir / "bad");
    FAIL() << "a malformed relevance line was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(std::string(e.what()).find("bad:2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(bench::ReadSmartRecords(dir / "missing"), Error);

  // A query number too large for any integer is still a query (half by its
  // last digit), and a byte that is not UTF-8 is text like any other.
  std::ofstream(dir / "q2") << ".I 123456789012345678901234567890\n.W\nsorting \xff\n";
  std::ofstream(dir / "r2") << "123456789012345678901234567890 2\n";
  auto big = bench::ReadSmartCollection("t", dir / "docs", dir / "q2", dir / "r2");
  ASSERT_EQ(big.queries.size(), 1u);
  EXPECT_EQ(big.queries[0].half, 'B');
}

TEST(RankingEvalCollections, ReadsTrecQrelsAndTopics) {
  test::TempDir dir;
  std::ofstream(dir / "qrels") << "401 0 FT1 1\n401 0 FT2 0\n402 0 LA3 2\n403 0 FT4 0\n";
  auto q = bench::ReadTrecQrels(dir / "qrels");
  EXPECT_EQ(q.size(), 2u);  // 403 has no relevant document
  EXPECT_EQ(q.at("401"), std::set<std::string>{"FT1"});
  EXPECT_EQ(q.at("402"), std::set<std::string>{"LA3"});
  std::ofstream(dir / "bad") << "401 0 FT1\n";
  EXPECT_THROW(bench::ReadTrecQrels(dir / "bad"), Error);

  std::ofstream(dir / "trec") << "<top>\n<num> Number: 401\n<title> foreign minorities, Germany\n"
                                 "<desc> Description:\nWhat language...\n</top>\n"
                                 "<top>\n<num> Number: 402 <title> behavioral genetics\n</top>\n";
  auto t = bench::ReadTopics(dir / "trec");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].id, "401");
  EXPECT_EQ(t[0].text, "foreign minorities, Germany");
  EXPECT_EQ(t[1].text, "behavioral genetics");
  EXPECT_EQ(t[1].half, 'B');
  std::ofstream(dir / "tsv") << "# mine\n7\tdescriptive titles\n\n8\tnews\n";
  auto l = bench::ReadTopics(dir / "tsv");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[1].id, "8");
  std::ofstream(dir / "notab") << "7 descriptive titles\n";
  EXPECT_THROW(bench::ReadTopics(dir / "notab"), Error);
}

TEST(RankingEvalCollections, QueryWordsAreWordsOnly) {
  EXPECT_EQ(bench::QueryWords("What's C++? (AND -NOT \"x\") 'quoted' Über-cool"),
            (Words{"what's", "c", "and", "not", "x", "quoted", "\u00dcber", "cool"}));
  EXPECT_TRUE(bench::QueryWords("?!  -- ").empty());
  EXPECT_EQ(bench::MorgueQuery({"oil", "price"}), "oil price");
}

TEST(RankingEvalFts5, RanksTheSameDocumentsWithBm25) {
  std::vector<Article> docs(4);
  docs[0].id = "a";
  docs[0].headline = "Sorting";
  docs[0].body = {"sorting sorted sorts"};
  docs[1].id = "b";
  docs[1].body = {"a long text about many things and one sort of thing among many others here"};
  docs[2].id = "c";
  docs[2].body = {"nothing relevant"};
  docs[3].id = "d\"q";
  docs[3].body = {"merge"};
  bench::Fts5Index fts(docs);
  // Porter: sort, sorted, sorting, sorts meet.
  EXPECT_EQ(fts.Search({"sorting"}, false, 10), (Words{"a", "b"}));
  Words either = fts.Search({"sorting", "merge"}, false, 10);
  std::sort(either.begin(), either.end());
  EXPECT_EQ(either, (Words{"a", "b", "d\"q"}));
  EXPECT_TRUE(fts.Search({"sorting", "merge"}, true, 10).empty());
  EXPECT_EQ(fts.Search({"sorting"}, false, 1), Words{"a"});
  // Quotes and FTS5 syntax in a word are text, never syntax.
  EXPECT_TRUE(fts.Search({"x\"", "NEAR(", "*"}, false, 10).empty());
  EXPECT_TRUE(fts.Search({}, false, 10).empty());
}

}  // namespace
}  // namespace morgue

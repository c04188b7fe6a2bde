// SortOrder::kRandom: a seeded uniform sample of the matches. Checked
// against the brute-force match set of a generated corpus (the sample is a
// subset, the whole order a permutation of it), for determinism across shard
// counts and shards matched at once, paging, export, and uniformity by
// chi-square tests over fixed seeds (deterministic: the same seeds always
// give the same statistic).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/random_order.h"
#include "test_util.h"

namespace morgue {
namespace {

// 300 articles; article i mentions "oil" when i % 3 == 0 (100 matches) and
// "gas" when i % 15 == 0 (20 matches).
std::vector<Article> SampleCorpus() {
  std::vector<Article> out;
  for (int i = 0; i < 300; ++i) {
    Article a;
    a.source = "s";
    a.id = std::to_string(i);
    a.headline = "report " + a.id;
    std::string body = "daily report";
    if (i % 3 == 0) body += " oil";
    if (i % 15 == 0) body += " gas";
    a.body = {body};
    a.published = Timestamp::FromCivil(2000 + i % 10, 1 + i % 12, 1 + i % 28);
    out.push_back(std::move(a));
  }
  return out;
}

// The brute-force match set of one word over the generated bodies.
std::set<std::string> Brute(const std::string& word) {
  std::set<std::string> ids;
  for (const Article& a : SampleCorpus()) {
    if (a.body[0].find(" " + word) != std::string::npos) ids.insert(a.id);
  }
  return ids;
}

class RandomSampleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    // The same articles, added in the same order: the same docids.
    ArchiveOptions one;
    one.shards = 1;
    ArchiveOptions five;
    five.shards = 5;
    five.shards_at_once_from = 0;  // shards matched at once, on threads
    one_ = Archive::Open(*dir_ / "one", OpenMode::kCreate, one).release();
    five_ = Archive::Open(*dir_ / "five", OpenMode::kCreate, five).release();
    one_->Add(SampleCorpus());
    five_->Add(SampleCorpus());
  }
  static void TearDownTestSuite() {
    delete one_;
    delete five_;
    delete dir_;
  }
  static SearchRequest Random(const std::string& query, uint64_t seed, uint64_t limit) {
    SearchRequest r;
    r.query = query;
    r.sort = SortOrder::kRandom;
    r.seed = seed;
    r.limit = limit;
    r.snippets = false;
    return r;
  }
  static std::vector<std::string> Ids(const Archive& archive, const SearchRequest& r) {
    std::vector<std::string> ids;
    for (const Hit& h : archive.Search(r).hits) ids.push_back(h.id);
    return ids;
  }
  static test::TempDir* dir_;
  static Archive* one_;
  static Archive* five_;
};
test::TempDir* RandomSampleTest::dir_ = nullptr;
Archive* RandomSampleTest::one_ = nullptr;
Archive* RandomSampleTest::five_ = nullptr;

TEST(RandomSortOrder, ParsesAndNamesIt) {
  EXPECT_EQ(ParseSortOrder("random"), SortOrder::kRandom);
  try {
    ParseSortOrder("shuffle");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("random"), std::string::npos) << e.what();
  }
}

TEST(RandomSortOrder, KeyIsABijectionOfTheDocidForOneSeed) {
  for (uint64_t seed : {0ULL, 1ULL, 0xffffffffffffffffULL}) {
    std::set<uint64_t> keys;
    for (uint64_t d = 1; d <= 100000; ++d) keys.insert(RandomKey(seed, d));
    EXPECT_EQ(keys.size(), 100000U) << seed;
  }
  EXPECT_NE(RandomKey(1, 5), RandomKey(2, 5));
}

TEST_F(RandomSampleTest, WholeOrderIsAPermutationOfTheBruteForceMatches) {
  for (const std::string word : {"oil", "gas"}) {
    const std::set<std::string> brute = Brute(word);
    const SearchResult result = one_->Search(Random(word, 7, 1000));
    EXPECT_EQ(result.total, brute.size()) << word;
    EXPECT_TRUE(result.total_exact);
    std::vector<std::string> ids;
    for (const Hit& h : result.hits) {
      ids.push_back(h.id);
      EXPECT_EQ(h.score, 0);
    }
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), brute) << word;
    EXPECT_EQ(ids.size(), brute.size()) << "a match twice";
    // Not merely docid order.
    std::vector<std::string> sorted = ids;
    std::sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
      return std::stoi(a) < std::stoi(b);
    });
    EXPECT_NE(ids, sorted);
  }
}

TEST_F(RandomSampleTest, SampleIsASubsetWithTheExactPopulation) {
  const std::set<std::string> brute = Brute("oil");
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const SearchResult result = one_->Search(Random("oil", seed, 10));
    EXPECT_EQ(result.total, 100U);
    ASSERT_EQ(result.hits.size(), 10U);
    std::set<std::string> ids;
    for (const Hit& h : result.hits) {
      EXPECT_TRUE(brute.count(h.id)) << h.id << " does not match";
      ids.insert(h.id);
    }
    EXPECT_EQ(ids.size(), 10U) << "without replacement";
  }
}

TEST_F(RandomSampleTest, SameSeedSameSampleWhateverTheShards) {
  for (uint64_t seed : {0ULL, 42ULL, 123456789ULL}) {
    const std::vector<std::string> a = Ids(*one_, Random("oil", seed, 25));
    EXPECT_EQ(a, Ids(*one_, Random("oil", seed, 25)));
    EXPECT_EQ(a, Ids(*five_, Random("oil", seed, 25))) << "5 shards, matched at once";
  }
  EXPECT_NE(Ids(*one_, Random("oil", 1, 25)), Ids(*one_, Random("oil", 2, 25)));
}

TEST_F(RandomSampleTest, PagesOfOneSeedMakeTheWholeOrder) {
  const std::vector<std::string> all = Ids(*five_, Random("oil", 9, 1000));
  std::vector<std::string> paged;
  for (uint64_t offset = 0; offset < 110; offset += 7) {
    SearchRequest r = Random("oil", 9, 7);
    r.offset = offset;
    const SearchResult result = five_->Search(r);
    EXPECT_EQ(result.total, 100U);
    for (const Hit& h : result.hits) paged.push_back(h.id);
  }
  EXPECT_EQ(paged, all);
}

TEST_F(RandomSampleTest, ExportGivesTheSameOrderAsSearch) {
  const std::vector<std::string> searched = Ids(*one_, Random("oil", 5, 1000));
  for (Archive* archive : {one_, five_}) {
    std::vector<std::string> exported;
    const uint64_t n = archive->Export(Random("oil", 5, 0), [&](const Article& a) {
      exported.push_back(a.id);
      return true;
    });
    EXPECT_EQ(n, 100U);
    EXPECT_EQ(exported, searched);
  }
  // Every article (no query) and a date filter: still the brute-force set.
  SearchRequest dated = Random("", 5, 0);
  dated.from = "2003";
  dated.to = "2004";
  std::set<std::string> exported, brute;
  five_->Export(dated, [&](const Article& a) {
    exported.insert(a.id);
    return true;
  });
  for (const Article& a : SampleCorpus()) {
    const std::string day = a.published->ToDayKey();
    if (day >= "20030101" && day <= "20041231") brute.insert(a.id);
  }
  EXPECT_EQ(exported, brute);
}

// Over 2,000 fixed seeds, a sample of 5 of the 20 "gas" matches: each
// article is drawn about 500 times, and each is first about 100 times.
// Chi-square with 19 degrees of freedom: 43.8 is the 0.999 quantile (the
// statistic is fixed by the seeds; a biased order, e.g. by docid, gives
// thousands).
TEST_F(RandomSampleTest, SamplesAreUniformByChiSquare) {
  std::map<std::string, int> drawn, first;
  for (const std::string& id : Brute("gas")) drawn[id] = first[id] = 0;
  const int seeds = 2000;
  for (uint64_t seed = 1000; seed < 1000 + seeds; ++seed) {
    const std::vector<std::string> ids = Ids(*five_, Random("gas", seed, 5));
    ASSERT_EQ(ids.size(), 5U);
    for (const std::string& id : ids) ++drawn.at(id);
    ++first.at(ids[0]);
  }
  auto chi_square = [](const std::map<std::string, int>& counts, double expected) {
    double x = 0;
    for (const auto& [id, n] : counts) x += (n - expected) * (n - expected) / expected;
    return x;
  };
  ASSERT_EQ(drawn.size(), 20U);
  EXPECT_LT(chi_square(drawn, seeds * 5.0 / 20), 43.8);
  EXPECT_LT(chi_square(first, seeds / 20.0), 43.8);
}

// Every pair of the 20 is drawn together (in a sample of 2) about equally
// often: 190 pairs, 4,000 seeds, about 21 each; 190 - 1 degrees of freedom,
// whose 0.999 quantile is about 256.
TEST_F(RandomSampleTest, PairsAreUniformByChiSquare) {
  std::map<std::string, int> pairs;
  const std::set<std::string> gas = Brute("gas");
  for (const std::string& a : gas) {
    for (const std::string& b : gas) {
      if (a < b) pairs[a + "," + b] = 0;
    }
  }
  const int seeds = 4000;
  for (uint64_t seed = 0; seed < seeds; ++seed) {
    std::vector<std::string> ids = Ids(*one_, Random("gas", seed, 2));
    ASSERT_EQ(ids.size(), 2U);
    std::sort(ids.begin(), ids.end());
    ++pairs.at(ids[0] + "," + ids[1]);
  }
  const double expected = seeds / 190.0;
  double x = 0;
  for (const auto& [pair, n] : pairs) x += (n - expected) * (n - expected) / expected;
  EXPECT_LT(x, 256.0);
}

TEST_F(RandomSampleTest, CollapseIsRefusedAndExplainShowsTheKey) {
  SearchRequest r = Random("oil", 3, 5);
  r.collapse = true;
  try {
    one_->Search(r);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("collapse"), std::string::npos);
  }
  r.collapse = false;
  r.explain = true;
  const SearchResult result = one_->Search(r);
  ASSERT_FALSE(result.hits.empty());
  EXPECT_NE(result.hits[0].explanation.find("seed 3"), std::string::npos)
      << result.hits[0].explanation;
}

TEST_F(RandomSampleTest, CommandLine) {
  const std::string archive = *dir_ / "five";
  test::CommandResult out = test::RunMorgue("search -a " + test::Quote(archive) +
                                            " oil --sort random --seed 9 -n 3 --format json");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const std::vector<std::string> lib = Ids(*five_, Random("oil", 9, 3));
  for (const std::string& id : lib) {
    EXPECT_NE(out.out.find("\"id\": \"" + id + "\""), std::string::npos) << out.out;
  }
  EXPECT_NE(out.out.find("\"seed\": 9"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("\"total\": 100"), std::string::npos) << out.out;

  out = test::RunMorgue("search -a " + test::Quote(archive) + " oil --sort random -n 3");
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("--seed"), std::string::npos) << out.err;
  out = test::RunMorgue("search -a " + test::Quote(archive) + " oil --seed 3");
  EXPECT_NE(out.exit_code, 0);
  EXPECT_NE(out.err.find("--sort random"), std::string::npos) << out.err;
  out = test::RunMorgue("search -a " + test::Quote(archive) + " oil --sort random --seed -3");
  EXPECT_NE(out.exit_code, 0);

  out = test::RunMorgue("export -a " + test::Quote(archive) +
                        " oil --sort random --seed 9 --limit 3 --format csv");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  size_t pos = out.out.find("\r\n");  // after the header
  for (const std::string& id : lib) {
    const size_t at = out.out.find("\r\n" + id + ",", pos);
    ASSERT_NE(at, std::string::npos) << id << " in order in " << out.out;
    pos = at + 2;
  }
  EXPECT_NE(out.err.find("of 3 of 100 matching articles"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace morgue

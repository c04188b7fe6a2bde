// Ranking with words ORed (docs/ranking.md): length normalisation of its own
// (RankingOptions::bm25_b_ored) and the term proximity bonus
// (proximity_weight, proximity_window). Both only reorder: the matches and
// every count are those of the query without them. The proximity bonus is
// checked against a brute-force reading of the stored articles: a match
// gains exactly when two neighbouring query words lie within the window.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

// Words that share no stem with each other (no variant of one is another).
const std::vector<std::string> kVocabulary = {"cocoa",   "crop",   "ghana",   "harvest", "tin",
                                              "zinc",    "yen",    "bank",    "wheat",   "sugar",
                                              "drought", "export", "freight", "cargo",   "quota",
                                              "tariff",  "rubber", "palm"};

class OredRankingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    archive_ = Archive::Open(*dir_ / "a.morgue", OpenMode::kCreate).release();
    std::mt19937 random(19);
    std::vector<Article> docs;
    for (int i = 0; i < 300; ++i) {
      Article a;
      a.id = std::to_string(i);
      a.source = "t";
      a.headline = "Story";
      // One or two paragraphs of 3 to 40 words.
      const int paragraphs = 1 + static_cast<int>(random() % 2);
      for (int p = 0; p < paragraphs; ++p) {
        const int n = 3 + static_cast<int>(random() % 38);
        std::string text;
        for (int w = 0; w < n; ++w) {
          text += (w ? " " : "") + kVocabulary[random() % kVocabulary.size()];
        }
        a.body.push_back(text);
      }
      docs.push_back(std::move(a));
    }
    bodies_ = new std::map<std::string, std::vector<std::vector<std::string>>>;
    for (const Article& a : docs) {
      for (const std::string& paragraph : a.body) {
        std::istringstream in(paragraph);
        std::vector<std::string> words;
        for (std::string w; in >> w;) words.push_back(w);
        (*bodies_)[a.id].push_back(words);
      }
    }
    archive_->Add(std::move(docs));
  }
  static void TearDownTestSuite() {
    delete archive_;
    delete bodies_;
    delete dir_;
  }

  // id -> score of every match.
  static std::map<std::string, double> Scores(SearchRequest r) {
    r.limit = 1000;
    r.snippets = false;
    const SearchResult result = archive_->Search(r);
    EXPECT_EQ(result.total, result.hits.size());
    EXPECT_EQ(archive_->Count(r), result.total);
    std::map<std::string, double> out;
    for (const Hit& h : result.hits) out[h.id] = h.score;
    return out;
  }

  // Brute force over the stored text: `a` and `b` in one paragraph of the
  // article, at most window - 1 words apart (either order).
  static bool Near(const std::string& id, const std::string& a, const std::string& b,
                   unsigned window) {
    for (const auto& words : bodies_->at(id)) {
      for (size_t i = 0; i < words.size(); ++i) {
        if (words[i] != a) continue;
        for (size_t j = 0; j < words.size(); ++j) {
          const size_t gap = i > j ? i - j : j - i;
          if (words[j] == b && gap > 0 && gap < window) return true;
        }
      }
    }
    return false;
  }

  static test::TempDir* dir_;
  static Archive* archive_;
  static std::map<std::string, std::vector<std::vector<std::string>>>* bodies_;
};

test::TempDir* OredRankingTest::dir_ = nullptr;
Archive* OredRankingTest::archive_ = nullptr;
std::map<std::string, std::vector<std::vector<std::string>>>* OredRankingTest::bodies_ = nullptr;

std::set<std::string> Keys(const std::map<std::string, double>& m) {
  std::set<std::string> out;
  for (const auto& [k, v] : m) out.insert(k);
  return out;
}

TEST_F(OredRankingTest, ProximityGainsExactlyWhereTwoNeighbouringWordsAreNear) {
  for (unsigned window : {2u, 3u, 8u}) {
    for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
             {"cocoa", "crop"}, {"tin", "zinc"}, {"freight", "cargo"}}) {
      SCOPED_TRACE(a + " " + b + " window " + std::to_string(window));
      SearchRequest off;
      off.query = a + " " + b;
      off.default_and = false;
      SearchRequest on = off;
      on.ranking.proximity_weight = 0.5;
      on.ranking.proximity_window = window;
      const auto before = Scores(off), after = Scores(on);
      ASSERT_EQ(Keys(before), Keys(after));  // the same matches
      int near = 0;
      for (const auto& [id, score] : before) {
        if (Near(id, a, b, window)) {
          ++near;
          // Both words' weight once more, times 0.5: well above rounding.
          EXPECT_GT(after.at(id), score * 1.1) << id;
        } else {
          EXPECT_DOUBLE_EQ(after.at(id), score) << id;
        }
      }
      EXPECT_GT(near, 0);
      EXPECT_LT(near, static_cast<int>(before.size()));
    }
  }
}

TEST_F(OredRankingTest, ProximityLeavesMatchesCountsAndAndedWordsAlone) {
  // Stop words between the words are left out, so "cocoa and the crop"
  // pairs cocoa with crop; a phrase, an exclusion and a filter keep the
  // matches exactly.
  for (const std::string query :
       {"cocoa and the crop", "cocoa crop -tin", "\"cocoa crop\" ghana harvest",
        "cocoa crop source:t", "(cocoa crop) OR (tin zinc)", "cocoa OR crop"}) {
    SCOPED_TRACE(query);
    SearchRequest off;
    off.query = query;
    off.default_and = false;
    SearchRequest on = off;
    on.ranking.proximity_weight = 1;
    EXPECT_EQ(Keys(Scores(off)), Keys(Scores(on)));
  }
  // Words ANDed, or not in relevance order: no bonus.
  SearchRequest anded;
  anded.query = "cocoa crop";
  SearchRequest anded_on = anded;
  anded_on.ranking.proximity_weight = 1;
  EXPECT_EQ(Scores(anded), Scores(anded_on));
  SearchRequest newest = anded_on;
  newest.default_and = false;
  newest.sort = SortOrder::kNewest;
  newest.limit = 1000;
  SearchRequest newest_off = newest;
  newest_off.ranking.proximity_weight = 0;
  EXPECT_EQ(archive_->Search(newest).total, archive_->Search(newest_off).total);
}

TEST_F(OredRankingTest, LengthNormalisationWithWordsOredOnly) {
  // Scores of a one-word query: ANDed they follow the term's count alone
  // (b 0), ORed the longer of two articles with the same count scores less.
  auto scores = [](bool ored, double b_ored) {
    SearchRequest r;
    r.query = "rubber";
    r.default_and = !ored;
    r.ranking.bm25_b_ored = b_ored;
    return Scores(r);
  };
  const auto anded = scores(false, 0.25), ored = scores(true, 0.25), flat = scores(true, 0);
  ASSERT_EQ(Keys(anded), Keys(ored));
  EXPECT_EQ(anded, flat);  // b 0 both ways: the same weights
  // Among matches with the same count of "rubber", ANDed scores are equal and
  // ORed ones fall with the article's length (never rise).
  std::map<int, std::vector<std::pair<size_t, std::string>>> by_count;
  for (const auto& [id, score] : anded) {
    int count = 0;
    size_t length = 0;
    for (const auto& words : bodies_->at(id)) {
      count += static_cast<int>(std::count(words.begin(), words.end(), "rubber"));
      length += words.size();
    }
    by_count[count].emplace_back(length, id);
  }
  int compared = 0;
  for (auto& [count, docs] : by_count) {
    std::sort(docs.begin(), docs.end());
    for (size_t i = 1; i < docs.size(); ++i) {
      const std::string& shorter = docs[i - 1].second;
      const std::string& longer = docs[i].second;
      EXPECT_DOUBLE_EQ(anded.at(shorter), anded.at(longer));
      // Lengths under half the average count as half the average (BM25's
      // min_normlen 0.5): those score alike.
      EXPECT_GE(ored.at(shorter), ored.at(longer)) << shorter << " vs " << longer;
      if (ored.at(shorter) > ored.at(longer)) ++compared;
    }
  }
  EXPECT_GT(compared, 10);
}

TEST_F(OredRankingTest, BadProximityAndLengthParametersAreErrors) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  auto fails = [](const RankingOptions& ranking) {
    SearchRequest r;
    r.query = "cocoa crop";
    r.default_and = false;
    r.ranking = ranking;
    try {
      archive_->Search(r);
      return false;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
      return true;
    }
  };
  for (double bad : {-1.0, nan, inf}) {
    RankingOptions r;
    r.proximity_weight = bad;
    EXPECT_TRUE(fails(r)) << bad;
  }
  for (double bad : {-0.1, 1.5, nan}) {
    RankingOptions r;
    r.bm25_b_ored = bad;
    EXPECT_TRUE(fails(r)) << bad;
  }
  for (unsigned bad : {0u, 1u, kMaxProximityWindow + 1, 4000000000u}) {
    RankingOptions r;
    r.proximity_weight = 1;
    r.proximity_window = bad;
    EXPECT_TRUE(fails(r)) << bad;
  }
  RankingOptions edge;
  edge.proximity_weight = 1;
  edge.proximity_window = kMaxProximityWindow;
  EXPECT_FALSE(fails(edge));
}

TEST_F(OredRankingTest, CommandLineTakesProximityAndBOred) {
  const std::string a = test::Quote(*dir_ / "a.morgue");
  auto ok = test::RunMorgue("search --archive " + a +
                            " --default-op or --proximity-weight 0.5 --proximity-window 3 "
                            "--b-ored 0.4 --format csv 'cocoa crop'");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto window = test::RunMorgue("search --archive " + a +
                                " --default-op or --proximity-weight 1 --proximity-window 1 cocoa");
  EXPECT_NE(window.exit_code, 0);
  EXPECT_NE(window.err.find("--proximity-window must be from 2 to 100"), std::string::npos)
      << window.err;
  auto weight =
      test::RunMorgue("search --archive " + a + " --default-op or --proximity-weight=-1 cocoa");
  EXPECT_NE(weight.exit_code, 0);
  EXPECT_NE(weight.err.find("proximity weight must be"), std::string::npos) << weight.err;
  auto b = test::RunMorgue("search --archive " + a + " --default-op or --b-ored 2 cocoa");
  EXPECT_NE(b.exit_code, 0);
  EXPECT_NE(b.err.find("b for words ORed must be"), std::string::npos) << b.err;
  // --b alone sets b for words ORed too: the same order as --b-ored.
  auto one = test::RunMorgue("search --archive " + a +
                             " --default-op or --b 0.7 --format csv -n 50 'rubber palm'");
  auto both = test::RunMorgue("search --archive " + a +
                              " --default-op or --b 0.7 --b-ored 0.7 --format csv -n 50 "
                              "'rubber palm'");
  auto other = test::RunMorgue("search --archive " + a +
                               " --default-op or --b 0.7 --b-ored 0 --format csv -n 50 "
                               "'rubber palm'");
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, both.out);
  EXPECT_NE(one.out, other.out);
}

}  // namespace
}  // namespace morgue

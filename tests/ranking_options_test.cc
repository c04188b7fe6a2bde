// RankingOptions beyond the weights: stop words with words ORed
// (drop_stop_words, docs/query-language.md): an article sharing only stop
// words with a question is no match; ANDed words, phrases, scoped and
// parenthesized words are unchanged. Expansion reorders, never adds a match.
// Fields scored together. Bad ranking parameters are errors, not clamped.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

class StopWordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = Archive::Open(dir_ / "a.morgue", OpenMode::kCreate);
    std::vector<Article> docs;
    auto add = [&docs](std::string id, std::string headline, std::string body) {
      Article a;
      a.id = std::move(id);
      a.source = "t";
      a.headline = std::move(headline);
      a.body = {std::move(body)};
      docs.push_back(std::move(a));
    };
    add("1", "What's up in the market", "There are problems and concerns in it.");
    add("2", "Descriptive titles", "Making titles that describe papers.");
    add("3", "Oil", "The price of oil rose.");
    add("4", "Cartel", "Opec oil output: opec quotas, opec meeting.");
    add("5", "Quotas", "Opec quotas and prices.");
    // Unrelated articles, so that the feedback's words are rare.
    for (int i = 0; i < 30; ++i) add("f" + std::to_string(i), "Zebra", "Giraffe elephant zebu.");
    archive_->Add(std::move(docs));
  }

  std::vector<std::string> Ids(const std::string& query, bool all = false, bool drop = true) const {
    SearchRequest r;
    r.query = query;
    r.default_and = all;
    r.ranking.drop_stop_words = drop;
    r.snippets = false;
    std::vector<std::string> ids;
    for (const Hit& h : archive_->Search(r).hits) ids.push_back(h.id);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(archive_->Count(r), ids.size()) << query;
    return ids;
  }

  test::TempDir dir_;
  std::unique_ptr<Archive> archive_;
};

using IdList = std::vector<std::string>;

TEST_F(StopWordsTest, OredQuestionMatchesOnlyArticlesSharingAWordThatIsNotAStopWord) {
  // Article 1 shares "problems" and stop words; article 3 nothing.
  EXPECT_EQ(Ids("what problems are there in making up descriptive titles"), (IdList{"1", "2"}));
  EXPECT_EQ(Ids("what are there in up titles"), IdList{"2"});
  // Kept, every article sharing any word matches.
  EXPECT_EQ(Ids("what are there in up titles", false, false), (IdList{"1", "2"}));
  // Only stop words: they are searched.
  EXPECT_EQ(Ids("the of"), (IdList{"1", "3"}));
  // Contractions are stop words too.
  EXPECT_EQ(Ids("what's titles"), IdList{"2"});
}

TEST_F(StopWordsTest, AndedScopedPhrasedAndParenthesizedWordsAreKept) {
  EXPECT_EQ(Ids("the oil", true), IdList{"3"});
  EXPECT_EQ(Ids("the titles", true), IdList{});
  EXPECT_EQ(Ids("headline:the titles"), (IdList{"1", "2"}));
  EXPECT_EQ(Ids("(the) titles"), (IdList{"1", "2", "3"}));
  EXPECT_EQ(Ids("\"the price\" titles"), (IdList{"2", "3"}));
  EXPECT_EQ(Ids("the OR titles"), (IdList{"1", "2", "3"}));
  // A stop word beside only an exclusion or a filter is still searched.
  EXPECT_EQ(Ids("the -oil"), IdList{"1"});
}

TEST_F(StopWordsTest, ExpansionReordersButNeverAddsAMatch) {
  SearchRequest plain, expanded;
  plain.query = expanded.query = "oil";
  expanded.ranking.expand_docs = 10;
  expanded.ranking.expand_weight = 2;
  auto a = archive_->Search(plain), b = archive_->Search(expanded);
  ASSERT_EQ(a.total, 2u);  // 3 and 4; 5 has opec and quotas, not oil
  EXPECT_EQ(b.total, a.total);
  EXPECT_EQ(archive_->Count(expanded), a.total);
  ASSERT_EQ(b.hits.size(), a.hits.size());
  // Article 4 holds the feedback's words (opec, quotas...): it gains.
  double gain = 0;
  for (const Hit& h : b.hits) {
    for (const Hit& g : a.hits) {
      if (g.id == h.id && h.id == "4") gain = h.score - g.score;
    }
  }
  EXPECT_GT(gain, 0);
  expanded.ranking.expand_weight = -1;
  EXPECT_THROW(archive_->Search(expanded), Error);
}

TEST_F(StopWordsTest, CombinedFieldsScoreAWordOnce) {
  // "oil" is in article 3's headline and body and in article 4's body.
  SearchRequest together, apart;
  together.query = apart.query = "oil";
  together.ranking.combine_fields = true;
  apart.ranking.combine_fields = false;
  together.ranking.headline_weight = apart.ranking.headline_weight = 1;
  auto t = archive_->Search(together), s = archive_->Search(apart);
  ASSERT_EQ(t.total, 2u);
  ASSERT_EQ(s.total, 2u);
  // Separately, the headline's own rare term adds a second idf: article 3
  // scores far more than with the fields together.
  auto score = [](const SearchResult& r, const std::string& id) {
    for (const Hit& h : r.hits) {
      if (h.id == id) return h.score;
    }
    return -1.0;
  };
  EXPECT_GT(score(s, "3"), score(t, "3"));
  EXPECT_GT(score(t, "3"), 0);
  EXPECT_GT(score(t, "4"), 0);
}

TEST_F(StopWordsTest, StopWordsAddNoScore) {
  SearchRequest with, without;
  with.query = "the oil";
  without.query = "oil";
  with.default_and = without.default_and = false;
  auto a = archive_->Search(with), b = archive_->Search(without);
  ASSERT_EQ(b.hits.size(), 2u);
  ASSERT_EQ(a.hits.size(), b.hits.size());  // kept, "the" would add article 1
  for (size_t i = 0; i < a.hits.size(); ++i) {
    EXPECT_EQ(a.hits[i].id, b.hits[i].id);
    EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score);
  }
}

TEST_F(StopWordsTest, BadRankingParametersAreErrors) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto change : std::vector<void (*)(RankingOptions&, double)>{
           [](RankingOptions&r, double v) { r.bm25_k1 = v; },
           [](RankingOptions&r, double v) { r.bm25_b = v; },
           [](RankingOptions&r, double v) { r.headline_weight = v; },
           [](RankingOptions&r, double v) { r.caption_weight = v; }}) {
    for (double bad : {-1.0, nan}) {
      SearchRequest r;
      r.query = "oil";
      change(r.ranking, bad);
      try {
        archive_->Search(r);
        ADD_FAILURE() << "accepted " << bad;
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << e.what();
      }
    }
  }
  SearchRequest r;
  r.query = "oil";
  r.ranking.bm25_b = 1.5;
  EXPECT_THROW(archive_->Search(r), Error);
  r.ranking.bm25_b = 1;
  r.ranking.bm25_k1 = 0;
  EXPECT_EQ(archive_->Search(r).hits.size(), 2u);
}

TEST_F(StopWordsTest, CommandLineTakesRankingOptions) {
  const std::string a = test::Quote(dir_ / "a.morgue");
  auto r = test::RunMorgue("search --archive " + a +
                           " --default-op or --k1 1.2 --b 0.75 --headline-weight 1 "
                           "--format csv 'the titles'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Descriptive titles"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("What's up"), std::string::npos) << r.out;
  auto kept = test::RunMorgue("search --archive " + a +
                              " --default-op or --keep-stop-words --format csv 'the titles'");
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_NE(kept.out.find("What's up"), std::string::npos) << kept.out;
  auto bad = test::RunMorgue("search --archive " + a + " --b 2 oil");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("b must be"), std::string::npos) << bad.err;
  auto expand = test::RunMorgue("search --archive " + a + " --expand --fields separate oil");
  EXPECT_EQ(expand.exit_code, 0) << expand.err;
  EXPECT_NE(expand.out.find("2 matching articles"), std::string::npos) << expand.out;
  EXPECT_NE(test::RunMorgue("search --archive " + a + " --expand-docs 3 oil").exit_code, 0);
  EXPECT_NE(test::RunMorgue("search --archive " + a + " --fields both oil").exit_code, 0);
  auto count = test::RunMorgue("count --archive " + a + " --default-op or 'the titles'");
  EXPECT_EQ(count.out, "1\n") << count.err;
  count =
      test::RunMorgue("count --archive " + a + " --default-op or --keep-stop-words 'the titles'");
  EXPECT_EQ(count.out, "3\n") << count.err;
}

}  // namespace
}  // namespace morgue

// Archive::Terms against a brute-force count over the stored articles
// (Archive::Export), on a small generated archive with wire copies,
// non-Latin words and dates over several months.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/key_terms.h"
#include "query/stop_words.h"
#include "query/text_terms.h"
#include "test_util.h"

namespace morgue {
namespace {

// 400 stories over a small vocabulary (stop words included), every 10th
// copied twice under other ids (wire copies: the same text), some words in
// Cyrillic and Japanese, and a headline per story.
std::vector<Article> Corpus() {
  std::vector<Article> out =
      test::Stories(1, 400, {"oil", "prices", "the", "opec", "нефть", "東京", "rose", "of"}, "");
  std::vector<Article> extra =
      test::Stories(401, 200, {"wheat", "harvest", "the", "grain", "crop", "rose", "fell", "oil"},
                    "");
  out.insert(out.end(), extra.begin(), extra.end());
  std::vector<Article> copies;
  for (size_t i = 0; i < out.size(); i += 10) {
    for (int c = 0; c < 2; ++c) {
      Article copy = out[i];
      copy.id += "-copy" + std::to_string(c);
      copies.push_back(copy);
    }
  }
  out.insert(out.end(), copies.begin(), copies.end());
  // A second paragraph: a phrase must not join two paragraphs.
  for (size_t i = 0; i < out.size(); i += 3) out[i].body.push_back("prices opec");
  return out;
}

class KeyTermsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    archive_ = Archive::Open(*dir_ / "a.morgue", OpenMode::kCreate).release();
    archive_->Add(Corpus());
  }
  static void TearDownTestSuite() {
    delete archive_;
    delete dir_;
  }

  // The brute-force count: per article (one per identical headline + body
  // when collapsing), the distinct words and adjacent pairs of a field.
  struct Oracle {
    uint64_t documents = 0;
    std::map<std::string, uint64_t> words, phrases;
  };
  static Oracle Count(const std::string& query, bool collapse, TermField field) {
    SearchRequest r;
    r.query = query;
    Oracle o;
    std::set<std::string> seen;
    archive_->Export(r, [&](const Article& a) {
      std::string key = a.headline;
      for (const auto& p : a.body) key += "\n" + p;
      if (collapse && !seen.insert(key).second) return true;
      ++o.documents;
      std::vector<std::string> texts;
      if (field == TermField::kBody) texts = a.body;
      if (field == TermField::kHeadline) texts = {a.headline};
      std::set<std::string> words, phrases;
      for (const auto& text : texts) {
        std::vector<std::string> terms = TextTerms(text);
        for (size_t i = 0; i < terms.size(); ++i) {
          words.insert(terms[i]);
          if (i + 1 < terms.size()) phrases.insert(terms[i] + " " + terms[i + 1]);
        }
      }
      for (const auto& w : words) ++o.words[w];
      for (const auto& p : phrases) ++o.phrases[p];
      return true;
    });
    return o;
  }

  // G2 written out from Dunning (1993), independently of LogLikelihood.
  static double G2(double k1, double n1, double k2, double n2) {
    double p = (k1 + k2) / (n1 + n2), p1 = k1 / n1, p2 = k2 / n2;
    auto ll = [](double k, double n, double x) {
      return (k > 0 ? k * std::log(x) : 0) + (n - k > 0 ? (n - k) * std::log(1 - x) : 0);
    };
    return 2 * (ll(k1, n1, p1) + ll(k2, n2, p2) - ll(k1, n1, p) - ll(k2, n2, p));
  }

  static TermsOptions All() {
    TermsOptions o;
    o.top = 0;
    o.min_count = 1;
    o.drop_stop_words = false;
    o.phrase_candidates = 1'000'000;
    return o;
  }

  // Every over-represented term of the oracle, with its counts and score,
  // is in `result`, and nothing else.
  static void ExpectMatchesOracle(const TermsResult& result, const Oracle& matches,
                                  const Oracle& archive, const TermsOptions& options) {
    EXPECT_EQ(result.documents, matches.documents);
    EXPECT_EQ(result.archive, archive.documents);
    std::map<std::pair<std::string, bool>, TermScore> got;
    for (const auto& t : result.terms) got[{t.term, t.phrase}] = t;
    size_t expected = 0;
    for (bool phrase : {false, true}) {
      if (!(phrase ? options.phrases : options.words)) continue;
      const auto& m = phrase ? matches.phrases : matches.words;
      const auto& a = phrase ? archive.phrases : archive.words;
      for (const auto& [term, k1] : m) {
        const uint64_t k2 = a.at(term);
        if (k1 < options.min_count) continue;
        if (options.drop_stop_words) {
          bool stop = false;
          for (const auto& w : TextTerms(term)) stop |= IsQueryStopWord(w);
          if (stop) continue;
        }
        if (k1 * archive.documents <= k2 * matches.documents) continue;
        ++expected;
        auto it = got.find({term, phrase});
        ASSERT_NE(it, got.end()) << term;
        EXPECT_EQ(it->second.in_matches, k1) << term;
        EXPECT_EQ(it->second.in_archive, k2) << term;
        EXPECT_NEAR(it->second.score,
                    G2(static_cast<double>(k1), static_cast<double>(matches.documents),
                       static_cast<double>(k2), static_cast<double>(archive.documents)),
                    1e-6)
            << term;
      }
    }
    EXPECT_EQ(got.size(), expected);
  }

  static test::TempDir* dir_;
  static Archive* archive_;
};

test::TempDir* KeyTermsTest::dir_ = nullptr;
Archive* KeyTermsTest::archive_ = nullptr;

TEST_F(KeyTermsTest, CountsEqualBruteForceWithCopiesCollapsed) {
  SearchRequest r;
  r.query = "opec";
  TermsOptions options = All();
  TermsResult result = archive_->Terms(r, options);
  EXPECT_EQ(result.total, test::CountOf(*archive_, "opec"));
  EXPECT_LT(result.groups, result.total);  // the copies
  EXPECT_FALSE(result.sampled);
  ExpectMatchesOracle(result, Count("opec", true, TermField::kBody),
                      Count("", false, TermField::kBody), options);
  EXPECT_FALSE(result.terms.empty());
}

TEST_F(KeyTermsTest, CountsEqualBruteForceWithoutCollapse) {
  SearchRequest r;
  r.query = "wheat OR grain";
  TermsOptions options = All();
  options.collapse = false;
  TermsResult result = archive_->Terms(r, options);
  EXPECT_EQ(result.groups, result.total);
  ExpectMatchesOracle(result, Count("wheat OR grain", false, TermField::kBody),
                      Count("", false, TermField::kBody), options);
}

TEST_F(KeyTermsTest, HeadlineFieldAndNonLatinWords) {
  SearchRequest r;
  r.query = "нефть";
  TermsOptions options = All();
  options.field = TermField::kHeadline;
  TermsResult result = archive_->Terms(r, options);
  ExpectMatchesOracle(result, Count("нефть", true, TermField::kHeadline),
                      Count("", false, TermField::kHeadline), options);
}

TEST_F(KeyTermsTest, DefaultsDropStopWordsAndRareTermsAndKeepTheTop) {
  SearchRequest r;
  r.query = "harvest";
  TermsOptions options;  // min_count 3, stop words out, top 20
  TermsResult result = archive_->Terms(r, options);
  TermsOptions all = options;
  all.top = 0;
  all.phrase_candidates = 1'000'000;
  ExpectMatchesOracle(archive_->Terms(r, all), Count("harvest", true, TermField::kBody),
                      Count("", false, TermField::kBody), all);
  ASSERT_FALSE(result.terms.empty());
  EXPECT_LE(result.terms.size(), 20u);
  for (size_t i = 0; i < result.terms.size(); ++i) {
    EXPECT_FALSE(IsQueryStopWord(result.terms[i].term)) << result.terms[i].term;
    EXPECT_GE(result.terms[i].in_matches, 3u);
    if (i > 0) {
      EXPECT_GE(result.terms[i - 1].score, result.terms[i].score);
    }
  }
  EXPECT_EQ(result.terms[0].term, "harvest");  // in every match
}

TEST_F(KeyTermsTest, ATopIsTheHeadOfEveryTermScored) {
  // With a top, terms that cannot enter it are never looked up in the
  // archive; the answer must be the head of the full list all the same.
  SearchRequest r;
  r.query = "rose";
  TermsOptions options = All();
  options.by = Interval::kYear;
  TermsResult all = archive_->Terms(r, options);
  ASSERT_GT(all.terms.size(), 12u);
  for (size_t top : {1u, 2u, 5u, 12u}) {
    options.top = top;
    TermsResult head = archive_->Terms(r, options);
    ASSERT_EQ(head.terms.size(), top);
    for (size_t i = 0; i < top; ++i) {
      EXPECT_EQ(head.terms[i].term, all.terms[i].term) << top << " " << i;
      EXPECT_EQ(head.terms[i].score, all.terms[i].score);
      EXPECT_EQ(head.terms[i].in_archive, all.terms[i].in_archive);
    }
    ASSERT_EQ(head.intervals.size(), all.intervals.size());
    for (size_t k = 0; k < all.intervals.size(); ++k) {
      const auto& h = head.intervals[k].terms;
      const auto& a = all.intervals[k].terms;
      ASSERT_EQ(h.size(), std::min(top, a.size()));
      for (size_t i = 0; i < h.size(); ++i) EXPECT_EQ(h[i].term, a[i].term);
    }
  }
}

TEST_F(KeyTermsTest, PhrasesNeverJoinTwoParagraphs) {
  // "opec" ends no paragraph next to "prices opec"'s "prices" in the index:
  // the pair across the paragraph break is counted by neither side.
  SearchRequest r;
  r.query = "\"opec prices\"";
  TermsOptions options = All();
  options.words = false;
  TermsResult result = archive_->Terms(r, options);
  ExpectMatchesOracle(result, Count("\"opec prices\"", true, TermField::kBody),
                      Count("", false, TermField::kBody), options);
  for (const auto& t : result.terms) EXPECT_TRUE(t.phrase);
}

TEST_F(KeyTermsTest, ASeededSampleIsStatedAndRepeatable) {
  SearchRequest r;
  r.query = "rose";
  TermsOptions options = All();
  options.max_documents = 50;
  options.seed = 7;
  TermsResult a = archive_->Terms(r, options);
  TermsResult b = archive_->Terms(r, options);
  EXPECT_TRUE(a.sampled);
  EXPECT_EQ(a.seed, 7u);
  EXPECT_EQ(a.documents, 50u);
  EXPECT_GT(a.groups, 50u);
  ASSERT_EQ(a.terms.size(), b.terms.size());
  for (size_t i = 0; i < a.terms.size(); ++i) {
    EXPECT_EQ(a.terms[i].term, b.terms[i].term);
    EXPECT_EQ(a.terms[i].in_matches, b.terms[i].in_matches);
  }
  options.seed = 8;
  TermsResult c = archive_->Terms(r, options);
  EXPECT_EQ(c.documents, 50u);
  bool differs = c.terms.size() != a.terms.size();
  for (size_t i = 0; !differs && i < a.terms.size(); ++i) {
    differs = a.terms[i].in_matches != c.terms[i].in_matches || a.terms[i].term != c.terms[i].term;
  }
  EXPECT_TRUE(differs);
  // The counts of a sample never exceed the whole's.
  TermsResult whole = archive_->Terms(r, All());
  std::map<std::string, uint64_t> full;
  for (const auto& t : whole.terms) full[t.term] = t.in_matches;
  for (const auto& t : a.terms) {
    if (full.count(t.term)) {
      EXPECT_LE(t.in_matches, full[t.term]) << t.term;
    }
  }
}

TEST_F(KeyTermsTest, PerIntervalCountsAddUpAndEqualBruteForce) {
  SearchRequest r;
  r.query = "oil";
  TermsOptions options = All();
  options.by = Interval::kMonth;
  TermsResult result = archive_->Terms(r, options);
  uint64_t sum = result.undated;
  for (const auto& i : result.intervals) sum += i.documents;
  EXPECT_EQ(sum, result.documents);
  EXPECT_GT(result.undated, 0u);
  ASSERT_FALSE(result.intervals.empty());
  // One interval against a brute-force count of its month.
  const TermsInterval& march = result.intervals[2];
  EXPECT_EQ(march.label, "1987-03");
  EXPECT_EQ(march.start, "1987-03-01");
  Oracle o = Count("oil date:1987-03", true, TermField::kBody);
  EXPECT_EQ(march.documents, o.documents);
  Oracle archive = Count("", false, TermField::kBody);
  for (const auto& t : march.terms) {
    EXPECT_EQ(t.in_matches, t.phrase ? o.phrases.at(t.term) : o.words.at(t.term)) << t.term;
    EXPECT_EQ(t.in_archive, t.phrase ? archive.phrases.at(t.term) : archive.words.at(t.term));
  }
}

TEST_F(KeyTermsTest, NothingMatchesAndBadOptions) {
  SearchRequest r;
  r.query = "zzzznotaword";
  TermsResult none = archive_->Terms(r, {});
  EXPECT_EQ(none.total, 0u);
  EXPECT_EQ(none.documents, 0u);
  EXPECT_TRUE(none.terms.empty());

  r.query = "oil";
  TermsOptions bad;
  bad.max_documents = 0;
  EXPECT_THROW(archive_->Terms(r, bad), Error);
  bad = {};
  bad.words = bad.phrases = false;
  EXPECT_THROW(archive_->Terms(r, bad), Error);
  r.query = "\"unclosed";
  try {
    archive_->Terms(r, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
  }
  EXPECT_THROW(ParseTermField("title"), Error);
  EXPECT_EQ(ParseTermField("caption"), TermField::kCaption);
}

TEST_F(KeyTermsTest, WordsAloneFromTheIndexEqualBruteForce) {
  // Without phrases the words come from the index's term lists, not from
  // the stored text: the same counts all the same.
  for (TermField field : {TermField::kBody, TermField::kHeadline}) {
    for (const char* query : {"opec", "нефть", "wheat OR grain"}) {
      SCOPED_TRACE(query);
      SearchRequest r;
      r.query = query;
      TermsOptions options = All();
      options.phrases = false;
      options.field = field;
      ExpectMatchesOracle(archive_->Terms(r, options), Count(query, true, field),
                          Count("", false, field), options);
    }
  }
}

TEST(KeyTermsHostileTest, EmptyLongAndNonLatinFieldsEqualBruteForce) {
  // Empty headlines and bodies, words over 64 bytes (never indexed),
  // non-Latin scripts, initials, apostrophes: both ways of reading the
  // matches' words (term lists; cut stored text) give the brute-force counts.
  test::TempDir dir;
  auto archive = Archive::Open(dir / "h.morgue", OpenMode::kCreate);
  const std::vector<std::string> vocabulary = {"oil",      "U.S.",     "u.s.",
                                               "Москва",   "東京",     "日本の首都",
                                               "Erdoğan",  "İstanbul", std::string(70, 'x'),
                                               "dollar's", "AT&T",     "C++",
                                               "1,750.5",  "ＯＰＥＣ", "Việt",
                                               "مرحبا"};
  std::vector<Article> articles;
  for (int i = 0; i < 120; ++i) {
    Article a;
    a.id = std::to_string(i);
    a.source = "hostile";
    a.language = "en";
    if (i % 4 != 0) a.headline = vocabulary[i % vocabulary.size()] + " oil";
    for (int p = 0; p < 1 + i % 3; ++p) {
      std::string text;
      for (int w = 0; w < (i + p) % 9; ++w)
        text += vocabulary[(i * 7 + p * 3 + w) % vocabulary.size()] + " ";
      a.body.push_back(text.empty() ? "oil" : text);
    }
    articles.push_back(a);
  }
  archive->Add(articles);
  for (TermField field : {TermField::kBody, TermField::kHeadline}) {
    for (bool phrases : {false, true}) {
      TermsOptions options;
      options.top = 0;
      options.min_count = 1;
      options.drop_stop_words = false;
      options.phrase_candidates = 1'000'000;
      options.collapse = false;
      options.field = field;
      options.phrases = phrases;
      SearchRequest r;
      r.query = "oil";
      const TermsResult result = archive->Terms(r, options);
      // The oracle: TextTerms of each stored text, every article.
      std::map<std::string, uint64_t> words, pairs, archive_words, archive_pairs;
      uint64_t matches = 0;
      for (bool all : {false, true}) {
        SearchRequest e;
        e.query = all ? "" : "oil";
        archive->Export(e, [&](const Article& a) {
          if (!all) ++matches;
          std::set<std::string> w, p;
          for (const std::string& text :
               field == TermField::kBody ? a.body : std::vector<std::string>{a.headline}) {
            const std::vector<std::string> terms = TextTerms(text);
            for (size_t k = 0; k < terms.size(); ++k) {
              w.insert(terms[k]);
              if (k + 1 < terms.size()) p.insert(terms[k] + " " + terms[k + 1]);
            }
          }
          for (const auto& x : w) ++(all ? archive_words : words)[x];
          for (const auto& x : p) ++(all ? archive_pairs : pairs)[x];
          return true;
        });
      }
      EXPECT_EQ(result.documents, matches);
      size_t expected = 0;
      std::map<std::pair<std::string, bool>, TermScore> got;
      for (const auto& t : result.terms) got[{t.term, t.phrase}] = t;
      for (bool phrase : {false, true}) {
        if (phrase && !phrases) continue;
        for (const auto& [term, k1] : phrase ? pairs : words) {
          const uint64_t k2 = (phrase ? archive_pairs : archive_words).at(term);
          if (k1 * result.archive <= k2 * matches) continue;
          ++expected;
          auto it = got.find({term, phrase});
          ASSERT_NE(it, got.end()) << term;
          EXPECT_EQ(it->second.in_matches, k1) << term;
          EXPECT_EQ(it->second.in_archive, k2) << term;
        }
      }
      EXPECT_EQ(got.size(), expected);
      EXPECT_GT(expected, 0u);
    }
  }
}

TEST(LogLikelihoodTest, KnownValuesAndEdges) {
  EXPECT_EQ(LogLikelihood(0, 0, 5, 10), 0.0);
  EXPECT_EQ(LogLikelihood(5, 10, 5, 10), 0.0);  // the same rate: no evidence
  // Dunning's 2x2 form: 2 * sum O ln(O / E) for (10, 90 | 20, 980).
  const double o[4] = {10, 90, 20, 980};
  const double e[4] = {100.0 * 30 / 1100, 100.0 * 1070 / 1100, 1000.0 * 30 / 1100,
                       1000.0 * 1070 / 1100};
  double g2 = 0;
  for (int i = 0; i < 4; ++i) g2 += 2 * o[i] * std::log(o[i] / e[i]);
  EXPECT_NEAR(LogLikelihood(10, 100, 20, 1000), g2, 1e-9);
}

}  // namespace
}  // namespace morgue

// Archive::Kwic against a brute-force scan of the stored articles: every
// occurrence of the query's words (stem variants for a bare word), phrases
// (in a row, unstemmed) and patterns, per article and field.
#include <gtest/gtest.h>
#include <xapian.h>

#include <map>
#include <set>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/kwic.h"
#include "query/stem_expander.h"
#include "query/text_terms.h"
#include "test_util.h"

namespace morgue {
namespace {

std::vector<Article> Corpus() {
  std::vector<Article> out =
      test::Stories(1, 300, {"oil", "prices", "price", "priced", "opec", "Москва", "МОСКВА", "the"},
                    "");
  std::vector<Article> more =
      test::Stories(301, 100, {"wheat", "pricing", "oil", "fell", "crop", "rose", "U.S.", "don't"},
                    "");
  out.insert(out.end(), more.begin(), more.end());
  // Line breaks, tabs and a long paragraph for the context.
  Article a;
  a.source = "wire";
  a.id = "long";
  a.headline = "Oil\tprices";
  a.body = {"first line\nsecond line with oil prices in it and " + std::string(300, 'x') +
                " then oil again",
            "“Oil” in curly quotes, and oil—prices with a dash."};
  out.push_back(a);
  return out;
}

class KwicTest : public ::testing::Test {
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

  // Lines per "source/id field paragraph".
  using PerText = std::map<std::string, uint64_t>;

  static PerText Kwic(const std::string& query, std::vector<KwicLine>* lines = nullptr,
                      size_t width = 40) {
    SearchRequest r;
    r.query = query;
    KwicOptions o;
    o.width = width;
    PerText out;
    uint64_t n = archive_->Kwic(r, o, [&](const KwicLine& l) {
      ++out[l.source + "/" + l.id + " " + l.field + " " + std::to_string(l.paragraph)];
      if (lines) lines->push_back(l);
      return true;
    });
    uint64_t sum = 0;
    for (const auto& [k, v] : out) sum += v;
    EXPECT_EQ(n, sum);
    return out;
  }

  // The brute-force scan: the index terms of each text in order (TextTerms,
  // the indexer's own cutting), each run of terms `match` accepts counted.
  // `fields`: which texts ("headline", "body").
  template <typename Match>
  static PerText Scan(const std::string& query, size_t length, Match match,
                      std::set<std::string> fields = {"headline", "body"}) {
    SearchRequest r;
    r.query = query;
    PerText out;
    archive_->Export(r, [&](const Article& a) {
      auto scan = [&](const std::string& text, const std::string& field, size_t paragraph) {
        if (!fields.count(field)) return;
        std::vector<std::string> terms = TextTerms(text);
        for (size_t i = 0; i + length <= terms.size(); ++i) {
          if (match(terms, i))
            ++out[a.source + "/" + a.id + " " + field + " " + std::to_string(paragraph)];
        }
      };
      scan(a.headline, "headline", 0);
      for (size_t i = 0; i < a.body.size(); ++i) scan(a.body[i], "body", i);
      return true;
    });
    return out;
  }

  static test::TempDir* dir_;
  static Archive* archive_;
};

test::TempDir* KwicTest::dir_ = nullptr;
Archive* KwicTest::archive_ = nullptr;

TEST_F(KwicTest, ABareWordFindsItsStemVariants) {
  Xapian::Stem stem("english");
  PerText expected = Scan("price", 1, [&](const std::vector<std::string>& t, size_t i) {
    return stem(t[i]) == stem("price");
  });
  std::vector<KwicLine> lines;
  EXPECT_EQ(Kwic("price", &lines), expected);
  std::set<std::string> forms;
  for (const auto& l : lines) forms.insert(TextTerms(l.match).at(0));
  EXPECT_TRUE(forms.count("prices"));
  EXPECT_TRUE(forms.count("priced"));
  for (const auto& f : forms) EXPECT_EQ(stem(f), stem("price")) << f;
  EXPECT_FALSE(forms.count("price's"));
}

TEST_F(KwicTest, APhraseMatchesItsWordsInARowUnstemmed) {
  PerText expected = Scan("\"oil prices\"", 2, [](const std::vector<std::string>& t, size_t i) {
    return t[i] == "oil" && t[i + 1] == "prices";
  });
  std::vector<KwicLine> lines;
  EXPECT_EQ(Kwic("\"oil prices\"", &lines), expected);
  ASSERT_FALSE(lines.empty());
  for (const auto& l : lines)
    EXPECT_EQ(TextTerms(l.match), (std::vector<std::string>{"oil", "prices"}));
}

TEST_F(KwicTest, EveryWordOfAnAndNotTheNegatedOnes) {
  Xapian::Stem stem("english");
  PerText expected = Scan("opec oil -wheat", 1, [&](const std::vector<std::string>& t, size_t i) {
    return t[i] == "opec" || t[i] == "oil";
  });
  EXPECT_EQ(Kwic("opec oil -wheat"), expected);
  EXPECT_FALSE(expected.empty());
}

// Found by the serve tests: kwic parsed the query without the saved queries,
// so "@name" (which search, count and export take) was "unknown".
TEST_F(KwicTest, ASavedQueryShowsTheWordsItStandsFor) {
  archive_->SaveQuery("cartel", "opec oil -wheat");
  archive_->SaveQuery("outer", "@cartel");
  const PerText expected = Kwic("opec oil -wheat");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(Kwic("@cartel"), expected);
  EXPECT_EQ(Kwic("@outer"), expected);
  EXPECT_TRUE(archive_->DeleteQuery("outer"));
  EXPECT_TRUE(archive_->DeleteQuery("cartel"));
  EXPECT_THROW(Kwic("@cartel"), Error);
}

TEST_F(KwicTest, FieldScopedWordsOnlyInTheirField) {
  PerText expected =
      Scan("headline:opec", 1,
           [](const std::vector<std::string>& t, size_t i) { return t[i] == "opec"; },
           {"headline"});
  EXPECT_EQ(Kwic("headline:opec"), expected);
  EXPECT_FALSE(expected.empty());
}

TEST_F(KwicTest, NonLatinWordsFoldedAndPatterns) {
  PerText expected = Scan("москва", 1, [](const std::vector<std::string>& t, size_t i) {
    return t[i] == "москва";
  });
  std::vector<KwicLine> lines;
  EXPECT_EQ(Kwic("москва", &lines), expected);
  std::set<std::string> written;
  for (const auto& l : lines) written.insert(l.match);
  EXPECT_EQ(written, (std::set<std::string>{"Москва", "МОСКВА"}));

  expected = Scan("pric*", 1, [](const std::vector<std::string>& t, size_t i) {
    return t[i].rfind("pric", 0) == 0;
  });
  EXPECT_EQ(Kwic("pric*"), expected);
  // Acronyms and apostrophes are one word each, as the indexer reads them.
  expected =
      Scan("\"u.s.\"", 1, [](const std::vector<std::string>& t, size_t i) { return t[i] == "us"; });
  EXPECT_EQ(Kwic("\"u.s.\""), expected);
  EXPECT_FALSE(expected.empty());
}

TEST_F(KwicTest, ContextIsCutToTheWidthOnOneLine) {
  std::vector<KwicLine> lines;
  Kwic("id:wire/long oil", &lines, 20);
  ASSERT_EQ(lines.size(), 5u);  // the headline, 2 in each paragraph
  for (const auto& l : lines) {
    EXPECT_LE(Utf8Length(l.left), 20u);
    EXPECT_LE(Utf8Length(l.right), 20u);
    for (const std::string* s : {&l.left, &l.match, &l.right}) {
      EXPECT_EQ(s->find('\n'), std::string::npos);
      EXPECT_EQ(s->find('\t'), std::string::npos);
    }
    EXPECT_EQ(TextTerms(l.match), std::vector<std::string>{"oil"});
  }
  EXPECT_EQ(lines[0].field, "headline");
  EXPECT_EQ(lines[0].match, "Oil");
  EXPECT_EQ(lines[0].right, " prices");
  EXPECT_EQ(lines[1].left, "line with ");  // cut at a word
  EXPECT_EQ(lines[1].offset, std::string("first line\nsecond line with ").size());
}

// Found by a hostile pass: an empty query, or one of filters or NOT words
// only, read every matching article and showed nothing; now an error.
TEST_F(KwicTest, AQueryWithNoWordToShowIsRefused) {
  for (const std::string query : {"", "   ", "-oil", "date:1987"}) {
    SearchRequest r;
    r.query = query;
    uint64_t lines = 0;
    try {
      lines = archive_->Kwic(r, {}, [](const KwicLine&) { return true; });
      ADD_FAILURE() << "no error for \"" << query << "\" (" << lines << " lines)";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument) << query << ": " << e.what();
    }
  }
}

TEST_F(KwicTest, StopsWhenToldAndRefusesABadWidth) {
  SearchRequest r;
  r.query = "oil";
  int seen = 0;
  EXPECT_EQ(archive_->Kwic(r, {}, [&](const KwicLine&) { return ++seen < 3; }), 3u);
  KwicOptions bad;
  bad.width = 0;
  EXPECT_THROW(archive_->Kwic(r, bad, [](const KwicLine&) { return true; }), Error);
  r.query = "(oil";
  try {
    archive_->Kwic(r, {}, [](const KwicLine&) { return true; });
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kQuerySyntax);
  }
}

TEST(WrittenWordsTest, ByteRangesAndTermsAsTheIndexerCutsThem) {
  std::vector<TextWord> w = WrittenWords("“Oil” U.S. don't 1,750 Ölpreis");
  std::vector<std::string> terms;
  for (const auto& x : w) terms.push_back(x.term);
  EXPECT_EQ(terms, TextTerms("“Oil” U.S. don't 1,750 Ölpreis"));
  ASSERT_FALSE(w.empty());
  EXPECT_EQ(std::string("“Oil” U.S.").substr(w[0].begin, w[0].end - w[0].begin), "Oil");
}

}  // namespace
}  // namespace morgue

namespace morgue {
namespace {

TEST(WrittenWordsTest, ReusedVectorGivesWhatAFreshOneGives) {
  // The scan reuses one vector for every text: a long text, then a short
  // one, then an empty one must each give exactly their own words.
  const std::string texts[] = {"Москва oil U.S. " + std::string(80, 'z') + " prices don't",
                               "AT&T 1,750", "", "...", "東京 Ölpreis"};
  std::vector<TextWord> reused;
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    WrittenWords(text, reused);
    const std::vector<TextWord> fresh = WrittenWords(text);
    ASSERT_EQ(reused.size(), fresh.size());
    for (size_t i = 0; i < fresh.size(); ++i) {
      EXPECT_EQ(reused[i].term, fresh[i].term);
      EXPECT_EQ(reused[i].begin, fresh[i].begin);
      EXPECT_EQ(reused[i].end, fresh[i].end);
    }
  }
}

TEST(KwicStemFilterTest, EveryWordOfAStemPassesTheFilter) {
  // kwic stems only the words that StemExpander::MayExpandTo lets through:
  // every word that has the stem must pass (Porter2's special forms too),
  // or a line would be lost.
  const std::vector<std::string> words = {
      "dying", "die",    "lying",     "lie",      "tying",       "tie",         "skies",
      "sky",   "happy",  "happiness", "cry",      "cries",       "possibility", "possible",
      "price", "prices", "priced",    "pricing",  "generously",  "generous",    "ability",
      "able",  "agreed", "agreement", "news",     "early",       "only",        "ugly",
      "idly",  "gently", "singly",    "москва",   "1980s",       "yes",         "yield",
      "y",     "ies",    "ied",       "relating", "hopefulness", "luxuriating", "dollar's"};
  Xapian::Stem stem("english");
  int pairs = 0;
  for (const std::string& query : words) {
    const std::string s = stem(query);
    const std::string scan = StemExpander::ScanPrefix(s);
    for (const std::string& word : words) {
      if (stem(word) != s) continue;
      ++pairs;
      EXPECT_TRUE(StemExpander::MayExpandTo(word, scan)) << word << " -> " << s;
    }
  }
  EXPECT_GT(pairs, static_cast<int>(words.size()));  // some words share stems
  EXPECT_FALSE(StemExpander::MayExpandTo("oil", StemExpander::ScanPrefix(stem("price"))));
}

}  // namespace
}  // namespace morgue

// All-fields terms (docs/index-format.md, "XA"): written at index time so
// that a word's fields scored together read one posting list. Checked against
// the field terms of the same documents, and against an archive of the old
// layout (no all-fields terms: the query-time OP_SYNONYM) over the same
// generated articles: the same matches and exact totals for every query, in
// both layouts and with fields together or apart; the same scores where
// OP_SYNONYM's document frequency is exact; a repair brings the new layout.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "indexer/document.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "test_util.h"

namespace morgue {
namespace {

// Deterministic articles over a small vocabulary with stem families ("say",
// "says", "said", "saying"), words found only in bodies ("zinc"), only in
// captions ("tripod"), non-Latin words, digits, and quotations inside and
// outside the body.
std::vector<Article> AllFieldsCorpus() {
  const std::vector<std::string> common = {"said",  "says",   "market", "markets", "oil",
                                           "price", "prices", "priced", "москва",  "東京",
                                           "1987",  "opec",   "saying", "rates",   "rate"};
  const std::vector<std::string> body_only = {"zinc", "zincs", "copper"};
  std::vector<Article> out;
  uint32_t x = 12345;
  auto next = [&x](uint32_t n) {
    x = x * 1103515245u + 12345u;
    return (x >> 16) % n;
  };
  for (int i = 0; i < 160; ++i) {
    Article a;
    a.id = std::to_string(i);
    a.source = "gen";
    a.headline = common[next(common.size())] + " " + common[next(common.size())];
    const int paragraphs = 1 + static_cast<int>(next(3));
    for (int p = 0; p < paragraphs; ++p) {
      std::string para;
      const int words = 2 + static_cast<int>(next(12));
      for (int w = 0; w < words; ++w) {
        if (!para.empty()) para += ' ';
        para += next(5) == 0 ? body_only[next(body_only.size())] : common[next(common.size())];
      }
      para += '.';
      a.body.push_back(para);
    }
    if (next(4) == 0) {
      a.captions.push_back({"tripod " + common[next(common.size())], "Photo " + common[0]});
    }
    if (next(7) == 0) {
      // A supplied quotation that is not body text: the quote field then
      // holds words the body does not.
      Quote q;
      q.text = "quotidian " + common[next(common.size())];
      q.speaker = "Ann Lee";
      a.quotes.push_back(q);
    }
    out.push_back(std::move(a));
  }
  return out;
}

class AllFieldsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    const std::vector<Article> articles = AllFieldsCorpus();
    Archive::Open(*dir_ / "new.morgue", OpenMode::kCreate)->Add(articles);
    // The old layout: an archive whose manifest does not promise the terms,
    // so its writer writes none (as a morgue before them did).
    {
      Archive::Open(*dir_ / "old.morgue", OpenMode::kCreate);
      Manifest m = Manifest::Read(*dir_ / "old.morgue");
      m.all_fields_terms = false;
      m.Write(*dir_ / "old.morgue");
      Archive::Open(*dir_ / "old.morgue", OpenMode::kReadWrite)->Add(articles);
    }
    new_ = Archive::Open(*dir_ / "new.morgue", OpenMode::kReadOnly).release();
    old_ = Archive::Open(*dir_ / "old.morgue", OpenMode::kReadOnly).release();
  }
  static void TearDownTestSuite() {
    delete new_;
    delete old_;
    delete dir_;
  }

  // Every matching id with its score, and the exact total.
  static std::map<std::string, double> Scores(const Archive& archive, const std::string& query,
                                              const RankingOptions& ranking, bool all,
                                              uint64_t* total) {
    SearchRequest r;
    r.query = query;
    r.default_and = all;
    r.ranking = ranking;
    r.snippets = false;
    r.limit = 1000;
    const SearchResult result = archive.Search(r);
    EXPECT_TRUE(result.total_exact);
    if (total) *total = result.total;
    std::map<std::string, double> out;
    for (const Hit& h : result.hits) out[h.id] = h.score;
    EXPECT_EQ(archive.Count(r), out.size()) << query;
    return out;
  }

  static std::set<std::string> Ids(const std::map<std::string, double>& scores) {
    std::set<std::string> ids;
    for (const auto& [id, score] : scores) ids.insert(id);
    return ids;
  }

  static std::vector<Xapian::Database> Shards(const std::string& archive) {
    std::vector<Xapian::Database> shards;
    for (const auto& e : std::filesystem::directory_iterator(archive + "/xapian")) {
      if (e.path().filename().string().rfind("shard-", 0) == 0) shards.emplace_back(e.path());
    }
    return shards;
  }

  static test::TempDir* dir_;
  static Archive* new_;
  static Archive* old_;
};

test::TempDir* AllFieldsTest::dir_ = nullptr;
Archive* AllFieldsTest::new_ = nullptr;
Archive* AllFieldsTest::old_ = nullptr;

const std::vector<std::string> kQueries = {
    "said",       "say",           "saying",       "market",
    "markets",    "price",         "priced",       "москва",
    "МОСКВА",     "東京",          "1987",         "zinc",
    "zincs",      "tripod",        "photo",        "quotidian",
    "copper",     "absentword",    "said oil",     "zinc tripod",
    "opec rates", "\"oil price\"", "oil -said",    "headline:oil",
    "body:zinc",  "pric*",         "said OR zinc", "caption:tripod oil",
};

TEST_F(AllFieldsTest, ManifestSaysWhichLayoutTheArchiveHas) {
  EXPECT_TRUE(Manifest::Read(*dir_ / "new.morgue").all_fields_terms);
  EXPECT_NE(Manifest::Read(*dir_ / "new.morgue").Text().find("all_fields_terms=1\n"),
            std::string::npos);
  EXPECT_FALSE(Manifest::Read(*dir_ / "old.morgue").all_fields_terms);
  for (const Xapian::Database& db : Shards(*dir_ / "old.morgue")) {
    EXPECT_EQ(db.allterms_begin(kAllFieldsPrefix), db.allterms_end(kAllFieldsPrefix));
  }
}

TEST_F(AllFieldsTest, EveryWordHasItsFieldsSummedWithoutPositions) {
  size_t checked = 0;
  for (const Xapian::Database& db : Shards(*dir_ / "new.morgue")) {
    ASSERT_GT(db.get_doccount(), 0u);
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
      // The oracle: the document's field terms, summed by hand.
      std::map<std::string, Xapian::termcount> want, got;
      Xapian::Document doc = db.get_document(*d);
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.rfind(kAllFieldsPrefix, 0) == 0) {
          got[term.substr(2)] = t.get_wdf();
          EXPECT_EQ(t.positionlist_count(), 0u) << term;
        } else if (term.rfind("XC", 0) == 0) {
          want[term.substr(2)] += t.get_wdf();
        } else if (term[0] == 'S') {
          want[term.substr(1)] += t.get_wdf();
        } else if (!(term[0] >= 'A' && term[0] <= 'Z')) {
          want[term] += t.get_wdf();
        }
      }
      EXPECT_EQ(got, want) << "document " << *d;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 160u);
}

TEST_F(AllFieldsTest, SameMatchesAndTotalsInBothLayoutsFieldsTogetherOrApart) {
  for (const bool all : {false, true}) {
    for (const std::string& q : kQueries) {
      std::set<std::string> first;
      uint64_t first_total = 0;
      bool have = false;
      for (const Archive* a : {old_, new_}) {
        for (const bool together : {false, true}) {
          for (const double quote : {0.0, 0.5}) {
            RankingOptions r;
            r.combine_fields = together;
            r.quote_weight = quote;
            uint64_t total = 0;
            const std::set<std::string> ids = Ids(Scores(*a, q, r, all, &total));
            EXPECT_EQ(total, ids.size()) << q;
            if (!have) {
              first = ids;
              first_total = total;
              have = true;
            }
            EXPECT_EQ(ids, first) << q << (a == new_ ? " new" : " old") << " together " << together
                                  << " quote " << quote << " all " << all;
            EXPECT_EQ(total, first_total) << q;
          }
        }
      }
      if (q == "said" || q == "zinc" || q == "tripod" || q == "москва" || q == "quotidian") {
        EXPECT_FALSE(first.empty()) << q;  // the corpus exercises it
      }
    }
  }
}

// Where OP_SYNONYM's document frequency is exact (a word in one field's
// list only: the union Xapian estimates assuming independence is then the
// list itself), the all-fields list scores exactly as the synonym, with the
// headline's extra weight on top. Without length normalisation (b 0), since
// all-fields terms add to a document's length.
TEST_F(AllFieldsTest, ScoresEqualTheQueryTimeSynonymsWhereItsFrequencyIsExact) {
  for (const std::string q : {"zinc", "zincs", "copper", "tripod", "quotidian"}) {
    for (const double k1 : {1.2, 2.5}) {
      for (const double headline : {1.0, 1.5, 2.0}) {
        RankingOptions r;
        r.combine_fields = true;
        r.bm25_k1 = k1;
        r.bm25_b = r.bm25_b_ored = 0;
        r.headline_weight = headline;
        const auto before = Scores(*old_, q, r, false, nullptr);
        const auto after = Scores(*new_, q, r, false, nullptr);
        ASSERT_EQ(Ids(before), Ids(after)) << q;
        for (const auto& [id, score] : before) {
          EXPECT_NEAR(after.at(id), score, 1e-9 * std::max(1.0, score)) << q << " " << id;
          if (q != "quotidian") {
            EXPECT_GT(score, 0) << q;
          }
        }
      }
    }
  }
}

// A word in several fields: Xapian estimates the synonym's frequency, the
// list knows it, so only the word's idf differs: every match's score changes
// by one factor (the wdf each document gets is the same).
TEST_F(AllFieldsTest, ScoresOfWordsInSeveralFieldsDifferOnlyByTheWordsIdf) {
  for (const std::string q : {"said", "market", "oil", "1987", "москва"}) {
    RankingOptions r;
    r.combine_fields = true;
    r.bm25_b = r.bm25_b_ored = 0;
    r.headline_weight = 1;
    const auto before = Scores(*old_, q, r, false, nullptr);
    const auto after = Scores(*new_, q, r, false, nullptr);
    ASSERT_EQ(Ids(before), Ids(after)) << q;
    ASSERT_FALSE(before.empty()) << q;
    // An article whose only occurrence is in a quotation outside the body
    // matches and scores 0 in both layouts (quote weight 0).
    double ratio = 0;
    for (const auto& [id, score] : before) {
      if (score > 0) ratio = after.at(id) / score;
    }
    EXPECT_GT(ratio, 0) << q;
    for (const auto& [id, score] : before) {
      if (score == 0) {
        EXPECT_EQ(after.at(id), 0) << q << " " << id;
      } else {
        EXPECT_NEAR(after.at(id) / score, ratio, 1e-9) << q << " " << id;
      }
    }
  }
}

TEST_F(AllFieldsTest, ARepairWritesTheTermsAndKeepsTheAnswers) {
  test::TempDir dir;
  const std::string path = dir / "a.morgue";
  Archive::Open(path, OpenMode::kCreate);
  Manifest m = Manifest::Read(path);
  m.all_fields_terms = false;
  m.Write(path);
  Archive::Open(path, OpenMode::kReadWrite)->Add(AllFieldsCorpus());
  Archive::Repair(path);
  EXPECT_TRUE(Manifest::Read(path).all_fields_terms);
  size_t terms = 0;
  for (const Xapian::Database& db : Shards(path)) {
    for (auto t = db.allterms_begin(kAllFieldsPrefix); t != db.allterms_end(kAllFieldsPrefix);
         ++t) {
      ++terms;
    }
  }
  EXPECT_GT(terms, 10u);
  auto repaired = Archive::Open(path, OpenMode::kReadOnly);
  RankingOptions r;
  r.combine_fields = true;
  for (const std::string& q : kQueries) {
    EXPECT_EQ(Scores(*repaired, q, r, false, nullptr), Scores(*new_, q, r, false, nullptr)) << q;
  }
}

TEST_F(AllFieldsTest, ABadManifestValueIsCorruption) {
  test::TempDir dir;
  const std::string path = dir / "a.morgue";
  Archive::Open(path, OpenMode::kCreate);
  std::string text = test::ReadFile(path + "/MORGUE");
  const size_t at = text.find("all_fields_terms=1\n");
  ASSERT_NE(at, std::string::npos);
  text[at + 17] = '2';
  {
    std::ofstream out(path + "/MORGUE", std::ios::binary | std::ios::trunc);
    out << text;
  }
  try {
    Manifest::Read(path);
    FAIL() << "read";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption);
    EXPECT_NE(std::string(e.what()).find("all_fields_terms must be 0 or 1"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace morgue

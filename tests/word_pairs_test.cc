// Word-pair terms (indexer/word_pairs.h, query/pair_filter.h): which terms an
// article gets, how the words are chosen, and that an archive with pair terms
// answers phrase queries exactly as the same archive without them (totals,
// hits, scores, counts, exports, histograms, facets), on one thread and at
// once, with articles written before and after the pairs began, deleted and
// replaced.
#include "indexer/word_pairs.h"

#include <gtest/gtest.h>

#include <set>

#include "indexer/document.h"
#include "indexer/shards.h"
#include "morgue/archive.h"
#include "query/pair_filter.h"
#include "same_answers.h"
#include "test_util.h"

namespace morgue {
namespace {

std::set<std::string> TermsWithPrefix(const Xapian::Document& doc, const std::string& prefix) {
  std::set<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if ((*t).rfind(prefix, 0) == 0) out.insert(*t);
  }
  return out;
}

TEST(WordPairsTest, AdjacentBodyWordsThatAreBothChosenMakeBooleanTerms) {
  Article a;
  a.source = "wire";
  a.id = "1";
  a.headline = "loss profit";  // headline words: no pair terms
  a.body = {"The company reported a loss net.", "profit net", "loss"};
  DocumentBuilder builder;
  Xapian::Document doc = builder.Build(a);
  AddPairTerms(doc, PairWords({"company", "reported", "net", "loss", "profit"}));
  // "a" is not chosen; "net" ends a paragraph and "loss" starts the next.
  EXPECT_EQ(TermsWithPrefix(doc, "XW"),
            (std::set<std::string>{"XWcompany reported", "XWloss net", "XWprofit net"}));
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if ((*t).rfind("XW", 0) == 0) {
      EXPECT_EQ(t.get_wdf(), 0u) << *t;  // lengths unchanged
    }
  }
  Xapian::Document none = builder.Build(a);
  AddPairTerms(none, PairWords());
  EXPECT_TRUE(TermsWithPrefix(none, "XW").empty());
}

TEST(WordPairsTest, MarksRoundTripAndAnythingElseIsNoMark) {
  PairsMark mark{42, PairWords({"oil", "net", "loss"})};
  std::optional<PairsMark> back = ParsePairsMark(FormatPairsMark(mark));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->from, 42u);
  EXPECT_EQ(back->words, mark.words);
  EXPECT_EQ(back->words.Joined(), "loss net oil");
  for (const char* bad : {"", "oil", "\noil", "4x\noil", "0\noil", "99999999999\noil"}) {
    EXPECT_FALSE(ParsePairsMark(bad)) << bad;
  }
}

TEST(WordPairsTest, ChoosesTheMostFrequentContentWordsOverAllShards) {
  // 200 articles in two shards: function words and numbers never qualify,
  // nor words in under 1% of the articles; 64 at most, ties by spelling.
  std::vector<Xapian::Database> shards;
  Xapian::WritableDatabase halves[2] = {Xapian::WritableDatabase(std::string(),
                                                                 Xapian::DB_BACKEND_INMEMORY),
                                        Xapian::WritableDatabase(std::string(),
                                                                 Xapian::DB_BACKEND_INMEMORY)};
  for (int i = 0; i < 200; ++i) {
    Xapian::Document doc;
    Xapian::termpos pos = 1;
    for (const char* w : {"the", "1987", "oil"}) doc.add_posting(w, pos++);
    if (i < 150) doc.add_posting("prices", pos++);
    if (i % 2 == 0 && i < 120) doc.add_posting("rose", pos++);  // 60: all in shard 0
    if (i == 0) doc.add_posting("rare", pos++);
    char word[8];
    std::snprintf(word, sizeof word, "w%02d", i % 70);  // each in 2 articles
    if (i < 210 - 70) doc.add_posting(word, pos++);
    doc.add_boolean_term("XPsomebody");
    halves[i % 2].add_document(doc);
  }
  for (auto& h : halves) shards.push_back(h);
  PairWords words = ChoosePairWords(shards);
  EXPECT_EQ(words.words().size(), kPairWordCount);
  for (const char* in : {"oil", "prices", "rose", "w00", "w60"})
    EXPECT_TRUE(words.Contains(in)) << in;
  for (const char* out : {"the", "1987", "rare", "w61", "XPsomebody"}) {
    EXPECT_FALSE(words.Contains(out)) << out;
  }
}

// Short stories over a small vocabulary, so that phrases repeat.
std::vector<Article> Stories(int first, int n, const std::string& extra = "") {
  return test::Stories(first, n,
                       {"net", "loss", "profit", "oil", "prices", "rose", "the", "company"}, extra);
}

// Builds the same archive through the same writes; pair terms begin at
// `pairs_from` articles.
void BuildArchive(const std::string& path, uint64_t pairs_from) {
  ArchiveOptions options;
  options.shards = 3;
  options.pairs_from = pairs_from;
  auto archive = Archive::Open(path, OpenMode::kCreate, options);
  archive->Add(Stories(0, 150));    // no pairs yet
  archive->Add(Stories(150, 100));  // 150 >= 100: the words are chosen first
  archive->Add(Stories(250, 50));
  ASSERT_TRUE(archive->Delete("wire", "7"));    // written before the pairs
  ASSERT_TRUE(archive->Delete("wire", "260"));  // and after
  archive->Add(Stories(3, 1, " rose"));         // replaced
  archive->Add(Stories(270, 1, " net loss"));
}

void ExpectSameAnswers(const Archive& with, const Archive& without) {
  const char* queries[] = {"\"net loss\"",
                           "\"the net loss\"",
                           "\"net loss\" oil",
                           "\"oil prices rose\"",
                           "-\"net loss\" oil",
                           "\"loss net\"",
                           "\"net loss\" OR \"net profit\"",
                           "body:\"net loss\"",
                           "headline:\"net loss\"",
                           "\"company net loss profit\""};
  for (const char* q : queries) {
    for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest}) {
      SCOPED_TRACE(std::string(q) + " sort " + std::to_string(static_cast<int>(sort)));
      SearchRequest r;
      r.query = q;
      r.sort = sort;
      r.limit = 500;
      r.explain = true;  // one match over all shards; the matched terms named
      SearchResult b = without.Search(r);
      test::ExpectSameHits(with.Search(r), b);
      r.explain = false;  // the other ways of matching (shards at once)
      SearchResult plain = without.Search(r);
      test::ExpectSameHits(with.Search(r), plain);
      EXPECT_EQ(with.Count(r), b.total);
      std::vector<std::string> ea, eb;
      with.Export(r, [&ea](const Article& a) { return ea.push_back(a.id), true; });
      without.Export(r, [&eb](const Article& a) { return eb.push_back(a.id), true; });
      EXPECT_EQ(ea, eb);
      test::ExpectSameHistogram(with.Histogram(r, Interval::kMonth),
                                without.Histogram(r, Interval::kMonth));
      test::ExpectSameFacets(with.Facets(r, FacetField::kTopic, 0),
                             without.Facets(r, FacetField::kTopic, 0));
    }
  }
}

class WordPairsArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    BuildArchive(with_, 100);
    BuildArchive(without_, 1000000);
  }
  test::TempDir dir_;
  const std::string with_ = dir_ / "with.morgue", without_ = dir_ / "without.morgue";
};

TEST_F(WordPairsArchiveTest, PairTermsBeginOnceTheArchiveIsLargeEnough) {
  std::vector<Xapian::Database> with, without;
  OpenShardsForReading(with_, 3, &with);
  OpenShardsForReading(without_, 3, &without);
  PairWords words;
  for (size_t s = 0; s < 3; ++s) {
    EXPECT_TRUE(without[s].get_metadata(kPairsKey).empty());
    EXPECT_EQ(without[s].get_termfreq(PairTerm("net", "loss")), 0u);
    std::optional<PairsMark> mark = ParsePairsMark(with[s].get_metadata(kPairsKey));
    ASSERT_TRUE(mark) << "shard " << s;
    // 150 articles (50 per shard) came before the words were chosen.
    EXPECT_EQ(mark->from, 51u) << "shard " << s;
    if (s == 0) words = mark->words;
    EXPECT_EQ(mark->words, words) << "shard " << s;
    // From `from` on, an article has the pair term exactly when its body
    // has the phrase; before, none has it.
    const std::string pair = PairTerm("net", "loss");
    std::vector<Xapian::Query> words_of{Xapian::Query("net"), Xapian::Query("loss")};
    Xapian::Enquire phrase(with[s]);
    phrase.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words_of.begin(), words_of.end(), 2));
    std::set<Xapian::docid> has_phrase, has_pair;
    Xapian::MSet m = phrase.get_mset(0, with[s].get_doccount());
    for (auto it = m.begin(); it != m.end(); ++it) {
      if (*it >= mark->from) has_phrase.insert(*it);
    }
    for (auto d = with[s].postlist_begin(pair); d != with[s].postlist_end(pair); ++d)
      has_pair.insert(*d);
    EXPECT_FALSE(has_pair.empty());
    EXPECT_EQ(has_pair, has_phrase) << "shard " << s;
  }
  for (const char* w : {"net", "loss", "oil", "prices", "rose", "company", "profit"}) {
    EXPECT_TRUE(words.Contains(w)) << w;
  }
  EXPECT_FALSE(words.Contains("the"));
}

TEST_F(WordPairsArchiveTest, PhrasesAnswerAsWithoutPairTerms) {
  auto with = Archive::Open(with_, OpenMode::kReadOnly);
  auto without = Archive::Open(without_, OpenMode::kReadOnly);
  SearchRequest r;
  r.query = "\"net loss\"";
  r.explain = true;
  EXPECT_NE(with->Search(r).parsed_query.find("XWnet loss"), std::string::npos);
  EXPECT_EQ(without->Search(r).parsed_query.find("XWnet loss"), std::string::npos);
  // The best hit is 100% of the best, whatever filters the query holds, and
  // the explanation names no pair term.
  SearchResult top = with->Search(r);
  ASSERT_FALSE(top.hits.empty());
  EXPECT_NE(top.hits[0].explanation.find("(100% of the best); matched terms: "), std::string::npos)
      << top.hits[0].explanation;
  EXPECT_EQ(top.hits[0].explanation.find("XW"), std::string::npos) << top.hits[0].explanation;
  ExpectSameAnswers(*with, *without);
}

TEST_F(WordPairsArchiveTest, PhrasesAnswerAsWithoutPairTermsWhenShardsAreMatchedAtOnce) {
  // Threads and lanes copy the query (the posting source is serialised).
  ArchiveOptions at_once;
  at_once.shards_at_once_from = 0;
  auto with = Archive::Open(with_, OpenMode::kReadOnly, at_once);
  auto without = Archive::Open(without_, OpenMode::kReadOnly, at_once);
  ExpectSameAnswers(*with, *without);
}

TEST_F(WordPairsArchiveTest, ARepairedArchiveAnswersAsBefore) {
  ArchiveOptions options;
  options.pairs_from = 100;
  Archive::Repair(with_, options);
  auto with = Archive::Open(with_, OpenMode::kReadOnly);
  auto without = Archive::Open(without_, OpenMode::kReadOnly);
  ExpectSameAnswers(*with, *without);
}

// A crash between two shards' commits can leave one shard with the words and
// another without: the next write gives every shard the same words.
TEST(WordPairsShardTest, AShardWithoutTheMarkTakesTheWordsOfAnother) {
  test::TempDir dir;
  const std::string path = dir / "x";
  std::vector<Article> articles = Stories(0, 40);
  auto ops = [&](int first, int n) {
    std::vector<IndexOp> out;
    for (int i = first; i < first + n; ++i)
      out.push_back({static_cast<uint64_t>(i + 1), &articles[i]});
    return out;
  };
  PairWords words;
  {
    ShardWriter writer(path, 2, /*create=*/true);
    writer.set_pairs_from(10);
    writer.Apply(ops(0, 20), 1);
    EXPECT_TRUE(writer.pair_words().empty());
    writer.Apply(ops(20, 10), 2);
    words = writer.pair_words();
    ASSERT_FALSE(words.empty());
  }
  {
    Xapian::WritableDatabase shard(ShardPath(path, 1), Xapian::DB_OPEN);
    shard.set_metadata(kPairsKey, "");
    shard.commit();
  }
  ShardWriter writer(path, 2, /*create=*/false);
  writer.set_pairs_from(1000000);  // the words are taken, not chosen
  writer.Apply(ops(30, 10), 3);
  EXPECT_EQ(writer.pair_words(), words);
  Xapian::Database zero(ShardPath(path, 0)), one(ShardPath(path, 1));
  std::optional<PairsMark> m0 = ParsePairsMark(zero.get_metadata(kPairsKey));
  std::optional<PairsMark> m1 = ParsePairsMark(one.get_metadata(kPairsKey));
  ASSERT_TRUE(m0 && m1);
  EXPECT_EQ(m0->from, 11u);  // 20 articles before: 10 per shard
  EXPECT_EQ(m1->from, 16u);  // shard 1 held 15 when it took the words again
  EXPECT_EQ(m1->words, words);
  // Shard 1's new documents (local docids 16..20) carry pair terms.
  std::set<Xapian::docid> with_pairs;
  for (auto t = one.allterms_begin(kPairPrefix); t != one.allterms_end(kPairPrefix); ++t) {
    for (auto d = one.postlist_begin(*t); d != one.postlist_end(*t); ++d) with_pairs.insert(*d);
  }
  EXPECT_FALSE(with_pairs.empty());
  EXPECT_GE(*with_pairs.begin(), 11u);
}

}  // namespace
}  // namespace morgue

// The archive counts of Archive::Terms (query/term_archive_counts.h) and the
// articles it counts (query/counted_matches.h), against brute force over the
// stored articles: a phrase's count from its word-pair terms equals the
// phrase match and the count in the stored text, with articles written before
// the pair terms began, rewritten and deleted; an estimated count is the
// documented sample's, scaled, and says so; the counted sample is the
// documented one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "indexer/shard_layout.h"
#include "indexer/word_pairs.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/counted_matches.h"
#include "query/key_terms.h"
#include "query/selection.h"
#include "query/term_archive_counts.h"
#include "query/text_terms.h"
#include "test_util.h"

namespace morgue {
namespace {

// Stories over few words, so that phrases repeat and the frequent words
// become pair words; "oil oil" and a second paragraph in some.
std::vector<Article> Texts(int first, int n, int variant = 0) {
  const std::vector<std::string> words = {"oil",    "price", "rose", "crude",
                                          "market", "wheat", "fell", "said"};
  std::vector<Article> out;
  uint32_t x = 777u + static_cast<uint32_t>(first * 31 + variant);
  auto next = [&x] { return x = x * 1103515245u + 12345u, (x >> 16) & 0x7fff; };
  for (int i = first; i < first + n; ++i) {
    Article a;
    a.source = "wire";
    a.id = std::to_string(i);
    a.headline = words[next() % 8] + " " + words[next() % 8];
    for (int p = 0; p < 1 + i % 2; ++p) {
      std::string text;
      for (unsigned k = 4 + next() % 10; k > 0; --k) text += words[next() % 8] + " ";
      if (i % 5 == 0) text += "oil oil";
      a.body.push_back(text);
    }
    out.push_back(std::move(a));
  }
  return out;
}

// The archive's shards, opened with Xapian, and the docid of each article.
struct Shards {
  std::vector<Xapian::Database> shards;
  Xapian::Database db;
  std::map<uint64_t, std::string> id_of;  // global docid -> article id

  explicit Shards(const std::string& archive, unsigned n) {
    const ShardLayout layout{n};
    for (unsigned s = 0; s < n; ++s) {
      shards.emplace_back(archive + "/xapian/shard-" + std::to_string(s));
      db.add_database(shards.back());
      for (auto p = shards[s].postlist_begin(""); p != shards[s].postlist_end(""); ++p) {
        for (auto t = shards[s].termlist_begin(*p); t != shards[s].termlist_end(*p); ++t) {
          const std::string term = *t;
          if (term.rfind("Qwire/", 0) == 0) id_of[layout.GlobalOf(*p, s)] = term.substr(6);
        }
      }
    }
  }
};

// Per article id, the distinct body phrases ("a b", adjacent in one paragraph).
std::map<std::string, std::set<std::string>> StoredPhrases(const Archive& archive) {
  std::map<std::string, std::set<std::string>> out;
  archive.Export({}, [&](const Article& a) {
    auto& phrases = out[a.id];
    for (const std::string& text : a.body) {
      const std::vector<std::string> terms = TextTerms(text);
      for (size_t i = 0; i + 1 < terms.size(); ++i) phrases.insert(terms[i] + " " + terms[i + 1]);
    }
    return true;
  });
  return out;
}

TEST(TermsArchiveCountsTest, PairTermCountsEqualThePhraseMatchAndTheStoredText) {
  test::TempDir dir;
  const std::string path = dir / "p.morgue";
  {
    ArchiveOptions options;
    options.shards = 3;
    options.pairs_from = 40;
    auto archive = Archive::Open(path, OpenMode::kCreate, options);
    archive->Add(Texts(1, 45));  // the pairs begin with the next batch
    for (int b = 0; b < 6; ++b) archive->Add(Texts(46 + 10 * b, 10));
    // Rewritten below the mark (they now carry pair terms) and deleted.
    archive->Add(Texts(3, 6, /*variant=*/1));
    archive->Add(Texts(60, 3, /*variant=*/1));
    EXPECT_TRUE(archive->Delete("wire", "2"));
    EXPECT_TRUE(archive->Delete("wire", "50"));
  }
  auto archive = Archive::Open(path, OpenMode::kReadOnly);
  const auto stored = StoredPhrases(*archive);
  std::map<std::string, uint64_t> oracle;
  for (const auto& [id, phrases] : stored) {
    for (const std::string& p : phrases) ++oracle[p];
  }

  Shards x(path, 3);
  // Every shard has pair terms from a mark above its first docid.
  for (const Xapian::Database& shard : x.shards) {
    std::optional<PairsMark> mark = ParsePairsMark(shard.get_metadata(kPairsKey));
    ASSERT_TRUE(mark);
    EXPECT_GT(mark->from, 1u);
    EXPECT_TRUE(mark->words.Contains("oil"));
  }
  const ShardView view{&x.shards};
  TermArchiveCounts counts(x.db, view, {"", 0, 1'000'000, 1});
  uint64_t covered = 0, rewritten = 0;
  for (const auto& [phrase, n] : oracle) {
    SCOPED_TRACE(phrase);
    const TermArchiveCounts::Count least = counts.Least(phrase, true);
    const TermArchiveCounts::Count count = counts.Get(phrase, true);
    EXPECT_TRUE(count.exact);
    EXPECT_EQ(count.n, n);
    EXPECT_LE(least.n, n);
    const size_t space = phrase.find(' ');
    const Xapian::Query parts[] = {Xapian::Query(phrase.substr(0, space)),
                                   Xapian::Query(phrase.substr(space + 1))};
    EXPECT_EQ(RunExactMatch(x.db,
                            Xapian::Query(Xapian::Query::OP_PHRASE, std::begin(parts),
                                          std::end(parts), 2),
                            {}),
              n);
    if (least.n > 0) ++covered;
    const std::string pair = PairTerm(phrase.substr(0, space), phrase.substr(space + 1));
    for (const Xapian::Database& shard : x.shards) {
      const Xapian::docid from = ParsePairsMark(shard.get_metadata(kPairsKey))->from;
      for (auto p = shard.postlist_begin(pair); p != shard.postlist_end(pair) && *p < from; ++p)
        ++rewritten;
    }
  }
  EXPECT_GT(covered, 10u);   // the pair terms were used
  EXPECT_GT(rewritten, 0u);  // and articles below a mark carry some

  // Through Archive::Terms: every phrase listed has the brute-force count.
  SearchRequest r;
  r.query = "wheat";
  TermsOptions options;
  options.top = 0;
  options.min_count = 1;
  options.drop_stop_words = false;
  options.phrase_candidates = 1'000'000;
  const TermsResult result = archive->Terms(r, options);
  EXPECT_EQ(result.archive_sample, 0u);
  size_t phrases = 0;
  for (const TermScore& t : result.terms) {
    EXPECT_FALSE(t.archive_estimated) << t.term;
    if (!t.phrase) continue;
    ++phrases;
    EXPECT_EQ(t.in_archive, oracle.at(t.term)) << t.term;
  }
  EXPECT_GT(phrases, 5u);
}

// The archive sample as docs/research.md states it: blocks of 32 consecutive
// local docids of a shard, in the order of SampleKey(seed ^ "archive!",
// block * 64 + shard), until they hold `size` articles.
std::set<uint64_t> DocumentedSample(const Shards& x, uint64_t seed, uint64_t size) {
  const ShardLayout layout{x.shards.size()};
  std::vector<std::pair<uint64_t, std::vector<uint64_t>>> blocks;  // key, docids
  for (size_t s = 0; s < x.shards.size(); ++s) {
    std::map<uint64_t, std::vector<uint64_t>> of;
    for (auto p = x.shards[s].postlist_begin(""); p != x.shards[s].postlist_end(""); ++p) {
      of[(*p - 1) / 32].push_back(layout.GlobalOf(*p, s));
    }
    for (auto& [b, docids] : of) {
      blocks.emplace_back(SampleKey(seed ^ 0x6172636869766521ULL, b * 64 + s), docids);
    }
  }
  std::sort(blocks.begin(), blocks.end());
  std::set<uint64_t> out;
  for (const auto& [key, docids] : blocks) {
    if (out.size() >= size) break;
    out.insert(docids.begin(), docids.end());
  }
  return out;
}

class TermsEstimateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    auto archive = Archive::Open(Path(), OpenMode::kCreate);  // 2 shards
    archive->Add(Texts(1, 400));
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Path() { return *dir_ / "e.morgue"; }
  static TermsOptions Estimating(uint64_t seed) {
    TermsOptions o;
    o.top = 0;
    o.min_count = 1;
    o.drop_stop_words = false;
    o.phrase_candidates = 1'000'000;
    o.phrase_match_limit = 0;
    o.archive_sample = 60;
    o.seed = seed;
    return o;
  }
  static test::TempDir* dir_;
};

test::TempDir* TermsEstimateTest::dir_ = nullptr;

TEST_F(TermsEstimateTest, EstimatesAreTheDocumentedSamplesCountScaledAndSaySo) {
  auto archive = Archive::Open(Path(), OpenMode::kReadOnly);
  const auto stored = StoredPhrases(*archive);
  Shards x(Path(), 2);
  for (uint64_t seed : {1u, 9u}) {
    SCOPED_TRACE(seed);
    const std::set<uint64_t> sample = DocumentedSample(x, seed, 60);
    std::map<std::string, uint64_t> in_sample;
    for (uint64_t d : sample) {
      for (const std::string& p : stored.at(x.id_of.at(d))) ++in_sample[p];
    }
    SearchRequest r;
    r.query = "crude";
    const TermsResult result = archive->Terms(r, Estimating(seed));
    EXPECT_EQ(result.archive_sample, sample.size());
    size_t estimated = 0;
    for (const TermScore& t : result.terms) {
      SCOPED_TRACE(t.term);
      if (!t.phrase) {
        EXPECT_FALSE(t.archive_estimated);  // words are always exact
        continue;
      }
      ASSERT_TRUE(t.archive_estimated);
      ++estimated;
      const auto scaled = static_cast<uint64_t>(std::llround(
          static_cast<double>(in_sample[t.term]) * 400.0 / static_cast<double>(sample.size())));
      EXPECT_EQ(t.in_archive, std::max(scaled, t.in_matches));
      EXPECT_DOUBLE_EQ(t.score, LogLikelihood(t.in_matches, result.documents, t.in_archive, 400));
    }
    EXPECT_GT(estimated, 3u);
    // The same seed gives the same answer.
    const TermsResult again = archive->Terms(r, Estimating(seed));
    ASSERT_EQ(again.terms.size(), result.terms.size());
    for (size_t i = 0; i < again.terms.size(); ++i) {
      EXPECT_EQ(again.terms[i].term, result.terms[i].term);
      EXPECT_EQ(again.terms[i].in_archive, result.terms[i].in_archive);
    }
  }
}

TEST_F(TermsEstimateTest, ASmallArchiveOrAHighLimitCountsExactly) {
  auto archive = Archive::Open(Path(), OpenMode::kReadOnly);
  SearchRequest r;
  r.query = "crude";
  TermsOptions options = Estimating(1);
  options.archive_sample = 400;  // the whole archive
  TermsResult whole = archive->Terms(r, options);
  EXPECT_EQ(whole.archive_sample, 0u);
  options.archive_sample = 60;
  options.phrase_match_limit = UINT64_MAX;
  TermsResult exact = archive->Terms(r, options);
  EXPECT_EQ(exact.archive_sample, 0u);
  ASSERT_EQ(exact.terms.size(), whole.terms.size());
  for (size_t i = 0; i < exact.terms.size(); ++i) {
    EXPECT_FALSE(exact.terms[i].archive_estimated);
    EXPECT_EQ(exact.terms[i].in_archive, whole.terms[i].in_archive);
  }
  options.archive_sample = 0;
  EXPECT_THROW(archive->Terms(r, options), Error);
}

TEST_F(TermsEstimateTest, TheCountedSampleIsTheDocumentedOne) {
  // One article per group of copies would count the lowest docid; these
  // stories have distinct texts (no copies). Beyond --sample-size, the
  // groups with the lowest SampleKey(seed, docid).
  auto archive = Archive::Open(Path(), OpenMode::kReadOnly);
  const auto stored = StoredPhrases(*archive);
  Shards x(Path(), 2);
  SearchRequest r;
  r.query = "oil";
  std::vector<std::pair<uint64_t, uint64_t>> keyed;  // key, docid
  archive->Export(r, [&](const Article& a) {
    for (const auto& [d, id] : x.id_of) {
      if (id == a.id) keyed.emplace_back(SampleKey(5, d), d);
    }
    return true;
  });
  std::sort(keyed.begin(), keyed.end());
  ASSERT_GT(keyed.size(), 50u);
  std::map<std::string, uint64_t> phrases;
  for (size_t i = 0; i < 50; ++i) {
    for (const std::string& p : stored.at(x.id_of.at(keyed[i].second))) ++phrases[p];
  }
  TermsOptions options = Estimating(5);
  options.max_documents = 50;
  options.archive_sample = 1'000;  // exact archive counts
  const TermsResult result = archive->Terms(r, options);
  EXPECT_TRUE(result.sampled);
  EXPECT_EQ(result.groups, result.total);  // no copies among these stories
  EXPECT_EQ(result.documents, 50u);
  size_t checked = 0;
  for (const TermScore& t : result.terms) {
    if (!t.phrase) continue;
    EXPECT_EQ(t.in_matches, phrases.at(t.term)) << t.term;
    ++checked;
  }
  EXPECT_GT(checked, 3u);
}

}  // namespace
}  // namespace morgue

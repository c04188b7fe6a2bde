// The differential oracle (oracle.h) over two corpora: a generated one (a
// few thousand articles, three shards, word pairs on, shards matched at once)
// and Reuters-21578 (three shards; skipped when ../shared is absent).
//
//   MORGUE_ORACLE_SEED=n          first query seed (query i uses seed n + i)
//   MORGUE_ORACLE_QUERIES=n       queries per corpus (Reuters gets a third)
//   MORGUE_ORACLE_CORPUS_SEED=n   the generated corpus
//   MORGUE_ORACLE_ARTICLES=n      its size
// A disagreement prints the query seed; MORGUE_ORACLE_SEED=<it>
// MORGUE_ORACLE_QUERIES=1 runs that one query again.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/reader.h"
#include "oracle/oracle.h"

namespace morgue::oracle {
namespace {

namespace fs = std::filesystem;

uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("morgue-oracle-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

// Builds `articles` into a new archive and loads the oracle's corpus from it.
std::unique_ptr<Archive> Build(const std::string& dir, std::vector<Article> articles,
                               const ArchiveOptions& options, Corpus* corpus) {
  auto archive = Archive::Open(dir, OpenMode::kCreate, options);
  std::vector<std::string> keys;
  for (const Article& a : articles) keys.push_back(a.source + "/" + a.id);
  const size_t batch = 2000;
  for (size_t i = 0; i < articles.size(); i += batch) {
    std::vector<Article> part(std::make_move_iterator(articles.begin() + static_cast<long>(i)),
                              std::make_move_iterator(
                                  articles.begin() +
                                  static_cast<long>(std::min(articles.size(), i + batch))));
    archive->Add(std::move(part));
  }
  // Later copies of one source/id replace earlier ones: the oracle reads each once.
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  corpus->Load(*archive, keys);
  EXPECT_EQ(archive->ArticleCount(), keys.size());
  return archive;
}

// Runs `queries` random queries; fails the test on each disagreement
// (stopping after 10).
void RunQueries(const char* name, const Archive& archive, const Corpus& corpus, uint64_t queries,
                size_t max_full) {
  const uint64_t seed = EnvNumber("MORGUE_ORACLE_SEED", 20261205);
  const auto start = std::chrono::steady_clock::now();
  uint64_t skipped = 0, failures = 0, matched = 0;
  double oracle_seconds = 0;
  for (uint64_t i = 0; i < queries && failures < 10; ++i) {
    SeededChoices choices(seed + i);
    const Case c = Generate(choices, corpus);
    const Outcome o = Compare(archive, corpus, c, choices, max_full);
    matched += o.expected != 0;
    oracle_seconds += o.oracle_seconds;
    skipped += o.skipped;
    if (!o.disagreement.empty()) {
      ++failures;
      ADD_FAILURE() << name
                    << ": the engine and the oracle disagree (MORGUE_ORACLE_SEED=" << seed + i
                    << " MORGUE_ORACLE_QUERIES=1 repeats it)\n"
                    << o.disagreement;
      const Case small = Shrink(archive, corpus, c);
      if (small.text != c.text) {
        SeededChoices again(seed + i);
        (void)Generate(again, corpus);
        ADD_FAILURE() << name << ": the same disagreement, shrunk:\n"
                      << Compare(archive, corpus, small, again, max_full).disagreement;
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "oracle " << name << ": " << queries << " queries from seed " << seed << " over "
            << corpus.size() << " articles in " << seconds << " s; " << matched
            << " with matches (the oracle's evaluation took " << oracle_seconds << " s), "
            << skipped << " refused (kLimit), " << failures << " disagreements\n";
}

TEST(OracleTest, GeneratedCorpus) {
  const uint64_t corpus_seed = EnvNumber("MORGUE_ORACLE_CORPUS_SEED", 1);
  const uint64_t articles = EnvNumber("MORGUE_ORACLE_ARTICLES", 3000);
  TempDir dir;
  ArchiveOptions options;
  options.shards = 3;
  options.pairs_from = 0;           // phrases go through the word-pair filter
  options.shards_at_once_from = 0;  // and shards are matched on threads
  Corpus corpus;
  auto archive = Build(dir / "generated", GeneratedCorpus(corpus_seed, articles), options, &corpus);
  std::cout << "oracle: generated corpus seed " << corpus_seed << ", " << corpus.size()
            << " articles, " << corpus.words().size() << " distinct words\n";
  RunQueries("generated", *archive, corpus, EnvNumber("MORGUE_ORACLE_QUERIES", 3000), 5000);
}

TEST(OracleTest, Reuters) {
  fs::path file = fs::path(MORGUE_SHARED_DIR) / "corpus" / "reuters21578.jsonl";
  if (const char* env = std::getenv("MORGUE_SHARED_CORPUS")) {
    file = fs::path(env) / "reuters21578.jsonl";
  }
  if (!fs::exists(file))
    GTEST_SKIP() << "no Reuters corpus at " << file << "; oracle on it skipped";
  std::vector<Article> articles;
  ReadPath(
      file.string(), {}, [&](Article&& a) { articles.push_back(std::move(a)); },
      [](const ReadIssue&) {});
  TempDir dir;
  ArchiveOptions options;
  options.shards = 3;
  Corpus corpus;
  const auto start = std::chrono::steady_clock::now();
  auto archive = Build(dir / "reuters", std::move(articles), options, &corpus);
  std::cout << "oracle: Reuters, " << corpus.size() << " articles, " << corpus.words().size()
            << " distinct words, indexed and read in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
            << " s\n";
  RunQueries("reuters", *archive, corpus,
             std::max<uint64_t>(1, EnvNumber("MORGUE_ORACLE_QUERIES", 3000) / 3), 2000);
}

}  // namespace
}  // namespace morgue::oracle

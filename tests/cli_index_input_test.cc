// `morgue index` facing bad input paths and bad records: nothing is created
// for a path that does not exist, --strict stops saying truly what was
// committed, warnings are printed and counted.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "morgue/archive.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::Quote;
using test::RunMorgue;

uint64_t ArticlesIn(const std::string& archive) {
  return Archive::Open(archive, OpenMode::kReadOnly)->ArticleCount();
}

// Before: exit 1 ("no such file or directory") after the archive had been
// created, leaving an empty archive behind.
TEST(CliIndexInputTest, AMissingPathIsAUsageErrorAndCreatesNothing) {
  test::TempDir dir;
  const std::string archive = dir / "new.morgue";
  std::ofstream(dir / "a.jsonl") << R"({"id":"1","title":"one"})"
                                 << "\n";
  for (const std::string& paths :
       {Quote(dir / "nonexistent"), Quote(dir / "a.jsonl") + " " + Quote(dir / "nonexistent")}) {
    auto r = RunMorgue("index -a " + Quote(archive) + " " + paths);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err, "morgue index: no such file or directory: " + (dir / "nonexistent") +
                         " (nothing was indexed, and no archive was created or changed)\n");
    EXPECT_FALSE(fs::exists(archive));
  }
}

// --shards N makes a new archive of N shards (a cluster's node is one by
// default); an existing archive keeps its own; 0 and 65 are usage errors
// creating nothing.
TEST(CliIndexInputTest, ShardsSetsTheShardsOfANewArchiveOnly) {
  test::TempDir dir;
  std::ofstream(dir / "a.jsonl") << R"({"id":"1","title":"one oil"})"
                                 << "\n"
                                 << R"({"id":"2","title":"two oil"})"
                                 << "\n";
  auto shard_dirs = [](const std::string& archive) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(fs::path(archive) / "xapian")) {
      n += e.is_directory() ? 1 : 0;
    }
    return n;
  };
  for (unsigned shards : {1u, 3u}) {
    const std::string archive = dir / ("s" + std::to_string(shards) + ".morgue");
    auto r = RunMorgue("index --shards " + std::to_string(shards) + " -a " + Quote(archive) + " " +
                       Quote(dir / "a.jsonl"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(shard_dirs(archive), shards);
    EXPECT_EQ(ArticlesIn(archive), 2u);
    auto again = RunMorgue("index --shards 5 -a " + Quote(archive) + " " + Quote(dir / "a.jsonl"));
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(shard_dirs(archive), shards) << "an existing archive keeps its shards";
    EXPECT_EQ(test::CountOf(*Archive::Open(archive, OpenMode::kReadOnly), "oil"), 2u);
  }
  // A new node of a cluster is one shard unless --shards says otherwise.
  for (const char* more : {"", " --shards 2"}) {
    const std::string archive = dir / (std::string("node") + (*more ? "2" : "1") + ".morgue");
    auto r = RunMorgue("index --node 1/2" + std::string(more) + " -a " + Quote(archive) + " " +
                       Quote(dir / "a.jsonl"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(shard_dirs(archive), *more ? 2u : 1u) << more;
  }
  for (const char* bad : {"0", "65", "-1", "two"}) {
    const std::string archive = dir / "bad.morgue";
    auto r = RunMorgue(std::string("index --shards ") + bad + " -a " + Quote(archive) + " " +
                       Quote(dir / "a.jsonl"));
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("shards"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(archive)) << bad;
  }
}

// Before: "the first 20 articles ... were committed" while 24 were, and the
// 25th, read before the bad line, was lost.
TEST(CliIndexInputTest, StrictStopsAtTheFirstIssueAndSaysTrulyWhatWasCommitted) {
  test::TempDir dir;
  const std::string archive = dir / "a.morgue";
  {
    std::ofstream out(dir / "c.jsonl");
    for (int i = 0; i < 31; ++i) {
      if (i == 25)
        out << R"({"id":"bad","title": 42})"
            << "\n";
      else
        out << R"({"id":"a)" << i << R"(","title":"story )" << i << R"("})"
            << "\n";
    }
  }
  auto r = RunMorgue("index --strict --batch-articles 4 -a " + Quote(archive) + " " +
                     Quote(dir / "c.jsonl"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("c.jsonl:26: record 26: field 'title' must be a string, not number\n"
                       "--strict: stopped at this issue; the first 25 articles this run read "
                       "were committed"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(ArticlesIn(archive), 25u);
}

TEST(CliIndexInputTest, WarningsArePrintedAndCountedApart) {
  test::TempDir dir;
  const std::string archive = dir / "a.morgue";
  std::ofstream(dir / "d.jsonl") << R"({"id":"1","title":"old","date":"0001-01-01"})"
                                 << "\n"
                                 << R"({"id":"2","title":"new","date":"2020-01-01"})"
                                 << "\n";
  auto r = RunMorgue("index -a " + Quote(archive) + " " + Quote(dir / "d.jsonl"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "morgue index: warning: " + (dir / "d.jsonl") +
                       ":1: record 1: date 0001-01-01 is outside the years 1000-2999; the "
                       "article is left undated\n");
  EXPECT_NE(r.out.find("indexed 2 articles (2 added, 0 replaced, 0 unchanged), skipped 0, 1 read "
                       "with a warning, in "),
            std::string::npos)
      << r.out;
  EXPECT_EQ(ArticlesIn(archive), 2u);
}

TEST(CliIndexInputTest, MaxFileMbRefusesLargerFiles) {
  test::TempDir dir;
  const std::string archive = dir / "a.morgue";
  std::ofstream(dir / "big.csv") << "title,text\nBig," << std::string(3u << 20, 'a') << "\n";
  std::ofstream(dir / "small.csv") << "title,text\nSmall,text\n";
  auto r = RunMorgue("index --max-file-mb 2 -a " + Quote(archive) + " " + Quote(dir / "big.csv") +
                     " " + Quote(dir / "small.csv"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("big.csv: file of 3145744 bytes is larger than 2 MiB; the limit is "
                       "ReadOptions::max_file_bytes"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(ArticlesIn(archive), 1u);
  auto zero = RunMorgue("index --max-file-mb 0 -a " + Quote(dir / "b.morgue") + " " +
                        Quote(dir / "small.csv"));
  EXPECT_EQ(zero.exit_code, 2) << zero.err;
  EXPECT_FALSE(fs::exists(dir / "b.morgue"));
}

// Before: "indexed 5 articles (1 added, 0 replaced, 0 unchanged)": four of
// the five were counted nowhere. And a record the archive would refuse (a
// 300-byte topic) made the whole batch fail ("the first 0 articles ...").
TEST(CliIndexInputTest, EveryArticleReadIsCountedOnceAndARefusedOneIsSkipped) {
  test::TempDir dir;
  {
    std::ofstream out(dir / "a.jsonl");
    for (int i = 0; i < 5; ++i)
      out << R"({"id":"same","title":"copy )" << i << R"("})"
          << "\n";
    out << R"({"id":"other","title":"bad","topics":[")" << std::string(300, 't') << R"("]})"
        << "\n";
    out << R"({"id":"last","title":"fine"})"
        << "\n";
  }
  const std::string archive = dir / "a.morgue";
  auto r = RunMorgue("index -a " + Quote(archive) + " " + Quote(dir / "a.jsonl"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("indexed 6 articles (2 added, 0 replaced, 0 unchanged, 4 superseded by a "
                       "later copy with the same source and id), skipped 1"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find("a.jsonl:6: record 6: the article cannot be indexed: topic 1 is 300 bytes"),
            std::string::npos)
      << r.err;
  auto archived = Archive::Open(archive, OpenMode::kReadOnly);
  EXPECT_EQ(archived->ArticleCount(), 2u);
  EXPECT_EQ(archived->Get("a/same")->headline, "copy 4");
}

}  // namespace
}  // namespace morgue

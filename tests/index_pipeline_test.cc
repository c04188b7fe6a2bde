// The indexing pipeline's batches (cli/index_pipeline.h): limits as given,
// or growing with the archive; every article read ends up committed.
#include "cli/index_pipeline.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "morgue/error.h"
#include "test_util.h"

namespace morgue::cli {
namespace {

TEST(BatchLimitsTest, GrowWithTheArchiveUpToFourTimes) {
  const BatchLimits base;  // 2,000 articles, 8 MiB
  for (uint64_t small : {0ull, 1000ull, 24000ull}) {
    EXPECT_EQ(base.For(small).articles, 2000u) << small;
    EXPECT_EQ(base.For(small).bytes, size_t{8} << 20) << small;
  }
  EXPECT_EQ(base.For(60000).articles, 5000u);
  EXPECT_EQ(base.For(60000).bytes, size_t{20} << 20);
  EXPECT_EQ(base.For(10000000).articles, 8000u);
  EXPECT_EQ(base.For(10000000).bytes, size_t{32} << 20);

  BatchLimits fixed;
  fixed.articles = 50;
  fixed.grow = false;
  EXPECT_EQ(fixed.For(10000000).articles, 50u);
  EXPECT_EQ(fixed.For(10000000).bytes, size_t{8} << 20);
}

TEST(IndexPathsTest, CommitsEveryArticleReadInBatches) {
  test::TempDir dir;
  const std::string corpus = dir / "c.jsonl";
  {
    std::ofstream out(corpus);
    for (int i = 0; i < 25; ++i) {
      out << R"({"id":"a)" << i << R"(","source":"t","title":"story )" << i
          << R"(","text":"oil prices )" << i << R"("})"
          << "\n";
    }
  }
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  BatchLimits limits;
  limits.articles = 4;
  int commits = 0;
  uint64_t last_added = 0;
  IndexTotals totals = IndexPaths(
      *archive, {corpus}, ReadOptions{}, limits,
      [&](const IndexTotals& t) {
        if (t.added != last_added) ++commits;
        last_added = t.added;
      },
      nullptr);
  EXPECT_EQ(totals.read, 25u);
  EXPECT_EQ(totals.added, 25u);
  EXPECT_EQ(archive->ArticleCount(), 25u);
  EXPECT_EQ(commits, 7);  // 6 batches of 4 and one of 1
}

// 25 good lines, a bad one (line 26), 5 good ones.
std::string WriteJsonLinesWithABadLine(const test::TempDir& dir) {
  std::string corpus = dir / "c.jsonl";
  std::ofstream out(corpus);
  for (int i = 0; i < 31; ++i) {
    if (i == 25) {
      out << "{\"id\":\"bad\",\"title\": 42}\n";
      continue;
    }
    out << R"({"id":"a)" << i << R"(","source":"t","title":"story )" << i << R"("})"
        << "\n";
  }
  return corpus;
}

// Before: the strict reader's exception left the pipeline at once. The batch
// being added (articles 21-24) was committed by the future's destructor but
// never counted, and article 25, read but not yet in a batch, was lost: the
// archive held 24 articles and the progress said 20.
TEST(IndexPathsTest, StrictCommitsEverythingReadBeforeTheIssueAndCountsIt) {
  test::TempDir dir;
  const std::string corpus = WriteJsonLinesWithABadLine(dir);
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  BatchLimits limits;
  limits.articles = 4;
  ReadOptions strict;
  strict.strict = true;
  IndexTotals last;
  try {
    IndexPaths(
        *archive, {corpus}, strict, limits, [&](const IndexTotals& t) { last = t; }, nullptr);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(e.line(), 26u);
  }
  EXPECT_EQ(archive->ArticleCount(), 25u);
  EXPECT_EQ(last.read, 25u);
  EXPECT_EQ(last.added, 25u);
}

TEST(IndexPathsTest, CountsWarningsApartFromSkippedRecords) {
  test::TempDir dir;
  const std::string corpus = dir / "d.jsonl";
  {
    std::ofstream out(corpus);
    out << R"({"id":"1","title":"old","date":"0001-01-01"})"
        << "\n"
        << R"({"id":"2","title":"bad","date":42,"text":7})"
        << "\n"
        << R"({"id":"3","title":"ok","date":"2020-01-01"})"
        << "\n";
  }
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  std::vector<ReadIssue> issues;
  IndexTotals totals = IndexPaths(*archive, {corpus}, ReadOptions{}, BatchLimits{}, nullptr,
                                  [&](const ReadIssue& i) { issues.push_back(i); });
  EXPECT_EQ(totals.read, 2u);
  EXPECT_EQ(totals.added, 2u);
  EXPECT_EQ(totals.skipped, 1u);
  EXPECT_EQ(totals.warnings, 1u);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_FALSE(issues[0].skipped);
  EXPECT_TRUE(issues[1].skipped);
}

void SizeAsAnotherUser(const std::string& dir) {
  if (::geteuid() == 0 && ::setuid(65534) != 0) std::_Exit(3);
  std::fprintf(stderr, "size %llu\n", static_cast<unsigned long long>(PathSize(dir)));
  std::_Exit(0);
}

// Before: PathSize ("never throws") iterated with operator++, which threw
// "filesystem error: cannot increment recursive directory iterator" on a
// directory it could not read, after everything had been read and before
// the last batch was committed. As root permissions are not checked, so the
// size is taken in a child process that gives up root first.
TEST(PathSizeTest, SkipsAnUnreadableDirectoryAndNeverThrows) {
  GTEST_FLAG_SET(death_test_style, "fast");  // the child reads the parent's files
  test::TempDir dir;
  namespace fs = std::filesystem;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  fs::create_directories(dir / "c/locked");
  std::ofstream(dir / "c/a.txt") << std::string(1000, 'a');
  std::ofstream(dir / "c/locked/b.txt") << std::string(500, 'b');
  std::ofstream(dir / "c/z.txt") << std::string(234, 'z');
  EXPECT_EQ(PathSize(dir / "c"), 1734u);
  fs::permissions(dir / "c/locked", fs::perms::none);
  EXPECT_EXIT(SizeAsAnotherUser(dir / "c"), testing::ExitedWithCode(0), "size 1234");
  fs::permissions(dir / "c/locked", fs::perms::owner_all);
}

}  // namespace
}  // namespace morgue::cli

// morgue backup: a consistent copy of an archive taken while a writer adds
// batches; the copy opens, holds exactly the batches committed at some moment,
// answers like the source did then, and checks clean.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;

constexpr int kBatchSize = 100;

std::vector<Article> Batch(int b) {
  std::vector<Article> out;
  for (int i = 0; i < kBatchSize; ++i) {
    Article a;
    a.id = "b" + std::to_string(b) + "-" + std::to_string(i);
    a.source = "backup";
    a.headline = "Batch " + std::to_string(b) + " story";
    a.body = {"grain harvest report number " + std::to_string(i) + " batchword" +
              std::to_string(b)};
    out.push_back(std::move(a));
  }
  return out;
}

uint64_t CountOf(const Archive& archive, const std::string& q) {
  SearchRequest r;
  r.query = q;
  return archive.Count(r);
}

// The copy holds whole batches 0..n-1 and nothing else, in store and index.
void ExpectWholeBatches(const std::string& copy_dir, int max_batches) {
  auto copy = Archive::Open(copy_dir, OpenMode::kReadWrite);  // catches up, if needed
  uint64_t stored = copy->ArticleCount();
  ASSERT_EQ(stored % kBatchSize, 0u) << "a batch is half in the copy";
  int batches = static_cast<int>(stored / kBatchSize);
  EXPECT_LE(batches, max_batches);
  EXPECT_EQ(CountOf(*copy, "grain"), stored);
  for (int b = 0; b < max_batches; ++b) {
    EXPECT_EQ(CountOf(*copy, "batchword" + std::to_string(b)), b < batches ? kBatchSize : 0u)
        << "batch " << b;
  }
  CheckReport report = copy->Check();
  EXPECT_TRUE(report.ok()) << report.problems.front();
  EXPECT_EQ(report.documents, stored);
}

TEST(BackupTest, CopyOfAQuietArchiveAnswersTheSame) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue", dest = tmp / "copy.morgue";
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate);
    for (int b = 0; b < 3; ++b) archive->Add(Batch(b));
    archive->Delete("backup", "b1-5");
  }
  auto cli = test::RunMorgue("backup --archive " + test::Quote(dir) + " " + test::Quote(dest));
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("299 articles"), std::string::npos) << cli.out;
  auto source = Archive::Open(dir, OpenMode::kReadOnly);
  auto copy = Archive::Open(dest, OpenMode::kReadOnly);
  for (const char* q : {"grain", "batchword1", "report AND batchword2", "b1-5"}) {
    EXPECT_EQ(CountOf(*copy, q), CountOf(*source, q)) << q;
  }
  EXPECT_FALSE(copy->Get("backup/b1-5").has_value());
  EXPECT_TRUE(copy->Get("backup/b2-7").has_value());
  EXPECT_TRUE(copy->Check().ok());
  EXPECT_EQ(test::RunMorgue("check --archive " + test::Quote(dest)).exit_code, 0);
  // A non-empty destination is refused.
  EXPECT_EQ(
      test::RunMorgue("backup --archive " + test::Quote(dir) + " " + test::Quote(dest)).exit_code,
      2);
}

TEST(BackupTest, CopiesWhileAWriterAddsBatches) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  constexpr int kBatches = 40;
  auto writer = Archive::Open(dir, OpenMode::kCreate);
  writer->Add(Batch(0));
  std::atomic<int> committed{1};
  std::thread thread([&] {
    for (int b = 1; b < kBatches; ++b) {
      writer->Add(Batch(b));
      committed = b + 1;
    }
  });
  // Several copies at different moments of the writer's run.
  std::vector<std::string> copies;
  try {
    for (int i = 0; i < 4; ++i) {
      auto reader = Archive::Open(dir, OpenMode::kReadOnly);
      std::string dest = tmp / ("copy" + std::to_string(i));
      reader->Backup(dest);
      copies.push_back(dest);
    }
  } catch (const Error& e) {
    ADD_FAILURE() << "backup during writes failed: " << e.what();  // the writer is still joined
  }
  thread.join();
  EXPECT_EQ(committed.load(), kBatches);
  for (const auto& dest : copies) {
    SCOPED_TRACE(dest);
    ExpectWholeBatches(dest, kBatches);
  }
}

}  // namespace
}  // namespace morgue

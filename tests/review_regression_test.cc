// Regressions found reviewing the issue 16 refactor ("one house") against
// the build before it (c3e4fa6): behaviour that was meant not to change.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/codec.h"
#include "storage/store.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;

std::vector<Article> FewArticles(int n) {
  std::vector<Article> out;
  for (int i = 0; i < n; ++i) {
    Article a;
    a.id = "r" + std::to_string(i);
    a.source = "review";
    a.headline = "Story " + std::to_string(i);
    a.body = {"oil and grain news " + std::to_string(i)};
    a.published = Timestamp::FromCivil(1990, 1 + i % 12, 1 + i % 28, 12, 0, 0);
    out.push_back(std::move(a));
  }
  return out;
}

// Writes `value` under `key` of the store's meta column family, behind the
// archive's back.
void PutMeta(const std::string& archive_dir, const std::string& key, const std::string& value) {
  const std::string path = (fs::path(archive_dir) / "store").string();
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kStoreFamilyNames) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(rocksdb::DBOptions(), path, cfs, &handles, &raw);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  s = db->Put(wo, handles[static_cast<int>(StoreFamily::kMeta)], key, value);
  EXPECT_TRUE(s.ok()) << s.ToString();
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  db->Close();
}

std::string AllProblems(const CheckReport& r) {
  std::string out;
  for (const std::string& p : r.problems) out += p + "\n";
  return out;
}

// Check reads the store's counters "trusting nothing": before issue 16 a
// next_seq counter of 0 (damaged: sequence numbers start at 1) was read as
// "logged up to 0", so an index that has applied operations was reported as
// ahead of its store. Store::OpenSnapshot took it as next_seq_ = 0 and
// last_seq() wrapped round to 2^64 - 1: the damage went unreported.
TEST(ReviewRegressionTest, CheckReportsAZeroSequenceCounterAsBefore) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate);
    archive->Add(FewArticles(5));
  }
  PutMeta(dir, "next_seq", EncodeDocidKey(0));
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  CheckReport report = archive->Check();
  EXPECT_FALSE(report.ok()) << "a zeroed sequence counter went unreported";
  EXPECT_NE(AllProblems(report).find("the store logged only up to 0"), std::string::npos)
      << AllProblems(report);
}

// The same for the docid counter: Store::OpenSnapshot's last_docid() must
// not wrap round either (it bounds the salvaging scan of Check).
TEST(ReviewRegressionTest, SnapshotCountersOfZeroDoNotWrapRound) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate);
    archive->Add(FewArticles(3));
  }
  PutMeta(dir, "next_seq", EncodeDocidKey(0));
  PutMeta(dir, "next_docid", EncodeDocidKey(0));
  std::unique_ptr<Store> store = Store::OpenSnapshot((fs::path(dir) / "store").string());
  EXPECT_EQ(store->last_seq(), 0u);
  EXPECT_EQ(store->last_docid(), 0u);
}

// A store that cannot be opened by Check (it went away after the archive
// was opened) is reported as before issue 16: "the article store P cannot
// be opened: <RocksDB's status>", not "...: cannot open article store P: <status>".
TEST(ReviewRegressionTest, CheckNamesAnUnopenableStoreOnce) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate);
    archive->Add(FewArticles(3));
  }
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  const fs::path store = fs::path(dir) / "store";
  fs::rename(store / "CURRENT", store / "CURRENT.gone");
  CheckReport report = archive->Check();
  EXPECT_TRUE(report.store_damaged);
  const std::string problems = AllProblems(report);
  const std::string said = "the article store " + store.string() + " cannot be opened: ";
  ASSERT_NE(problems.find(said), std::string::npos) << problems;
  // RocksDB's status follows at once, not a second "cannot open ... store P".
  EXPECT_EQ(problems.find("cannot open", problems.find(said) + said.size()), std::string::npos)
      << problems;

  // Backup, which opens the same snapshot, says it as before issue 16 too.
  test::TempDir out;
  try {
    archive->Backup(out / "copy.morgue");
    FAIL() << "a backup of a store that cannot be opened succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("cannot open the article store " + store.string() + ": ",
                                          0),
              0u)
        << e.what();
  }
  fs::rename(store / "CURRENT.gone", store / "CURRENT");
}

// Found attacking the counters further: a writer that read a zeroed docid
// (or sequence) counter handed out docid 0, whose shard ShardLayout cannot
// name, and then docid 1 again, overwriting the article stored there. A
// writable open now refuses the damage; the articles stay readable and
// Salvage copies them all.
TEST(ReviewRegressionTest, AWriterRefusesAZeroedDocidCounterAndOverwritesNothing) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate);
    archive->Add(FewArticles(4));
  }
  for (const char* counter : {"next_docid", "next_seq"}) {
    SCOPED_TRACE(counter);
    PutMeta(dir, counter, EncodeDocidKey(0));
    try {
      auto archive = Archive::Open(dir, OpenMode::kReadWrite);
      archive->Add(FewArticles(6));  // would overwrite r0
      FAIL() << "a writer took a zeroed counter";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kCorruption) << e.what();
      EXPECT_NE(std::string(e.what()).find("counter is 0"), std::string::npos) << e.what();
    }
    auto reader = Archive::Open(dir, OpenMode::kReadOnly);
    EXPECT_EQ(reader->ArticleCount(), 4u);
    ASSERT_TRUE(reader->Get("review/r0").has_value());
    EXPECT_EQ(reader->Get("review/r0")->headline, "Story 0");
    PutMeta(dir, counter, EncodeDocidKey(5));  // 4 articles: docids and sequence numbers 1-4
  }
  PutMeta(dir, "next_docid", EncodeDocidKey(0));
  const SalvageReport salvaged = Archive::Salvage(dir, tmp / "saved.morgue");
  EXPECT_EQ(salvaged.copied, 4u);
}

}  // namespace
}  // namespace morgue

// morgue check and morgue repair, and damaged archives detected on open: each
// test damages a fresh small archive (a truncated manifest, a RocksDB CURRENT
// pointing nowhere, a truncated table file, a missing or damaged shard) and
// asserts a clear morgue::Error naming the archive and the damaged part,
// never a crash and never a silently empty archive.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>

#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;

constexpr int kArticles = 300;
const char* const kWords[] = {"oil", "grain", "bank", "rates", "tanker", "harvest", "port"};

std::vector<Article> SmallCorpus() {
  std::vector<Article> out;
  for (int n = 0; n < kArticles; ++n) {
    Article a;
    a.id = "c" + std::to_string(n);
    a.source = "check";
    a.headline = std::string("Story about ") + kWords[n % 7];
    a.body = {std::string(kWords[(n * 3) % 7]) + " and " + kWords[(n * 5 + 1) % 7] + " news " +
              std::to_string(n)};
    a.published = Timestamp::FromCivil(1990 + n % 3, 1 + n % 12, 1 + n % 28, 12, 0, 0);
    out.push_back(std::move(a));
  }
  return out;
}

// A small archive in `dir`, with one deletion so that docids have a gap.
void Build(const std::string& dir) {
  auto archive = Archive::Open(dir, OpenMode::kCreate);
  archive->Add(SmallCorpus());
  ASSERT_TRUE(archive->Delete("check", "c7"));
}

uint64_t CountAll(const Archive& archive) {
  SearchRequest r;
  r.query = "news";
  return archive.Count(r);
}

// Open (and, to be sure, a search) in `mode` fails with one of `codes` and a
// message naming the archive and `part`.
void ExpectOpenFails(const std::string& dir, OpenMode mode, std::initializer_list<ErrorCode> codes,
                     const std::string& part) {
  SCOPED_TRACE(mode == OpenMode::kReadOnly ? "read-only" : "writable");
  try {
    auto archive = Archive::Open(dir, mode);
    CountAll(*archive);
    FAIL() << "a damaged archive opened and answered (" << part << ")";
  } catch (const Error& e) {
    EXPECT_NE(std::find(codes.begin(), codes.end(), e.code()), codes.end())
        << ErrorCodeName(e.code()) << ": " << e.what();
    EXPECT_NE(std::string(e.what()).find(dir), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

void Truncate(const fs::path& file, uintmax_t size) { fs::resize_file(file, size); }

fs::path LargestFile(const fs::path& dir, const std::string& ext) {
  fs::path best;
  uintmax_t size = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ext && e.file_size() >= size) {
      best = e.path();
      size = e.file_size();
    }
  }
  return best;
}

TEST(CheckTest, AHealthyArchiveIsConsistent) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  CheckReport report = archive->Check();
  EXPECT_TRUE(report.ok()) << report.problems.front();
  EXPECT_EQ(report.articles, kArticles - 1u);
  EXPECT_EQ(report.ids, kArticles - 1u);
  EXPECT_EQ(report.documents, kArticles - 1u);
  EXPECT_EQ(report.pending, 0u);

  auto cli = test::RunMorgue("check --archive " + test::Quote(dir));
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_NE(cli.out.find("consistent"), std::string::npos) << cli.out;
}

TEST(CheckTest, IndexAndStoreDisagreementsAreListed) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  {
    // Behind the archive's back: one document removed from a shard, one
    // document added that the store does not hold.
    Xapian::WritableDatabase shard(ShardPath(dir, 1));
    shard.delete_document(1);  // global docid 2
    Xapian::Document stray;
    stray.add_term("Qcheck/stray");
    shard.replace_document(5000, stray);  // global docid 10000
    shard.commit();
  }
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  CheckReport report = archive->Check();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(report.missing_from_index, 1u);
  EXPECT_EQ(report.missing_from_store, 1u);
  EXPECT_EQ(report.dangling_ids, 0u);
  EXPECT_FALSE(report.store_damaged);  // the index is wrong; repair mends it

  auto cli = test::RunMorgue("check --archive " + test::Quote(dir));
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE(cli.out.find("check/c1 (docid 2) is not in the index"), std::string::npos) << cli.out;
  EXPECT_NE(cli.out.find("docid 10000"), std::string::npos) << cli.out;

  archive.reset();
  auto repaired = test::RunMorgue("repair --archive " + test::Quote(dir));
  ASSERT_EQ(repaired.exit_code, 0) << repaired.err;
  archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_TRUE(archive->Check().ok());
  EXPECT_EQ(CountAll(*archive), kArticles - 1u);
}

TEST(CheckTest, RepairRebuildsADeletedShard) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  uint64_t oil_before;
  {
    auto archive = Archive::Open(dir, OpenMode::kReadOnly);
    SearchRequest r;
    r.query = "oil";
    oil_before = archive->Count(r);
  }
  fs::remove_all(ShardPath(dir, 0));
  ExpectOpenFails(dir, OpenMode::kReadOnly, {ErrorCode::kCorruption}, "shard-0");
  ExpectOpenFails(dir, OpenMode::kReadWrite, {ErrorCode::kCorruption}, "shard-0");

  RepairReport done = Archive::Repair(dir);
  EXPECT_EQ(done.articles, kArticles - 1u);
  auto archive = Archive::Open(dir, OpenMode::kReadWrite);
  EXPECT_TRUE(archive->Check().ok());
  EXPECT_EQ(CountAll(*archive), kArticles - 1u);
  SearchRequest r;
  r.query = "oil";
  EXPECT_EQ(archive->Count(r), oil_before);
  // The repaired archive takes writes at the next docids.
  Article extra = SmallCorpus()[0];
  extra.id = "extra";
  archive->Add({extra});
  EXPECT_EQ(CountAll(*archive), uint64_t{kArticles});
  EXPECT_TRUE(archive->Check().ok());
  EXPECT_FALSE(fs::exists(fs::path(dir) / "xapian.repair"));
}

TEST(CheckTest, ATruncatedShardFileIsCorruptionAndRepairFixesIt) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  Truncate(fs::path(ShardPath(dir, 1)) / "postlist.glass", 8192);
  ExpectOpenFails(dir, OpenMode::kReadOnly, {ErrorCode::kCorruption}, "shard-1");
  ExpectOpenFails(dir, OpenMode::kReadWrite, {ErrorCode::kCorruption}, "shard-1");
  Archive::Repair(dir);
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_TRUE(archive->Check().ok());
  EXPECT_EQ(CountAll(*archive), kArticles - 1u);
}

TEST(CheckTest, GarbageInAShardFileIsCorruption) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  fs::path file = fs::path(ShardPath(dir, 0)) / "termlist.glass";
  uintmax_t size = fs::file_size(file);
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    std::string garbage(size, '\x5a');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  // Open finds damage in the blocks it reads; check reads every block.
  try {
    auto archive = Archive::Open(dir, OpenMode::kReadOnly);
    CheckReport report = archive->Check();
    EXPECT_FALSE(report.ok());
    EXPECT_NE(report.problems.front().find("shard-0"), std::string::npos)
        << report.problems.front();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption) << e.what();
    EXPECT_NE(std::string(e.what()).find("shard-0"), std::string::npos) << e.what();
  }
  auto cli = test::RunMorgue("check --archive " + test::Quote(dir));
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE((cli.out + cli.err).find("morgue repair"), std::string::npos) << cli.out << cli.err;
  Archive::Repair(dir);
  EXPECT_TRUE(Archive::Open(dir, OpenMode::kReadOnly)->Check().ok());
}

TEST(CheckTest, ADamagedManifestIsCorruptionNamingIt) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  Truncate(fs::path(dir) / "MORGUE", 5);
  ExpectOpenFails(dir, OpenMode::kReadOnly, {ErrorCode::kCorruption}, "MORGUE");
  ExpectOpenFails(dir, OpenMode::kReadWrite, {ErrorCode::kCorruption}, "MORGUE");
  std::ofstream(fs::path(dir) / "MORGUE", std::ios::trunc) << "\x01\x02garbage\xff\n";
  ExpectOpenFails(dir, OpenMode::kReadOnly, {ErrorCode::kCorruption}, "MORGUE");
  ExpectOpenFails(dir, OpenMode::kCreate, {ErrorCode::kCorruption}, "MORGUE");
  // An empty manifest (a crash during a copy by hand) is damage too.
  std::ofstream(fs::path(dir) / "MORGUE", std::ios::trunc).close();
  ExpectOpenFails(dir, OpenMode::kReadOnly, {ErrorCode::kCorruption}, "MORGUE");
}

TEST(CheckTest, ARocksDbCurrentPointingNowhereIsCorruption) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  std::ofstream(fs::path(dir) / "store/CURRENT", std::ios::trunc) << "MANIFEST-999999\n";
  ExpectOpenFails(dir, OpenMode::kReadOnly, {ErrorCode::kCorruption, ErrorCode::kIO}, "store");
  ExpectOpenFails(dir, OpenMode::kReadWrite, {ErrorCode::kCorruption, ErrorCode::kIO}, "store");
  // Never a silently empty archive: the writable open did not make a new store.
  EXPECT_FALSE(fs::exists(fs::path(dir) / "store/MANIFEST-000001") &&
               fs::file_size(fs::path(dir) / "store/CURRENT") == 16);
}

TEST(CheckTest, ATruncatedStoreTableIsCorruption) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  fs::path sst = LargestFile(fs::path(dir) / "store", ".sst");
  ASSERT_FALSE(sst.empty()) << "the store was flushed on close";
  Truncate(sst, fs::file_size(sst) / 2);
  ExpectOpenFails(dir, OpenMode::kReadOnly, {ErrorCode::kCorruption}, "store");
  ExpectOpenFails(dir, OpenMode::kReadWrite, {ErrorCode::kCorruption}, "store");
  // Repair rebuilds only the index: a damaged store is refused, not rebuilt.
  try {
    Archive::Repair(dir);
    FAIL() << "repaired from a damaged store";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption) << e.what();
  }
}

TEST(CheckTest, RepairRefusesWhileAWriterHoldsTheArchive) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Build(dir);
  auto writer = Archive::Open(dir, OpenMode::kReadWrite);
  try {
    Archive::Repair(dir);
    FAIL() << "repaired under a writer";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLocked);
  }
}

}  // namespace
}  // namespace morgue

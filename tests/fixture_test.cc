// The checked-in archive tests/fixtures/v1-archive/ (format version 1, four
// articles of corpus/sample, made by tests/fixtures/make-v1-archive.sh): it
// is refused until `morgue repair` rebuilds it (format 3 folds words in every
// script), then answers as it always did; and copies of it, repaired,
// damaged one way at a time must be refused naming the damaged part, found
// by `morgue check`, and mended by `morgue repair` where the store (the
// source of truth) is intact. Damage tests on freshly built archives are in
// check_test.cc (truncated or garbage manifest, deleted shard, truncated or
// garbage index table, RocksDB CURRENT pointing nowhere, truncated table
// file) and archive_test.cc (unknown format version); the rows here add what
// those do not cover.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::Quote;

const char* const kIds[] = {"sample/2023-11-02-rotterdam-strike-vote",
                            "sample/2024-03-12-moreno-grain-reserve",
                            "sample-wire/wire-2023-03-14-wheat-futures",
                            "sample-wire/wire-2023-04-26-brazil-rates-hold"};

// A private copy of the fixture (opening, even read-only, may write lock files).
std::string CopyFixture(const test::TempDir& tmp) {
  std::string dir = tmp / "v1.morgue";
  fs::copy(fs::path(MORGUE_SOURCE_DIR) / "tests/fixtures/v1-archive", dir,
           fs::copy_options::recursive);
  return dir;
}

// The copy repaired to the current format (format 1 is refused until then),
// by the command: this process's block cache keeps nothing of it.
std::string CopyRepairedFixture(const test::TempDir& tmp) {
  std::string dir = CopyFixture(tmp);
  auto repair = test::RunMorgue("repair --archive " + Quote(dir));
  EXPECT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  return dir;
}

using test::CountOf;

// The answers the fixture was checked in with.
void ExpectFixtureAnswers(const Archive& archive) {
  EXPECT_EQ(archive.ArticleCount(), 4u);
  for (const char* id : kIds) EXPECT_TRUE(archive.Get(id)) << id;
  EXPECT_EQ(archive.Get(kIds[0])->headline, "Rotterdam dockers set a walkout deadline");
  EXPECT_EQ(CountOf(archive, "moreno"), 2u);
  EXPECT_EQ(CountOf(archive, "\"grain reserve\""), 1u);
  EXPECT_EQ(CountOf(archive, "source:sample-wire"), 2u);
  EXPECT_EQ(CountOf(archive, "person:\"greta muller\""), 1u);
  EXPECT_EQ(CountOf(archive, "place:brazil"), 3u);
  EXPECT_EQ(CountOf(archive, "date:2023"), 3u);
}

TEST(FixtureTest, TheCheckedInArchiveIsRefusedUntilRepairedThenAnswersAndTakesWrites) {
  // Format 1 predates folding in every script (tests/unicode_repair_test.cc).
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  try {
    Archive::Open(dir, OpenMode::kReadOnly);
    FAIL() << "opened a format 1 archive";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kVersion) << e.what();
    EXPECT_NE(std::string(e.what()).find("morgue repair"), std::string::npos) << e.what();
  }
  Archive::Repair(dir);
  {
    auto archive = Archive::Open(dir, OpenMode::kReadOnly);
    ExpectFixtureAnswers(*archive);
    EXPECT_TRUE(archive->Check().ok());
    ArchiveStats stats = archive->Stats();
    EXPECT_EQ(stats.format_version, kArchiveFormatVersion);
    EXPECT_EQ(stats.shards, 2u);
  }
  auto archive = Archive::Open(dir, OpenMode::kReadWrite);
  Article extra;
  extra.source = "sample";
  extra.id = "extra";
  extra.headline = "Moreno visits Rotterdam";
  extra.body = {"A later article added to the old archive."};
  archive->Add({extra});
  EXPECT_EQ(CountOf(*archive, "moreno"), 3u);
  EXPECT_TRUE(archive->Check().ok());
}

TEST(FixtureTest, ARepairMarksQuotationsOutsideTheBody) {
  // Format 1 archives made before kQuoteOutsideBodyTerm existed do not mark
  // quotations outside the body; a repair re-indexes every article and then
  // says the archive marks them, so the quote field is skipped.
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  Archive::Repair(dir);
  std::ifstream manifest(fs::path(dir) / "MORGUE");
  std::string text((std::istreambuf_iterator<char>(manifest)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("marks_quotes_outside_body=1"), std::string::npos) << text;
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  SearchRequest r;
  r.query = "hungry";  // in a quotation of the body
  r.explain = true;
  SearchResult result = archive->Search(r);
  EXPECT_EQ(result.total, 1u);
  EXPECT_EQ(result.parsed_query.find("XQ"), std::string::npos);
  ExpectFixtureAnswers(*archive);
}

fs::path Only(const fs::path& dir, const std::string& prefix) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind(prefix, 0) == 0) return e.path();
  }
  ADD_FAILURE() << "no " << prefix << "* in " << dir;
  return {};
}

// The store's largest table file: the one holding the articles.
fs::path ArticlesTable(const std::string& dir) {
  fs::path best;
  for (const auto& e : fs::directory_iterator(fs::path(dir) / "store")) {
    if (e.path().extension() == ".sst" && (best.empty() || e.file_size() > fs::file_size(best))) {
      best = e.path();
    }
  }
  return best;
}

// Overwrites `bytes.size()` bytes of `file` at `offset`.
void Overwrite(const fs::path& file, std::streamoff offset, const std::string& bytes) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f) << file;
  f.seekp(offset);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

enum class Opens { kNo, kYes };  // whether Open succeeds (damage only a full check reads)
enum class Repair { kMends, kRefuses };

struct Damage {
  const char* name;
  std::function<void(const std::string& dir)> apply;
  Opens opens;
  ErrorCode code;    // of Open when it fails, of Repair when it refuses
  const char* part;  // named in the error, in `morgue check`'s output
  Repair repair;
};

std::ostream& operator<<(std::ostream& os, const Damage& d) { return os << d.name; }

class FixtureDamageTest : public ::testing::TestWithParam<Damage> {};

TEST_P(FixtureDamageTest, RefusedNamingThePartAndRepairedWhereTheStoreIsIntact) {
  const Damage& damage = GetParam();
  test::TempDir tmp;
  const std::string dir = CopyRepairedFixture(tmp);
  damage.apply(dir);

  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    SCOPED_TRACE(mode == OpenMode::kReadOnly ? "read-only" : "writable");
    if (damage.opens == Opens::kYes && mode == OpenMode::kReadWrite) continue;
    try {
      auto archive = Archive::Open(dir, mode);
      ASSERT_EQ(damage.opens, Opens::kYes) << "a damaged archive opened";
      CheckReport report = archive->Check();
      ASSERT_FALSE(report.ok()) << "check found nothing";
      EXPECT_EQ(report.store_damaged, damage.repair == Repair::kRefuses);
      EXPECT_NE(report.problems.front().find(damage.part), std::string::npos)
          << report.problems.front();
    } catch (const Error& e) {
      EXPECT_EQ(damage.opens, Opens::kNo) << e.what();
      EXPECT_EQ(e.code(), damage.code) << ErrorCodeName(e.code()) << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find(dir), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(damage.part), std::string::npos) << e.what();
    }
  }

  auto check = test::RunMorgue("check --archive " + Quote(dir));
  EXPECT_EQ(check.exit_code, 1) << check.out << check.err;
  EXPECT_NE((check.out + check.err).find(damage.part), std::string::npos) << check.out << check.err;
  // The advice fits the damage: repair for the index, a backup for the store.
  EXPECT_NE(
      (check.out + check.err).find(damage.repair == Repair::kMends ? "morgue repair" : "backup"),
      std::string::npos)
      << check.out << check.err;

  auto repair = test::RunMorgue("repair --archive " + Quote(dir));
  if (damage.repair == Repair::kRefuses) {
    EXPECT_EQ(repair.exit_code, 1) << repair.out << repair.err;
    EXPECT_NE(repair.err.find(damage.part), std::string::npos) << repair.err;
    // In this process only when the damaged copy never opened: copies of the
    // fixture share RocksDB's table ids, so blocks of an intact copy read by
    // an earlier test stay in the process-wide block cache and would stand
    // in for the damaged ones.
    if (damage.opens == Opens::kYes) return;
    try {
      Archive::Repair(dir);
      FAIL() << "repaired a damaged store or manifest";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), damage.code) << ErrorCodeName(e.code()) << ": " << e.what();
    }
    return;
  }
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_TRUE(archive->Check().ok());
  ExpectFixtureAnswers(*archive);
}

INSTANTIATE_TEST_SUITE_P(
    Damages, FixtureDamageTest,
    ::testing::Values(
        // The index: Xapian's version file gone, a table's first bytes
        // overwritten (read on open), a table's items damaged further in
        // (read only by a full check).
        Damage{"ShardVersionFileMissing",
               [](const std::string& dir) {
                 fs::remove(fs::path(dir) / "xapian/shard-0/iamglass");
               },
               Opens::kNo, ErrorCode::kCorruption, "shard-0", Repair::kMends},
        Damage{"IndexTableHeaderGarbage",
               [](const std::string& dir) {
                 Overwrite(fs::path(dir) / "xapian/shard-1/position.glass", 0,
                           std::string(64, 'X'));
               },
               Opens::kNo, ErrorCode::kCorruption, "shard-1", Repair::kMends},
        Damage{"IndexTableItemsDamaged",
               [](const std::string& dir) {
                 // The repaired index's fifth block holds items a check reads
                 // (the blocks before it moved with the all-fields terms;
                 // blocks 2, 3 and 5 to 7 are not read by a check). The items'
                 // bytes at its end are damaged, not its directory of item
                 // offsets: Xapian follows a damaged offset out of the block
                 // (an out-of-bounds read AddressSanitizer stops, in libxapian).
                 Overwrite(fs::path(dir) / "xapian/shard-0/postlist.glass", 4 * 8192 + 8000,
                           std::string(64, 'X'));
               },
               Opens::kYes, ErrorCode::kCorruption, "shard-0", Repair::kMends},
        // The store: RocksDB's MANIFEST with a bad checksum, or gone, or
        // CURRENT gone; the articles' table file gone, or with a bad block.
        Damage{"StoreManifestChecksum",
               [](const std::string& dir) {
                 Overwrite(Only(fs::path(dir) / "store", "MANIFEST-"), 300, "XXXX");
               },
               Opens::kNo, ErrorCode::kCorruption, "/store", Repair::kRefuses},
        Damage{"StoreManifestMissing",
               [](const std::string& dir) {
                 fs::remove(Only(fs::path(dir) / "store", "MANIFEST-"));
               },
               Opens::kNo, ErrorCode::kCorruption, "/store", Repair::kRefuses},
        Damage{"StoreCurrentMissing",
               [](const std::string& dir) { fs::remove(fs::path(dir) / "store/CURRENT"); },
               Opens::kNo, ErrorCode::kCorruption, "/store", Repair::kRefuses},
        Damage{"StoreTableMissing", [](const std::string& dir) { fs::remove(ArticlesTable(dir)); },
               Opens::kNo, ErrorCode::kCorruption, "/store", Repair::kRefuses},
        Damage{"StoreTableBlockChecksum",
               [](const std::string& dir) { Overwrite(ArticlesTable(dir), 200, "XXXX"); },
               Opens::kYes, ErrorCode::kCorruption, "/store", Repair::kRefuses}),
    [](const ::testing::TestParamInfo<Damage>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace morgue

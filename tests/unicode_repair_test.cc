// An archive made before folding reached every script (format 2, the
// checked-in tests/fixtures/v2-archive made by the morgue of that time with
// tests/fixtures/make-v2-archive.sh): its index holds unfolded terms, so this
// morgue refuses to open it, naming `morgue repair`, and writes nothing; a
// repair rebuilds the index (and the stored entity forms) from the stored
// articles, after which it answers as an archive indexed today. Salvage
// folds the same way. A repair cut short leaves an archive that is still
// refused and still repairable.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::CountOf;
using test::Quote;

std::string CopyFixture(const test::TempDir& tmp) {
  std::string dir = tmp / "v2.morgue";
  fs::copy(fs::path(MORGUE_SOURCE_DIR) / "tests/fixtures/v2-archive", dir,
           fs::copy_options::recursive);
  return dir;
}

// Every file of `dir` with its size and modification time.
std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> Files(const std::string& dir) {
  std::map<std::string, std::pair<uintmax_t, fs::file_time_type>> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[e.path().string()] = {e.file_size(), e.last_write_time()};
  }
  return out;
}

// What the fixture's articles answer once folded (each query names one
// article; before the change the first of each pair found nothing).
void ExpectFoldedAnswers(const Archive& archive) {
  EXPECT_EQ(archive.ArticleCount(), 4u);
  for (const char* q :
       {"person:\"владимир путин\"", "person:\"Владимир Путин\"", "person:\"nguyen phu trong\"",
        "place:vietnam", "erdogan", "Erdoğan", "topic:économie", "topic:economie",
        "section:πολιτική", "section:ΠΟΛΙΤΙΚΗ", "Αθήνα", "αθηνα"}) {
    EXPECT_EQ(CountOf(archive, q), 1u) << q;
  }
}

TEST(UnicodeRepairTest, AnOldArchiveIsRefusedNamingRepairAndLeftAsItWas) {
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  const auto before = Files(dir);
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    try {
      Archive::Open(dir, mode);
      FAIL() << "opened a format 2 archive";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kVersion) << e.what();
      EXPECT_NE(std::string(e.what()).find("morgue repair --archive " + dir), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("format version 2"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(Files(dir), before);  // nothing written, not even a lock file

  auto search = test::RunMorgue("search --archive " + Quote(dir) + " erdogan");
  EXPECT_NE(search.exit_code, 0) << search.out;
  EXPECT_NE(search.err.find("morgue repair"), std::string::npos) << search.err;
}

TEST(UnicodeRepairTest, RepairRebuildsTheIndexAndTheEntityFormsFolded) {
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  auto repair = test::RunMorgue("repair --archive " + Quote(dir));
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_EQ(archive->Stats().format_version, kArchiveFormatVersion);
  ExpectFoldedAnswers(*archive);
  EXPECT_TRUE(archive->Check().ok());
  // The stored article's entity forms are the folded ones; its text is not.
  std::optional<Article> putin = archive->Get("wikinews/putin");
  ASSERT_TRUE(putin);
  ASSERT_FALSE(putin->entities.empty());
  EXPECT_EQ(putin->entities[0].name, "Владимир Путин");
  EXPECT_EQ(putin->entities[0].canonical, "владимир путин");
  EXPECT_EQ(archive->Get("wikinews/erdogan")->body[0], "Erdoğan said the talks would go on.");
  SearchRequest r;
  r.query = "kremlin";
  FacetResult persons = archive->Facets(r, FacetField::kPerson, 0);
  ASSERT_EQ(persons.values.size(), 1u);
  EXPECT_EQ(persons.values[0].value, "владимир путин");
}

TEST(UnicodeRepairTest, ARepairCutShortIsRefusedAndRepairedAgain) {
  // The state a crash between the store's rewrite and the index's swap
  // leaves: the store holds the folded entity forms, the index and the
  // manifest are the old ones.
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  const fs::path fixture = fs::path(MORGUE_SOURCE_DIR) / "tests/fixtures/v2-archive";
  Archive::Repair(dir);
  fs::remove_all(fs::path(dir) / "xapian");
  fs::copy(fixture / "xapian", fs::path(dir) / "xapian", fs::copy_options::recursive);
  fs::copy_file(fixture / "MORGUE", fs::path(dir) / "MORGUE", fs::copy_options::overwrite_existing);
  EXPECT_THROW(Archive::Open(dir, OpenMode::kReadOnly), Error);
  Archive::Repair(dir);
  auto archive = Archive::Open(dir, OpenMode::kReadWrite);
  ExpectFoldedAnswers(*archive);
  EXPECT_TRUE(archive->Check().ok());
}

TEST(UnicodeRepairTest, SalvageOfAnOldArchiveFoldsItsEntityForms) {
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  Archive::Salvage(dir, tmp / "salvaged.morgue");
  auto archive = Archive::Open(tmp / "salvaged.morgue", OpenMode::kReadOnly);
  ExpectFoldedAnswers(*archive);
}

}  // namespace
}  // namespace morgue

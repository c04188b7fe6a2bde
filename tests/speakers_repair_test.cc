// An archive made before speakers were canonical (format 3, the checked-in
// tests/fixtures/v3-archive made by the morgue of that time with
// tests/fixtures/make-v3-archive.sh): its speakers are raw attributions
// ("Energy Secretary Lena Varga"), so this morgue refuses to open it, naming
// `morgue repair`; a repair re-analyses every stored article (extracted
// quotations and entities found again, supplied ones kept) and rebuilds the
// index, after which speaker: and the speaker facet see canonical names.
// Salvage re-analyses the same way.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::CountOf;

std::string CopyFixture(const test::TempDir& tmp) {
  std::string dir = tmp / "v3.morgue";
  fs::copy(fs::path(MORGUE_SOURCE_DIR) / "tests/fixtures/v3-archive", dir,
           fs::copy_options::recursive);
  return dir;
}

void ExpectCanonicalSpeakers(const Archive& archive) {
  EXPECT_EQ(archive.ArticleCount(), 3u);
  EXPECT_EQ(CountOf(archive, "speaker:\"lena varga\""), 1u);
  EXPECT_EQ(CountOf(archive, "speaker:\"Energy Secretary Lena Varga\""), 0u);
  EXPECT_EQ(CountOf(archive, "speaker:\"tom ruiz\""), 1u);
  EXPECT_EQ(CountOf(archive, "speaker:ruiz"), 0u);
  EXPECT_EQ(CountOf(archive, "speaker:\"ola berg\""), 1u);
  EXPECT_EQ(CountOf(archive, "person:\"lena varga\""), 1u);

  const std::optional<Article> varga = archive.Get("wire/varga");
  ASSERT_TRUE(varga);
  ASSERT_EQ(varga->quotes.size(), 2u);
  EXPECT_EQ(varga->quotes[0].speaker, "Lena Varga");
  EXPECT_EQ(varga->quotes[0].attribution, "Energy Secretary Lena Varga");
  EXPECT_EQ(varga->quotes[0].origin, QuoteOrigin::kExtracted);
  EXPECT_EQ(varga->quotes[1].speaker, "Lena Varga");  // "she said": found now
  EXPECT_EQ(varga->quotes[1].attribution, "she");

  const std::optional<Article> ruiz = archive.Get("wire/rathke");
  ASSERT_TRUE(ruiz);
  ASSERT_EQ(ruiz->quotes.size(), 3u);
  EXPECT_EQ(ruiz->quotes[0].text, "Nothing has been decided yet");  // the reader's, kept
  EXPECT_EQ(ruiz->quotes[0].speaker, "Ola Berg");
  EXPECT_EQ(ruiz->quotes[0].attribution, "Ola Berg, per Wire News");
  EXPECT_EQ(ruiz->quotes[0].origin, QuoteOrigin::kSupplied);
  EXPECT_EQ(ruiz->quotes[1].speaker, "Tom Ruiz");
  EXPECT_EQ(ruiz->quotes[1].attribution, "Tom Ruiz, the State Department spokesperson");
  EXPECT_EQ(ruiz->quotes[2].speaker, "Tom Ruiz");
  EXPECT_EQ(ruiz->quotes[2].attribution, "Ruiz");
  // The user's person stays first.
  ASSERT_FALSE(ruiz->entities.empty());
  EXPECT_EQ(ruiz->entities[0].canonical, "tom ruiz");
  EXPECT_EQ(ruiz->entities[0].origin, EntityOrigin::kUser);

  SearchRequest r;
  FacetResult speakers = archive.Facets(r, FacetField::kSpeaker, 0);
  std::vector<std::string> values;
  for (const auto& v : speakers.values) values.push_back(v.value);
  std::sort(values.begin(), values.end());
  EXPECT_EQ(values, (std::vector<std::string>{"lena varga", "ola berg", "tom ruiz"}));
}

TEST(SpeakersRepairTest, AFormat3ArchiveIsRefusedNamingRepair) {
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite}) {
    try {
      Archive::Open(dir, mode);
      FAIL() << "opened a format 3 archive";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kVersion) << e.what();
      EXPECT_NE(std::string(e.what()).find("morgue repair --archive " + dir), std::string::npos)
          << e.what();
      EXPECT_NE(std::string(e.what()).find("format version 3"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("speaker"), std::string::npos) << e.what();
    }
  }
}

TEST(SpeakersRepairTest, RepairReanalysesTheStoredArticles) {
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  auto repair = test::RunMorgue("repair --archive " + test::Quote(dir));
  ASSERT_EQ(repair.exit_code, 0) << repair.out << repair.err;
  {
    auto archive = Archive::Open(dir, OpenMode::kReadOnly);
    EXPECT_EQ(archive->Stats().format_version, kArchiveFormatVersion);
    ExpectCanonicalSpeakers(*archive);
    EXPECT_TRUE(archive->Check().ok());
  }
  // A second repair (format 4 now) changes no stored article.
  const Article before = *Archive::Open(dir, OpenMode::kReadOnly)->Get("wire/varga");
  Archive::Repair(dir);
  auto archive = Archive::Open(dir, OpenMode::kReadWrite);
  EXPECT_EQ(*archive->Get("wire/varga"), before);
  ExpectCanonicalSpeakers(*archive);
}

TEST(SpeakersRepairTest, SalvageReanalysesTheStoredArticles) {
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  Archive::Salvage(dir, tmp / "salvaged.morgue");
  auto archive = Archive::Open(tmp / "salvaged.morgue", OpenMode::kReadOnly);
  ExpectCanonicalSpeakers(*archive);
}

TEST(SpeakersRepairTest, ShowPrintsTheAttributionBesideTheSpeaker) {
  test::TempDir tmp;
  const std::string dir = CopyFixture(tmp);
  Archive::Repair(dir);
  auto text = test::RunMorgue("show --archive " + test::Quote(dir) + " wire/varga");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("(Lena Varga) [Energy Secretary Lena Varga]"), std::string::npos)
      << text.out;
  auto json = test::RunMorgue("show --archive " + test::Quote(dir) + " wire/varga --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"attribution\": \"Energy Secretary Lena Varga\""), std::string::npos)
      << json.out;
}

}  // namespace
}  // namespace morgue

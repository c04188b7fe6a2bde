// Canonical entity forms: aliases meet, at index and at query time.
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "indexer/analysis.h"
#include "indexer/canonical.h"
#include "indexer/gazetteer.h"
#include "test_util.h"

namespace morgue {
namespace {

struct Row {
  EntityKind kind;
  const char* input;
  const char* canonical;
};

TEST(AnalysisCanonicalTest, TableOfAliases) {
  const Row rows[] = {
      {EntityKind::kPlace, "U.S.", "united states"},
      {EntityKind::kPlace, "US", "united states"},
      {EntityKind::kPlace, "usa", "united states"},
      {EntityKind::kPlace, "USA", "united states"},
      {EntityKind::kPlace, "U.S.A.", "united states"},
      {EntityKind::kPlace, "u s a", "united states"},
      {EntityKind::kPlace, "United States", "united states"},
      {EntityKind::kPlace, "the United States", "united states"},
      {EntityKind::kPlace, "united-states", "united states"},
      {EntityKind::kPlace, "United States of America", "united states"},
      {EntityKind::kPlace, "America", "united states"},
      {EntityKind::kPlace, "uk", "united kingdom"},
      {EntityKind::kPlace, "U.K.", "united kingdom"},
      {EntityKind::kPlace, "Britain", "united kingdom"},
      {EntityKind::kPlace, "Great Britain", "united kingdom"},
      {EntityKind::kPlace, "United Kingdom", "united kingdom"},
      {EntityKind::kPlace, "Zürich", "zurich"},
      {EntityKind::kPlace, "zurich", "zurich"},
      // Every script folds (indexer/fold.h); these missed their filters before.
      {EntityKind::kPerson, "Владимир Путин", "владимир путин"},
      {EntityKind::kPerson, "ВЛАДИМИР ПУТИН", "владимир путин"},
      {EntityKind::kPerson, "Nguyễn Phú Trọng", "nguyen phu trong"},
      {EntityKind::kPerson, "Recep Tayyip Erdoğan", "recep tayyip erdogan"},
      {EntityKind::kPerson, "Αλέξης Τσίπρας", "αλεξησ τσιπρασ"},
      {EntityKind::kPlace, "Việt Nam", "vietnam"},
      {EntityKind::kPlace, "viet nam", "vietnam"},
      {EntityKind::kPlace, "İstanbul", "istanbul"},
      {EntityKind::kOrganisation, "ＯＰＥＣ", "opec"},
      {EntityKind::kPlace, "Iran, Islamic Republic of", "iran"},
      {EntityKind::kPlace, "Islamic Republic of Iran", "iran"},
      {EntityKind::kPlace, "Korea, Republic of", "south korea"},
      {EntityKind::kPlace, "south-korea", "south korea"},
      {EntityKind::kPlace, "Russian Federation", "russia"},
      {EntityKind::kPlace, "ussr", "soviet union"},
      {EntityKind::kPlace, "west-germany", "west germany"},
      {EntityKind::kPlace, "Federal Republic of Germany", "germany"},
      {EntityKind::kPlace, "el-salvador", "el salvador"},
      {EntityKind::kPlace, "hong-kong", "hong kong"},
      {EntityKind::kPlace, "Côte d'Ivoire", "ivory coast"},
      {EntityKind::kPlace, "ivory-coast", "ivory coast"},
      {EntityKind::kPlace, "Burma", "myanmar"},
      {EntityKind::kPlace, "Viet Nam", "vietnam"},
      {EntityKind::kPlace, "Peking", "beijing"},
      // GeoNames names and alternates meet at the folded asciiname, or at the
      // hand list's name for the same city.
      {EntityKind::kPlace, "Stalingrad", "volgograd"},
      {EntityKind::kPlace, "Ḩalab", "aleppo"},
      {EntityKind::kPlace, "A Coruña", "a coruna"},
      {EntityKind::kPlace, "Sankt-Peterburg", "st petersburg"},
      {EntityKind::kPlace, "New York City", "new york"},
      {EntityKind::kPlace, "Thành phố Hồ Chí Minh", "ho chi minh city"},
      {EntityKind::kPlace, "Bronx", "bronx"},
      {EntityKind::kPlace, "Pristina", "pristina"},
      {EntityKind::kPlace, "Kosovo", "kosovo"},
      {EntityKind::kPlace, "Baghdad", "baghdad"},
      {EntityKind::kPlace, "Some Unknown Town", "some unknown town"},
      {EntityKind::kOrganisation, "Kataeb Hezbollah", "kataib hezbollah"},
      {EntityKind::kOrganisation, "Kataib Hezbollah", "kataib hezbollah"},
      {EntityKind::kOrganisation, "Organization of Petroleum Exporting Countries", "opec"},
      {EntityKind::kOrganisation, "OPEC", "opec"},
      {EntityKind::kOrganisation, "opec", "opec"},
      {EntityKind::kOrganisation, "worldbank", "world bank"},
      {EntityKind::kOrganisation, "the World Bank", "world bank"},
      {EntityKind::kOrganisation, "International Monetary Fund", "imf"},
      {EntityKind::kOrganisation, "European Community", "ec"},
      {EntityKind::kOrganisation, "adb-asia", "asian development bank"},
      {EntityKind::kOrganisation, "Federal Reserve", "federal reserve"},
      {EntityKind::kOrganisation, "Fed", "federal reserve"},
      {EntityKind::kOrganisation, "Procter & Gamble", "procter and gamble"},
      {EntityKind::kPerson, "james-baker", "james baker"},
      {EntityKind::kPerson, "James Baker", "james baker"},
      {EntityKind::kPerson, "Mr. Baker", "baker"},
      {EntityKind::kPerson, "de-clercq", "de clercq"},
      {EntityKind::kPerson, "Lech Wałęsa", "lech walesa"},
      {EntityKind::kPerson, "  François   Mitterrand ", "francois mitterrand"},
      {EntityKind::kPerson, "O'Neill", "oneill"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(CanonicalEntity(row.kind, row.input), row.canonical)
        << EntityKindName(row.kind) << " " << row.input;
  }
}

TEST(AnalysisCanonicalTest, FoldingKeepsNonLatinLetters) {
  EXPECT_EQ(FoldEntityText("Ærø—Straße"), "aero strasse");
  EXPECT_EQ(FoldEntityText("東京"), "東京");
  EXPECT_EQ(FoldEntityText("a_b-c...d"), "a b cd");
  EXPECT_EQ(FoldEntityText(""), "");
  // Bytes that are not UTF-8 are Latin-1 (ÿ, þ), as Fold reads them; a
  // replacement character is dropped.
  EXPECT_EQ(FoldEntityText("\xff\xfe bad"), "yth bad");
  EXPECT_EQ(FoldEntityText("\xEF\xBF\xBD bad"), "bad");
}

TEST(AnalysisCanonicalTest, IsIdempotent) {
  for (const char* name : {"U.S.", "Zürich", "Kataeb Hezbollah", "west-germany", "Mr. Baker",
                           "Владимир Путин", "Việt Nam", "ΑΘΗΝΑ", "नरेंद्र मोदी"}) {
    for (EntityKind kind : {EntityKind::kPerson, EntityKind::kOrganisation, EntityKind::kPlace}) {
      const std::string once = CanonicalEntity(kind, name);
      EXPECT_EQ(CanonicalEntity(kind, once), once) << name;
    }
  }
}

// Every Reuters PLACES code lands on a gazetteer place, so tagged places and
// extracted ones share canonical names.
TEST(AnalysisCanonicalTest, EveryReutersPlaceCodeIsKnown) {
  const std::string dir = test::SharedCorpusDir();
  if (dir.empty()) GTEST_SKIP() << "shared corpus not found beside the checkout";
  std::ifstream in(dir + "/reuters21578/all-places-strings.lc.txt");
  if (!in) GTEST_SKIP() << "no all-places-strings.lc.txt in " << dir;
  const auto names = Gazetteer::Get().CanonicalNames();
  const std::set<std::string> known(names.begin(), names.end());
  std::string code;
  int codes = 0;
  while (in >> code) {
    ++codes;
    EXPECT_TRUE(known.count(CanonicalEntity(EntityKind::kPlace, code)))
        << code << " -> " << CanonicalEntity(EntityKind::kPlace, code);
  }
  EXPECT_GT(codes, 170);
}

}  // namespace
}  // namespace morgue

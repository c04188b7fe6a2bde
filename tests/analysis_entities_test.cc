// The rule-based entity extractor and Analyze() on inline sentences.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "indexer/analysis.h"
#include "indexer/entities.h"

namespace morgue {
namespace {

Article WithBody(std::vector<std::string> body, std::string headline = "") {
  Article a;
  a.id = "1";
  a.headline = std::move(headline);
  a.body = std::move(body);
  return a;
}

bool Has(const std::vector<Entity>& entities, EntityKind kind, const std::string& canonical) {
  return std::any_of(entities.begin(), entities.end(),
                     [&](const Entity& e) { return e.kind == kind && e.canonical == canonical; });
}

std::string Dump(const std::vector<Entity>& entities) {
  std::string s;
  for (const Entity& e : entities) {
    s += std::string(EntityKindName(e.kind)) + ":" + e.canonical + " (" + e.name + "); ";
  }
  return s;
}

TEST(AnalysisEntitiesTest, TitlePlaceAndOrganisation) {
  const auto found = ExtractEntities(
      WithBody({"President Trump met Iraqi officials in Baghdad, the Federal Reserve said."}));
  EXPECT_TRUE(Has(found, EntityKind::kPerson, "trump")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "baghdad")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kOrganisation, "federal reserve")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "iraq")) << "a city also names its country";
  const auto demonym = ExtractEntities(WithBody({"Iraqi officials met."}));
  EXPECT_FALSE(Has(demonym, EntityKind::kPlace, "iraq")) << "demonyms are not places";
  for (const Entity& e : found) EXPECT_EQ(e.origin, EntityOrigin::kExtracted);
}

TEST(AnalysisEntitiesTest, PersonRules) {
  const auto found = ExtractEntities(
      WithBody({"Treasury Secretary James Baker said the dollar was stable.",
                "\"It is too early,\" said Paul Volcker, adding that Mr. Greenspan agreed.",
                "Traders said prices fell. Analysts said the traders were nervous.",
                "Secretary of State George Shultz flew to Tokyo."}));
  EXPECT_TRUE(Has(found, EntityKind::kPerson, "james baker")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPerson, "paul volcker")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPerson, "greenspan")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPerson, "george shultz")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "tokyo")) << Dump(found);
  EXPECT_FALSE(Has(found, EntityKind::kPerson, "traders")) << Dump(found);
  EXPECT_FALSE(Has(found, EntityKind::kPerson, "analysts")) << Dump(found);
  EXPECT_FALSE(Has(found, EntityKind::kPerson, "treasury secretary james baker"));
}

TEST(AnalysisEntitiesTest, OrganisationRules) {
  const auto found = ExtractEntities(
      WithBody({"The Bank of Japan and OPEC disagreed with the IMF, General Motors Corp and "
                "the Washington Post.",
                "Federal Reserve Board Chairman Paul Volcker spoke at the U.N. in New York."}));
  EXPECT_TRUE(Has(found, EntityKind::kOrganisation, "bank of japan")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kOrganisation, "opec")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kOrganisation, "imf")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kOrganisation, "general motors corp")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kOrganisation, "washington post")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kOrganisation, "federal reserve")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kOrganisation, "un")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPerson, "paul volcker")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "japan")) << "countries inside orgs stay";
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "new york")) << Dump(found);
  EXPECT_FALSE(Has(found, EntityKind::kPlace, "washington")) << "cities inside orgs go";
  EXPECT_FALSE(Has(found, EntityKind::kPerson, "motors")) << Dump(found);
}

TEST(AnalysisEntitiesTest, PlacesAreCaseSensitiveAndLongestFirst) {
  const auto found = ExtractEntities(
      WithBody({"Let us talk about the U.S. and South Korea, then New York and the Gulf.",
                "He turned to us and the UK. Latin America and West Germany followed."}));
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "united states")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "south korea")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "new york")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "gulf")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "united kingdom")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "latin america")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "west germany")) << Dump(found);
  EXPECT_FALSE(Has(found, EntityKind::kPlace, "york")) << Dump(found);
  EXPECT_FALSE(Has(found, EntityKind::kPlace, "korea")) << Dump(found);
  const int us = static_cast<int>(std::count_if(found.begin(), found.end(), [](const Entity& e) {
    return e.canonical == "united states";
  }));
  EXPECT_EQ(us, 1) << "extracted entities are de-duplicated";
}

TEST(AnalysisEntitiesTest, AllCapsHeadlineGivesOnlyPlaces) {
  Article a = WithBody({}, "PRESIDENT REAGAN SAYS U.S. AND NEW ZEALAND TRADE BILL WILL FAIL");
  a.dateline = "BAGHDAD";
  const auto found = ExtractEntities(a);
  EXPECT_FALSE(Has(found, EntityKind::kPerson, "reagan")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "united states")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "new zealand")) << Dump(found);
  EXPECT_TRUE(Has(found, EntityKind::kPlace, "baghdad")) << Dump(found);
}

TEST(AnalysisEntitiesTest, AnalyzeKeepsTaggedEntitiesFirst) {
  Article a = WithBody({"Shares rose in the U.S. and Japan, Smith said in Tokyo."});
  a.entities.push_back({"usa", EntityKind::kPlace, "", EntityOrigin::kTagged});
  a.entities.push_back({"US", EntityKind::kPlace, "", EntityOrigin::kUser});
  a.entities.push_back({"Kataeb Hezbollah", EntityKind::kOrganisation, "", EntityOrigin::kUser});
  Analyze(a);
  ASSERT_GE(a.entities.size(), 4u) << Dump(a.entities);
  EXPECT_EQ(a.entities[0].name, "usa");
  EXPECT_EQ(a.entities[0].canonical, "united states");
  EXPECT_EQ(a.entities[0].origin, EntityOrigin::kTagged);
  EXPECT_EQ(a.entities[1].canonical, "kataib hezbollah");
  EXPECT_EQ(a.entities[1].origin, EntityOrigin::kUser);
  EXPECT_TRUE(Has(a.entities, EntityKind::kPlace, "japan"));
  EXPECT_TRUE(Has(a.entities, EntityKind::kPlace, "tokyo"));
  EXPECT_TRUE(Has(a.entities, EntityKind::kPerson, "smith"));
  const int us =
      static_cast<int>(std::count_if(a.entities.begin(), a.entities.end(), [](const Entity& e) {
        return e.canonical == "united states";
      }));
  EXPECT_EQ(us, 1) << Dump(a.entities);

  Article again = a;
  Analyze(again);
  EXPECT_EQ(again, a) << "Analyze is idempotent";
}

TEST(AnalysisEntitiesTest, SpeakersBecomePeople) {
  Article a = WithBody({"\"We will not back down from this fight,\" Governor Mario Cuomo said."});
  Analyze(a);
  ASSERT_EQ(a.quotes.size(), 1u);
  EXPECT_EQ(a.quotes[0].speaker, "Mario Cuomo");
  EXPECT_EQ(a.quotes[0].attribution, "Governor Mario Cuomo");
  EXPECT_TRUE(Has(a.entities, EntityKind::kPerson, "mario cuomo")) << Dump(a.entities);
}

}  // namespace
}  // namespace morgue

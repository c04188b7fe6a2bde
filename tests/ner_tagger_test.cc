// The name tagger (indexer/ner.h): the embedded model, corrupt models,
// names in hand-written sentences, determinism, threads and hostile input.
#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "indexer/ner.h"
#include "indexer/ner_features.h"

namespace morgue {
namespace {

struct Found {
  std::string text;
  EntityKind kind;
  bool operator==(const Found& o) const { return text == o.text && kind == o.kind; }
};

std::vector<Found> Names(std::string_view text, const std::vector<std::string_view>& article = {}) {
  NameContext ctx;
  ctx.Add(text);
  for (std::string_view p : article) ctx.Add(p);
  std::vector<Found> out;
  for (const NameMention& m : FindNames(text, ctx)) {
    out.push_back({std::string(text.substr(m.begin, m.end - m.begin)), m.kind});
  }
  return out;
}

bool Has(const std::vector<Found>& names, std::string_view text, EntityKind kind) {
  return std::any_of(names.begin(), names.end(),
                     [&](const Found& f) { return f.text == text && f.kind == kind; });
}

std::string Dump(const std::vector<Found>& names) {
  std::string s;
  for (const Found& f : names) s += std::string(EntityKindName(f.kind)) + ":" + f.text + "; ";
  return s;
}

// Mentions lie inside the text, in order, without overlap.
void ExpectWellFormed(std::string_view text, const std::vector<NameMention>& names) {
  uint32_t previous_end = 0;
  for (const NameMention& m : names) {
    EXPECT_LT(m.begin, m.end);
    EXPECT_LE(m.end, text.size());
    EXPECT_GE(m.begin, previous_end);
    previous_end = m.end;
  }
}

TEST(NerTaggerTest, EmbeddedModelLoads) {
  EXPECT_EQ(NerModel::EmbeddedError(), "");
  EXPECT_GT(NerModel::Embedded().size(), 1000U);
  const std::string_view bytes = NerModel::EmbeddedBytes();
  ASSERT_GE(bytes.size(), 8U);
  EXPECT_EQ(std::memcmp(bytes.data(), kNerModelMagic, 8), 0);
}

TEST(NerTaggerTest, CorruptModelsAreRefusedNotCrashed) {
  const std::string good(NerModel::EmbeddedBytes());
  NerModel model;
  std::string error;
  ASSERT_TRUE(model.Load(good, &error)) << error;

  std::string bad_magic = good;
  bad_magic[0] = 'X';
  EXPECT_FALSE(model.Load(bad_magic, &error));
  EXPECT_NE(error.find("magic"), std::string::npos) << error;
  EXPECT_TRUE(model.empty());

  std::string other_features = good;
  other_features[12] = static_cast<char>(kNerFeatureSetVersion + 1);
  EXPECT_FALSE(model.Load(other_features, &error));
  EXPECT_NE(error.find("feature set"), std::string::npos) << error;

  EXPECT_FALSE(model.Load(good.substr(0, good.size() - 3), &error));
  EXPECT_FALSE(model.Load(good.substr(0, 10), &error));
  EXPECT_FALSE(model.Load("", &error));

  // Two keys swapped: no longer strictly increasing.
  std::string unsorted = good;
  const size_t first = 24 + 8 * 7 * 2;
  const size_t entry = 8 + 7 * 2;
  ASSERT_GT(unsorted.size(), first + 2 * entry);
  std::swap_ranges(unsorted.begin() + first, unsorted.begin() + first + 8,
                   unsorted.begin() + first + entry);
  EXPECT_FALSE(model.Load(unsorted, &error));

  // An empty model finds nothing and does not crash.
  NameContext ctx;
  EXPECT_TRUE(FindNames("Amara Okafor flew to Nairobi.", ctx, model).empty());
}

TEST(NerTaggerTest, PeopleOrganisationsAndPlacesWithoutCues) {
  // Our own sentences. No title and no "said": the old rules found no person here.
  const auto a = Names("Amara Okafor met farmers in Christchurch.");
  EXPECT_TRUE(Has(a, "Amara Okafor", EntityKind::kPerson)) << Dump(a);
  EXPECT_TRUE(Has(a, "Christchurch", EntityKind::kPlace)) << Dump(a);

  const auto b = Names("Lee Cheuk-yan of the Labour Party spoke in Hong Kong on Monday.");
  EXPECT_TRUE(Has(b, "Lee Cheuk-yan", EntityKind::kPerson)) << Dump(b);
  EXPECT_TRUE(Has(b, "Labour Party", EntityKind::kOrganisation)) << Dump(b);
  EXPECT_FALSE(Has(b, "Lee Cheuk-yan of the Labour Party", EntityKind::kOrganisation)) << Dump(b);
}

TEST(NerTaggerTest, PossessiveLeftOut) {
  const auto a = Names("Amara Okafor's speech was read in Jakarta.");
  EXPECT_TRUE(Has(a, "Amara Okafor", EntityKind::kPerson)) << Dump(a);
}

TEST(NerTaggerTest, LowerCaseElsewhereMeansCommonWord) {
  // "Rates" opens the sentence; the article writes "rates" elsewhere.
  const auto a = Names("Rates rose again.", {"The central bank said rates would rise."});
  EXPECT_TRUE(a.empty()) << Dump(a);
}

TEST(NerTaggerTest, AllCapsAndEmptyTextsHaveNoNames) {
  EXPECT_TRUE(Names("").empty());
  EXPECT_TRUE(Names("JAPAN TRADE SURPLUS WIDENS IN APRIL, SAYS MITI OFFICIAL").empty());
}

TEST(NerTaggerTest, DeterministicAcrossThreads) {
  const std::string text =
      "Amara Okafor, the finance minister of Nigeria, told the Central Bank of Nigeria in Abuja "
      "that Chidi Obi of Zenith Bank would lead talks with the International Monetary Fund.";
  NameContext ctx;
  ctx.Add(text);
  const std::vector<NameMention> expected = FindNames(text, ctx);
  ASSERT_FALSE(expected.empty());
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        const auto got = FindNames(text, ctx);
        if (got.size() != expected.size() ||
            !std::equal(got.begin(), got.end(), expected.begin(),
                        [](const NameMention& a, const NameMention& b) {
                          return a.begin == b.begin && a.end == b.end && a.kind == b.kind;
                        })) {
          ++mismatches[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(NerTaggerTest, HostileInputNeverThrows) {
  std::mt19937 rng(18);
  std::vector<std::string> texts;
  std::string binary(1 << 16, '\0');
  for (char& c : binary) c = static_cast<char>(rng());
  texts.push_back(binary);
  std::string capitals;  // ~1 MB of capitalised words: one long candidate run
  while (capitals.size() < (1U << 20)) capitals += "Alpha Bravo Of Charlie de Delta & ";
  texts.push_back(capitals);
  texts.push_back(std::string(100000, 'A'));
  texts.push_back(std::string(5000, '\''));
  texts.push_back("Владимир Путин встретился с Си Цзиньпином в Москве. 習近平 محمد بن سلمان "
                  "नरेंद्र मोदी Ελλάδα Ἀθῆναι 🇺🇸 Ünal Özgür İstanbul'da");
  texts.push_back("\xC3\x28 \xE2\x82 \xF0\x9F Truncated \xC3");
  texts.push_back("A. B. C. D. U.S. U.N. Mr. Dr. St. Jr.'s 's ' & of the de");
  for (const std::string& text : texts) {
    NameContext ctx;
    ctx.Add(text);
    std::vector<NameMention> names;
    EXPECT_NO_THROW(names = FindNames(text, ctx));
    ExpectWellFormed(text, names);
  }
}

}  // namespace
}  // namespace morgue

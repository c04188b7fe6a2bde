#include "storage/codec.h"

#include <gtest/gtest.h>

#include "morgue/error.h"

namespace morgue {
namespace {

Article FullArticle() {
  Article a;
  a.id = "2020-01-01-baghdad";
  a.source = "axios";
  a.url = "https://example.org/a";
  a.published = Timestamp::FromCivil(2020, 1, 1, 0, 0, 0, true);
  a.section = "World";
  a.headline = "Protesters withdraw";
  a.authors = {"Jane Roe", "John Doe"};
  a.dateline = "BAGHDAD -";
  a.body = {"First paragraph.", "Second — with “curly” quotes and ü."};
  a.quotes = {{"We will return", "Kataib Hezbollah", 1, 7, "a Kataib Hezbollah spokesman",
               QuoteOrigin::kExtracted},
              {"Never again", "Jane Roe", 0, 0, "", QuoteOrigin::kSupplied}};
  a.captions = {{"Supporters at the embassy", "Murtadha Sudani/Anadolu Agency"}};
  a.entities = {{"U.S.", EntityKind::kPlace, "united states", EntityOrigin::kExtracted},
                {"usa", EntityKind::kPlace, "usa", EntityOrigin::kTagged},
                {"Trump", EntityKind::kPerson, "", EntityOrigin::kUser}};
  a.topics = {"crude", "ship"};
  a.language = "en";
  return a;
}

TEST(CodecTest, RoundTripsEveryField) {
  Article a = FullArticle();
  std::string bytes;
  EncodeArticle(a, &bytes);
  EXPECT_EQ(DecodeArticle(bytes), a);
}

TEST(CodecTest, TextPartsStopBeforeEntitiesTopicsAndLanguage) {
  Article a = FullArticle();
  ASSERT_FALSE(a.entities.empty());
  ASSERT_FALSE(a.topics.empty());
  std::string bytes;
  EncodeArticle(a, &bytes);
  Article text = DecodeArticle(bytes, ArticleParts::kText);
  Article expected = a;
  expected.entities.clear();
  expected.topics.clear();
  expected.language = Article{}.language;
  EXPECT_EQ(text, expected);
}

TEST(CodecTest, RoundTripsAnArticleWithoutDate) {
  Article a;
  a.id = "x";
  a.source = "s";
  std::string bytes;
  EncodeArticle(a, &bytes);
  Article back = DecodeArticle(bytes);
  EXPECT_FALSE(back.published.has_value());
  EXPECT_EQ(back, a);
}

TEST(CodecTest, QuotesFromTheBodyAreStoredByPosition) {
  Article a = FullArticle();
  a.body = {"He said: \"we will return\" and left.", "No quote here."};
  const QuoteOrigin x = QuoteOrigin::kExtracted;
  a.quotes = {{"we will return", "Kataib Hezbollah", 0, 10, "spokesman", x},  // in the body
              {"not in the body at all", "", 1, 3, "", x},                    // kept as text
              {"left.", "", 0, 33, "", QuoteOrigin::kSupplied}};              // at the very end
  std::string bytes;
  EncodeArticle(a, &bytes);
  EXPECT_EQ(DecodeArticle(bytes), a);
  EXPECT_EQ(bytes.find("we will return", bytes.find("left.") + 5), std::string::npos)
      << "the quotation's text was stored twice";
}

TEST(CodecTest, RejectsTruncatedAndTrailingBytes) {
  std::string bytes;
  EncodeArticle(FullArticle(), &bytes);
  for (size_t cut : {size_t{0}, size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_THROW(DecodeArticle(std::string_view(bytes).substr(0, cut)), Error) << cut;
  }
  EXPECT_THROW(DecodeArticle(bytes + "x"), Error);
}

// The layout of a stored article before archive format 4 (codec version 1),
// written out by hand: an article with one body quotation and one other.
std::string Version1Bytes() {
  std::string b;
  auto str = [&](std::string_view s) {
    b.push_back(static_cast<char>(s.size()));  // every string here is < 128 bytes
    b.append(s);
  };
  b.push_back(1);  // codec version
  str("id-1");
  str("wire");
  str("");         // url
  b.push_back(0);  // no date
  str("");         // section
  str("Headline");
  b.push_back(0);  // authors
  str("");         // dateline
  b.push_back(1);  // one paragraph
  str("\"We will win this,\" Energy Secretary Jo Mills said.");
  b.push_back(2);  // two quotations
  b.push_back(1);  // in the body: paragraph, offset, length
  b.push_back(0);
  b.push_back(1);
  b.push_back(17);
  str("Energy Secretary Jo Mills");
  b.push_back(0);  // not in the body: paragraph, offset, text
  b.push_back(0);
  b.push_back(0);
  str("Elsewhere said");
  str("");
  b.push_back(0);  // captions
  b.push_back(1);  // one entity: kind person, origin user, canonical stored
  b.push_back(0x10);
  str("Jo Mills");
  str("jo mills");
  b.push_back(0);  // topics
  str("en");
  return b;
}

TEST(CodecTest, DecodesArticlesOfFormat3WithoutAttributions) {
  const std::string bytes = Version1Bytes();
  EXPECT_TRUE(IsLegacyArticle(bytes));
  const Article a = DecodeArticle(bytes);
  ASSERT_EQ(a.quotes.size(), 2u);
  EXPECT_EQ(a.quotes[0].text, "We will win this,");
  EXPECT_EQ(a.quotes[0].speaker, "Energy Secretary Jo Mills");
  EXPECT_EQ(a.quotes[0].attribution, "");
  EXPECT_EQ(a.quotes[0].origin, QuoteOrigin::kSupplied);  // unknown: repair decides
  EXPECT_EQ(a.quotes[1].text, "Elsewhere said");
  ASSERT_EQ(a.entities.size(), 1u);
  EXPECT_EQ(a.entities[0].origin, EntityOrigin::kUser);
  // Written again, it is of the current version.
  std::string again;
  EncodeArticle(a, &again);
  EXPECT_FALSE(IsLegacyArticle(again));
  EXPECT_EQ(DecodeArticle(again), a);
}

TEST(CodecTest, AVersion1QuotationTagCannotSayExtracted) {
  std::string bytes = Version1Bytes();
  // The first quotation's tag (after the paragraph) set to "in body, extracted".
  const size_t tag = bytes.find("said.") + 5 + 1;
  ASSERT_EQ(bytes[tag], 1);
  bytes[tag] = 3;
  EXPECT_THROW(DecodeArticle(bytes), Error);
}

TEST(CodecTest, DocidKeysSortNumerically) {
  EXPECT_LT(EncodeDocidKey(255), EncodeDocidKey(256));
  EXPECT_LT(EncodeDocidKey(1), EncodeDocidKey(1ull << 40));
  EXPECT_EQ(DecodeDocidKey(EncodeDocidKey(123456789)), 123456789u);
}

}  // namespace
}  // namespace morgue

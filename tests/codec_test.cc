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
  a.quotes = {{"We will return", "Kataib Hezbollah spokesman", 1, 7}};
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
  a.quotes = {{"we will return", "Kataib Hezbollah spokesman", 0, 10},  // in the body
              {"not in the body at all", "", 1, 3},                     // kept as text
              {"left.", "", 0, 33}};                                    // at the very end
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

TEST(CodecTest, DocidKeysSortNumerically) {
  EXPECT_LT(EncodeDocidKey(255), EncodeDocidKey(256));
  EXPECT_LT(EncodeDocidKey(1), EncodeDocidKey(1ull << 40));
  EXPECT_EQ(DecodeDocidKey(EncodeDocidKey(123456789)), 123456789u);
}

}  // namespace
}  // namespace morgue

// Fold (indexer/fold.h), the one folding of words, entity names and filter
// values: a table per script, written from the Unicode charts (the expected
// column is what a reader of the script would call the same word), and the
// promises the rest of morgue relies on: ASCII is only lower-cased, the fold
// is idempotent, invalid UTF-8 never fails.
#include "indexer/fold.h"

#include <gtest/gtest.h>

#include <random>

#include "indexer/canonical.h"

namespace morgue {
namespace {

struct Row {
  const char* script;
  const char* in;
  const char* out;
};

const Row kRows[] = {
    // ASCII: lower-cased only, punctuation kept (the tokenizer decides).
    {"ascii", "OPEC Oil-Price, U.S.", "opec oil-price, u.s."},
    {"ascii", "", ""},
    // Latin: accents dropped, letters that do not decompose spelled out.
    {"latin", "Erdoğan", "erdogan"},
    {"latin", "ERDOĞAN", "erdogan"},
    {"latin", "Nguyễn Phú Trọng", "nguyen phu trong"},
    {"latin", "Việt Nam", "viet nam"},
    {"latin", "Zürich Ångström Ñandú", "zurich angstrom nandu"},
    {"latin", "Straße", "strasse"},
    {"latin", "ẞ", "ss"},
    {"latin", "Łódź Øresund Ðakovo Đorđević", "lodz oresund dakovo dordevic"},
    {"latin", "Æsir Œuvre Þór", "aesir oeuvre thor"},
    {"latin", "Ħal Ŧ Ŋ ĸ", "hal t n k"},
    {"latin", "Ştefan Ţiriac Șerban Țuțea", "stefan tiriac serban tutea"},
    // Turkish: dotted capital I and dotless i both meet plain i.
    {"turkish", "İSTANBUL", "istanbul"},
    {"turkish", "Istanbul", "istanbul"},
    {"turkish", "ılık", "ilik"},
    // Compatibility forms: ligatures, full width, superscripts.
    {"compat", "ﬁnance", "finance"},
    {"compat", "ＯＰＥＣ", "opec"},
    {"compat", "x²", "x2"},
    {"compat", "ｶﾀｶﾅ", "カタカナ"},
    // Invisible characters removed: soft hyphen, zero-width joiners.
    {"ignorable", "Erdo\u00ADgan", "erdogan"},
    // An acute accent typed as an apostrophe is one.
    {"apostrophe", "O\u00B4Neill", "o\u2019neill"},
    // Greek: case, tonos, dialytika, final sigma.
    {"greek", "ΑΘΗΝΑ", "αθηνα"},
    {"greek", "Αθήνα", "αθηνα"},
    {"greek", "αθηνα", "αθηνα"},
    {"greek", "ΟΔΥΣΣΕΥΣ", "οδυσσευσ"},
    {"greek", "Οδυσσεύς", "οδυσσευσ"},
    {"greek", "Ϊ", "ι"},
    // Cyrillic: case, ё and й lose their marks.
    {"cyrillic", "Владимир Путин", "владимир путин"},
    {"cyrillic", "ВЛАДИМИР ПУТИН", "владимир путин"},
    {"cyrillic", "Ёлка", "елка"},
    {"cyrillic", "Україна", "украіна"},
    // Armenian, Georgian (Mtavruli capitals).
    {"armenian", "ՀԱՅԱՍՏԱՆ", "հայաստան"},
    {"georgian", "ᲡᲐᲥᲐᲠᲗᲕᲔᲚᲝ", "საქართველო"},
    // Hebrew and Arabic: vowel points dropped.
    {"hebrew", "שָׁלוֹם", "שלום"},
    {"arabic", "مُحَمَّد", "محمد"},
    // Scripts whose marks spell the word: kept.
    {"hindi", "नरेंद्र मोदी", "नरेंद्र मोदी"},
    {"thai", "ประเทศไทย", "ประเทศไทย"},
    {"japanese", "がっこう", "がっこう"},
    {"japanese", "東京", "東京"},
    {"chinese", "习近平", "习近平"},
    {"korean", "대한민국", "대한민국"},
};

class FoldTableTest : public ::testing::TestWithParam<Row> {};

TEST_P(FoldTableTest, FoldsAsTheScriptsReadersWould) {
  const Row& row = GetParam();
  EXPECT_EQ(Fold(row.in), row.out) << row.script << ": " << row.in;
  EXPECT_EQ(Fold(Fold(row.in)), Fold(row.in)) << "not idempotent: " << row.in;
}

INSTANTIATE_TEST_SUITE_P(Scripts, FoldTableTest, ::testing::ValuesIn(kRows));

// Xapian::TermGenerator reads "U.S." as the word "us" but "u.s." as "u" and
// "s": before CapitaliseInitials, `u.s.` found 23 Reuters articles and `U.S.`
// 4,541; Wikinews' "p.m." was not `P.M.`.
TEST(FoldTest, DottedInitialsInLowerCaseAreCapitalised) {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"the u.s. team", "the U.S. team"},
      {"U.s. and p.m.", "U.S. and P.M."},
      {"e.g., i.e.", "E.G., I.E."},
      {"in the u.s", "in the U.S"},
      {"(u.s.a.)", "(U.S.A.)"},
      {"U.S. already", "U.S. already"},
      {"j.smith", "j.smith"},    // "smith" is a word, not an initial
      {"a. b. c.", "a. b. c."},  // initials apart are not one word
      {"x1.y.z", "x1.Y.Z"},      // a dot ends a word: initials may follow
      {"x1y.z", "x1y.z"},
      {"version 2.a.b", "version 2.A.B"},
      {"a.", "a."},
      {"", ""},
  };
  for (const Row& r : rows) {
    std::string buffer;
    EXPECT_EQ(CapitaliseInitials(r.in, buffer), r.out) << r.in;
  }
  // No lower-case initials: the text itself, not a copy.
  const std::string plain = "The U.S. and Erdoğan";
  std::string buffer;
  EXPECT_EQ(CapitaliseInitials(plain, buffer).data(), plain.data());
}

// Hostile input: a megabyte of initials, NUL and high bytes, a lone dot.
TEST(FoldTest, CapitaliseInitialsTakesLongAndBinaryText) {
  std::string run;
  for (int i = 0; i < 500000; ++i) run += "a.";
  std::string buffer;
  const std::string_view out = CapitaliseInitials(run, buffer);
  ASSERT_EQ(out.size(), run.size());
  EXPECT_EQ(out.find('a'), std::string_view::npos);
  // "a.b." is a run; "c." after a high byte and a dot is one initial alone.
  const std::string binary("\0a.b.\xff.c.\x01", 10);
  EXPECT_EQ(CapitaliseInitials(binary, buffer), std::string("\0A.B.\xff.c.\x01", 10));
  for (const char* text : {".", "..", "a", "a.", ".a.b"}) {
    EXPECT_EQ(CapitaliseInitials(text, buffer).size(), std::string_view(text).size()) << text;
  }
}

TEST(FoldTest, AsciiIsOnlyLowerCased) {
  std::string all;
  for (int c = 0; c < 128; ++c) all.push_back(static_cast<char>(c));
  std::string lower = all;
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  EXPECT_EQ(Fold(all), lower);
  EXPECT_TRUE(IsAscii(all));
  EXPECT_FALSE(IsAscii("caf\xC3\xA9"));
}

TEST(FoldTest, InvalidUtf8IsReadAsLatin1AndNeverFails) {
  // Each byte that starts no well-formed sequence is its Latin-1 character.
  EXPECT_EQ(Fold("caf\xE9"), "cafe");
  EXPECT_EQ(Fold("\xC9t\xE9"), "ete");
  EXPECT_EQ(Fold("a\xFFz"), "ayz");               // ÿ
  EXPECT_EQ(Fold("\xC0\xAF"), "a ");              // overlong "/": À and ¯ (space + macron)
  EXPECT_EQ(Fold("\xED\xA0\x80"), "i \xC2\x80");  // a surrogate: í, no-break space, U+0080
  EXPECT_EQ(Fold("x\xE2\x82"), "xa\xC2\x82");     // a cut sequence: â and U+0082
  std::mt19937 random(17);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(random() % 24, '\0');
    for (char& b : bytes) b = static_cast<char>(random());
    const std::string folded = Fold(bytes);
    // The result is valid UTF-8: folding it again reads every byte as it is.
    EXPECT_EQ(Fold(folded), folded);
    FoldEntityText(bytes);
    FoldCollapse(bytes);
  }
}

TEST(FoldTest, FoldCollapseCollapsesUnicodeSpace) {
  EXPECT_EQ(FoldCollapse("  Économie\u00A0\u3000Politique\t"), "economie politique");
  EXPECT_EQ(FoldCollapse("\u2028"), "");
  EXPECT_EQ(FoldCollapse("Wirtschaft\u2029und  Politik"), "wirtschaft und politik");
}

struct EntityRow {
  const char* in;
  const char* out;
};

TEST(FoldTest, EntityTextFoldsEveryScriptAndKeepsItsRules) {
  const EntityRow rows[] = {
      {"Владимир Путин", "владимир путин"},
      {"Nguyễn Phú Trọng", "nguyen phu trong"},
      {"Recep Tayyip Erdoğan", "recep tayyip erdogan"},
      {"Αλέξης Τσίπρας", "αλεξησ τσιπρασ"},
      {"U.S.", "us"},
      {"O’Neill", "oneill"},
      {"O´Neill", "oneill"},
      {"AT & T", "at and t"},
      {"Jean-Claude  Juncker", "jean claude juncker"},
      {"阿卜杜拉·本", "阿卜杜拉 本"},  // the middle dot between name parts
      {"ジョン・スミス", "ジョン スミス"},
      {"नरेंद्र मोदी", "नरेंद्र मोदी"},
      {"Zürich × Genève", "zurich geneve"},
  };
  for (const EntityRow& r : rows) EXPECT_EQ(FoldEntityText(r.in), r.out) << r.in;
}

}  // namespace
}  // namespace morgue

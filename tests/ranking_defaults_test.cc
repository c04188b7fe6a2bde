// One set of ranking defaults: RankingOptions (include/morgue/search.h). The
// query compiler's field weights default to them, and the pages that quote
// them (docs/query-language.md, docs/ranking.md) say the same numbers.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "morgue/search.h"
#include "query/parser.h"

namespace morgue {
namespace {

std::string ReadDoc(const std::string& name) {
  const std::string path = std::string(MORGUE_SOURCE_DIR) + "/docs/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The default weight of a text field, by the name the docs use.
double DefaultWeight(const std::string& field) {
  const RankingOptions r;
  const std::map<std::string, double> weights = {{"headline", r.headline_weight},
                                                 {"body", r.body_weight},
                                                 {"quote", r.quote_weight},
                                                 {"caption", r.caption_weight}};
  EXPECT_TRUE(weights.count(field)) << field;
  return weights.count(field) ? weights.at(field) : -1;
}

TEST(RankingDefaultsTest, TheCompilerWeighsFieldsWithTheRankingDefaults) {
  const RankingOptions r;
  const FieldWeights w = ParseOptions{}.weights;
  EXPECT_EQ(w.headline, r.headline_weight);
  EXPECT_EQ(w.body, r.body_weight);
  EXPECT_EQ(w.quote, r.quote_weight);
  EXPECT_EQ(w.caption, r.caption_weight);
  // What a search compiles with the defaults, quote field included.
  auto num = [](double x) {
    std::ostringstream out;
    out << x;
    return out.str();
  };
  EXPECT_EQ(ParseQuery("opec", {}).query.get_description(),
            "Query((" + num(r.body_weight) + " * Zopec OR " + num(r.headline_weight) +
                " * ZSopec OR " + num(r.quote_weight) + " * ZXQopec OR " + num(r.caption_weight) +
                " * ZXCopec))");
}

TEST(RankingDefaultsTest, QueryLanguageDocQuotesTheDefaults) {
  const std::string doc = ReadDoc("query-language.md");
  // Lists such as "headline 2, body 1, quote 0, caption 1" (across lines too).
  const std::string pair = R"((?:headline|body|quote|caption)\s+\d+(?:\.\d+)?)";
  const std::regex list(pair + R"((?:,\s+)" + pair + "){3}");
  const std::regex one(R"((headline|body|quote|caption)\s+(\d+(?:\.\d+)?))");
  int lists = 0;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), list); it != std::sregex_iterator();
       ++it, ++lists) {
    const std::string text = it->str();
    SCOPED_TRACE(text);
    for (auto p = std::sregex_iterator(text.begin(), text.end(), one); p != std::sregex_iterator();
         ++p) {
      EXPECT_DOUBLE_EQ(std::stod((*p)[2]), DefaultWeight((*p)[1])) << (*p)[1];
    }
  }
  EXPECT_GE(lists, 2)
      << "the page quotes the field weights in the Words section and the options table";

  // The mapping onto the index: "1 * SYNONYM(w1..) OR 2 * SYNONYM(Sw1..) ...".
  const std::map<std::string, std::string> field_of = {{"", "body"},
                                                       {"S", "headline"},
                                                       {"XQ", "quote"},
                                                       {"XC", "caption"}};
  const std::regex scaled(R"((\d+(?:\.\d+)?) \* SYNONYM\((S|XQ|XC)?w)");
  int fields = 0;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), scaled); it != std::sregex_iterator();
       ++it, ++fields) {
    const std::string field = field_of.at((*it)[2].str());
    EXPECT_DOUBLE_EQ(std::stod((*it)[1]), DefaultWeight(field)) << it->str();
  }
  EXPECT_EQ(fields, 4);
}

TEST(RankingDefaultsTest, RankingDocQuotesTheDefaults) {
  const std::string doc = ReadDoc("ranking.md");
  // The "Defaults" table: | `option` | old guess | first tuning | **default now** |
  const std::regex row(R"(\| `(\w+)` \|[^\n]*\| \*\*(\d+(?:\.\d+)?)\*\*)");
  const RankingOptions r;
  const std::map<std::string, double> defaults = {{"headline_weight", r.headline_weight},
                                                  {"body_weight", r.body_weight},
                                                  {"quote_weight", r.quote_weight},
                                                  {"caption_weight", r.caption_weight},
                                                  {"bm25_k1", r.bm25_k1},
                                                  {"bm25_b", r.bm25_b},
                                                  {"bm25_b_ored", r.bm25_b_ored},
                                                  {"proximity_weight", r.proximity_weight}};
  std::map<std::string, double> quoted;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator();
       ++it) {
    quoted[(*it)[1]] = std::stod((*it)[2]);
  }
  for (const auto& [name, value] : defaults) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(quoted.count(name)) << "docs/ranking.md does not give the default of " << name;
    EXPECT_DOUBLE_EQ(quoted[name], value);
  }
  EXPECT_EQ(quoted.size(), defaults.size());
}

}  // namespace
}  // namespace morgue

// `morgue terms` and `morgue kwic` end to end (the real binary) on a small
// generated archive: each format holds the library's answer, and bad
// options are usage errors (exit 2) that say what to change.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "morgue/archive.h"
#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

class CliTermsKwicTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    auto archive = Archive::Open(Path(), OpenMode::kCreate);
    archive->Add(
        test::Stories(1, 200, {"oil", "prices", "opec", "wheat", "=cmd", "rose", "fell", "нефть"}));
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Path() { return *dir_ / "a.morgue"; }
  static test::CommandResult Run(const std::string& rest) {
    return RunMorgue(rest + " --archive " + Quote(Path()));
  }
  static test::TempDir* dir_;
};

test::TempDir* CliTermsKwicTest::dir_ = nullptr;

TEST_F(CliTermsKwicTest, TermsJsonHoldsTheLibrarysAnswer) {
  auto r = Run("terms opec --format json --top 0 --min-count 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  auto archive = Archive::Open(Path(), OpenMode::kReadOnly);
  SearchRequest request;
  request.query = "opec";
  TermsOptions options;
  options.top = 0;
  options.min_count = 1;
  TermsResult expected = archive->Terms(request, options);
  EXPECT_EQ(j["total"], expected.total);
  EXPECT_EQ(j["documents"], expected.documents);
  EXPECT_EQ(j["sampled"], false);
  EXPECT_TRUE(j["seed"].is_null());
  ASSERT_EQ(j["terms"].size(), expected.terms.size());
  for (size_t i = 0; i < expected.terms.size(); ++i) {
    EXPECT_EQ(j["terms"][i]["term"], expected.terms[i].term);
    EXPECT_EQ(j["terms"][i]["in_matches"], expected.terms[i].in_matches);
    EXPECT_EQ(j["terms"][i]["in_archive"], expected.terms[i].in_archive);
  }
}

TEST_F(CliTermsKwicTest, TermsStatesTheSampleInEveryFormat) {
  auto text = Run("terms oil --sample-size 20 --seed 3");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("a seeded sample (seed 3)"), std::string::npos) << text.out;
  auto csv = Run("terms oil --sample-size 20 --seed 3 --format csv --by month");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n') + 1),
            "interval,start,term,phrase,in_matches,counted,in_archive,archive,score,sampled,"
            "in_archive_estimated,archive_sample\r\n");
  EXPECT_NE(csv.out.find(",1,0,0\r\n"), std::string::npos);  // sampled = 1, nothing estimated
  EXPECT_NE(csv.out.find("1987-"), std::string::npos);       // the intervals' rows
}

TEST_F(CliTermsKwicTest, TermsStatesEstimatedArchiveCountsInEveryFormat) {
  // 200 articles, a sample of 40 of them for phrases whose exact count would
  // check more than 0 articles: every phrase's archive count is estimated.
  const std::string options = " --top 0 --min-count 1 --phrase-match-limit 0 --archive-sample 40";
  auto json = Run("terms oil --format json" + options);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  ASSERT_TRUE(j["archive_sample"].is_object()) << json.out;
  const uint64_t sampled = j["archive_sample"]["articles"];
  EXPECT_GE(sampled, 40u);
  EXPECT_LT(sampled, 200u);
  EXPECT_EQ(j["archive_sample"]["seed"], 1);
  EXPECT_NE(j["score"].get<std::string>().find("estimated"), std::string::npos);
  size_t estimated = 0;
  for (const auto& t : j["terms"]) {
    EXPECT_EQ(t["in_archive_estimated"], t["phrase"]) << t;  // words exact, phrases estimated
    estimated += t["in_archive_estimated"].get<bool>();
  }
  EXPECT_GT(estimated, 0u);

  auto csv = Run("terms oil --format csv" + options);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find(",1," + std::to_string(sampled) + "\r\n"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find(",0," + std::to_string(sampled) + "\r\n"), std::string::npos) << csv.out;

  auto text = Run("terms oil" + options);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("  ~"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("~: archive counts estimated from a seeded sample (seed 1) of " +
                          std::to_string(sampled) + " of the 200 articles"),
            std::string::npos)
      << text.out;

  // Exact by default on so small an archive: no mark, no footnote, null sample.
  auto exact = Run("terms oil --format json --top 0 --min-count 1");
  ASSERT_EQ(exact.exit_code, 0) << exact.err;
  auto e = nlohmann::json::parse(exact.out);
  EXPECT_TRUE(e["archive_sample"].is_null());
  EXPECT_EQ(e["score"], "log-likelihood G2");
  for (const auto& t : e["terms"]) EXPECT_EQ(t["in_archive_estimated"], false);
  auto both = Run("terms oil --exact --phrase-match-limit 5");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("--exact"), std::string::npos) << both.err;
}

TEST_F(CliTermsKwicTest, KwicLinesInEveryFormat) {
  auto archive = Archive::Open(Path(), OpenMode::kReadOnly);
  SearchRequest request;
  request.query = "opec";
  const uint64_t lines = archive->Kwic(request, {}, [](const KwicLine&) { return true; });
  ASSERT_GT(lines, 0u);
  auto jsonl = Run("kwic opec --format jsonl");
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  std::istringstream in(jsonl.out);
  std::string line;
  uint64_t n = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["match"].get<std::string>().size(), 4u);
    EXPECT_TRUE(j.contains("date"));
    ++n;
  }
  EXPECT_EQ(n, lines);
  auto csv = Run("kwic opec --format csv --width 10");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n') + 1),
            "id,source,published,date,date_only,field,paragraph,offset,left,match,right\r\n");
  // A cell that a spreadsheet would read as a formula is guarded.
  EXPECT_EQ(csv.out.find(",=cmd"), std::string::npos);
  auto text = Run("kwic opec --width 10");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find(" | opec | "), std::string::npos) << text.out;
}

TEST_F(CliTermsKwicTest, BadOptionsAreUsageErrors) {
  for (const char* bad :
       {"terms oil --field title", "terms oil --kind nouns", "terms oil --sample-size 0",
        "terms oil --by fortnight", "terms oil --format jsonl", "kwic oil --width 0",
        "kwic oil --width -3", "kwic oil --format json", "kwic", "kwic '\"oil'"}) {
    auto r = Run(bad);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_FALSE(r.err.empty()) << bad;
  }
}

}  // namespace
}  // namespace morgue

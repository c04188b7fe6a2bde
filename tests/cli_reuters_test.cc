// End to end on all of Reuters-21578 (../shared): the real binary's counts
// against counts this test computes independently from the SGML.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <cctype>
#include <filesystem>
#include <set>

#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

struct Record {
  std::string newid, date_day, title, text;
  bool has_text = false;  // any letter or digit outside references such as &#3;
  std::set<std::string> topics, places;
};

std::string Between(const std::string& s, const std::string& open, const std::string& close,
                    size_t from = 0) {
  size_t a = s.find(open, from);
  if (a == std::string::npos) return "";
  a += open.size();
  size_t b = s.find(close, a);
  return b == std::string::npos ? "" : s.substr(a, b - a);
}

std::set<std::string> DValues(const std::string& list) {
  std::set<std::string> out;
  size_t pos = 0;
  while ((pos = list.find("<D>", pos)) != std::string::npos) {
    size_t end = list.find("</D>", pos);
    out.insert(list.substr(pos + 3, end - pos - 3));
    pos = end;
  }
  return out;
}

std::string Day(const std::string& date) {  // " 5-MAR-1987 15:01:01.79" -> "1987-03-05"
  static const char* months[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                 "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  int day = 0, year = 0;
  char month[4] = {};
  if (std::sscanf(date.c_str(), " %d-%3s-%d", &day, month, &year) != 3) return "";
  int m = 0;
  for (int i = 0; i < 12; ++i) {
    if (std::string(month) == months[i]) m = i + 1;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, m, day);
  return buf;
}

std::string DecodeEntities(std::string s) {
  for (auto [from, to] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
    for (size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, std::strlen(from), to);
  }
  return s;
}

// Every record of the 22 files, parsed here with nothing from morgue.
const std::vector<Record>& Records() {
  static std::vector<Record> records = [] {
    std::vector<Record> out;
    std::string dir = test::SharedCorpusDir() + "/reuters21578";
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.path().extension() == ".sgm") files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::string s = test::ReadFile(f);
      size_t pos = 0;
      while ((pos = s.find("<REUTERS ", pos)) != std::string::npos) {
        size_t end = s.find("</REUTERS>", pos);
        std::string rec = s.substr(pos, end - pos);
        pos = end;
        Record r;
        r.newid = Between(rec, "NEWID=\"", "\"");
        r.date_day = Day(Between(rec, "<DATE>", "</DATE>"));
        r.topics = DValues(Between(rec, "<TOPICS>", "</TOPICS>"));
        r.places = DValues(Between(rec, "<PLACES>", "</PLACES>"));
        std::string text = Between(rec, "<TEXT", "</TEXT>");
        r.title = DecodeEntities(Between(text, "<TITLE>", "</TITLE>"));
        std::string body = Between(text, "<BODY>", "</BODY>");
        if (text.find("TYPE=\"UNPROC\"") != std::string::npos) body = text.substr(text.find('>') + 1);
        r.text = r.title + "\n" + body;
        for (size_t i = 0; i < r.text.size() && !r.has_text; ++i) {
          if (r.text.compare(i, 2, "&#") == 0) {
            i = r.text.find(';', i);
            if (i == std::string::npos) break;
          } else {
            r.has_text = std::isalnum(static_cast<unsigned char>(r.text[i]));
          }
        }
        out.push_back(std::move(r));
      }
    }
    return out;
  }();
  return records;
}

// True when `word` (lower case) occurs in `text` as a whole token, tokens
// being runs of letters and digits with inner apostrophes, as Xapian splits them.
bool HasToken(const std::string& text, const std::string& word) {
  size_t i = 0;
  std::string token;
  while (i < text.size()) {
    while (i < text.size() && !std::isalnum(static_cast<unsigned char>(text[i]))) ++i;
    token.clear();
    while (i < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (std::isalnum(c)) {
        token.push_back(static_cast<char>(std::tolower(c)));
      } else if (c == '\'' && !token.empty() && i + 1 < text.size() &&
                 std::isalnum(static_cast<unsigned char>(text[i + 1]))) {
        token.push_back('\'');
      } else {
        break;
      }
      ++i;
    }
    if (token == word) return true;
  }
  return false;
}

class CliReutersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (test::SharedCorpusDir().empty()) {
      GTEST_SKIP() << "the shared corpus (../shared/corpus beside the checkout) is absent";
    }
    archive_ = test::SharedReutersArchive(&log_);
  }
  uint64_t Count(const std::string& query) {
    auto r = RunMorgue("count --archive " + Quote(archive_) + " " + Quote(query));
    EXPECT_EQ(r.exit_code, 0) << query << ": " << r.err;
    return r.exit_code == 0 ? std::stoull(r.out) : 0;
  }
  template <typename Pred>
  uint64_t Expected(Pred pred) {
    return std::count_if(Records().begin(), Records().end(), pred);
  }
  std::string archive_, log_;
};

TEST_F(CliReutersTest, AccountsForEveryRecord) {
  ASSERT_EQ(Records().size(), 21578u);
  size_t a = log_.find("indexed "), s = log_.find("skipped ");
  ASSERT_NE(a, std::string::npos) << log_;
  ASSERT_NE(s, std::string::npos) << log_;
  uint64_t indexed = std::stoull(log_.substr(a + 8)), skipped = std::stoull(log_.substr(s + 8));
  EXPECT_EQ(indexed + skipped, Records().size()) << log_;
  uint64_t with_text = Expected([](const Record& r) { return r.has_text; });
  EXPECT_EQ(indexed, with_text);
}

TEST_F(CliReutersTest, WordCountsMatchTheSgml) {
  for (const char* word : {"opec", "cocoa", "bundesbank", "yen"}) {
    uint64_t expected = Expected([&](const Record& r) { return HasToken(r.text, word); });
    EXPECT_EQ(Count(std::string("\"") + word + "\""), expected) << word;
  }
}

TEST_F(CliReutersTest, TopicAndPlaceFiltersMatchTheTags) {
  EXPECT_EQ(Count("topic:crude"), Expected([](const Record& r) { return r.topics.count("crude") > 0; }));
  // Every article Reuters tagged iran is found (the extractor may add more
  // that mention Iran in the text).
  auto r = RunMorgue("search --format json --limit 5000 --archive " + Quote(archive_) + " place:iran");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> found;
  nlohmann::json result = nlohmann::json::parse(r.out);
  for (const auto& hit : result["hits"]) found.insert(hit["id"].get<std::string>());
  size_t tagged = 0;
  for (const auto& rec : Records()) {
    if (!rec.places.count("iran")) continue;
    ++tagged;
    EXPECT_TRUE(found.count(rec.newid)) << "NEWID " << rec.newid << " is tagged iran";
  }
  EXPECT_GT(tagged, 100u);
  uint64_t usa = Count("place:usa");
  EXPECT_GE(usa, Expected([](const Record& r) { return r.places.count("usa") > 0; }));
  EXPECT_EQ(Count("place:\"united states\""), usa);
  EXPECT_EQ(Count("place:u.s."), usa);
}

TEST_F(CliReutersTest, DateRangesMatchTheDateTags) {
  // Records without any text (one, NEWID 12793) are not articles.
  EXPECT_EQ(Count("date:1987-03-01..1987-03-15"), Expected([](const Record& r) {
              return r.has_text && r.date_day >= "1987-03-01" && r.date_day <= "1987-03-15";
            }));
  EXPECT_EQ(Count("date:1987-04"), Expected([](const Record& r) {
              return r.has_text && r.date_day.compare(0, 7, "1987-04") == 0;
            }));
}

TEST_F(CliReutersTest, OpecStoriesComeFirst) {
  auto r = RunMorgue("search --format json --limit 10 --archive " + Quote(archive_) + " opec");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["total"].get<uint64_t>(), Count("opec"));
  EXPECT_GE(j["total"].get<uint64_t>(), Count("\"opec\""));
  ASSERT_EQ(j["hits"].size(), 10u);
  for (const auto& hit : j["hits"]) {
    std::string headline = hit["headline"];
    EXPECT_NE(headline.find("OPEC"), std::string::npos) << headline;
  }
}

TEST_F(CliReutersTest, ShowFindsAnArticleByNewid) {
  auto r = RunMorgue("show --format json --archive " + Quote(archive_) + " 15");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const Record* rec = nullptr;
  for (const auto& x : Records()) {
    if (x.newid == "15") rec = &x;
  }
  ASSERT_NE(rec, nullptr);
  EXPECT_EQ(j["id"], "15");
  EXPECT_EQ(j["source"], "reuters21578");
  EXPECT_EQ(j["date"].get<std::string>().substr(0, 10), rec->date_day);
  EXPECT_EQ(j["headline"], rec->title);
}

}  // namespace
}  // namespace morgue

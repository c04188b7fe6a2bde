// Archive administration: Stats, Compact and Delete through the public API,
// and `morgue stats`, `morgue compact`, `morgue delete` through the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;
using test::RunMorgue;

Article Make(const std::string& source, const std::string& id, const std::string& section,
             std::optional<Timestamp> published, const std::string& person) {
  Article a;
  a.source = source;
  a.id = id;
  a.section = section;
  a.headline = "Harvest report " + id;
  a.body = {"Farmers reported a strong harvest of maize and wheat this season."};
  a.published = published;
  if (!person.empty())
    a.entities.push_back({person, EntityKind::kPerson, "", EntityOrigin::kTagged});
  return a;
}

std::vector<Article> Corpus() {
  std::vector<Article> out;
  for (int i = 0; i < 12; ++i) {
    out.push_back(
        Make(i < 8 ? "wire" : "desk", "n" + std::to_string(i), i % 3 == 0 ? "Markets" : "World",
             i == 5 ? std::nullopt : Timestamp::FromCivil(2001, 1 + i % 6, 10 + i, 9, 0, 0),
             i % 2 == 0 ? "Amara Okafor" : ""));
  }
  return out;
}

uint64_t Count(const Archive& archive, const std::string& query) {
  return test::CountOf(archive, query);
}

TEST(AdminTest, StatsCountsDatesSizesAndTopValues) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  archive->Add(Corpus());
  ArchiveStats s = archive->Stats(10);
  EXPECT_EQ(s.format_version, kArchiveFormatVersion);
  EXPECT_EQ(s.language, "en");
  EXPECT_EQ(s.shards, 2u);
  EXPECT_EQ(s.articles, 12u);
  EXPECT_EQ(s.undated, 1u);
  ASSERT_TRUE(s.first && s.last);
  EXPECT_EQ(s.first->ToDayKey(), "20010110");  // i = 0
  EXPECT_EQ(s.last->ToDayKey(), "20010621");   // i = 11
  EXPECT_GT(s.store_bytes, 0u);
  EXPECT_GT(s.index_bytes, 0u);
  EXPECT_GE(s.total_bytes, s.store_bytes + s.index_bytes);
  ASSERT_EQ(s.top_sources.size(), 2u);
  EXPECT_EQ(s.top_sources[0].value, "wire");
  EXPECT_EQ(s.top_sources[0].count, 8u);
  EXPECT_EQ(s.top_sources[1].value, "desk");
  EXPECT_EQ(s.top_sources[1].count, 4u);
  // Section terms share a prefix with source terms: they must not mix.
  ASSERT_EQ(s.top_sections.size(), 2u);
  EXPECT_EQ(s.top_sections[0].value, "world");
  EXPECT_EQ(s.top_sections[0].count, 8u);
  EXPECT_EQ(s.top_sections[1].value, "markets");
  EXPECT_EQ(s.top_sections[1].count, 4u);
  ASSERT_FALSE(s.top_persons.empty());
  EXPECT_EQ(s.top_persons[0].value, "amara okafor");
  EXPECT_EQ(s.top_persons[0].count, 6u);
  // The counts are the filters' counts.
  EXPECT_EQ(Count(*archive, "person:\"amara okafor\""), 6u);

  ArchiveStats one = archive->Stats(1);
  EXPECT_EQ(one.top_sources.size(), 1u);
  EXPECT_EQ(one.top_sections.size(), 1u);
}

TEST(AdminTest, StatsFollowDeletesAndSpanShrinks) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  archive->Add(Corpus());
  EXPECT_TRUE(archive->Delete("wire", "n0"));
  EXPECT_TRUE(archive->Delete("desk", "n11"));
  EXPECT_FALSE(archive->Delete("desk", "n11"));
  ArchiveStats s = archive->Stats(10);
  EXPECT_EQ(s.articles, 10u);
  EXPECT_EQ(s.first->ToDayKey(), "20010116");  // i = 6
  EXPECT_EQ(s.last->ToDayKey(), "20010520");
  EXPECT_EQ(s.top_sources[0].count, 7u);
  EXPECT_EQ(s.top_persons[0].count, 5u);
}

TEST(AdminTest, CompactKeepsEveryArticleAtItsDocid) {
  test::TempDir dir;
  auto archive = Archive::Open(dir / "a.morgue", OpenMode::kCreate);
  archive->Add(Corpus());
  // Deleting the first documents of each shard: a renumbering compaction
  // would shift every later docid away from the store's.
  EXPECT_TRUE(archive->Delete("wire", "n0"));
  EXPECT_TRUE(archive->Delete("wire", "n1"));
  archive->Compact();
  EXPECT_EQ(archive->ArticleCount(), 10u);
  EXPECT_EQ(Count(*archive, "harvest"), 10u);
  SearchRequest r;
  r.query = "id:wire/n4";
  SearchResult result = archive->Search(r);
  ASSERT_EQ(result.hits.size(), 1u);
  EXPECT_EQ(result.hits[0].id, "n4");
  EXPECT_EQ(result.hits[0].headline, "Harvest report n4");
  // Still writable after compaction, and reopens cleanly.
  archive->Add({Make("wire", "n20", "World", std::nullopt, "")});
  archive.reset();
  auto reopened = Archive::Open(dir / "a.morgue", OpenMode::kReadOnly);
  EXPECT_EQ(Count(*reopened, "harvest"), 11u);
  ASSERT_TRUE(reopened->Get("n7"));
  EXPECT_EQ(reopened->Get("n7")->headline, "Harvest report n7");

  EXPECT_THROW(reopened->Compact(), Error);
}

class AdminCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = dir_ / "sample.morgue";
    std::string sample = test::SampleCorpusDir();
    auto r = RunMorgue("index --archive " + Quote(archive_) + " " + Quote(sample + "/text") + " " +
                       Quote(sample + "/wire.jsonl"));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  test::TempDir dir_;
  std::string archive_;
};

TEST_F(AdminCliTest, StatsAsTextAndJson) {
  auto text = RunMorgue("stats --archive " + Quote(archive_));
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("articles  16 "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("top sources:"), std::string::npos) << text.out;

  auto r = RunMorgue("stats --format json --top 3 --archive " + Quote(archive_));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["articles"], 16);
  EXPECT_EQ(j["first"], "2023-01-18") << r.out;
  EXPECT_GT(j["bytes"]["total"].get<uint64_t>(), 0u);
  uint64_t by_source = 0;
  for (const auto& v : j["top_sources"]) by_source += v["count"].get<uint64_t>();
  EXPECT_EQ(by_source, 16u) << r.out;
  EXPECT_LE(j["top_persons"].size(), 3u);

  auto bad = RunMorgue("stats --format xml --archive " + Quote(archive_));
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(AdminCliTest, DeleteByIdAndBySourceAndId) {
  auto show = RunMorgue("search --archive " + Quote(archive_) + " --format json " +
                        Quote("source:sample-wire"));
  ASSERT_EQ(show.exit_code, 0) << show.err;

  auto absent = RunMorgue("delete --archive " + Quote(archive_) + " no-such-id");
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_NE(absent.err.find("no article no-such-id"), std::string::npos) << absent.err;

  auto count = [&](const std::string& q) {
    auto r = RunMorgue("count --archive " + Quote(archive_) + " " + Quote(q));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return std::stoull(r.out);
  };
  uint64_t wire = count("source:sample-wire");
  ASSERT_GT(wire, 1u);
  auto j = nlohmann::json::parse(show.out);
  const auto& hits = j.is_array() ? j : j["hits"];
  ASSERT_GE(hits.size(), 2u) << show.out;
  std::string first = hits[0]["id"], second = hits[1]["id"];

  auto bare = RunMorgue("delete --archive " + Quote(archive_) + " " + Quote(first));
  EXPECT_EQ(bare.exit_code, 0) << bare.err;
  EXPECT_NE(bare.out.find("deleted sample-wire/" + first), std::string::npos) << bare.out;
  auto qualified =
      RunMorgue("delete --archive " + Quote(archive_) + " " + Quote("sample-wire/" + second));
  EXPECT_EQ(qualified.exit_code, 0) << qualified.err;
  EXPECT_EQ(count("source:sample-wire"), wire - 2);
  EXPECT_EQ(RunMorgue("delete --archive " + Quote(archive_) + " " + Quote(first)).exit_code, 1);
}

TEST_F(AdminCliTest, CompactPrintsSizesAndKeepsCounts) {
  auto before = RunMorgue("count --archive " + Quote(archive_) + " grain");
  auto r = RunMorgue("compact --archive " + Quote(archive_));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("before: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("after: "), std::string::npos) << r.out;
  auto after = RunMorgue("count --archive " + Quote(archive_) + " grain");
  EXPECT_EQ(before.out, after.out);
}

}  // namespace
}  // namespace morgue

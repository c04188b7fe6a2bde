// Damage is salvageable: check names every damaged part and reads past a
// damaged block of the store; repair --salvage copies every article that
// still reads into a new archive and names what was lost.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;

constexpr int kArticles = 3000;

std::vector<Article> Corpus() {
  std::vector<Article> out;
  for (int i = 1; i <= kArticles; ++i) {
    Article a;
    a.source = "wire";
    a.id = std::to_string(i);
    a.headline = "Harbour bulletin number " + std::to_string(i);
    a.body = {"Ships number " + std::to_string(i * 7) + " and " + std::to_string(i * 13) +
              " left the harbour at dawn, carrying grain, timber and machine parts."};
    out.push_back(std::move(a));
  }
  return out;
}

fs::path LargestTable(const fs::path& store) {
  fs::path best;
  uintmax_t size = 0;
  for (const auto& e : fs::directory_iterator(store)) {
    if (e.path().extension() == ".sst" && e.file_size() > size) {
      size = e.file_size();
      best = e.path();
    }
  }
  return best;
}

void FlipByte(const fs::path& file, uintmax_t at) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(at));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(at));
  f.put(static_cast<char>(c ^ 0x5a));
}

TEST(SalvageTest, DamagedStoreBlocksLoseOnlyTheirArticles) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate);
    archive->Add(Corpus());  // closing flushes them into one table file
  }
  // Two damaged blocks, readable ones between them.
  const fs::path table = LargestTable(fs::path(dir) / "store");
  FlipByte(table, fs::file_size(table) / 4);
  FlipByte(table, fs::file_size(table) * 2 / 3);

  // The oracle: an article is lost exactly when looking it up alone fails
  // (in this process, whose block cache never held the intact blocks).
  std::set<std::string> unreadable;
  {
    auto damaged = Archive::Open(dir, OpenMode::kReadOnly);
    for (int i = 1; i <= kArticles; ++i) {
      try {
        ASSERT_TRUE(damaged->Get("wire/" + std::to_string(i)));
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::kCorruption);
        unreadable.insert(std::to_string(i));
      }
    }
  }
  ASSERT_GT(unreadable.size(), 0u);

  // Check (in a fresh process: the block cache is per process) reads past
  // the damage and names it, without calling every later article missing.
  auto check = test::RunMorgue("check --archive " + test::Quote(dir));
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(check.out.find("cannot be read"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find(table.filename().string()), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("missing from store: 0,"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("--salvage"), std::string::npos) << check.out;
  // Repair alone still refuses: it never invents data.
  EXPECT_EQ(test::RunMorgue("repair --archive " + test::Quote(dir)).exit_code, 1);

  const std::string copy = tmp / "salvaged.morgue";
  auto salvage =
      test::RunMorgue("repair --archive " + test::Quote(dir) + " --salvage " + test::Quote(copy));
  ASSERT_EQ(salvage.exit_code, 0) << salvage.out << salvage.err;
  // What was lost is named, and lost + copied is everything.
  std::set<std::string> lost;
  for (size_t at = salvage.err.find("lost: wire/"); at != std::string::npos;
       at = salvage.err.find("lost: wire/", at + 1)) {
    lost.insert(salvage.err.substr(at + 11, salvage.err.find(' ', at + 11) - at - 11));
  }
  EXPECT_EQ(lost, unreadable);
  EXPECT_NE(salvage.out.find("2 unreadable stretches"), std::string::npos) << salvage.out;
  auto archive = Archive::Open(copy, OpenMode::kReadOnly);
  EXPECT_EQ(archive->ArticleCount() + lost.size(), uint64_t{kArticles});
  EXPECT_TRUE(archive->Check().ok());
  // Every copied article is the original; every other one is named lost.
  std::map<std::string, Article> original;
  for (Article& a : Corpus()) original[a.id] = std::move(a);
  for (const auto& [id, a] : original) {
    std::optional<Article> got = archive->Get("wire/" + id);
    EXPECT_NE(got.has_value(), lost.count(id) > 0) << id;
    if (!got) continue;
    EXPECT_EQ(got->headline, a.headline);
    EXPECT_EQ(got->body, a.body);
  }
  SearchRequest all;
  all.query = "harbour";
  EXPECT_EQ(archive->Count(all), archive->ArticleCount());
}

TEST(SalvageTest, AnUndamagedArchiveIsCopiedWholeAndADamagedManifestTakesDefaults) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  { Archive::Open(dir, OpenMode::kCreate, {"en", 3})->Add(Corpus()); }
  SalvageReport whole = Archive::Salvage(dir, tmp / "whole.morgue");
  EXPECT_EQ(whole.copied, uint64_t{kArticles});
  EXPECT_EQ(whole.unreadable + whole.lost_known + whole.not_copied, 0u);
  EXPECT_FALSE(whole.manifest_damaged);
  EXPECT_EQ(Archive::Open(tmp / "whole.morgue", OpenMode::kReadOnly)->Stats().shards, 3u);

  std::ofstream(fs::path(dir) / "MORGUE", std::ios::trunc) << "garbage";
  SalvageReport s = Archive::Salvage(dir, tmp / "b.morgue");
  EXPECT_TRUE(s.manifest_damaged);
  EXPECT_EQ(s.copied, uint64_t{kArticles});
  // Never into a directory that holds something, nor inside the archive.
  EXPECT_THROW(Archive::Salvage(dir, tmp / "b.morgue"), Error);
  EXPECT_THROW(Archive::Salvage(dir, dir), Error);
  EXPECT_THROW(Archive::Salvage(dir, dir + "/copy"), Error);
  EXPECT_FALSE(fs::exists(fs::path(dir) / "copy"));
}

TEST(SalvageTest, AReadFailingOnADamagedShardNamesTheShard) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  { Archive::Open(dir, OpenMode::kCreate)->Add(Corpus()); }
  const fs::path postlist = fs::path(dir) / "xapian/shard-1/postlist.glass";
  fs::resize_file(postlist, fs::file_size(postlist) / 2);
  auto count = test::RunMorgue("count --archive " + test::Quote(dir) + " harbour");
  EXPECT_EQ(count.exit_code, 1);
  EXPECT_NE(count.err.find("shard-1"), std::string::npos) << count.err;
  auto check = test::RunMorgue("check --archive " + test::Quote(dir));
  EXPECT_NE(check.out.find("shard-1"), std::string::npos) << check.out;
}

}  // namespace
}  // namespace morgue

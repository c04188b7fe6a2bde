// How the store compresses articles: plain LZ4 / ZSTD while indexing, ZSTD
// level 19 with a trained dictionary only after Archive::Compact, its size
// after the articles' (storage/dictionary.h)
// (storage/store.cc; a dictionary during indexing made every background
// compaction hold a whole output file in memory). Checked from the table
// properties RocksDB records in each file of the articles column family,
// read with RocksDB directly (an oracle independent of Store).
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/table_properties.h>

#include <memory>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "storage/dictionary.h"
#include "storage/store.h"
#include "test_util.h"

namespace morgue {
namespace {

// compression name and options of every table file of the articles family.
std::vector<std::pair<std::string, std::string>> ArticleTables(const std::string& archive) {
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : kStoreFamilyNames) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), archive + "/store", cfs, &handles, &raw);
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::vector<std::pair<std::string, std::string>> out;
  if (!s.ok()) return out;
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::TablePropertiesCollection tables;
  EXPECT_TRUE(
      db->GetPropertiesOfAllTables(handles[static_cast<int>(StoreFamily::kArticles)], &tables)
          .ok());
  for (const auto& [file, props] : tables) {
    out.emplace_back(props->compression_name, props->compression_options);
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  return out;
}

TEST(StoreCompressionTest, ArticlesGetADictionaryOnlyWhenCompacted) {
  test::TempDir dir;
  std::string path = dir / "a.morgue";
  {
    auto archive = Archive::Open(path, OpenMode::kCreate);
    std::vector<Article> batch;
    for (int i = 0; i < 2000; ++i) {
      Article a;
      a.source = "wire";
      a.id = "n" + std::to_string(i);
      a.headline = "Grain report " + std::to_string(i);
      a.body = {"LONDON, March 3 - Wheat and barley prices moved in quiet trade, dealers said, "
                "report number " +
                std::to_string(i) + " of the season."};
      batch.push_back(std::move(a));
    }
    archive->Add(std::move(batch));
  }
  auto loaded = ArticleTables(path);
  ASSERT_FALSE(loaded.empty());
  for (const auto& [name, options] : loaded) {
    EXPECT_NE(options.find("max_dict_bytes=0;"), std::string::npos) << name << ": " << options;
  }

  Archive::Open(path, OpenMode::kReadWrite)->Compact();
  auto compacted = ArticleTables(path);
  ASSERT_FALSE(compacted.empty());
  for (const auto& [name, options] : compacted) {
    EXPECT_EQ(name, "ZSTD");
    EXPECT_NE(options.find("level=19;"), std::string::npos) << options;
    // 2,000 short articles: the smallest dictionary.
    EXPECT_NE(options.find("max_dict_bytes=65536;"), std::string::npos) << options;
  }
}

TEST(StoreCompressionTest, DictionaryGrowsWithTheArticlesUpTo512KiB) {
  EXPECT_EQ(CompactedDictionaryBytes(0), 64u * 1024);
  EXPECT_EQ(CompactedDictionaryBytes(2'000'000), 64u * 1024);  // 2,000 Reuters articles
  EXPECT_EQ(CompactedDictionaryBytes(32u * 100'000), 100'000u);
  EXPECT_EQ(CompactedDictionaryBytes(32u * 512 * 1024), 512u * 1024);
  EXPECT_EQ(CompactedDictionaryBytes(22'000'000), 512u * 1024);  // Reuters-21578
  EXPECT_EQ(CompactedDictionaryBytes(UINT64_MAX), 512u * 1024);
}

}  // namespace
}  // namespace morgue

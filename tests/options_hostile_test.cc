// ArchiveOptions' performance fields at their extremes, and Backup to
// destinations a hostile user would choose: none may change an answer.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

// 120 articles; the same ones on every call (a slice of Stories depends on
// where it starts).
std::vector<Article> Articles(size_t first, size_t n) {
  static const std::vector<Article> all =
      test::Stories(0, 120, {"net", "loss", "oil", "prices", "rose", "the", "ölpreis", "нефть"});
  return std::vector<Article>(all.begin() + first, all.begin() + first + n);
}

uint64_t Total(const Archive& archive, const std::string& query) {
  SearchRequest r;
  r.query = query;
  r.limit = 1000;
  return archive.Search(r).total;
}

// Every extreme of the two knobs answers as the defaults do: pairs written
// from the first article on (0) or never, shards matched at once always (0)
// or never, on one shard and on several.
TEST(OptionsHostileTest, ExtremeKnobsAnswerAsTheDefaults) {
  const uint64_t never = std::numeric_limits<uint64_t>::max();
  const char* queries[] = {"\"net loss\"", "oil -prices",     "\"oil prices rose\"",
                           "нефть",        "ölpreis OR loss", "\"the net\""};
  for (unsigned shards : {1u, 3u}) {
    test::TempDir tmp;
    ArchiveOptions plain;
    plain.shards = shards;
    auto reference = Archive::Open(tmp / "plain.morgue", OpenMode::kCreate, plain);
    reference->Add(Articles(0, 120));
    int round = 0;
    for (uint64_t pairs : {uint64_t{0}, uint64_t{1}, never}) {
      for (uint64_t at_once : {uint64_t{0}, never}) {
        SCOPED_TRACE("shards " + std::to_string(shards) + " pairs_from " + std::to_string(pairs) +
                     " shards_at_once_from " + std::to_string(at_once));
        ArchiveOptions options = plain;
        options.pairs_from = pairs;
        options.shards_at_once_from = at_once;
        const std::string dir = tmp / ("x" + std::to_string(++round) + ".morgue");
        auto archive = Archive::Open(dir, OpenMode::kCreate, options);
        archive->Add(Articles(0, 60));  // pairs chosen on an empty or small archive
        archive->Add(Articles(60, 60));
        ASSERT_TRUE(archive->Delete("wire", "7"));
        ASSERT_TRUE(reference->Delete("wire", "7"));
        for (const char* q : queries) EXPECT_EQ(Total(*archive, q), Total(*reference, q)) << q;
        EXPECT_TRUE(archive->Check().ok());
        reference->Add(Articles(7, 1));  // put back for the next round
      }
    }
  }
}

// A backup's destination may be any name the file system takes: non-Latin,
// with spaces and quotes, 255 bytes long; the copy answers as the original.
TEST(OptionsHostileTest, BackupToHostileNames) {
  test::TempDir tmp;
  auto archive = Archive::Open(tmp / "a.morgue", OpenMode::kCreate);
  archive->Add(Articles(0, 40));
  const std::string prefix = "архив-";  // 11 bytes
  const std::string long_name = prefix + std::string(255 - prefix.size(), 'x');
  for (const std::string& name :
       {std::string("копия \"1\" 'b' $HOME"), std::string("日本語 の 控え"), long_name}) {
    SCOPED_TRACE(name);
    const std::string dest = tmp / name;
    archive->Backup(dest);
    auto copy = Archive::Open(dest, OpenMode::kReadOnly);
    EXPECT_EQ(copy->ArticleCount(), 40u);
    EXPECT_EQ(Total(*copy, "нефть"), Total(*archive, "нефть"));
    EXPECT_TRUE(copy->Check().ok());
  }
  // Into a file, and into a directory that is not empty: refused, untouched.
  const std::string file = tmp / "file";
  { std::ofstream(file) << "keep"; }
  EXPECT_THROW(archive->Backup(file), Error);
  EXPECT_TRUE(std::filesystem::is_regular_file(file));
}

}  // namespace
}  // namespace morgue

// A full disk and I/O errors while indexing: the real `morgue index` runs
// under an LD_PRELOAD shim (tests/fault/fault_fs.cc) that makes the writes or
// syncs of the archive's files fail with ENOSPC or EIO part-way through. Each
// test asserts that the command fails with a clear message naming the errno
// and what it was writing (exit 1, no crash), and that once the fault is gone
// the archive opens, `morgue check` passes, every article the command said it
// had committed is retrievable and searchable, the archive holds whole
// batches only, and running the same command again indexes the rest.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::Quote;

constexpr int kArticles = 600;
constexpr int kBatch = 50;  // --batch-articles: 12 commits
const char* const kWords[] = {"oil",     "grain",     "bank",   "rates", "tanker",
                              "harvest", "ministers", "strike", "port",  "currency",
                              "drought", "exports",   "bond",   "yield", "freight"};

// A unique searchable word for article n: "uq" and n in letters.
std::string UniqueWord(int n) {
  std::string w = "uq";
  do {
    w += static_cast<char>('a' + n % 26);
    n /= 26;
  } while (n > 0);
  return w;
}

// A query for exactly `word`, unstemmed ("uqes" and "uqe" share a stem).
std::string Exactly(const std::string& word) { return "\"" + word + "\""; }

// kArticles JSON lines of about 1.5 KB each, ids f0 .. f599, in order.
void WriteCorpus(const std::string& path) {
  std::ofstream out(path);
  for (int n = 0; n < kArticles; ++n) {
    std::string body;
    for (int i = 0; i < 220; ++i) {
      body += kWords[(n * 7 + i * i * 3) % 15];
      body += i % 12 == 11 ? ".\n\n" : " ";
    }
    body += "Marker " + UniqueWord(n) + ".";
    nlohmann::json j = {{"id", "f" + std::to_string(n)},
                        {"source", "fault"},
                        {"title", "Fault story " + std::to_string(n)},
                        {"date", "2001-02-" + std::to_string(10 + n % 18)},
                        {"text", body}};
    out << j.dump() << "\n";
  }
}

struct Fault {
  const char* name;
  const char* path;     // MORGUE_FAULT_PATH, appended to the archive directory
  const char* error;    // MORGUE_FAULT_ERRNO
  double bytes;         // writes fail after this fraction of a clean run's bytes (< 0: never)
  double syncs;         // syncs fail after this fraction of a clean run's syncs (< 0: never)
  const char* message;  // strerror of `error`
};

std::ostream& operator<<(std::ostream& os, const Fault& f) { return os << f.name; }

// The corpus, the shim's environment and a clean run's counts, shared by
// the fault tests.
class FaultEnv : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    corpus_ = new test::TempDir();
    WriteCorpus(*corpus_ / "fault.jsonl");
  }
  static void TearDownTestSuite() {
    delete corpus_;
    corpus_ = nullptr;
  }

  static std::string IndexArgs(const std::string& dir) {
    return "index --batch-articles " + std::to_string(kBatch) + " --archive " + Quote(dir) + " " +
           Quote(*corpus_ / "fault.jsonl");
  }

  // The shim's environment for the archive `dir`, failing files under `dir`
  // + `path` (without limits: only counting).
  static std::vector<std::pair<std::string, std::string>> ShimEnv(const std::string& dir,
                                                                  const std::string& path) {
    return {{"LD_PRELOAD", MORGUE_FAULT_SHIM},
            {"MORGUE_FAULT_PATH", dir + path},
            // A sanitized binary wants its runtime first in the library list.
            {"ASAN_OPTIONS", test::Env("ASAN_OPTIONS") + ":verify_asan_link_order=0"}};
  }

  // Bytes written to and syncs of the files under `path` in a clean run,
  // which place the faults part-way through.
  static std::pair<double, double> CleanRunCounts(const std::string& path) {
    static std::map<std::string, std::pair<double, double>> counts;
    if (auto it = counts.find(path); it != counts.end()) return it->second;
    test::TempDir tmp;
    const std::string dir = tmp / "clean.morgue";
    return counts[path] = Counts(IndexArgs(dir), dir, path);
  }

  // Bytes written to and syncs of the files under `dir` + `path` by `args`.
  static std::pair<double, double> Counts(const std::string& args, const std::string& dir,
                                          const std::string& path) {
    test::TempDir tmp;
    auto env = ShimEnv(dir, path);
    env.push_back({"MORGUE_FAULT_COUNT_FILE", tmp / "counts"});
    auto r = test::RunMorgue(args, env);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::istringstream in(test::ReadFile(tmp / "counts"));
    double bytes = 0, syncs = 0;
    in >> bytes >> syncs;
    EXPECT_GT(bytes, 0) << "the shim counted nothing";
    return {bytes, syncs};
  }

  static inline test::TempDir* corpus_ = nullptr;
};

class FaultTest : public FaultEnv, public ::testing::WithParamInterface<Fault> {};

using test::CountOf;

TEST_P(FaultTest, IndexFailsClearlyAndKeepsWhatItCommitted) {
  const Fault& fault = GetParam();
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  const std::string log = tmp / "fault.log";
  auto [clean_bytes, clean_syncs] = CleanRunCounts(fault.path);
  auto env = ShimEnv(dir, fault.path);
  env.push_back({"MORGUE_FAULT_ERRNO", fault.error});
  env.push_back({"MORGUE_FAULT_LOG", log});
  if (fault.bytes >= 0) {
    env.push_back({"MORGUE_FAULT_AFTER_BYTES", std::to_string(int64_t(fault.bytes * clean_bytes))});
  }
  if (fault.syncs >= 0) {
    env.push_back({"MORGUE_FAULT_SYNC_AFTER", std::to_string(int64_t(fault.syncs * clean_syncs))});
  }

  auto failed = test::RunMorgue(IndexArgs(dir), env);
  ASSERT_FALSE(test::ReadFile(log).empty()) << "the fault never happened\n" << failed.err;
  EXPECT_EQ(failed.err.find("Sanitizer"), std::string::npos) << failed.err;
  EXPECT_EQ(failed.err.rfind("morgue index: ", 0), 0u) << failed.err;
  if (failed.exit_code == 128 + SIGABRT && std::string(fault.path) != "/store/") {
    // Xapian 1.4.22 calls std::terminate when a write of a postlist table
    // fails while it merges postings (a destructor throws while unwinding):
    // morgue cannot catch that, so it says what happened and what is safe.
    // Everything below holds all the same: an abort is a crash, and the
    // archive is crash-safe.
    EXPECT_NE(failed.err.find("aborted: a library gave up"), std::string::npos) << failed.err;
    EXPECT_NE(test::ReadFile(log).find("postlist.glass"), std::string::npos) << test::ReadFile(log);
  } else {
    EXPECT_EQ(failed.exit_code, 1) << failed.err;
    EXPECT_NE(failed.err.find(fault.message), std::string::npos) << failed.err;
    // What was being written: the article store or the search index, by path.
    EXPECT_TRUE(failed.err.find(dir + "/store") != std::string::npos ||
                failed.err.find("search index in " + dir) != std::string::npos)
        << failed.err;
  }
  std::smatch m;
  ASSERT_TRUE(std::regex_search(failed.err, m, std::regex("the first ([0-9]+) articles")))
      << failed.err;
  const int reported = std::stoi(m[1]);
  EXPECT_EQ(reported % kBatch, 0) << failed.err;
  EXPECT_LT(reported, kArticles) << failed.err;

  // The fault is gone. A read-only check passes (operations the failed run
  // logged but could not index count as pending, not as problems).
  auto check = test::RunMorgue("check --archive " + Quote(dir));
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  {
    auto archive = Archive::Open(dir, OpenMode::kReadWrite);  // finishes a logged batch
    CheckReport report = archive->Check();
    EXPECT_TRUE(report.ok()) << report.problems.front();
    EXPECT_EQ(report.pending, 0u);
    // Whole batches, in input order: the reported ones, and at most the one
    // whose store write succeeded before its index write failed.
    const uint64_t stored = archive->ArticleCount();
    EXPECT_GE(stored, uint64_t(reported));
    EXPECT_LE(stored, uint64_t(reported + kBatch));
    EXPECT_EQ(stored % kBatch, 0u);
    EXPECT_EQ(CountOf(*archive, "marker"), stored);
    for (uint64_t n = 0; n < stored; ++n) {
      std::optional<Article> a = archive->Get("fault/f" + std::to_string(n));
      ASSERT_TRUE(a) << "article f" << n << " is lost";
      EXPECT_EQ(a->headline, "Fault story " + std::to_string(n));
      ASSERT_EQ(CountOf(*archive, Exactly(UniqueWord(int(n)))), 1u) << "article f" << n;
    }
    EXPECT_FALSE(archive->Get("fault/f" + std::to_string(stored)));
  }

  // The same command again indexes the rest.
  auto again = test::RunMorgue(IndexArgs(dir));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_TRUE(archive->Check().ok());
  EXPECT_EQ(archive->ArticleCount(), uint64_t{kArticles});
  EXPECT_EQ(CountOf(*archive, "marker"), uint64_t{kArticles});
  for (int n = 0; n < kArticles; n += 37) {
    EXPECT_EQ(CountOf(*archive, Exactly(UniqueWord(n))), 1u) << n;
  }
}

// A backup onto a disk that fills up: a clear error, a copy without a
// manifest (never taken for an archive), the source untouched.
TEST_F(FaultEnv, BackupOntoAFullDiskFailsClearly) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  ASSERT_EQ(test::RunMorgue(IndexArgs(dir)).exit_code, 0);
  const std::string sized = tmp / "sized";
  auto [bytes, syncs] = Counts("backup --archive " + Quote(dir) + " " + Quote(sized), sized, "/");
  ASSERT_GT(bytes, 0);

  const std::string dest = tmp / "copy";
  const std::string log = tmp / "fault.log";
  auto env = ShimEnv(dest, "/");
  env.push_back({"MORGUE_FAULT_LOG", log});
  env.push_back({"MORGUE_FAULT_AFTER_BYTES", std::to_string(int64_t(bytes * 0.5))});
  auto failed = test::RunMorgue("backup --archive " + Quote(dir) + " " + Quote(dest), env);
  ASSERT_FALSE(test::ReadFile(log).empty()) << "the fault never happened\n" << failed.err;
  EXPECT_EQ(failed.exit_code, 1) << failed.err;
  EXPECT_EQ(failed.err.rfind("morgue backup: ", 0), 0u) << failed.err;
  EXPECT_NE(failed.err.find("No space left on device"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find(dest), std::string::npos) << failed.err;
  EXPECT_FALSE(fs::exists(fs::path(dest) / "MORGUE"));
  try {
    Archive::Open(dest, OpenMode::kReadOnly);
    ADD_FAILURE() << "a partial copy opened as an archive";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotAnArchive) << e.what();
  }
  auto source = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_TRUE(source->Check().ok());
  EXPECT_EQ(source->ArticleCount(), uint64_t{kArticles});
}

INSTANTIATE_TEST_SUITE_P(
    Faults, FaultTest,
    ::testing::Values(
        // The disk fills up part-way: whichever file is written then.
        Fault{"DiskFullEarly", "/", "ENOSPC", 0.3, -1, "No space left on device"},
        Fault{"DiskFullLate", "/", "ENOSPC", 0.7, -1, "No space left on device"},
        // Only the article store's files fail (RocksDB's log, tables, MANIFEST).
        Fault{"StoreDiskFull", "/store/", "ENOSPC", 0.5, -1, "No space left on device"},
        Fault{"StoreWriteIOError", "/store/", "EIO", 0.8, -1, "Input/output error"},
        // Only the search index fails, after the store committed the batch.
        Fault{"IndexDiskFull", "/xapian/", "ENOSPC", 0.5, -1, "No space left on device"},
        Fault{"IndexWriteIOError", "/xapian/", "EIO", 0.8, -1, "Input/output error"},
        // fsync / fdatasync report a lost write.
        Fault{"StoreSyncIOError", "/store/", "EIO", -1, 0.5, "Input/output error"},
        Fault{"IndexSyncIOError", "/xapian/", "EIO", -1, 0.5, "Input/output error"}),
    [](const ::testing::TestParamInfo<Fault>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace morgue

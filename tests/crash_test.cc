// Crash safety: a forked child indexes batches into an archive and is killed
// with SIGKILL at random moments (during creation, between and inside
// batches, during compaction); after every kill the parent reopens the
// archive and checks that it is consistent: every batch the child reported
// committed is searchable and retrievable, no batch is half-present, the
// Xapian index and the RocksDB store hold exactly the same articles, and
// running the child again finishes the rest.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "indexer/shards.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/codec.h"
#include "storage/store.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;

constexpr int kBatches = 30;
constexpr int kBatchSize = 200;
constexpr char kSource[] = "crash";

const char* const kWords[] = {"oil",     "grain",     "bank",   "rates", "tanker",
                              "harvest", "ministers", "strike", "port",  "currency",
                              "drought", "exports",   "bond",   "yield"};

// Article number n (0-based), the same every time it is generated.
Article Generated(int n) {
  Article a;
  a.id = "a" + std::to_string(n);
  a.source = kSource;
  a.section = "b" + std::to_string(n / kBatchSize);
  a.headline = "Report " + std::to_string(n) + " on " + kWords[n % 14];
  std::string body;
  for (int i = 0; i < 40; ++i) {
    body += kWords[(n * 7 + i * 3) % 14];
    body += i % 10 == 9 ? ". " : " ";
  }
  a.body = {body, "Paragraph two of story " + std::to_string(n) + "."};
  a.published = Timestamp::FromCivil(1990 + n % 5, 1 + n % 12, 1 + n % 28, 12, 0, 0);
  return a;
}

std::vector<Article> Batch(int b) {
  std::vector<Article> out;
  for (int i = 0; i < kBatchSize; ++i) out.push_back(Generated(b * kBatchSize + i));
  return out;
}

enum class ChildJob { kIndex, kCompact };

// What the child writes to its pipe once the archive is open (batch numbers
// follow).
constexpr int kOpened = -1;

// The child's work: index batches [first, kBatches) (or compact in a loop),
// writing each batch number to `fd` after Add returned. Never returns.
[[noreturn]] void ChildWork(const std::string& dir, ChildJob job, int first, int fd) {
  try {
    auto archive =
        Archive::Open(dir, job == ChildJob::kIndex ? OpenMode::kCreate : OpenMode::kReadWrite);
    const int opened = kOpened;
    if (::write(fd, &opened, sizeof opened) != sizeof opened) ::_exit(4);
    if (job == ChildJob::kCompact) {
      for (;;) archive->Compact();
    }
    for (int b = first; b < kBatches; ++b) {
      archive->Add(Batch(b));
      if (::write(fd, &b, sizeof b) != sizeof b) ::_exit(4);
    }
    (void)archive.release();  // no destructor: a killed process runs none either
    ::_exit(0);
  } catch (const std::exception& e) {
    std::string message = std::string("crash test child: ") + e.what() + "\n";
    (void)!::write(STDERR_FILENO, message.data(), message.size());
    ::_exit(3);
  } catch (...) {
    ::_exit(3);
  }
}

// Starts a child process (fork + exec, see test::SpawnTestChild) doing
// ChildWork. Kills it after `kill_after` (never when negative), counted from
// the start or, with `after_open`, from when the child has opened the
// archive (so that a slow start, e.g. under sanitizers on a loaded machine,
// does not turn every kill into one during start-up), and returns the
// batches it reported committed.
std::set<int> RunChild(const std::string& dir, ChildJob job, int first,
                       std::chrono::microseconds kill_after, int* exit_status,
                       bool after_open = false) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  pid_t pid =
      test::SpawnTestChild("CrashChild.DISABLED_Work",
                           {{"MORGUE_CHILD_DIR", dir},
                            {"MORGUE_CHILD_JOB", job == ChildJob::kIndex ? "index" : "compact"},
                            {"MORGUE_CHILD_FIRST", std::to_string(first)},
                            {"MORGUE_CHILD_FD", std::to_string(fds[1])}});
  ::close(fds[1]);
  std::set<int> committed;
  int b;
  if (kill_after.count() >= 0) {
    // The first message is kOpened (or end of file when the child failed).
    if (after_open && ::read(fds[0], &b, sizeof b) == sizeof b && b != kOpened) committed.insert(b);
    std::this_thread::sleep_for(kill_after);
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  *exit_status = status;
  while (::read(fds[0], &b, sizeof b) == sizeof b) {
    if (b != kOpened) committed.insert(b);
  }
  ::close(fds[0]);
  return committed;
}

using test::CountOf;

// Reopens the archive for writing (which catches the index up), then checks
// the invariants. Returns the batches present.
std::set<int> CheckConsistent(const std::string& dir, const std::set<int>& committed) {
  std::set<int> present;
  if (!fs::exists(fs::path(dir) / "MORGUE")) {
    // Killed before the manifest was written: nothing was reported committed.
    EXPECT_TRUE(committed.empty());
    return present;
  }
  { auto writer = Archive::Open(dir, OpenMode::kReadWrite); }

  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  // Store side: which articles exist, per batch, by docid.
  auto store = Store::Open((fs::path(dir) / "store").string(), /*read_only=*/true, false);
  std::map<std::string, uint64_t> stored;  // id -> docid
  std::map<int, int> per_batch;
  store->ForEachArticle([&](uint64_t docid, const std::string& bytes) {
    Article a = DecodeArticle(bytes);
    EXPECT_TRUE(stored.emplace(a.id, docid).second) << "duplicate " << a.id;
    ++per_batch[std::stoi(a.id.substr(1)) / kBatchSize];
  });
  EXPECT_EQ(store->ArticleCount(), stored.size());
  EXPECT_EQ(archive->ArticleCount(), stored.size());
  for (auto [batch, n] : per_batch) {
    EXPECT_EQ(n, kBatchSize) << "batch " << batch << " is half-present";
    present.insert(batch);
  }
  for (int b : committed) EXPECT_TRUE(present.count(b)) << "committed batch " << b << " lost";

  // Index side: the same articles at the same docids, each exactly once.
  Xapian::Database db = OpenShardsForReading(dir, 2);
  EXPECT_EQ(db.get_doccount(), stored.size());
  size_t indexed = 0;
  const std::string prefix = std::string("Q") + kSource + "/";
  for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) {
    std::string term = *t;
    if (term.rfind(prefix, 0) != 0) {
      ADD_FAILURE() << "unexpected unique term " << term;
      continue;
    }
    std::string id = term.substr(prefix.size());
    EXPECT_EQ(t.get_termfreq(), 1u) << id << " indexed more than once";
    auto it = stored.find(id);
    if (it == stored.end()) {
      ADD_FAILURE() << id << " is in the index but not in the store";
      continue;
    }
    EXPECT_EQ(*db.postlist_begin(term), it->second) << id << " indexed at another docid";
    ++indexed;
  }
  EXPECT_EQ(indexed, stored.size());

  // Through the public API: counts per batch, ids, identical content.
  for (int b : present) {
    EXPECT_EQ(CountOf(*archive, "section:b" + std::to_string(b)), uint64_t(kBatchSize)) << b;
    for (int n : {b * kBatchSize, b * kBatchSize + 77, b * kBatchSize + kBatchSize - 1}) {
      Article want = Generated(n);
      EXPECT_EQ(CountOf(*archive, "id:" + std::string(kSource) + "/" + want.id), 1u);
      std::optional<Article> got = archive->Get(want.id);
      if (!got) {
        ADD_FAILURE() << want.id << " cannot be fetched";
        continue;
      }
      EXPECT_EQ(got->headline, want.headline);
      EXPECT_EQ(got->body, want.body);
      EXPECT_EQ(got->published, want.published);
      EXPECT_EQ(got->section, want.section);
    }
  }
  return present;
}

int FirstMissing(const std::set<int>& present) {
  int b = 0;
  while (present.count(b)) ++b;
  return b;
}

// Not a test: the body of the child process RunChild starts.
TEST(CrashChild, DISABLED_Work) {
  if (test::Env("MORGUE_CHILD_DIR").empty()) GTEST_SKIP() << "run only as CrashTest's child";
  ChildWork(test::Env("MORGUE_CHILD_DIR"),
            test::Env("MORGUE_CHILD_JOB") == "compact" ? ChildJob::kCompact : ChildJob::kIndex,
            std::stoi(test::Env("MORGUE_CHILD_FIRST")), std::stoi(test::Env("MORGUE_CHILD_FD")));
}

TEST(CrashTest, KilledIndexerLeavesAConsistentArchive) {
  test::TempDir tmp;
  const std::string dir = tmp / "crash.morgue";
  std::mt19937 random(20240613);
  std::set<int> present;
  int kills_during_creation = 0, kills_mid_run = 0;
  for (int round = 0; round < 25; ++round) {
    // Every fifth round, and whenever the child finished, starts again from
    // nothing and kills early: during the archive's creation or first batch.
    bool fresh = round % 5 == 0 || FirstMissing(present) == kBatches;
    if (fresh) {
      fs::remove_all(dir);
      present.clear();
    }
    int max_ms = fresh ? 25 : 300;
    auto delay = std::chrono::microseconds(random() % (max_ms * 1000));
    int status = 0;
    std::set<int> committed = RunChild(dir, ChildJob::kIndex, FirstMissing(present), delay, &status,
                                       /*after_open=*/!fresh);
    ASSERT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
        << "child failed with status " << status;
    if (!fs::exists(fs::path(dir) / "MORGUE")) ++kills_during_creation;
    else if (WIFSIGNALED(status)) ++kills_mid_run;
    for (int b : present) committed.insert(b);  // committed by earlier rounds
    present = CheckConsistent(dir, committed);
    if (HasFailure())
      FAIL() << "inconsistent after round " << round << " (killed after " << delay.count()
             << " us)";
  }
  // Running the child to the end finishes the rest: every article exactly once.
  int status = 0;
  RunChild(dir, ChildJob::kIndex, FirstMissing(present), std::chrono::microseconds(-1), &status);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  present = CheckConsistent(dir, {});
  EXPECT_EQ(present.size(), size_t(kBatches));
  EXPECT_EQ(Archive::Open(dir, OpenMode::kReadOnly)->ArticleCount(),
            uint64_t(kBatches * kBatchSize));
  EXPECT_GT(kills_mid_run, 0);
  std::cout << "[          ] kills during creation " << kills_during_creation << ", mid-run "
            << kills_mid_run << "\n";
}

TEST(CrashTest, KilledCompactionLeavesAConsistentArchive) {
  test::TempDir tmp;
  const std::string dir = tmp / "crash.morgue";
  int status = 0;
  RunChild(dir, ChildJob::kIndex, 0, std::chrono::microseconds(-1), &status);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  std::set<int> all;
  for (int b = 0; b < kBatches; ++b) all.insert(b);
  std::mt19937 random(7);
  for (int round = 0; round < 6; ++round) {
    auto delay = std::chrono::microseconds(random() % 400000);
    RunChild(dir, ChildJob::kCompact, 0, delay, &status, /*after_open=*/true);
    ASSERT_TRUE(WIFSIGNALED(status)) << "compacting child exited with " << status;
    EXPECT_EQ(CheckConsistent(dir, all), all);
    if (HasFailure()) FAIL() << "inconsistent after compaction round " << round;
    // Leftovers of an interrupted compaction are cleaned up on reopening.
    for (const auto& e : fs::directory_iterator(fs::path(dir) / "xapian")) {
      EXPECT_EQ(e.path().filename().string().rfind("shard-", 0), 0u);
      EXPECT_EQ(e.path().extension(), "") << e.path();
    }
  }
}

}  // namespace
}  // namespace morgue

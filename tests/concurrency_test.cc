// Readers while a writer works: a forked child adds batches while reader
// threads open the archive read-only again and again; every count they see
// is a committed state. And the real binary: `morgue search` works while
// `morgue index` runs, and a second `morgue index` fails at once naming the
// holder of the lock.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;
using test::Quote;
using test::RunMorgue;

constexpr int kBatches = 25;
constexpr int kBatchSize = 100;

Article Generated(int n) {
  Article a;
  a.id = "c" + std::to_string(n);
  a.source = "conc";
  a.headline = "Harvest update " + std::to_string(n);
  a.body = {"Farmers in the valley reported the maize harvest for week " + std::to_string(n % 52) +
            ". Prices held steady at the port."};
  return a;
}

using test::CountOf;

// Starts a child process (fork + exec, see test::SpawnTestChild) that adds
// kBatches batches to the archive and exits.
pid_t StartWriter(const std::string& dir) {
  return test::SpawnTestChild("ConcurrencyChild.DISABLED_Writer", {{"MORGUE_CHILD_DIR", dir}});
}

// Not a test: the body of the writer process StartWriter starts.
TEST(ConcurrencyChild, DISABLED_Writer) {
  const std::string dir = test::Env("MORGUE_CHILD_DIR");
  if (dir.empty()) GTEST_SKIP() << "run only as ConcurrencyTest's child";
  try {
    auto archive = Archive::Open(dir, OpenMode::kReadWrite);
    for (int b = 0; b < kBatches; ++b) {
      std::vector<Article> batch;
      for (int i = 0; i < kBatchSize; ++i) batch.push_back(Generated(b * kBatchSize + i));
      archive->Add(std::move(batch));
    }
    (void)archive.release();  // left open: _exit runs no destructor
    ::_exit(0);
  } catch (const std::exception& e) {
    std::string message = std::string("writer: ") + e.what() + "\n";
    (void)!::write(STDERR_FILENO, message.data(), message.size());
    ::_exit(3);
  }
}

TEST(ConcurrencyTest, ReadersSeeOnlyCommittedStates) {
  test::TempDir tmp;
  const std::string dir = tmp / "c.morgue";
  Archive::Open(dir, OpenMode::kCreate).reset();
  pid_t writer = StartWriter(dir);

  std::atomic<bool> done{false};
  std::atomic<uint64_t> opens{0}, distinct_states{0};
  auto reader = [&](int which) {
    uint64_t last = 0;
    while (!done.load()) {
      try {
        auto archive = Archive::Open(dir, OpenMode::kReadOnly);
        uint64_t count = CountOf(*archive, which == 0 ? "source:conc" : "harvest");
        uint64_t stored = archive->ArticleCount();
        EXPECT_EQ(count % kBatchSize, 0u) << "a half-committed batch is visible: " << count;
        EXPECT_EQ(stored % kBatchSize, 0u) << stored;
        EXPECT_GE(count, last) << "a later open saw fewer articles";
        if (count != last) ++distinct_states;
        last = count;
        SearchRequest r;
        r.query = "maize";
        r.limit = 5;
        SearchResult result = archive->Search(r);
        EXPECT_EQ(result.total % kBatchSize, 0u);
        ++opens;
      } catch (const Error& e) {
        ADD_FAILURE() << "reader " << which << ": " << e.what();
        return;
      }
    }
  };
  std::thread r0(reader, 0), r1(reader, 1);
  int status = 0;
  ::waitpid(writer, &status, 0);
  done = true;
  r0.join();
  r1.join();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  auto archive = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_EQ(CountOf(*archive, "source:conc"), uint64_t(kBatches * kBatchSize));
  EXPECT_GT(opens.load(), 0u);
  std::cout << "[          ] " << opens.load() << " read-only opens, " << distinct_states.load()
            << " changes seen\n";
}

// Starts the real binary with `args` (no shell), output to `log`.
pid_t Spawn(const std::vector<std::string>& args, const std::string& log) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  FILE* out = std::freopen(log.c_str(), "w", stdout);
  FILE* err = std::freopen((log + ".err").c_str(), "w", stderr);
  if (!out || !err) ::_exit(127);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(MORGUE_BINARY));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(MORGUE_BINARY, argv.data());
  ::_exit(127);
}

TEST(ConcurrencyTest, SearchWhileIndexingAndASecondWriterFailsAtOnce) {
  test::TempDir tmp;
  const std::string corpus = tmp / "big.jsonl";
  {
    std::ofstream out(corpus);
    for (int n = 0; n < 30000; ++n) {
      out << R"({"id": "w)" << n << R"(", "source": "gen", "title": "Grain report )" << n
          << R"(", "text": "Wheat and maize shipments left the port on day )" << n % 365
          << R"(. Traders watched the weather closely."})"
          << "\n";
    }
  }
  const std::string dir = tmp / "live.morgue";
  pid_t indexer =
      Spawn({"index", "--archive", dir, "--batch-articles", "1000", corpus}, tmp / "index.log");

  // Wait until the archive exists and its lock names the writer.
  const std::string lock = dir + "/LOCK";
  std::string holder;
  for (int i = 0; i < 3000 && (holder.empty() || !fs::exists(dir + "/MORGUE")); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (fs::exists(lock)) holder = test::ReadFile(lock);
  }
  ASSERT_NE(holder, "") << "the indexer never took the lock";
  EXPECT_NE(holder.find("pid " + std::to_string(indexer)), std::string::npos) << holder;

  auto second = RunMorgue("index --archive " + Quote(dir) + " " + Quote(corpus));
  int status = 0;
  bool finished = ::waitpid(indexer, &status, WNOHANG) == indexer;
  bool refused_while_running = !finished;
  EXPECT_EQ(second.exit_code, 1) << second.out << second.err;
  EXPECT_NE(second.err.find("pid " + std::to_string(indexer) + " on "), std::string::npos)
      << second.err;

  int searches = 0, during = 0;
  while (!finished && searches < 500) {
    auto r = RunMorgue("search --archive " + Quote(dir) + " --limit 3 maize");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ++searches;
    finished = ::waitpid(indexer, &status, WNOHANG) == indexer;
    if (!finished) ++during;
  }
  if (!finished) ::waitpid(indexer, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << test::ReadFile(tmp / "index.log.err");
  std::cout << "[          ] " << searches << " searches, " << during
            << " while indexing; second writer refused while the first was "
            << (refused_while_running ? "running" : "done") << "\n";
  auto count = RunMorgue("count --archive " + Quote(dir) + " source:gen");
  EXPECT_EQ(count.out, "30000\n") << count.err;
}

}  // namespace
}  // namespace morgue

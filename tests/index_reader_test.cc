// IndexReader (query/index_reader.h): reads of one archive run at once, each
// on a snapshot of its own, and every read sees committed states only, never
// an older one than a read that started after a newer one was seen.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "query/index_reader.h"
#include "storage/commit_counter.h"
#include "storage/store.h"
#include "test_util.h"

namespace morgue {
namespace {

// A local archive's reads find the articles in its store.
const Store& LocalStore(const IndexReader::View& view) {
  return dynamic_cast<const Store&>(*view.store());
}

namespace fs = std::filesystem;

Article Numbered(int n) {
  Article a;
  a.source = "reader";
  a.id = "r" + std::to_string(n);
  a.headline = "Harvest report " + std::to_string(n);
  a.body = {"The maize harvest at the port, week " + std::to_string(n % 52) + "."};
  return a;
}

void AddArticles(Archive& archive, int first, int count) {
  std::vector<Article> batch;
  for (int i = first; i < first + count; ++i) batch.push_back(Numbered(i));
  archive.Add(batch);
}

IndexSettings SettingsFor(const std::string& dir, unsigned shards) {
  IndexSettings settings;
  settings.dir = dir;
  settings.shards = shards;
  settings.language = "en";
  return settings;
}

// Before: Read held one lock for the whole read, so the second read waited
// for the first to end and this test timed out. Each read here waits until
// the other has started.
TEST(IndexReaderTest, TwoReadsRunAtOnce) {
  test::TempDir tmp;
  const std::string dir = tmp / "archive";
  {
    ArchiveOptions options;
    options.shards = 2;
    auto archive = Archive::Open(dir, OpenMode::kCreate, options);
    AddArticles(*archive, 0, 50);
  }
  auto store = Store::Open((fs::path(dir) / "store").string(), true, false);
  IndexReader reader(SettingsFor(dir, 2), *store);

  std::mutex mu;
  std::condition_variable cv;
  int inside = 0;
  std::atomic<int> both_seen{0};
  auto read = [&] {
    const uint64_t count = reader.Read("test", [&](const IndexReader::View& view) {
      std::unique_lock<std::mutex> lock(mu);
      ++inside;
      cv.notify_all();
      if (cv.wait_for(lock, std::chrono::seconds(20), [&] { return inside >= 2; })) ++both_seen;
      return static_cast<uint64_t>(view.db().get_doccount());
    });
    EXPECT_EQ(count, 50u);
  };
  std::thread a(read), b(read);
  a.join();
  b.join();
  EXPECT_EQ(both_seen.load(), 2) << "the reads of one archive ran one after the other";
}

// A reader without a writer opens the store again after it opens a snapshot
// of newer revisions, and only then: here a read under way holds the old
// snapshot, so a read inside it opens a new one, whose store has the
// articles added meanwhile (a read-only store opened once never sees them:
// a search counted articles it could not show).
TEST(IndexReaderTest, AReaderWithoutAWriterReadsAStoreHoldingItsSnapshotsArticles) {
  test::TempDir tmp;
  const std::string dir = tmp / "archive";
  ArchiveOptions options;
  options.shards = 2;
  auto writer = Archive::Open(dir, OpenMode::kCreate, options);
  AddArticles(*writer, 0, 10);
  int opens = 0;
  IndexReader reader(SettingsFor(dir, 2), [&] {
    ++opens;
    return std::unique_ptr<const Store>(
        Store::Open((fs::path(dir) / "store").string(), true, false));
  });
  auto stored = [](const IndexReader::View& view) { return LocalStore(view).ArticleCount(); };
  EXPECT_EQ(reader.Read("first", stored), 10u);
  EXPECT_EQ(opens, 1);
  EXPECT_EQ(reader.Read("same", stored), 10u);
  EXPECT_EQ(opens, 1) << "the store was opened again though the index had not changed";

  // A read under way keeps its snapshot; one started after a commit opens
  // the new revisions and a store holding their articles.
  reader.Read("outer", [&](const IndexReader::View& outer) {
    AddArticles(*writer, 10, 5);
    EXPECT_EQ(outer.db().get_doccount(), 10u);
    EXPECT_FALSE(LocalStore(outer).FindDocid("reader", "r12").has_value());
    return reader.Read("inner", [&](const IndexReader::View& inner) {
      EXPECT_EQ(inner.db().get_doccount(), 15u);
      std::optional<uint64_t> docid = LocalStore(inner).FindDocid("reader", "r12");
      EXPECT_TRUE(docid.has_value());
      if (docid) {
        EXPECT_TRUE(LocalStore(inner).GetArticle(*docid).has_value());
      }
      return 0;
    });
  });
  EXPECT_EQ(opens, 2);
  EXPECT_EQ(reader.LatestStore()->ArticleCount(), 15u);

  // A newer snapshot opened by a read that only counts: the newest store
  // (Get, ArticleCount) still holds what it counted. Before, Get answered
  // from the store of an older snapshot: `morgue serve` counted an article
  // and then said 404 for it.
  AddArticles(*writer, 15, 5);
  reader.Read("outer", [&](const IndexReader::View& outer) {
    EXPECT_EQ(outer.db().get_doccount(), 20u);
    return 0;
  });
  EXPECT_TRUE(reader.LatestStore()->FindDocid("reader", "r17").has_value());
  EXPECT_EQ(reader.LatestStore()->ArticleCount(), 20u);
}

// An archive opened read-only sees each commit of a writer (another
// process, as far as it knows) at its next read. Before, an idle snapshot
// stayed on its revision until a second commit made Xapian discard it: a
// Python handle or a server counted the same after one `morgue delete` or
// one batch of `morgue index`, and only caught up at the commit after.
TEST(IndexReaderTest, AReadOnlyArchiveSeesEveryCommitAtItsNextRead) {
  test::TempDir tmp;
  const std::string dir = tmp / "archive";
  ArchiveOptions options;
  options.shards = 2;
  auto writer = Archive::Open(dir, OpenMode::kCreate, options);
  AddArticles(*writer, 0, 10);
  auto reader = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_EQ(test::CountOf(*reader, "maize"), 10u);
  for (int n = 10; n < 14; ++n) {
    AddArticles(*writer, n, 1);  // one commit
    EXPECT_EQ(test::CountOf(*reader, "maize"), static_cast<uint64_t>(n + 1)) << n;
    EXPECT_TRUE(reader->Get("reader/r" + std::to_string(n)).has_value()) << n;
  }
  ASSERT_TRUE(writer->Delete("reader", "r3"));
  EXPECT_EQ(test::CountOf(*reader, "maize"), 13u);
  EXPECT_FALSE(reader->Get("reader/r3").has_value());
  // Reads at once (several idle snapshots) all move on.
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      if (test::CountOf(*reader, "maize") != 13u) ++wrong;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  ASSERT_TRUE(writer->Delete("reader", "r4"));
  threads.clear();
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      if (test::CountOf(*reader, "maize") != 12u) ++wrong;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

// The same across processes: `morgue delete` and `morgue index` each commit
// once, and a handle opened before sees each at its next read.
TEST(IndexReaderTest, AReadOnlyArchiveSeesAnotherProcesssSingleCommits) {
  test::TempDir tmp;
  const std::string dir = tmp / "archive";
  {
    auto writer = Archive::Open(dir, OpenMode::kCreate);
    AddArticles(*writer, 0, 10);
  }
  auto reader = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_EQ(test::CountOf(*reader, "maize"), 10u);
  auto r = test::RunMorgue("delete --archive " + test::Quote(dir) + " reader/r1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::CountOf(*reader, "maize"), 9u);
  EXPECT_FALSE(reader->Get("reader/r1").has_value());
  r = test::RunMorgue("delete --archive " + test::Quote(dir) + " reader/r2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::CountOf(*reader, "maize"), 8u);
}

// Without a commit counter it can map (COMMITS is not a file), a reader
// asks Xapian whether a shard has a newer commit at every read: slower,
// as fresh.
TEST(IndexReaderTest, AReaderWithoutTheCommitCounterStillSeesEveryCommit) {
  test::TempDir tmp;
  const std::string dir = tmp / "archive";
  auto writer = Archive::Open(dir, OpenMode::kCreate);
  AddArticles(*writer, 0, 10);
  ASSERT_TRUE(fs::remove(fs::path(dir) / "COMMITS"));
  fs::create_directory(fs::path(dir) / "COMMITS");
  auto reader = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_EQ(test::CountOf(*reader, "maize"), 10u);
  for (int n = 10; n < 13; ++n) {
    AddArticles(*writer, n, 1);
    EXPECT_EQ(test::CountOf(*reader, "maize"), static_cast<uint64_t>(n + 1)) << n;
  }
}

// While the count is odd (a writer between BeginCommit and EndCommit: its
// shards committing one by one), read-only handles ask Xapian whether their
// snapshot is the latest: a handle holding an idle snapshot sees the new
// shards as one that opens a snapshot does. The writer now begins its
// commit before the shards commit: before, the count moved only after
// them, and in between a handle with an idle snapshot kept it while
// another already saw the new shards (`morgue serve` counted an article on
// one worker and said 404 for it on another: ServeTest.
// SeesArticlesIndexedMeanwhile, now and then).
TEST(IndexReaderTest, ReadOnlyHandlesAgreeWhileAWriterIsCommitting) {
  test::TempDir tmp;
  const std::string dir = tmp / "a";
  auto writer = Archive::Open(dir, OpenMode::kCreate);
  AddArticles(*writer, 0, 4);
  auto first = Archive::Open(dir, OpenMode::kReadOnly);
  auto second = Archive::Open(dir, OpenMode::kReadOnly);
  EXPECT_EQ(test::CountOf(*first, "maize"), 4u);
  EXPECT_EQ(test::CountOf(*second, "maize"), 4u);  // an idle snapshot, at the count it saw
  // The writer's commit, its end (EndCommit) held back: the shards are
  // committed, the count odd.
  CommitCounter counter(dir, /*writable=*/true);
  counter.BeginCommit();
  {
    auto other_writer = std::move(writer);
    AddArticles(*other_writer, 4, 1);
    EXPECT_EQ(*counter.Load() % 2, 1u);
    EXPECT_EQ(test::CountOf(*first, "maize"), 5u);
    EXPECT_EQ(test::CountOf(*second, "maize"), 5u);
    EXPECT_TRUE(second->Get("reader/r4").has_value());
  }
  counter.EndCommit();
}

TEST(CommitCounterTest, CountsAcrossMappingsAndRefusesLinks) {
  test::TempDir tmp;
  CommitCounter writer(tmp.path().string(), /*writable=*/true);
  const CommitCounter reader(tmp.path().string(), /*writable=*/false);
  EXPECT_EQ(reader.Load(), std::optional<uint64_t>(0));
  writer.Bump();
  EXPECT_EQ(reader.Load(), std::optional<uint64_t>(2));  // a whole commit: even
  {
    CommitCounter::Window committing(writer);
    EXPECT_EQ(reader.Load(), std::optional<uint64_t>(3));  // under way: odd
  }
  EXPECT_EQ(reader.Load(), std::optional<uint64_t>(4));
  writer.BeginCommit();  // a writer killed mid-commit...
  writer.Recover();      // ...and the next one's open: even again, and moved on
  EXPECT_EQ(reader.Load(), std::optional<uint64_t>(8));
  writer.Recover();
  EXPECT_EQ(reader.Load(), std::optional<uint64_t>(10));
  EXPECT_EQ(fs::file_size(tmp / "COMMITS"), 8u);

  test::TempDir linked;
  fs::create_symlink(tmp / "COMMITS", linked / "COMMITS");
  EXPECT_THROW(CommitCounter writing_through_link(linked.path().string(), true), Error);
  EXPECT_FALSE(CommitCounter(linked.path().string(), false).Load().has_value());
  EXPECT_EQ(reader.Load(), std::optional<uint64_t>(10));  // nothing written through the link

  test::TempDir cut;
  { std::ofstream(cut / "COMMITS") << "x"; }  // one byte: made a counter of 8
  EXPECT_TRUE(CommitCounter(cut.path().string(), false).Load().has_value());
  EXPECT_EQ(fs::file_size(cut / "COMMITS"), 8u);
}

// Searches from several threads on one Archive give the answers one thread
// gives, while a writer in the same process adds and deletes: every answer
// is the count of a committed state (a multiple of the batch size), and no
// thread ever sees the count go down.
TEST(IndexReaderTest, ThreadsSearchingOneArchiveSeeCommittedStatesInOrder) {
  test::TempDir tmp;
  const std::string dir = tmp / "archive";
  ArchiveOptions options;
  options.shards = 3;
  auto archive = Archive::Open(dir, OpenMode::kCreate, options);
  constexpr int kBatch = 40;
  AddArticles(*archive, 0, kBatch);

  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      uint64_t last = 0;
      while (!stop.load()) {
        SearchRequest request;
        request.query = "harvest";
        request.limit = 5;
        const SearchResult result = archive->Search(request);
        const uint64_t count = archive->Count(request);
        if (result.total % kBatch != 0 || count % kBatch != 0 || count < last ||
            result.total < last || result.hits.size() != 5) {
          ++failures;
        }
        last = std::max(last, count);
      }
    });
  }
  for (int b = 1; b < 12; ++b) AddArticles(*archive, b * kBatch, kBatch);
  stop = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  SearchRequest request;
  request.query = "harvest";
  EXPECT_EQ(archive->Count(request), 12u * kBatch);
}

}  // namespace
}  // namespace morgue

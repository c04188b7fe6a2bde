// Touch nothing that is not ours: a directory is an archive only when its
// manifest says so, creation is all or nothing, no write follows a link
// planted in the archive, the manifest is read strictly, and what morgue
// writes keeps the archive's permissions.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/manifest.h"
#include "test_util.h"

namespace morgue {
namespace {

namespace fs = std::filesystem;

Article Story(const std::string& id) {
  Article a;
  a.source = "wire";
  a.id = id;
  a.headline = "Harbour news " + id;
  a.body = {"The harbour reopened on Monday."};
  return a;
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

ErrorCode OpenError(const std::string& dir, OpenMode mode) {
  try {
    Archive::Open(dir, mode);
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::kInternal;  // opened
}

unsigned Mode(const fs::path& p) {
  struct stat st {};
  EXPECT_EQ(::lstat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST(ArchiveFilesTest, ADirectoryWithoutAManifestIsNeverClearedOrTakenOver) {
  // Each of these was once taken for an interrupted creation and wiped.
  for (const char* part : {"store", "xapian", "LOCK", "MORGUE.tmp"}) {
    SCOPED_TRACE(part);
    test::TempDir tmp;
    const fs::path dir = tmp.path() / "d";
    fs::create_directories(dir);
    if (std::string(part) == "store" || std::string(part) == "xapian") {
      fs::create_directories(dir / part);
      Write(dir / part / "thesis.txt", "four years of work");
    } else {
      Write(dir / part, "four years of work");
    }
    EXPECT_EQ(OpenError(dir, OpenMode::kCreate), ErrorCode::kNotAnArchive);
    EXPECT_EQ(OpenError(dir, OpenMode::kReadWrite), ErrorCode::kNotAnArchive);
    const fs::path kept = fs::is_directory(dir / part) ? dir / part / "thesis.txt" : dir / part;
    EXPECT_EQ(test::ReadFile(kept.string()), "four years of work");
    EXPECT_FALSE(fs::exists(dir / "MORGUE"));
  }
}

TEST(ArchiveFilesTest, AnUnknownLanguageIsRefusedBeforeAnythingIsCreated) {
  test::TempDir tmp;
  EXPECT_EQ(OpenError(tmp / "a.morgue", OpenMode::kCreate), ErrorCode::kInternal);  // opens
  try {
    Archive::Open(tmp / "b.morgue", OpenMode::kCreate, {"klingon", 2});
    ADD_FAILURE() << "created an archive its manifest could not name";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(fs::exists(tmp.path() / "b.morgue"));
  EXPECT_EQ(Archive::Open(tmp / "c.morgue", OpenMode::kCreate, {"none", 1})->Stats().language,
            "none");
}

TEST(ArchiveFilesTest, CreationBuildsBesideAndRenamesIntoPlace) {
  test::TempDir tmp;
  // An empty directory made for the archive keeps its permissions.
  fs::create_directories(tmp.path() / "private");
  fs::permissions(tmp.path() / "private", fs::perms::owner_all, fs::perm_options::replace);
  auto archive = Archive::Open(tmp / "private", OpenMode::kCreate);
  archive->Add({Story("1")});
  EXPECT_EQ(Mode(tmp.path() / "private"), 0700u);
  // A new directory, with a trailing slash, in a parent that does not exist yet.
  Archive::Open(tmp / "deeper/new.morgue/", OpenMode::kCreate)->Add({Story("2")});
  EXPECT_TRUE(fs::exists(tmp.path() / "deeper/new.morgue/MORGUE"));
  // Nothing else is left beside them.
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 2u);
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path() / "deeper"), fs::directory_iterator()),
            1);
}

// "." cannot be renamed over (nor can a mount point, or a directory in a
// parent the user cannot write): the archive is then built inside it.
TEST(ArchiveFilesTest, TheCurrentDirectoryBecomesAnArchiveInPlace) {
  test::TempDir tmp;
  fs::create_directories(tmp.path() / "here");
  const fs::path before = fs::current_path();
  fs::current_path(tmp.path() / "here");
  try {
    Archive::Open(".", OpenMode::kCreate)->Add({Story("1")});
    EXPECT_EQ(Archive::Open(".", OpenMode::kReadOnly)->ArticleCount(), 1u);
  } catch (const Error& e) {
    ADD_FAILURE() << e.what();
  }
  fs::current_path(before);
  EXPECT_TRUE(fs::exists(tmp.path() / "here/MORGUE"));
  EXPECT_FALSE(fs::exists(tmp.path() / "here/.morgue-new"));
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 1);
  EXPECT_TRUE(Archive::Open(tmp / "here", OpenMode::kReadOnly)->Check().ok());
}

// Names no test thought of: the longest a file system takes (a longer
// temporary name beside it once failed), a line feed, Cyrillic.
TEST(ArchiveFilesTest, AnyNameTheFileSystemTakesCanBeAnArchive) {
  test::TempDir tmp;
  for (const std::string& name : {std::string(255, 'x'), std::string("архив\nновый.morgue")}) {
    Archive::Open(tmp / name, OpenMode::kCreate)->Add({Story("1")});
    auto archive = Archive::Open(tmp / name, OpenMode::kReadOnly);
    EXPECT_EQ(archive->ArticleCount(), 1u);
    EXPECT_TRUE(archive->Check().ok());
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 2);
}

// Two processes creating the same new archive at once: one creates it, the
// other opens it after (or is refused naming the holder); never two archives,
// never a leftover.
TEST(ArchiveFilesTest, TwoProcessesCreatingOneArchiveAtOnce) {
  test::TempDir tmp;
  {
    std::ofstream out(tmp / "a.jsonl");
    for (int i = 0; i < 30; ++i)
      out << R"({"id":")" << i << R"(","title":"t","text":"body"})"
          << "\n";
  }
  for (int round = 0; round < 4; ++round) {
    const std::string dir = tmp / ("r" + std::to_string(round) + ".morgue");
    const std::string command = "index -a " + test::Quote(dir) + " " + test::Quote(tmp / "a.jsonl");
    test::CommandResult first, second;
    std::thread other([&] { second = test::RunMorgue(command); });
    first = test::RunMorgue(command);
    other.join();
    for (const test::CommandResult* r : {&first, &second}) {
      EXPECT_TRUE(r->exit_code == 0 ||
                  (r->exit_code == 1 && r->err.find("pid ") != std::string::npos))
          << r->exit_code << " " << r->err;
    }
    EXPECT_TRUE(first.exit_code == 0 || second.exit_code == 0);
    auto archive = Archive::Open(dir, OpenMode::kReadOnly);
    EXPECT_EQ(test::CountOf(*archive, "body"), 30u);
    EXPECT_TRUE(archive->Check().ok());
  }
  // The four archives and the input: no temporary directory left beside them.
  EXPECT_EQ(std::distance(fs::directory_iterator(tmp.path()), fs::directory_iterator()), 5);
}

TEST(ArchiveFilesTest, NoWriteFollowsALinkPlantedInTheArchive) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Archive::Open(dir, OpenMode::kCreate)->Add({Story("1")});
  const fs::path victim = tmp.path() / "victim.txt";
  Write(victim, "precious");

  // LOCK: refused, the victim untouched.
  fs::remove(fs::path(dir) / "LOCK");
  fs::create_symlink(victim, fs::path(dir) / "LOCK");
  try {
    Archive::Open(dir, OpenMode::kReadWrite);
    ADD_FAILURE() << "opened through a linked LOCK";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
  EXPECT_EQ(test::ReadFile(victim.string()), "precious");
  fs::remove(fs::path(dir) / "LOCK");

  // The store's LOG and the manifest's temporary file: written beside, not through.
  fs::remove(fs::path(dir) / "store/LOG");
  fs::create_symlink(victim, fs::path(dir) / "store/LOG");
  fs::create_symlink(victim, fs::path(dir) / "MORGUE.tmp");
  {
    auto archive = Archive::Open(dir, OpenMode::kReadWrite);
    archive->Add({Story("2")});
  }
  Archive::Repair(dir);  // rewrites the manifest
  EXPECT_EQ(test::ReadFile(victim.string()), "precious");
  EXPECT_EQ(Archive::Open(dir, OpenMode::kReadOnly)->ArticleCount(), 2u);
}

TEST(ArchiveFilesTest, TheManifestIsReadStrictly) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Archive::Open(dir, OpenMode::kCreate)->Add({Story("1")});
  const fs::path path = fs::path(dir) / "MORGUE";
  const std::string good = test::ReadFile(path.string());
  ASSERT_NE(good.find("checksum=crc32:"), std::string::npos) << good;

  // Cut anywhere: never opened with defaults.
  for (size_t cut = 0; cut < good.size(); ++cut) {
    Write(path, good.substr(0, cut));
    EXPECT_EQ(OpenError(dir, OpenMode::kReadOnly), ErrorCode::kCorruption) << "cut at " << cut;
  }
  auto with = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  // Without the checksum line, so that each field's own check is what refuses.
  const std::string body = good.substr(0, good.find("checksum="));
  auto v1 = [&](const std::string& text) {
    std::string out = text;
    out.replace(out.find("morgue-archive 4"), 16, "morgue-archive 1");
    return out;
  };
  const std::string bad[] = {
      with("shards=2", "shards=3"),  // checksum mismatch
      v1(body).replace(v1(body).find("shards=2"), 8, "shards=4294967297"),
      v1(body).replace(v1(body).find("shards=2"), 8, "shards=0"),
      v1(body).replace(v1(body).find("shards=2"), 8, "shards=+2"),
      v1(body).replace(v1(body).find("language=en"), 11, "language=xx"),
      v1(body) + "shards=2\n",     // twice
      v1(body) + "colour=blue\n",  // unknown key
      v1(body) + "garbage\n",
      [&] {  // CRLF line ends
        std::string t = v1(body);
        for (size_t at = t.find('\n'); at != std::string::npos; at = t.find('\n', at + 2))
          t.insert(at, "\r");
        return t;
      }(),
      body,                    // format 2 without its checksum
      good + "language=en\n",  // after the checksum
      std::string(5000, 'x'),
  };
  for (const std::string& text : bad) {
    Write(path, text);
    try {
      Archive::Open(dir, OpenMode::kReadOnly);
      ADD_FAILURE() << "opened with manifest:\n" << text;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kCorruption) << e.what();
      EXPECT_NE(std::string(e.what()).find("line "), std::string::npos) << e.what();
    }
  }
  Write(path, "morgue-archive 5\nwhatever\n");
  EXPECT_EQ(OpenError(dir, OpenMode::kReadOnly), ErrorCode::kVersion);
  // A format 1 manifest (no checksum) is read, but the archive is refused
  // (its index predates folding, tests/unicode_repair_test.cc) until a repair
  // rebuilds it and rewrites the manifest as format 4 with the same settings.
  Write(path, v1(body));
  EXPECT_EQ(OpenError(dir, OpenMode::kReadOnly), ErrorCode::kVersion);
  EXPECT_EQ(OpenError(dir, OpenMode::kReadWrite), ErrorCode::kVersion);
  Archive::Repair(dir);
  EXPECT_EQ(test::ReadFile(path.string()), good);
  EXPECT_EQ(Archive::Open(dir, OpenMode::kReadOnly)->ArticleCount(), 1u);
}

TEST(ArchiveFilesTest, WhatMorgueWritesKeepsThePermissionsOfTheArchive) {
  test::TempDir tmp;
  fs::create_directories(tmp.path() / "a.morgue");
  fs::permissions(tmp.path() / "a.morgue", fs::perms::owner_all, fs::perm_options::replace);
  const std::string dir = tmp / "a.morgue";
  {
    auto archive = Archive::Open(dir, OpenMode::kCreate);
    archive->Add({Story("1"), Story("2")});
    archive->Compact();
    archive->Backup(tmp / "copy.morgue");
  }
  Archive::Repair(dir);
  auto expect_private = [](const fs::path& root) {
    EXPECT_EQ(Mode(root), 0700u) << root;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.is_symlink()) continue;
      EXPECT_EQ(Mode(e.path()), e.is_directory() ? 0700u : 0600u) << e.path();
    }
  };
  expect_private(fs::path(dir) / "xapian");
  expect_private(tmp.path() / "copy.morgue");
}

TEST(ArchiveFilesTest, ALockHeldALittleBeforeItsHolderIsWrittenStillNamesIt) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Archive::Open(dir, OpenMode::kCreate)->Add({Story("1")});
  const std::string lock = dir + "/LOCK";
  int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, 0), 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  std::thread holder([fd] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const std::string me = "pid 4242 on testhost\n";
    EXPECT_EQ(::pwrite(fd, me.data(), me.size(), 0), static_cast<ssize_t>(me.size()));
  });
  try {
    Archive::Open(dir, OpenMode::kReadWrite);
    ADD_FAILURE() << "two writers";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kLocked);
    EXPECT_NE(std::string(e.what()).find("pid 4242 on testhost"), std::string::npos) << e.what();
  }
  holder.join();
  ::close(fd);
}

TEST(ArchiveFilesTest, WhatAnInterruptedRepairLeftIsRemovedByTheNextWriter) {
  test::TempDir tmp;
  const std::string dir = tmp / "a.morgue";
  Archive::Open(dir, OpenMode::kCreate)->Add({Story("1")});
  fs::create_directories(fs::path(dir) / "xapian.repair/xapian/shard-0");
  Write(fs::path(dir) / "xapian.repair/xapian/shard-0/postlist.glass", std::string(4096, 'x'));
  auto archive = Archive::Open(dir, OpenMode::kReadWrite);
  EXPECT_FALSE(fs::exists(fs::path(dir) / "xapian.repair"));
  archive->Compact();
  EXPECT_TRUE(archive->Check().ok());
}

}  // namespace
}  // namespace morgue

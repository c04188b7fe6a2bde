// Helpers shared by the tests: temporary directories, the shared corpus,
// running the real morgue binary.
#ifndef MORGUE_TESTS_TEST_UTIL_H_
#define MORGUE_TESTS_TEST_UTIL_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "morgue/archive.h"
#include "morgue/reader.h"

namespace morgue::test {

// A fresh directory under the system temp dir, removed when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The shared corpus directory (../shared/corpus beside the checkout), or ""
// when absent. Tests that need it GTEST_SKIP() with a message naming the path.
std::string SharedCorpusDir();

// The project's own bundled sample corpus.
std::string SampleCorpusDir();

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the real morgue binary with `args` (already shell-quoted by the caller
// where needed, see Quote) and captures stdout and stderr.
CommandResult RunMorgue(const std::string& args);
// The same with extra environment variables (e.g. LD_PRELOAD) for the binary.
CommandResult RunMorgue(const std::string& args,
                        const std::vector<std::pair<std::string, std::string>>& env);

// Single-quotes `s` for /bin/sh.
std::string Quote(const std::string& s);

// An archive of all 22 Reuters-21578 files, built once with the real binary
// and shared by every test process (guarded by a file lock; rebuilt when the
// binary changes). Returns "" when the shared corpus is absent. `log` gets
// the index command's output the first time.
std::string SharedReutersArchive(std::string* log = nullptr);

// What a reader produced from bytes in memory.
struct Collected {
  std::vector<Article> articles;
  std::vector<ReadIssue> issues;
};

// Runs morgue::ReadBuffer over `bytes` as the file `name`, collecting everything.
Collected Read(const std::string& name, const std::string& bytes, ReadOptions options = {});

// Starts this test binary again, in a fresh process, running only the test
// `name` (a DISABLED_ test that does a child's work, reading its parameters
// from `env`); its stdout is discarded. A plain fork() of a process whose
// RocksDB background threads exist can deadlock in the child on the
// inherited thread-pool condition variables; exec gives the child its own.
// File descriptors without FD_CLOEXEC (e.g. a pipe()) stay open in the child.
pid_t SpawnTestChild(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& env);

// The value of environment variable `name`, or "" when unset.
std::string Env(const char* name);

// Articles first .. first + n - 1 of a fixed pseudo-random sequence of short
// wire stories over the eight `words`: a two-word headline and a 3..14-word
// body (with `extra` appended to both), zero to two topics of four, dates
// that repeat every 84 articles and every 7th article undated. Source "wire",
// id the article's number.
std::vector<Article> Stories(int first, int n, const std::vector<std::string>& words,
                             const std::string& extra = "");

// Writes `articles` (analysed as they are) straight into the store's log of
// the archive in `dir` and lets a writable open index them, bypassing the
// checks of Archive::Add: what an archive written by an older morgue can hold.
void AddUnchecked(const std::string& dir, const std::vector<Article>& articles);

// The exact number of articles of `archive` matching `query`.
uint64_t CountOf(const Archive& archive, const std::string& query);

// Reads a whole file.
std::string ReadFile(const std::string& path);

}  // namespace morgue::test

#endif  // MORGUE_TESTS_TEST_UTIL_H_

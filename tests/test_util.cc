#include "test_util.h"

#include "storage/codec.h"
#include "storage/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace morgue::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = fs::temp_directory_path() /
                         ("morgue-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::error_code ec;
    if (fs::create_directory(candidate, ec)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string SharedCorpusDir() {
  if (const char* env = std::getenv("MORGUE_SHARED_CORPUS")) return env;
  fs::path dir = fs::path(MORGUE_SHARED_DIR) / "corpus";
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return fs::canonical(dir).string();
  return "";
}

std::string SampleCorpusDir() {
  return (fs::path(MORGUE_SOURCE_DIR) / "corpus" / "sample").string();
}

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult RunMorgue(const std::string& args) { return RunMorgue(args, {}); }

CommandResult RunMorgue(const std::string& args,
                        const std::vector<std::pair<std::string, std::string>>& env) {
  TempDir tmp;
  std::string out_path = tmp / "stdout";
  std::string err_path = tmp / "stderr";
  std::string cmd;
  for (const auto& [key, value] : env) cmd += key + "=" + Quote(value) + " ";
  cmd += Quote(MORGUE_BINARY) + " " + args + " >" + Quote(out_path) + " 2>" + Quote(err_path) +
         " </dev/null";
  int status = std::system(cmd.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

Collected Read(const std::string& name, const std::string& bytes, ReadOptions options) {
  Collected c;
  ReadBuffer(
      name, bytes, options, [&](Article&& a) { c.articles.push_back(std::move(a)); },
      [&](const ReadIssue& i) { c.issues.push_back(i); });
  return c;
}

pid_t SpawnTestChild(const std::string& name,
                     const std::vector<std::pair<std::string, std::string>>& env) {
  std::string filter = "--gtest_filter=" + name;
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  for (const auto& [key, value] : env) ::setenv(key.c_str(), value.c_str(), 1);
  int null_fd = ::open("/dev/null", O_WRONLY);
  if (null_fd >= 0) ::dup2(null_fd, STDOUT_FILENO);
  ::execl("/proc/self/exe", "morgue_tests", filter.c_str(), "--gtest_also_run_disabled_tests",
          static_cast<char*>(nullptr));
  ::_exit(127);
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::vector<Article> Stories(int first, int n, const std::vector<std::string>& words,
                             const std::string& extra) {
  const char* topics[] = {"crude", "grain", "money-fx", "interest"};
  std::vector<Article> articles;
  uint32_t x = 12345 + static_cast<uint32_t>(first);
  auto next = [&x] { return x = x * 1103515245u + 12345u, (x >> 16) & 0x7fff; };
  auto word = [&] { return words[next() % 8]; };
  for (int i = first; i < first + n; ++i) {
    Article a;
    a.source = "wire";
    a.id = std::to_string(i);
    a.headline = word() + " " + word() + extra;
    std::string body;
    for (unsigned k = 3 + next() % 12; k > 0; --k) body += word() + " ";
    a.body = {body + extra};
    for (unsigned k = next() % 3; k > 0; --k) a.topics.push_back(topics[next() % 4]);
    if (i % 7) a.published = Timestamp::FromCivil(1987, 1 + i % 12, 1 + i % 28);
    articles.push_back(std::move(a));
  }
  return articles;
}

std::string SharedReutersArchive(std::string* log) {
  std::string corpus = SharedCorpusDir();
  if (corpus.empty()) return "";
  struct stat st {};
  if (::stat(MORGUE_BINARY, &st) != 0) throw std::runtime_error("morgue binary missing");
  fs::path base = fs::path(MORGUE_BINARY).parent_path();
  std::string key = std::to_string(st.st_mtime) + "-" + std::to_string(st.st_size);
  fs::path archive = base / ("test-reuters-" + key + ".morgue");
  int fd = ::open((base / "test-reuters.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || ::flock(fd, LOCK_EX) != 0) throw std::runtime_error("cannot lock test archive");
  std::error_code ec;
  if (!fs::exists(archive / "READY", ec)) {
    for (const auto& e : fs::directory_iterator(base)) {  // drop stale archives
      std::string name = e.path().filename().string();
      if (name.rfind("test-reuters-", 0) == 0 && name.size() > 7 &&
          name.substr(name.size() - 7) == ".morgue") {
        fs::remove_all(e.path(), ec);
      }
    }
    fs::path tmp = base / ("test-reuters-" + key + ".tmp");
    fs::remove_all(tmp, ec);
    std::string files;
    for (int i = 0; i < 22; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "/reut2-%03d.sgm", i);
      files += " " + Quote(corpus + "/reuters21578" + name);
    }
    CommandResult r = RunMorgue("index --archive " + Quote(tmp.string()) + files);
    if (r.exit_code != 0) {
      ::close(fd);
      throw std::runtime_error("indexing Reuters failed: " + r.err);
    }
    std::ofstream(tmp / "INDEX_LOG") << r.out << r.err;
    std::ofstream(tmp / "READY") << "ok\n";
    fs::rename(tmp, archive);
  }
  if (log) *log = ReadFile((archive / "INDEX_LOG").string());
  ::close(fd);
  return archive.string();
}

uint64_t CountOf(const Archive& archive, const std::string& query) {
  SearchRequest r;
  r.query = query;
  return archive.Count(r);
}

void AddUnchecked(const std::string& dir, const std::vector<Article>& articles) {
  {
    auto store = Store::Open(dir + "/store", /*read_only=*/false, /*create=*/false);
    StoreBatch batch;
    for (const Article& a : articles) {
      std::string bytes;
      EncodeArticle(a, &bytes);
      batch.puts.push_back({store->AllocateDocid(), a.source, a.id, bytes, true});
    }
    store->Apply(batch);
  }
  Archive::Open(dir, OpenMode::kReadWrite);  // replays the log into the index
}

}  // namespace morgue::test

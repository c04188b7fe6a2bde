#include "test_util.h"

#include <sys/wait.h>
#include <unistd.h>

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

std::string SampleCorpusDir() { return (fs::path(MORGUE_SOURCE_DIR) / "corpus" / "sample").string(); }

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

CommandResult RunMorgue(const std::string& args) {
  TempDir tmp;
  std::string out_path = tmp / "stdout";
  std::string err_path = tmp / "stderr";
  std::string cmd = Quote(MORGUE_BINARY) + " " + args + " >" + Quote(out_path) + " 2>" +
                    Quote(err_path) + " </dev/null";
  int status = std::system(cmd.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

}  // namespace morgue::test

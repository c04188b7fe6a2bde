#include "storage/manifest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "morgue/article.h"
#include "morgue/error.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[] = "morgue-archive";

[[noreturn]] void ThrowIO(const std::string& what, const std::string& path) {
  throw Error(ErrorCode::kIO, what + " " + path + ": " + std::strerror(errno)).WithFile(path);
}

void FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) ThrowIO("cannot open", path);
  if (::fsync(fd) != 0) {
    ::close(fd);
    ThrowIO("cannot sync", path);
  }
  ::close(fd);
}

}  // namespace

void WriteFileAtomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) ThrowIO("cannot create", tmp);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ThrowIO("cannot write", tmp);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    ThrowIO("cannot sync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) ThrowIO("cannot rename", tmp);
  FsyncPath(fs::path(path).parent_path().string(), O_RDONLY | O_DIRECTORY);
}

Manifest Manifest::Read(const std::string& dir) {
  std::string path = (fs::path(dir) / kManifestName).string();
  std::ifstream in(path);
  if (!in) {
    throw Error(ErrorCode::kNotAnArchive,
                dir + " is not a morgue archive (no " + kManifestName + " manifest)")
        .WithFile(dir);
  }
  std::string magic;
  int version = 0;
  in >> magic >> version;
  if (magic != kMagic || version <= 0) {
    throw Error(ErrorCode::kCorruption, "archive manifest " + path + " is damaged").WithFile(path);
  }
  if (version != kArchiveFormatVersion) {
    throw Error(ErrorCode::kVersion,
                "archive " + dir + " has format version " + std::to_string(version) +
                    "; this morgue reads version " + std::to_string(kArchiveFormatVersion))
        .WithFile(path);
  }
  Manifest m;
  m.version = version;
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "language") m.language = value;
    else if (key == "created") m.created = value;
    else if (key == "marks_quotes_outside_body") m.marks_quotes_outside_body = value == "1";
    else if (key == "shards") {
      try {
        m.shards = static_cast<unsigned>(std::stoul(value));
      } catch (const std::exception&) {
        m.shards = 0;
      }
      if (m.shards == 0 || m.shards > 64) {
        throw Error(ErrorCode::kCorruption, "archive manifest " + path + " has a bad shard count")
            .WithFile(path);
      }
    }
  }
  return m;
}

void Manifest::Write(const std::string& dir) const {
  std::ostringstream out;
  out << kMagic << " " << version << "\n"
      << "language=" << language << "\n"
      << "shards=" << shards << "\n"
      << "created=" << created << "\n";
  if (marks_quotes_outside_body) out << "marks_quotes_outside_body=1\n";
  WriteFileAtomically((fs::path(dir) / kManifestName).string(), out.str());
}

}  // namespace morgue

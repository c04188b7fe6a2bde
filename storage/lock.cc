#include "storage/lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "morgue/error.h"

namespace morgue {

WriteLock::WriteLock(const std::string& dir) {
  std::string path = (std::filesystem::path(dir) / "LOCK").string();
  // Never through a link: a LOCK planted as a symbolic link would have the
  // holder's name written over (truncating) whatever it points to.
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0 && errno == ELOOP) {
    throw Error(ErrorCode::kCorruption, "lock file " + path +
                                            " is a symbolic link; morgue never writes through one: "
                                            "remove it")
        .WithFile(path);
  }
  if (fd_ < 0) {
    throw Error(ErrorCode::kIO, "cannot open lock file " + path + ": " + std::strerror(errno))
        .WithFile(path);
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    // The holder writes its name just after taking the lock: a moment's
    // wait names it rather than "another process".
    char buf[256] = {};
    ssize_t n = 0;
    for (int attempt = 0; attempt < 50; ++attempt) {
      n = ::pread(fd_, buf, sizeof buf - 1, 0);
      if (n > 0) break;
      ::usleep(2000);
    }
    std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "another process";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    ::close(fd_);
    fd_ = -1;
    throw Error(ErrorCode::kLocked,
                "archive " + dir + " is being written by " + holder + "; only one writer at a time")
        .WithFile(dir);
  }
  char host[128] = "unknown-host";
  ::gethostname(host, sizeof host - 1);
  std::string me = "pid " + std::to_string(::getpid()) + " on " + host + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    (void)!::pwrite(fd_, me.data(), me.size(), 0);
  }
}

WriteLock::~WriteLock() {
  if (fd_ >= 0) {
    (void)!::ftruncate(fd_, 0);
    ::close(fd_);  // releases the flock
  }
}

}  // namespace morgue

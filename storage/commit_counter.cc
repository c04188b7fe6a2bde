#include "storage/commit_counter.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "morgue/error.h"

namespace morgue {

CommitCounter::CommitCounter(const std::string& dir, bool writable) {
  const std::string path = (std::filesystem::path(dir) / "COMMITS").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0 && !writable && errno != ELOOP)
    fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (!writable) return;
    throw Error(ErrorCode::kIO, "cannot open " + path +
                                    (errno == ELOOP ? ": it is a symbolic link; remove it"
                                                    : std::string(": ") + std::strerror(errno)))
        .WithFile(path);
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  // A new (or cut) file is made 8 bytes long: a count of 0.
  if (ok && st.st_size < static_cast<off_t>(sizeof(uint64_t))) {
    ok = ::ftruncate(fd, sizeof(uint64_t)) == 0;
  }
  void* map = ok ? ::mmap(nullptr, sizeof(uint64_t), writable ? PROT_READ | PROT_WRITE : PROT_READ,
                          MAP_SHARED, fd, 0)
                 : MAP_FAILED;
  const int error = errno;
  ::close(fd);
  if (map == MAP_FAILED) {
    if (!writable) return;
    throw Error(ErrorCode::kIO, "cannot map " + path + ": " + std::strerror(error)).WithFile(path);
  }
  count_ = static_cast<uint64_t*>(map);
}

CommitCounter::~CommitCounter() {
  if (count_ != nullptr) ::munmap(count_, sizeof(uint64_t));
}

std::optional<uint64_t> CommitCounter::Load() const {
  if (count_ == nullptr) return std::nullopt;
  return __atomic_load_n(count_, __ATOMIC_ACQUIRE);
}

void CommitCounter::Bump() {
  if (count_ != nullptr) __atomic_add_fetch(count_, 2, __ATOMIC_SEQ_CST);
}

void CommitCounter::BeginCommit() {
  if (count_ != nullptr) __atomic_add_fetch(count_, 1, __ATOMIC_SEQ_CST);
}

void CommitCounter::EndCommit() {
  if (count_ != nullptr) __atomic_add_fetch(count_, 1, __ATOMIC_SEQ_CST);
}

void CommitCounter::Recover() {
  if (count_ == nullptr) return;
  if (__atomic_load_n(count_, __ATOMIC_ACQUIRE) % 2 == 1) EndCommit();
  Bump();
}

}  // namespace morgue

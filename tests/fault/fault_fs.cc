// An LD_PRELOAD shim that makes the file system fail like a full or broken
// disk, for the fault tests (tests/fault_test.cc). It interposes the calls
// RocksDB and Xapian write and sync with (found with `strace -f -y` on
// `morgue index`): write, pwrite, pwritev, writev, fallocate,
// fsync, fdatasync and sync_file_range, and fails them only for files whose
// path contains MORGUE_FAULT_PATH. Everything else (the terminal, pipes,
// other files) is left alone, so the failing program can still report.
//
// Environment:
//   MORGUE_FAULT_PATH         substring of the paths to fail (unset: the shim does nothing)
//   MORGUE_FAULT_ERRNO        ENOSPC (default) or EIO
//   MORGUE_FAULT_AFTER_BYTES  bytes written to matching files before writes fail; the
//                             write that crosses the limit is short, as on a full disk
//   MORGUE_FAULT_SYNC_AFTER   syncs of matching files that succeed before syncs fail
//   MORGUE_FAULT_LOG          a file that gets one line per failed call
//   MORGUE_FAULT_COUNT_FILE   a file that gets "<bytes written> <syncs>" of matching
//                             files when the process exits (to place faults)
// The counts are per process. Not thread-exact at the limit (two threads may
// both cross it), which a real disk is not either.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstdint>

namespace {

struct Config {
  const char* path = nullptr;
  int error = ENOSPC;
  int64_t after_bytes = -1;  // -1: writes never fail
  int64_t sync_after = -1;   // -1: syncs never fail
  const char* log = nullptr;
  const char* count_file = nullptr;
};

const Config& Cfg() {
  static const Config config = [] {
    Config c;
    c.path = getenv("MORGUE_FAULT_PATH");
    if (const char* e = getenv("MORGUE_FAULT_ERRNO"); e && strcmp(e, "EIO") == 0) c.error = EIO;
    if (const char* n = getenv("MORGUE_FAULT_AFTER_BYTES")) c.after_bytes = atoll(n);
    if (const char* n = getenv("MORGUE_FAULT_SYNC_AFTER")) c.sync_after = atoll(n);
    c.log = getenv("MORGUE_FAULT_LOG");
    c.count_file = getenv("MORGUE_FAULT_COUNT_FILE");
    return c;
  }();
  return config;
}

std::atomic<int64_t> written{0};
std::atomic<int64_t> synced{0};

template <typename Fn>
Fn Next(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

// The path of `fd` when it is one the shim fails, else false.
bool Matches(int fd, char* path, size_t size) {
  const Config& c = Cfg();
  if (!c.path || fd < 0) return false;
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, size - 1);
  if (n <= 0) return false;
  path[n] = '\0';
  return strstr(path, c.path) != nullptr;
}

void Log(const char* call, const char* path) {
  const Config& c = Cfg();
  if (!c.log) return;
  int fd = open(c.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return;
  char line[PATH_MAX + 64];
  int n = snprintf(line, sizeof line, "%s %s %s\n", call, path, strerror(c.error));
  // The log is not a matching path, and this is the real write.
  static auto real_write = Next<ssize_t (*)(int, const void*, size_t)>("write");
  if (n > 0) real_write(fd, line, static_cast<size_t>(n));
  close(fd);
}

// How many of `want` bytes may be written to `fd` now: want, fewer (the
// write crossing the limit), or -1 with errno set.
ssize_t Allow(const char* call, int fd, size_t want) {
  char path[PATH_MAX];
  const Config& c = Cfg();
  if (!Matches(fd, path, sizeof path)) return static_cast<ssize_t>(want);
  int64_t before = written.fetch_add(static_cast<int64_t>(want));
  if (c.after_bytes < 0 || before + static_cast<int64_t>(want) <= c.after_bytes) {
    return static_cast<ssize_t>(want);
  }
  if (before < c.after_bytes && want > 0) return static_cast<ssize_t>(c.after_bytes - before);
  Log(call, path);
  errno = c.error;
  return -1;
}

bool SyncFails(const char* call, int fd) {
  char path[PATH_MAX];
  const Config& c = Cfg();
  if (!Matches(fd, path, sizeof path)) return false;
  if (synced.fetch_add(1) < c.sync_after || c.sync_after < 0) return false;
  Log(call, path);
  errno = c.error;
  return true;
}

__attribute__((destructor)) void WriteCounts() {
  const Config& c = Cfg();
  if (!c.count_file) return;
  if (FILE* f = fopen(c.count_file, "w")) {
    fprintf(f, "%lld %lld\n", static_cast<long long>(written.load()),
            static_cast<long long>(synced.load()));
    fclose(f);
  }
}

size_t IovBytes(const struct iovec* iov, int count) {
  size_t n = 0;
  for (int i = 0; i < count; ++i) n += iov[i].iov_len;
  return n;
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t count) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t)>("write");
  ssize_t allowed = Allow("write", fd, count);
  if (allowed < 0) return -1;
  return real(fd, buf, static_cast<size_t>(allowed));
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  ssize_t allowed = Allow("pwrite", fd, count);
  if (allowed < 0) return -1;
  return real(fd, buf, static_cast<size_t>(allowed), offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
  ssize_t allowed = Allow("pwrite64", fd, count);
  if (allowed < 0) return -1;
  return real(fd, buf, static_cast<size_t>(allowed), offset);
}

// Vectored writes fail whole or not at all (a short count is rarely handled
// differently from a short write, which write() already exercises).
ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
  static auto real = Next<ssize_t (*)(int, const struct iovec*, int)>("writev");
  size_t want = IovBytes(iov, iovcnt);
  if (Allow("writev", fd, want) != static_cast<ssize_t>(want)) {
    errno = Cfg().error;
    return -1;
  }
  return real(fd, iov, iovcnt);
}

ssize_t pwritev(int fd, const struct iovec* iov, int iovcnt, off_t offset) {
  static auto real = Next<ssize_t (*)(int, const struct iovec*, int, off_t)>("pwritev");
  size_t want = IovBytes(iov, iovcnt);
  if (Allow("pwritev", fd, want) != static_cast<ssize_t>(want)) {
    errno = Cfg().error;
    return -1;
  }
  return real(fd, iov, iovcnt, offset);
}

// Preallocation claims space: past the limit it fails like the writes.
int fallocate(int fd, int mode, off_t offset, off_t len) {
  static auto real = Next<int (*)(int, int, off_t, off_t)>("fallocate");
  char path[PATH_MAX];
  const Config& c = Cfg();
  if (c.after_bytes >= 0 && Matches(fd, path, sizeof path) && written.load() >= c.after_bytes) {
    Log("fallocate", path);
    errno = c.error;
    return -1;
  }
  return real(fd, mode, offset, len);
}

int fallocate64(int fd, int mode, off64_t offset, off64_t len) {
  return fallocate(fd, mode, static_cast<off_t>(offset), static_cast<off_t>(len));
}

int fsync(int fd) {
  static auto real = Next<int (*)(int)>("fsync");
  if (SyncFails("fsync", fd)) return -1;
  return real(fd);
}

int fdatasync(int fd) {
  static auto real = Next<int (*)(int)>("fdatasync");
  if (SyncFails("fdatasync", fd)) return -1;
  return real(fd);
}

// Flags 0 asks nothing of the disk: RocksDB calls it so to probe for support
// (and asserts that it succeeds), so only real requests fail.
int sync_file_range(int fd, off64_t offset, off64_t nbytes, unsigned int flags) {
  static auto real = Next<int (*)(int, off64_t, off64_t, unsigned int)>("sync_file_range");
  if (flags != 0 && SyncFails("sync_file_range", fd)) return -1;
  return real(fd, offset, nbytes, flags);
}

}  // extern "C"

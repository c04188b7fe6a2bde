// The archive's single-writer lock: an flock() on `dir`/LOCK that records the
// holder's pid and host, so that a second writer can name it.
#ifndef MORGUE_STORAGE_LOCK_H_
#define MORGUE_STORAGE_LOCK_H_

#include <string>

namespace morgue {

class WriteLock {
 public:
  // Takes the lock or throws Error(kLocked) naming the holder, at once.
  explicit WriteLock(const std::string& dir);
  ~WriteLock();
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace morgue

#endif  // MORGUE_STORAGE_LOCK_H_

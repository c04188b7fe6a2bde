// The archive's commit counter: the file COMMITS in the archive directory,
// an 8-byte count memory-mapped by every process that has the archive open.
// The writer bumps it after each commit of the index (and of a saved query);
// a reader compares it with the count its snapshot was opened at when a read
// starts: a memory load, no system call, so a read always starts on the
// latest commit at no cost (Xapian alone keeps an open database on its
// revision until it is reopened, which reads a file per shard).
//
// Thread safety: Load and Bump may be called from any thread and process.
#ifndef MORGUE_STORAGE_COMMIT_COUNTER_H_
#define MORGUE_STORAGE_COMMIT_COUNTER_H_

#include <cstdint>
#include <optional>
#include <string>

namespace morgue {

class CommitCounter {
 public:
  // Maps DIR/COMMITS, created when absent (a count of 0; never through a
  // symbolic link). The writer's (`writable`) throws Error(kIO) when it
  // cannot; a reader's maps it read-only and, when it cannot (a read-only
  // file system, a file that is not a counter), maps nothing: Load then
  // gives nullopt.
  CommitCounter(const std::string& dir, bool writable);
  ~CommitCounter();
  CommitCounter(const CommitCounter&) = delete;
  CommitCounter& operator=(const CommitCounter&) = delete;

  // The count; nullopt when nothing is mapped.
  std::optional<uint64_t> Load() const;
  // Adds one (the writer's counter only).
  void Bump();

 private:
  uint64_t* count_ = nullptr;  // the mapped 8 bytes
};

}  // namespace morgue

#endif  // MORGUE_STORAGE_COMMIT_COUNTER_H_

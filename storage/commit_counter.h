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

  // The count; nullopt when nothing is mapped. Odd while the writer is
  // committing (between BeginCommit and EndCommit): a reader cannot then
  // tell from the count whether its snapshot is the latest, and asks Xapian.
  std::optional<uint64_t> Load() const;
  // A commit made, seen whole: adds two (the writer's counter only).
  void Bump();
  // Around a commit whose parts (the shards) readers may see one by one:
  // the count is odd from BeginCommit to EndCommit (each adds one). Without
  // it, a reader that found the count unchanged kept its older snapshot
  // while another, opened meanwhile, already saw the new shards: `morgue
  // serve` counted an article on one worker and said 404 for it on another.
  void BeginCommit();
  void EndCommit();
  // A writer opening the archive: ends a commit a killed writer began
  // (makes the count even), then Bump.
  void Recover();
  // BeginCommit now, EndCommit when it ends (also by an exception).
  class Window {
   public:
    explicit Window(CommitCounter& counter) : counter_(counter) { counter_.BeginCommit(); }
    ~Window() { counter_.EndCommit(); }
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

   private:
    CommitCounter& counter_;
  };

 private:
  uint64_t* count_ = nullptr;  // the mapped 8 bytes
};

}  // namespace morgue

#endif  // MORGUE_STORAGE_COMMIT_COUNTER_H_

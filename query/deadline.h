// A point in time a request must be answered by (SearchRequest::time_limit_ms),
// and a filter that ends a Xapian match when it passes. Internal header.
#ifndef MORGUE_QUERY_DEADLINE_H_
#define MORGUE_QUERY_DEADLINE_H_

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace morgue {

// Thrown by work that checks a deadline and finds it passed; the caller
// turns it into a message saying what was being done (never crosses the API).
struct DeadlinePassed {};

class Deadline {
 public:
  // No deadline: Passed() is always false.
  Deadline() = default;
  // `ms` milliseconds from now; 0: none.
  explicit Deadline(uint64_t ms);

  bool IsSet() const { return ms_ != 0; }
  uint64_t Milliseconds() const { return ms_; }
  bool Passed() const { return ms_ && std::chrono::steady_clock::now() >= at_; }
  // True when at least `us` microseconds are left (always without a deadline).
  bool Leaves(uint64_t us) const {
    return !ms_ || std::chrono::steady_clock::now() + std::chrono::microseconds(us) < at_;
  }
  // Throws DeadlinePassed when Passed().
  void Check() const {
    if (Passed()) throw DeadlinePassed{};
  }

  // Throws Error(kLimit) saying that preparing the query (expanding
  // `expansions` wildcards and stems so far, into `terms` terms) took, or
  // would take, longer than the limit.
  [[noreturn]] void FailPreparing(uint64_t expansions, uint64_t terms) const;

 private:
  uint64_t ms_ = 0;
  std::chrono::steady_clock::time_point at_{};
};

// Every document of the database, with no weight, until the deadline
// passes; then none: a match filtered by it ends (within a few documents)
// when the deadline passes. `stopped` is set when it did end one early.
// Xapian's own Enquire::set_time_limit only stops counting matches beyond
// those it needs for the page, which can be every match (a broad OR).
class DeadlineSource : public Xapian::PostingSource {
 public:
  DeadlineSource(Deadline deadline, std::shared_ptr<std::atomic<bool>> stopped);

  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return last_; }
  Xapian::doccount get_termfreq_max() const override { return last_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_end_; }
  Xapian::docid get_docid() const override { return docid_; }
  void init(const Xapian::Database& db) override;
  DeadlineSource* clone() const override;
  std::string get_description() const override { return "DeadlineSource"; }

 private:
  // Moves to `did` unless the database or the time ran out.
  void MoveTo(Xapian::docid did);

  Deadline deadline_;
  std::shared_ptr<std::atomic<bool>> stopped_;
  Xapian::docid last_ = 0;
  Xapian::docid docid_ = 0;
  bool at_end_ = false;
  unsigned calls_ = 0;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_DEADLINE_H_

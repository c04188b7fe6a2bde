// A posting source matching docids 1..last of each database it is
// initialised on, `last` chosen by the subclass's init() (Xapian calls
// init() once per sub-database of a combined database). Docids of deleted
// documents are matched too: use it as a filter of a query that matches only
// existing documents.
#ifndef MORGUE_QUERY_DOCID_RANGE_H_
#define MORGUE_QUERY_DOCID_RANGE_H_

#include <xapian.h>

#include <algorithm>

namespace morgue {

class DocidRange : public Xapian::PostingSource {
 public:
  Xapian::doccount get_termfreq_min() const override { return min_; }
  Xapian::doccount get_termfreq_est() const override { return count_; }
  Xapian::doccount get_termfreq_max() const override { return count_; }
  void next(double) override { ++did_; }
  void skip_to(Xapian::docid did, double) override { did_ = std::max(did_, did); }
  bool check(Xapian::docid did, double) override {
    did_ = did;
    return true;
  }
  bool at_end() const override { return did_ > last_; }
  Xapian::docid get_docid() const override { return did_; }

 protected:
  // For init(): match docids 1..last, `count` documents at most and `min` at
  // least.
  void Reset(Xapian::docid last, Xapian::doccount count, Xapian::doccount min) {
    last_ = last;
    count_ = count;
    min_ = min;
    did_ = 0;
  }

 private:
  Xapian::docid last_ = 0, did_ = 0;
  Xapian::doccount count_ = 0, min_ = 0;
};

}  // namespace morgue

#endif  // MORGUE_QUERY_DOCID_RANGE_H_

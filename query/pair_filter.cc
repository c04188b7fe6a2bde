#include "query/pair_filter.h"

#include <algorithm>
#include <optional>

#include "query/docid_range.h"

namespace morgue {

namespace {

// Every docid of a shard below its first docid carrying pair terms of
// `words` (all of its docids when it carries none, or others).
class PairlessDocs : public DocidRange {
 public:
  explicit PairlessDocs(std::string words) : words_(std::move(words)) {}

  void init(const Xapian::Database& db) override {
    std::optional<PairsMark> mark = ParsePairsMark(db.get_metadata(kPairsKey));
    Xapian::docid below = db.get_lastdocid() + 1;
    if (mark && mark->words.Joined() == words_) below = std::min(below, mark->from);
    Reset(below - 1, std::min<Xapian::doccount>(below - 1, db.get_doccount()), 0);
  }
  PairlessDocs* clone() const override { return new PairlessDocs(words_); }
  std::string name() const override { return "morgue.PairlessDocs"; }
  std::string get_description() const override { return "articles without pair terms"; }
  std::string serialise() const override { return words_; }
  PairlessDocs* unserialise(const std::string& s) const override { return new PairlessDocs(s); }

 private:
  std::string words_;
};

}  // namespace

Xapian::Query PhrasePairFilter(const PairWords& pairs, const std::vector<std::string>& words) {
  if (pairs.empty()) return Xapian::Query();
  std::vector<Xapian::Query> terms;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (pairs.Contains(words[i]) && pairs.Contains(words[i + 1])) {
      terms.emplace_back(PairTerm(words[i], words[i + 1]));
    }
  }
  if (terms.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR,
                       Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()),
                       Xapian::Query((new PairlessDocs(pairs.Joined()))->release()));
}

const Xapian::Registry& QueryRegistry() {
  static const Xapian::Registry registry = [] {
    Xapian::Registry r;
    r.register_posting_source(PairlessDocs(""));
    return r;
  }();
  return registry;
}

}  // namespace morgue

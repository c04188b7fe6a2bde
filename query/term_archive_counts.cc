#include "query/term_archive_counts.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "indexer/shard_layout.h"
#include "query/counted_matches.h"
#include "query/docid_range.h"
#include "query/selection.h"

namespace morgue {

namespace {

// The archive's sample is drawn in an order of its own, not the matches'
// (SampleKey with the seed as given).
constexpr uint64_t kArchiveSampleSalt = 0x6172636869766521ULL;  // "archive!"
// The archive's sample is of blocks of this many consecutive docids of a
// shard: a phrase match filtered by a block checks the positions of the
// articles in it alone, where one filtered by docids scattered one by one
// checks those between them too (as costly as no sample at all).
constexpr uint64_t kSampleBlock = 32;

// Docids 1..last of the shard it is matched on.
class TermsBelowMark : public DocidRange {
 public:
  explicit TermsBelowMark(Xapian::docid last) : last_(last) {}
  void init(const Xapian::Database& db) override {
    Reset(last_, std::min<Xapian::doccount>(last_, db.get_doccount()), 0);
  }
  TermsBelowMark* clone() const override { return new TermsBelowMark(last_); }
  std::string get_description() const override { return "articles below the pair mark"; }

 private:
  Xapian::docid last_;
};

// The docids of sorted, disjoint ranges [first, last] (which must outlive
// the match). Deleted documents' docids too: a filter of a query that
// matches existing documents only.
class SampledBlocks : public Xapian::PostingSource {
 public:
  using Ranges = std::vector<std::pair<Xapian::docid, Xapian::docid>>;
  explicit SampledBlocks(const Ranges& ranges) : ranges_(ranges) {
    for (const auto& [first, last] : ranges_) size_ += last - first + 1;
  }
  void init(const Xapian::Database& /*db*/) override {
    range_ = 0;
    did_ = 0;
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return size_; }
  Xapian::doccount get_termfreq_max() const override { return size_; }
  void next(double /*min_wt*/) override { Move(did_ + 1); }
  void skip_to(Xapian::docid did, double /*min_wt*/) override { Move(std::max(did, did_)); }
  bool at_end() const override { return range_ >= ranges_.size(); }
  Xapian::docid get_docid() const override { return did_; }
  SampledBlocks* clone() const override { return new SampledBlocks(ranges_); }
  std::string get_description() const override { return "sampled blocks of articles"; }

 private:
  // To the first docid >= did in a range.
  void Move(Xapian::docid did) {
    while (range_ < ranges_.size() && ranges_[range_].second < did) ++range_;
    if (range_ < ranges_.size()) did_ = std::max(did, ranges_[range_].first);
  }
  const Ranges& ranges_;
  Xapian::doccount size_ = 0;
  size_t range_ = 0;
  Xapian::docid did_ = 0;
};

uint64_t ShardSum(const std::vector<uint64_t>& v) {
  uint64_t n = 0;
  for (uint64_t x : v) n += x;
  return n;
}

}  // namespace

TermArchiveCounts::TermArchiveCounts(const Xapian::Database& db, const ShardView& view,
                                     Options options)
    : db_(db), view_(view), options_(std::move(options)), archive_(db.get_doccount()) {
  const auto& shards = *view_.shards;
  marks_.resize(shards.size());
  if (!options_.prefix.empty()) return;  // pair terms are of body words only
  for (size_t s = 0; s < shards.size(); ++s) {
    std::optional<PairsMark> mark = ParsePairsMark(shards[s].get_metadata(kPairsKey));
    if (mark && !mark->words.empty()) marks_[s] = std::move(mark);
  }
}

TermArchiveCounts::Words TermArchiveCounts::Split(const std::string& phrase) {
  const size_t space = phrase.find(' ');
  return {phrase.substr(0, space), phrase.substr(space + 1)};
}

bool TermArchiveCounts::Covered(size_t s, const Words& w) const {
  return marks_[s] && marks_[s]->words.Contains(w.first) && marks_[s]->words.Contains(w.second);
}

Xapian::Query TermArchiveCounts::PhraseQuery(const Words& w) const {
  const Xapian::Query parts[] = {Xapian::Query(options_.prefix + w.first),
                                 Xapian::Query(options_.prefix + w.second)};
  return Xapian::Query(Xapian::Query::OP_PHRASE, std::begin(parts), std::end(parts), 2);
}

TermArchiveCounts::Count TermArchiveCounts::Least(const std::string& term, bool phrase) {
  if (!phrase) return Get(term, false);
  if (auto it = phrases_.find(term); it != phrases_.end()) return it->second;
  auto [it, fresh] = least_.try_emplace(term);
  if (!fresh) return it->second;
  const Words w = Split(term);
  const std::string pair = PairTerm(w.first, w.second);
  const auto& shards = *view_.shards;
  // An article carrying the pair term holds the phrase, below a mark too.
  for (size_t s = 0; s < shards.size(); ++s) {
    if (Covered(s, w)) it->second.n += shards[s].get_termfreq(pair);
  }
  it->second.exact = false;
  return it->second;
}

TermArchiveCounts::Count TermArchiveCounts::Get(const std::string& term, bool phrase) {
  auto& cache = phrase ? phrases_ : words_;
  auto [it, fresh] = cache.try_emplace(term);
  if (!fresh) return it->second;
  if (!phrase) {
    it->second.n = db_.get_termfreq(options_.prefix + term);
    return it->second;
  }
  const Words w = Split(term);
  if (CountExactly(w)) {
    it->second.n = Exact(w);
  } else {
    it->second.n = Estimate(w);
    it->second.exact = false;
  }
  return it->second;
}

uint64_t TermArchiveCounts::Below(size_t s, const std::string& word) {
  auto [it, fresh] = below_.try_emplace(std::to_string(s) + ' ' + word, 0);
  if (!fresh) return it->second;
  const Xapian::Database& shard = (*view_.shards)[s];
  const std::string term = options_.prefix + word;
  for (auto p = shard.postlist_begin(term); p != shard.postlist_end(term) && *p < marks_[s]->from;
       ++p) {
    ++it->second;
  }
  return it->second;
}

bool TermArchiveCounts::CountExactly(const Words& w) {
  if (archive_ <= options_.archive_sample) return true;
  const auto& shards = *view_.shards;
  uint64_t exact = 0, sampled = 0;
  for (size_t s = 0; s < shards.size(); ++s) {
    const uint64_t both = std::min(shards[s].get_termfreq(options_.prefix + w.first),
                                   shards[s].get_termfreq(options_.prefix + w.second));
    sampled += both;
    exact += Covered(s, w) ? std::min(Below(s, w.first), Below(s, w.second)) : both;
  }
  // What a phrase match over the sample checks: that share of the articles.
  // An estimate is worth its error only when it saves at least half.
  sampled = static_cast<uint64_t>(static_cast<double>(sampled) *
                                  static_cast<double>(options_.archive_sample) /
                                  static_cast<double>(archive_));
  return exact <= std::max(options_.phrase_match_limit, 2 * sampled);
}

uint64_t TermArchiveCounts::Exact(const Words& w) {
  const auto& shards = *view_.shards;
  std::vector<uint64_t> counts(shards.size());
  ForEachShard(view_, [&](size_t s) {
    const Xapian::Database& shard = shards[s];
    const Xapian::Query phrase = PhraseQuery(w);
    if (!Covered(s, w)) {
      counts[s] = RunExactMatch(shard, phrase, {});
      return;
    }
    // Every article from the mark on carries the pair term exactly when it
    // holds the phrase; below the mark, the phrase decides (an article
    // rewritten since may carry the term too: counted there, not twice).
    const std::string pair = PairTerm(w.first, w.second);
    const Xapian::docid from = marks_[s]->from;
    uint64_t n = shard.get_termfreq(pair);
    for (auto p = shard.postlist_begin(pair); p != shard.postlist_end(pair) && *p < from; ++p) --n;
    if (from > 1) {
      n += RunExactMatch(shard,
                         Xapian::Query(Xapian::Query::OP_FILTER, phrase,
                                       Xapian::Query((new TermsBelowMark(from - 1))->release())),
                         {});
    }
    counts[s] = n;
  });
  return ShardSum(counts);
}

uint64_t TermArchiveCounts::Estimate(const Words& w) {
  DrawSample();
  estimated_ = true;
  const auto& shards = *view_.shards;
  std::vector<uint64_t> counts(shards.size());
  ForEachShard(view_, [&](size_t s) {
    if (sample_[s].empty()) return;
    counts[s] =
        RunExactMatch(shards[s],
                      Xapian::Query(Xapian::Query::OP_FILTER, PhraseQuery(w),
                                    Xapian::Query((new SampledBlocks(sample_[s]))->release())),
                      {});
  });
  // Scaled to the archive, to the nearest article.
  return static_cast<uint64_t>(
      std::llround(static_cast<double>(ShardSum(counts)) * static_cast<double>(archive_) /
                   static_cast<double>(sample_size_)));
}

void TermArchiveCounts::DrawSample() {
  if (drawn_) return;
  drawn_ = true;
  const auto& shards = *view_.shards;
  // Each block of kSampleBlock local docids of each shard, with the articles
  // it holds, in the seeded order.
  struct Block {
    uint64_t key;
    uint32_t shard;
    Xapian::docid first;
    uint64_t articles;
  };
  std::vector<Block> blocks;
  const uint64_t seed = options_.seed ^ kArchiveSampleSalt;
  for (size_t s = 0; s < shards.size(); ++s) {
    const size_t start = blocks.size();
    for (auto p = shards[s].postlist_begin(""); p != shards[s].postlist_end(""); ++p) {
      const uint64_t b = (*p - 1) / kSampleBlock;
      while (blocks.size() - start <= b) {
        const uint64_t n = blocks.size() - start;
        blocks.push_back({SampleKey(seed, n * 64 + s), static_cast<uint32_t>(s),
                          static_cast<Xapian::docid>(n * kSampleBlock + 1), 0});
      }
      ++blocks[start + b].articles;
    }
  }
  std::sort(blocks.begin(), blocks.end(),
            [](const Block& a, const Block& b) { return a.key < b.key; });
  sample_.assign(shards.size(), {});
  sample_size_ = 0;
  for (const Block& b : blocks) {
    if (sample_size_ >= options_.archive_sample) break;
    if (b.articles == 0) continue;
    sample_[b.shard].emplace_back(b.first, b.first + kSampleBlock - 1);
    sample_size_ += b.articles;
  }
  for (auto& ranges : sample_) std::sort(ranges.begin(), ranges.end());
}

}  // namespace morgue

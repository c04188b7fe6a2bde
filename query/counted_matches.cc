#include "query/counted_matches.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "indexer/document.h"
#include "indexer/shard_layout.h"
#include "query/random_order.h"
#include "query/selection.h"

namespace morgue {

namespace {

// One shard's matches, by what their fingerprint is: 8 bytes (as the indexer
// writes them: ContentFingerprint), none (each is its own group), or other
// bytes (not written by morgue; compared as strings).
struct ShardMatches {
  uint64_t total = 0;
  std::vector<std::pair<uint64_t, uint64_t>> keyed;  // (fingerprint, global docid), sorted
  std::vector<uint64_t> alone;                       // global docids
  std::vector<std::pair<std::string, uint64_t>> odd;
};

uint64_t BigEndian64(const std::string& bytes) {
  uint64_t v = 0;
  for (unsigned char c : bytes) v = (v << 8) | c;
  return v;
}

ShardMatches MatchShard(const Xapian::Database& shard, const Xapian::Query& query, bool collapse,
                        ShardLayout layout, size_t s) {
  DocidSpy spy;
  ShardMatches out;
  out.total = RunExactMatch(shard, query, {&spy});
  std::vector<Xapian::docid>& docids = spy.docids;
  if (!std::is_sorted(docids.begin(), docids.end())) std::sort(docids.begin(), docids.end());
  auto global = [&](Xapian::docid local) { return layout.GlobalOf(local, s); };
  if (!collapse) {
    out.alone.reserve(docids.size());
    for (Xapian::docid d : docids) out.alone.push_back(global(d));
    return out;
  }
  out.keyed.reserve(docids.size());
  Xapian::ValueIterator v = shard.valuestream_begin(kSlotFingerprint);
  const Xapian::ValueIterator end = shard.valuestream_end(kSlotFingerprint);
  for (Xapian::docid d : docids) {
    if (v != end) v.skip_to(d);
    if (v == end || v.get_docid() != d) {
      out.alone.push_back(global(d));
      continue;
    }
    const std::string value = *v;
    if (value.size() == 8) {
      out.keyed.emplace_back(BigEndian64(value), global(d));
    } else if (value.empty()) {
      out.alone.push_back(global(d));
    } else {
      out.odd.emplace_back(value, global(d));
    }
  }
  std::sort(out.keyed.begin(), out.keyed.end());
  return out;
}

// The first (lowest docid) of each run of equal keys of `sorted`.
template <typename Key>
void FirstOfEach(const std::vector<std::pair<Key, uint64_t>>& sorted, std::vector<uint64_t>& out) {
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i == 0 || sorted[i].first != sorted[i - 1].first) out.push_back(sorted[i].second);
  }
}

}  // namespace

uint64_t SampleKey(uint64_t seed, uint64_t docid) { return SplitMix64(seed ^ SplitMix64(docid)); }

CountedMatches SelectCountedMatches(const ShardView& view, const Xapian::Query& query,
                                    bool collapse, uint64_t sample, uint64_t seed, bool days) {
  const std::vector<Xapian::Database>& shards = *view.shards;
  const ShardLayout layout{shards.size()};
  std::vector<Xapian::Query> queries = QueryCopies(view, query);
  std::vector<ShardMatches> parts(shards.size());
  ForEachShard(view, [&](size_t s) {
    parts[s] = MatchShard(shards[s], queries[s], collapse, layout, s);
  });

  CountedMatches out;
  std::vector<std::pair<uint64_t, uint64_t>> keyed;
  std::vector<std::pair<std::string, uint64_t>> odd;
  std::vector<uint64_t>& counted = out.docids;
  for (ShardMatches& part : parts) {
    out.total += part.total;
    const auto middle = static_cast<std::ptrdiff_t>(keyed.size());
    keyed.insert(keyed.end(), part.keyed.begin(), part.keyed.end());
    std::inplace_merge(keyed.begin(), keyed.begin() + middle, keyed.end());
    part.keyed = {};
    counted.insert(counted.end(), part.alone.begin(), part.alone.end());
    std::move(part.odd.begin(), part.odd.end(), std::back_inserter(odd));
  }
  FirstOfEach(keyed, counted);
  keyed = {};
  std::sort(odd.begin(), odd.end());
  FirstOfEach(odd, counted);
  out.groups = counted.size();

  if (counted.size() > sample) {
    out.sampled = true;
    std::vector<std::pair<uint64_t, uint64_t>> order;  // (key, docid)
    order.reserve(counted.size());
    for (uint64_t d : counted) order.emplace_back(SampleKey(seed, d), d);
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(sample),
                     order.end());
    counted.clear();
    for (size_t i = 0; i < sample; ++i) counted.push_back(order[i].second);
  }
  std::sort(counted.begin(), counted.end());

  if (days) {
    // Each shard's counted articles, ascending (as the global docids are).
    std::vector<std::vector<size_t>> at(shards.size());
    for (size_t i = 0; i < counted.size(); ++i) at[layout.ShardOf(counted[i])].push_back(i);
    out.days.resize(counted.size());
    ForEachShard(view, [&](size_t s) {
      Xapian::ValueIterator v = shards[s].valuestream_begin(kSlotDay);
      const Xapian::ValueIterator end = shards[s].valuestream_end(kSlotDay);
      for (size_t i : at[s]) {
        const auto local = static_cast<Xapian::docid>(layout.LocalOf(counted[i]));
        if (v != end) v.skip_to(local);
        if (v != end && v.get_docid() == local) out.days[i] = *v;
      }
    });
  }
  return out;
}

}  // namespace morgue

#include "query/random_order.h"

#include <algorithm>

#include "indexer/shard_layout.h"

namespace morgue {

namespace {

struct Keyed {
  uint64_t key;
  uint64_t docid;
  bool operator<(const Keyed& other) const {
    return key != other.key ? key < other.key : docid < other.docid;
  }
};

}  // namespace

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t RandomKey(uint64_t seed, uint64_t docid) { return SplitMix64(SplitMix64(seed) ^ docid); }

RandomMatches FirstInRandomOrder(const ShardView& view, const Xapian::Query& query, uint64_t seed,
                                 uint64_t count) {
  const auto& shards = *view.shards;
  const size_t n = shards.size();
  std::vector<Xapian::Query> queries = QueryCopies(view, query);
  std::vector<std::vector<Keyed>> parts(n);
  ForEachShard(view, [&](size_t s) {
    DocidSpy spy;
    Xapian::Enquire enquire(shards[s]);
    enquire.set_query(queries[s]);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, shards[s].get_doccount());
    const ShardLayout layout{n};
    parts[s].reserve(spy.docids.size());
    for (Xapian::docid local : spy.docids) {
      const uint64_t docid = layout.GlobalOf(local, s);
      parts[s].push_back({RandomKey(seed, docid), docid});
    }
  });
  std::vector<Keyed> all;
  size_t size = 0;
  for (const auto& part : parts) size += part.size();
  all.reserve(size);
  for (auto& part : parts) {
    all.insert(all.end(), part.begin(), part.end());
    std::vector<Keyed>().swap(part);
  }
  RandomMatches out;
  out.total = all.size();
  const size_t keep = static_cast<size_t>(std::min<uint64_t>(count, all.size()));
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end());
  out.docids.reserve(keep);
  for (size_t i = 0; i < keep; ++i) out.docids.push_back(all[i].docid);
  return out;
}

}  // namespace morgue

// How an archive's docids spread over its index shards: the one place that
// says it. Shard s of n holds the docids d with (d - 1) % n == s, as local
// docid (d - 1) / n + 1, which is how Xapian interleaves the databases added
// to one (Database::add_database): searching all shards as one gives back d.
#ifndef MORGUE_INDEXER_SHARD_LAYOUT_H_
#define MORGUE_INDEXER_SHARD_LAYOUT_H_

#include <cstdint>

namespace morgue {

struct ShardLayout {
  uint64_t shards = 1;  // 1..64 (ArchiveOptions::shards)

  // The shard holding `docid` (>= 1).
  unsigned ShardOf(uint64_t docid) const { return static_cast<unsigned>((docid - 1) % shards); }
  // Its docid inside that shard.
  uint64_t LocalOf(uint64_t docid) const { return (docid - 1) / shards + 1; }
  // The archive's docid of local docid `local` (>= 1) of shard `shard`.
  uint64_t GlobalOf(uint64_t local, uint64_t shard) const {
    return (local - 1) * shards + shard + 1;
  }
};

}  // namespace morgue

#endif  // MORGUE_INDEXER_SHARD_LAYOUT_H_

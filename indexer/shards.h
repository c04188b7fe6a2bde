// The Xapian side of an archive: N shard databases written in parallel and
// searched as one (which shard holds which docid: indexer/shard_layout.h).
#ifndef MORGUE_INDEXER_SHARDS_H_
#define MORGUE_INDEXER_SHARDS_H_

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "indexer/word_pairs.h"
#include "morgue/archive.h"
#include "morgue/article.h"

namespace morgue {

inline constexpr char kAppliedKey[] = "morgue.applied";
// Counts the writes to the store alone (ShardWriter::MarkStoreChanged).
inline constexpr char kStoreChangedKey[] = "morgue.store-changed";

// On the first shard of a cluster's node: what the node is (NodeIdentity,
// storage/manifest.h), for the cluster's readers on other machines.
inline constexpr char kNodeKey[] = "morgue.node";

std::string ShardPath(const std::string& archive_dir, unsigned shard);

// " (index shard PATH is damaged; ...)" naming the first shard that cannot
// be opened on its own (with `deep`, also the first that fails Xapian's
// structure check: slow, for after a read failed), or "" when none does:
// error messages then say which part is damaged.
std::string DamagedShard(const std::string& archive_dir, unsigned shards, bool deep = false);

// Opens all shards read-only as one database; with `parts`, also each shard
// on its own (the same revisions: the one database is made of them).
Xapian::Database OpenShardsForReading(const std::string& archive_dir, unsigned shards,
                                      std::vector<Xapian::Database>* parts = nullptr);

// A change to the index: put `article` at docid, or delete docid.
struct IndexOp {
  uint64_t docid = 0;
  const Article* article = nullptr;  // nullptr: delete
  // The document's data (a cluster node's: the article as stored), or
  // nullptr for none.
  const std::string* data = nullptr;
};

class ShardWriter {
 public:
  // Opens (creating when `create`) the shard databases for writing.
  ShardWriter(const std::string& archive_dir, unsigned shards, bool create);
  ~ShardWriter();

  // The lowest operation-log sequence number every shard has applied.
  uint64_t applied() const;

  // Builds and writes the documents of `ops` (each shard on its own thread),
  // records `seq` as applied and commits every shard. Once the shards hold
  // `pairs_from` articles, documents carry word-pair terms
  // (indexer/word_pairs.h).
  void Apply(const std::vector<IndexOp>& ops, uint64_t seq);

  // The archive size from which documents carry pair terms (default
  // ArchiveOptions::pairs_from). Shards that have pair words keep them whatever this is.
  void set_pairs_from(uint64_t articles) { pairs_from_ = articles; }
  // Documents are written with all-fields terms (DocumentBuilder), as an
  // archive whose manifest says all_fields_terms needs. Default false.
  void set_all_fields(bool all_fields) { all_fields_ = all_fields; }
  // Written to the first shard's metadata (kNodeKey) at the next Apply
  // when it differs from what is there: a cluster node's identity. Empty
  // (the default): nothing written.
  void set_identity(std::string identity) { identity_ = std::move(identity); }
  // The pair words documents are written with (empty: none yet).
  const PairWords& pair_words() const { return pair_words_; }

  // Rewrites each shard compactly (xapian-compact), replacing it atomically.
  void Compact();

  // Commits the first shard with only a counter changed (kStoreChangedKey):
  // readers without a writer see a new revision and read the store anew, so
  // that a change kept in the store alone (a saved query) reaches them.
  void MarkStoreChanged();

 private:
  struct Shard;
  // Adopts the pair words a shard has, or chooses them once the shards are
  // large enough; marks each shard without them (in its next commit) with
  // the first docid that will carry them.
  void PreparePairs();

  std::string dir_;
  std::vector<std::unique_ptr<Shard>> shards_;
  uint64_t pairs_from_ = ArchiveOptions{}.pairs_from;
  bool all_fields_ = false;
  std::string identity_;
  PairWords pair_words_;
};

}  // namespace morgue

#endif  // MORGUE_INDEXER_SHARDS_H_

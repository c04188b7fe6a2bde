// Matches over an archive's shards, each shard on its own and all at once
// (ShardPool), with exact totals. Which shard holds which docid:
// indexer/shard_layout.h. Internal header.
#ifndef MORGUE_QUERY_SHARD_MATCH_H_
#define MORGUE_QUERY_SHARD_MATCH_H_

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "query/shard_pool.h"

namespace morgue {

class ValueColumns;  // query/value_columns.h

// The reader's shards and what helps match them.
struct ShardView {
  const std::vector<Xapian::Database>* shards = nullptr;  // in order; required
  ShardPool* pool = nullptr;                              // null: one shard after another
  ValueColumns* columns = nullptr;                        // null: values read at each match
  // For weighted matches at once: lane l is all the shards as one database
  // (lane 0 the reader's own, the others opened apart at the same revisions),
  // and matches only shards s with s % lanes == l (told apart by UUID: the
  // shards' must differ). Null: not at once.
  const std::vector<Xapian::Database>* lanes = nullptr;
  // A cluster (docs/distributed.md): the shards are its nodes, read
  // remotely, and this is all of them as one database. A count or tally
  // runs once on it (the nodes match at once), with Xapian's own match
  // spies only. Null: a local archive.
  const Xapian::Database* remote = nullptr;
};

// Restricts a match over all the shards as one database to those of `uuids`
// (a sub-database is told by its UUID): filter a query with it to match part
// of the archive while weighting with the statistics of the whole.
Xapian::Query OnlyShards(std::vector<std::string> uuids);

// Runs task(s) for every shard, at once where the view has a pool.
void ForEachShard(const ShardView& view, const std::function<void(size_t)>& task);

// One copy of `query` per shard of `view`. With a pool they are made by
// serialising it: a Xapian::Query is reference counted without atomics, so
// threads must not share one.
std::vector<Xapian::Query> QueryCopies(const ShardView& view, const Xapian::Query& query);

// The exact number of matches of `query` in each shard, and in all.
std::vector<uint64_t> CountsPerShard(const ShardView& view, const Xapian::Query& query);
uint64_t CountMatches(const ShardView& view, const Xapian::Query& query);

// The exact number of matches and the first `count` matching docids of the
// archive in docid order (Xapian stops early for an unweighted match in
// docid order on one database, not on several).
struct FirstMatches {
  uint64_t total = 0;
  std::vector<uint64_t> docids;
};
FirstMatches CountAndFirst(const ShardView& view, const Xapian::Query& query,
                           Xapian::doccount count);

// The order of TopMatches: by `weight` (ties by docid, as Xapian orders
// them), or with `by_value` by a value slot first (then by weight, then
// docid), as Enquire::set_sort_by_value_then_relevance(slot, descending).
struct MatchOrder {
  const Xapian::Weight* weight = nullptr;  // required
  bool by_value = false;
  Xapian::valueno slot = 0;
  bool descending = false;
};

// Makes `enquire` weight and order its matches as `order` says.
void SetOrder(Xapian::Enquire& enquire, const MatchOrder& order);

// The exact number of matches and the first `count` of the whole archive in
// `order`, each lane of the view matched at once; the weights are those of
// one match over all the shards. Requires view.lanes. Given `total` (the
// exact number of matches, counted apart: CountWithoutMatch,
// query/selection.h), the lanes stop where no other match can enter the
// first `count` (Xapian's max-weight bounds: the same hits and weights), and
// `total` is the result's.
struct TopHit {
  uint64_t docid;
  double weight;
  std::string sort_key;  // the slot's value when ordered by value
};
struct TopMatchesResult {
  uint64_t total = 0;
  std::vector<TopHit> hits;
};
TopMatchesResult TopMatches(const ShardView& view, const Xapian::Query& query,
                            const MatchOrder& order, Xapian::doccount count,
                            std::optional<uint64_t> total = std::nullopt);

}  // namespace morgue

#endif  // MORGUE_QUERY_SHARD_MATCH_H_

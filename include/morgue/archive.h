// An archive: one directory holding the articles (RocksDB, the source of
// truth), the search index (Xapian, derived) and a versioned manifest.
//
//   auto archive = morgue::Archive::Open("news.morgue", morgue::OpenMode::kCreate);
//   archive->Add(articles);                                  // durable on return
//   morgue::SearchRequest request;
//   request.query = "\"interest rates\" place:brazil";
//   morgue::SearchResult result = archive->Search(request);   // result.total is exact
//
// Thread safety: the const methods (Search, Count, Facets, Histogram, the
// side-by-side Histograms and Facets, Export,
// Similar, Get, Stats, ArticleCount) may be called from several threads at
// once on one Archive, and run at once (each call takes its own Xapian
// handles: a snapshot of the index kept for the next call). Writes (Add,
// Delete, Compact) must come from one thread at a time. One process at a time
// may open an archive for writing; any number may read it while it is written.
// The option, statistics and result structs are plain values.
//
// Errors: every method that can fail throws morgue::Error (morgue/error.h);
// no Xapian or RocksDB exception leaves the library. Any method that reads
// the archive may also throw kIO or kCorruption when its files are unreadable.
#ifndef MORGUE_ARCHIVE_H_
#define MORGUE_ARCHIVE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "morgue/article.h"
#include "morgue/export.h"
#include "morgue/research.h"
#include "morgue/search.h"

namespace morgue {

// How Archive::Open opens the directory.
enum class OpenMode {
  kReadOnly,   // the archive must exist
  kReadWrite,  // the archive must exist; takes the write lock
  kCreate,     // opens for writing, creating the archive if the directory is absent or empty
};

// How Archive::Open (and Repair) treat an archive, as LevelDB's Options:
// every field has its default here, and nowhere else.
struct ArchiveOptions {
  // -------- Affect the archive: stored in the manifest of a new archive,
  // ignored when the archive already exists.

  // The language of the articles (stemming), e.g. "en".
  std::string language = "en";
  // Number of index shards written in parallel (fixed at creation), 1..64;
  // Open throws Error(kInvalidArgument) for another value.
  unsigned shards = 2;
  // A node of a cluster (morgue/cluster.h, docs/distributed.md): node `node`
  // (1 to `nodes`) of `nodes`. Add then refuses an article NodeOf places on
  // another node, and each indexed document also holds the article, for
  // readers of the cluster on other machines. 0 / 0 (the default): an
  // archive of its own. Open throws Error(kInvalidArgument) for node 0 with
  // nodes > 0, node > nodes or nodes > kMaxNodes.
  unsigned node = 0;
  unsigned nodes = 0;

  // -------- Affect the answers: hold for this Open, are not stored.

  // A cluster only (ignored by an archive of its own): a node that cannot
  // be reached or does not answer within the cluster's timeouts, at Open or
  // at a read, is left out of the answers instead of failing them, and each
  // answer lists the nodes it leaves out (SearchResult::missing_nodes and
  // the like; Count, Export and Kwic through their `missing_nodes`
  // argument): its totals then count the other nodes' articles only. A
  // read that has no place to say so (Count, Export and Kwic without
  // `missing_nodes`) fails as without this; Get answers from the
  // article's node, and fails when it might be on a node left out. A node
  // in the wrong place, of another format or with other settings is still
  // an error, and so is a cluster none of whose nodes answers. Off by
  // default: an answer missing a node's articles is never given unasked.
  bool allow_partial = false;
  // With allow_partial: a node left out is tried again by the first read
  // that starts this many milliseconds after it was last tried (0: by every
  // read), so that a long-lived reader (`morgue serve`) uses it again once
  // it is back. Each try of a node that still does not answer costs up to
  // the cluster's timeouts.
  unsigned retry_missing_ms = 5000;

  // -------- Affect performance only, never an answer; hold for this Open
  // (or Repair), are not stored.

  // Archives of this many articles or more match their shards on several
  // threads at once (one per core, at most one per shard). Below it a match
  // takes a few hundred microseconds and waking threads costs more than it
  // saves (Reuters-21578, 21,578 articles: entity filters 62 -> 115 us at
  // p50; docs/performance-log.md). 0: always; UINT64_MAX: never.
  uint64_t shards_at_once_from = 100'000;
  // Once the index holds this many articles, documents also get word-pair
  // terms, which make phrases of common words fast (docs/index-format.md).
  // Smaller archives do without: their phrases cost little (~2 ms p95 at
  // 100,000 articles). Shards that have pair terms keep them, whatever this says.
  uint64_t pairs_from = 100'000;
  // A cluster only: an export in date order (newest, oldest) reads its
  // matches a window of whole days at a time, each window holding at most
  // this many of the cluster's articles (a day holding more is a window of
  // its own; the undated articles are one window), so that the client holds
  // one window's matches, not every match (docs/distributed.md, "How a read runs").
  // 0 is taken as 1. An export by relevance holds every match's docid.
  uint64_t export_window = 100'000;
};

// What one Add() did.
struct AddStats {
  uint64_t added = 0;      // new articles
  uint64_t replaced = 0;   // same source and id, different content
  uint64_t unchanged = 0;  // same source and id, same content: nothing written
  // Articles of the batch that a later one with the same source and id in
  // the same batch replaced before anything was written (the last one wins).
  uint64_t superseded = 0;
  // AddShare: articles of the batch that NodeOf gives other nodes (not added).
  uint64_t other_nodes = 0;
};

// What `morgue stats` reports. On a cluster (nodes > 0) the counts, dates
// and top values are the whole cluster's, node_articles each node's; its
// stores and files are on the nodes, out of a cluster reader's reach:
// shards, quarantined and the byte counts are 0 there, not known (morgue
// stats on each node says them).
struct ArchiveStats {
  int format_version = 0;
  std::string language;
  unsigned shards = 0;
  unsigned nodes = 0;                   // a cluster's nodes; 0 for an archive
  std::vector<uint64_t> node_articles;  // a cluster's: node k's at k - 1
  // A cluster read partially (ArchiveOptions::allow_partial): the nodes
  // left out, as SearchResult::missing_nodes; every count is then of the
  // other nodes' articles (a node left out has 0 in node_articles).
  std::vector<std::string> missing_nodes;
  uint64_t articles = 0;
  std::optional<Timestamp> first;  // earliest publication date
  std::optional<Timestamp> last;   // latest publication date
  uint64_t undated = 0;
  uint64_t quarantined = 0;  // stored articles not searchable (CheckReport::quarantined)
  uint64_t store_bytes = 0;  // RocksDB: articles, id map, log
  uint64_t index_bytes = 0;  // Xapian shards
  uint64_t total_bytes = 0;  // the whole directory
  std::vector<FacetCount> top_sources, top_sections, top_persons, top_orgs, top_places;
};

// The most requests Archive::HistogramsSideBySide and FacetsSideBySide
// compare at once (and the most values HistogramSplit shows).
inline constexpr size_t kMaxSideBySide = 100;

// The most bins HistogramsSideBySide makes, all results together (each
// interval counted once per request): about 100 MB of results.
inline constexpr uint64_t kMaxSideBySideBins = 1000000;

// Archive::HistogramSplit's answer.
struct SplitHistograms {
  uint64_t total = 0;               // matching articles
  std::vector<std::string> values;  // the values shown, most matches first
  // series[i]: the matches with values[i], over the same bins as every other.
  std::vector<HistogramResult> series;
  // The matches with none of `values` (over the same bins): with a field
  // of one value per article (source, section), total = the series' totals
  // + outside.total; an article may have several places.
  HistogramResult outside;
  // The nodes left out, as FacetResult::missing_nodes (each series and
  // `outside` list them too).
  std::vector<std::string> missing_nodes;
};

// What Archive::Check found. Problems are readable sentences, the first
// 100 of each kind listed (the counts are always complete).
struct CheckReport {
  uint64_t articles = 0;            // articles in the store
  uint64_t ids = 0;                 // entries in the store's id map
  uint64_t documents = 0;           // documents in the search index
  uint64_t pending = 0;             // logged operations the index has not applied yet
  uint64_t missing_from_index = 0;  // stored articles the index lacks (or holds under another id)
  uint64_t missing_from_store = 0;  // indexed docids with no stored article
  uint64_t dangling_ids = 0;        // id map entries naming no article, or another one
  uint64_t undecodable = 0;         // stored articles that fail to decode
  // Stored articles the index refused (logged by an older morgue with a value
  // too long for the index): kept, not searchable, listed as problems.
  uint64_t quarantined = 0;
  // Stretches of the store that cannot be read (damaged blocks), and the
  // articles the id map names in them (Salvage copies everything else).
  uint64_t unreadable = 0;
  uint64_t lost = 0;
  // The store itself is damaged (cannot be opened or read, fails its
  // checksums, holds undecodable articles): Repair, which rebuilds the index
  // from the store, cannot mend that; restore a backup.
  bool store_damaged = false;
  // Saved queries (Archive::SaveQuery) in the store; each that no longer
  // parses (a name it uses was deleted, or it is no query to this morgue)
  // is a problem.
  uint64_t saved_queries = 0;
  std::vector<std::string> problems;  // empty: the archive is consistent
  bool ok() const { return problems.empty(); }
};

// What Archive::Repair did.
struct RepairReport {
  uint64_t articles = 0;  // articles re-indexed from the store
  double seconds = 0;
};

// What Archive::Salvage did.
struct SalvageReport {
  uint64_t copied = 0;            // articles copied into the new archive
  uint64_t unreadable = 0;        // stretches of the store that could not be read
  uint64_t lost_known = 0;        // articles the id map names in those stretches
  uint64_t not_copied = 0;        // articles read but not copied (undecodable, refused)
  uint64_t changed = 0;           // copied undated: a date outside the years this morgue reads
  bool manifest_damaged = false;  // the new archive took default settings
  // Readable sentences: each unreadable stretch (docids, table file), then
  // each article known lost or not copied ("source/id (docid N)"), the first
  // 1000 of each kind (the counts are complete).
  std::vector<std::string> lost;
  double seconds = 0;
};

// A named query kept in the archive: `@name` in any query stands for it.
struct SavedQuery {
  std::string name;
  std::string query;
};

// Archive::Node.
struct NodeInfo {
  unsigned node = 0;
  unsigned nodes = 0;
};

// An open archive. Obtained from Open, released by destroying it (which
// releases the write lock).
class MORGUE_EXPORT Archive {
 public:
  // Opens the archive in `dir`. Throws Error with kNotFound (no such directory),
  // kNotAnArchive (a directory without a manifest; with kCreate, one that is
  // not empty: nothing in it is touched), kVersion (a format this build cannot
  // read, or an older one whose index must first be rebuilt by Repair: the
  // message says to run `morgue repair DIR`; nothing is written), kLocked (another process is
  // writing; the message names its pid and host), kInvalidArgument (kCreate with a bad shard count
  // or an unknown language), kCorruption (a damaged manifest, store or shard, named) or kIO.
  // kCreate builds the archive beside `dir` and renames it into place (or,
  // where that cannot be done, builds it inside the empty `dir`, the manifest
  // last): `dir` is an archive only once it is whole. On success the archive
  // is ready: with a writable mode, a write interrupted by a crash has been
  // finished.
  static std::unique_ptr<Archive> Open(const std::string& dir, OpenMode mode,
                                       const ArchiveOptions& options = {});
  // Closes the archive and releases the write lock. Never throws.
  ~Archive();
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Analyses the articles (quotes, entities), stores and indexes them, and
  // commits: when Add returns, every article is durable, searchable and
  // retrievable. An article with the source and id of a stored one replaces
  // it. Every article is checked before anything is written: the batch is
  // refused whole with Error(kInvalidArgument) naming the first article that
  // ArticleProblem refuses (no id or source, an id that is not text, a value
  // longer than its limit) or that the index could not take
  // (Error::record() is its 1-based place in the batch). Also
  // kInvalidArgument on a read-only archive; kIO on a failed write, after
  // which the archive still holds everything committed before.
  AddStats Add(std::vector<Article> articles);

  // On a cluster's node (ArchiveOptions::node): adds those of `articles`
  // that NodeOf gives this node, as Add does, and counts the others
  // (AddStats::other_nodes; of those only the source and id are read). Every
  // node given the same articles in the same order (what `morgue index
  // --node` does) numbers its own by their place among all of them, so that
  // the cluster orders matches of equal score or date as one archive given
  // the same articles does: by when each article was first added
  // (docs/distributed.md). Throws as Add (Error::record() is the place in
  // `articles`; ArticleProblem is asked of every article, the other nodes'
  // too, so that every node takes or refuses a batch alike), and
  // Error(kInvalidArgument) on an archive that is not a node.
  AddStats AddShare(std::vector<Article> articles);

  // Deletes an article; when it returns true the deletion is durable and
  // searches no longer find it. Returns false when there is none with that
  // source and id. Throws Error(kInvalidArgument) on a read-only archive,
  // kIO on a failed write (the article then stays).
  bool Delete(const std::string& source, const std::string& id);

  // Returns the hits request.offset .. offset + limit in request.sort order
  // and the exact total. Throws Error(kQuerySyntax) with the position of a bad
  // query (Error::position); kQuerySyntax too for a bad from / to date or a
  // from after to (the message names --from / --to, the position is within
  // that value); kLimit when a wildcard matches too many words.
  SearchResult Search(const SearchRequest& request) const;

  // The exact number of articles matching request.query / from / to (sort,
  // limit and snippets are ignored). Throws as Search does.
  uint64_t Count(const SearchRequest& request) const;
  // The same on a cluster opened with ArchiveOptions::allow_partial: sets
  // *missing_nodes to the nodes the count leaves out (empty: none, the
  // count is exact).
  uint64_t Count(const SearchRequest& request, std::vector<std::string>* missing_nodes) const;

  // Exact counts of matching articles per value of `by`, the `top` largest
  // (0: all). Throws as Search does.
  FacetResult Facets(const SearchRequest& request, FacetField by, size_t top) const;

  // Exact counts of matching articles per interval. Throws as Search does.
  HistogramResult Histogram(const SearchRequest& request, Interval by) const;

  // Histograms of several requests side by side, on one snapshot of the
  // index, over ONE span of intervals: every result has the same bins (the
  // same labels and starts, in order). The span is the union of the spans
  // Histogram gives each request, except that a request without a dated
  // match adds only the dates it asks for (from / to); when no request has
  // one, the union of Histogram's spans. Each result's bin is exactly
  // Histogram's for that request and interval: count its matches there,
  // `all` the archive's articles there within the request's from / to (so a
  // bin beyond them has count 0, all 0 and no share; a bin where the request
  // simply has no match, count 0 and share 0). total and undated as
  // Histogram's. Throws as Histogram does (kLimit when the union span needs
  // more than kMaxHistogramIntervals intervals, or the results together more
  // than kMaxSideBySideBins bins); kInvalidArgument for no request, kLimit
  // for more than kMaxSideBySide.
  std::vector<HistogramResult> HistogramsSideBySide(const std::vector<SearchRequest>& requests,
                                                    Interval by) const;

  // One histogram per value of `field` among request's matches, on one
  // snapshot: the `top` values with the most matches (Facets' order), each
  // series `request` AND that value, exact, side by side as
  // HistogramsSideBySide makes them; and the matches with none of these
  // values, so nothing is left out unsaid. Throws as Histogram does;
  // kInvalidArgument for top 0 or above kMaxSideBySide.
  SplitHistograms HistogramSplit(const SearchRequest& request, FacetField field, size_t top,
                                 Interval by) const;

  // Facets of several requests side by side, on one snapshot: the values
  // shown are the union of each request's `top` largest (0: every value),
  // and every result lists them all, in the same order (by the count summed
  // over the requests, descending, then by value), each with its exact count
  // in that request (0 when it has none), so a value in one request's top
  // but not another's still has its count there. Throws as Facets does;
  // kInvalidArgument for no request, kLimit for more than kMaxSideBySide.
  std::vector<FacetResult> FacetsSideBySide(const std::vector<SearchRequest>& requests,
                                            FacetField by, size_t top) const;

  // Calls `fn` with every matching article, in request.sort order (ignoring
  // limit and offset), holding only a page of articles in memory at a time.
  // `fn` returns false to stop early. Returns the number of articles passed.
  // Throws as Search does; an exception thrown by `fn` stops the export and
  // propagates unchanged.
  uint64_t Export(const SearchRequest& request,
                  const std::function<bool(const Article&)>& fn) const;
  // The same on a cluster opened with ArchiveOptions::allow_partial: sets
  // *missing_nodes, before the first call of `fn`, to the nodes the export
  // leaves out (empty: none). A node that fails while the articles are
  // being passed fails the export (Error(kIO)): articles passed cannot be
  // taken back.
  uint64_t Export(const SearchRequest& request, const std::function<bool(const Article&)>& fn,
                  std::vector<std::string>* missing_nodes) const;

  // The terms (words and two-word phrases of options.field) that
  // distinguish the articles `request` selects from the whole archive, by
  // log-likelihood (docs/research.md): counted exactly over every match (one
  // per group of copies with options.collapse) up to options.max_documents,
  // beyond that over a seeded sample, which the result states. Throws as
  // Search does; kInvalidArgument for a bad option.
  TermsResult Terms(const SearchRequest& request, const TermsOptions& options = {}) const;

  // Calls `fn` with every occurrence of the query's words and phrases
  // (as they match: a bare word its stem variants, a phrase its words in
  // order, a field-scoped word only in its field; words under NOT are not
  // shown) in the matching articles, in request.sort order and then in text
  // order, holding a page of articles at a time. `fn` returns false to stop.
  // Returns the number of lines passed. Throws as Search does;
  // kInvalidArgument for a bad width.
  uint64_t Kwic(const SearchRequest& request, const KwicOptions& options,
                const std::function<bool(const KwicLine&)>& fn) const;
  // The same, setting *missing_nodes as Export does.
  uint64_t Kwic(const SearchRequest& request, const KwicOptions& options,
                const std::function<bool(const KwicLine&)>& fn,
                std::vector<std::string>* missing_nodes) const;

  // Articles like the one with this id (more like this), the article itself
  // excluded; request.query, when not empty, further filters the results.
  // Throws Error(kNotFound) when there is no such article.
  SearchResult Similar(const std::string& id, const SearchRequest& request) const;

  // The article with this id. `id` is "source/id" or a bare id; a bare id
  // that several sources share is Error(kInvalidArgument) naming them.
  // Returns nullopt when there is no such article.
  std::optional<Article> Get(const std::string& id) const;

  // Counts, date span, sizes and the most frequent values, `top` per list.
  // Throws kIO or kCorruption when the archive cannot be read.
  ArchiveStats Stats(size_t top = 10) const;

  // Rewrites the store and the index compactly (after a bulk load). Needs a
  // writable archive; searches by other processes go on meanwhile. Throws
  // Error(kInvalidArgument) on a read-only archive, kIO on a failed write
  // (the archive then stays as it was).
  void Compact();

  // Verifies the archive without changing it: the store's checksums, that
  // every stored article decodes, that the id map and the articles agree,
  // that the index holds exactly the stored articles at their docids (under
  // their unique id terms), and Xapian's own structure check of each shard.
  // Works on a read-only archive while another process writes (operations
  // logged but not yet indexed are counted as pending, not as problems).
  // Returns the report; throws only kIO when a file cannot be read at all.
  CheckReport Check() const;

  // Rebuilds the search index of the archive in `dir` from its store (the
  // source of truth), for an index that is damaged or missing: new shards are
  // written beside the old ones and swapped in atomically, so a crash leaves
  // either the old or the new index. Takes the write lock. Returns what it
  // did; throws kLocked (another writer), kNotAnArchive / kVersion /
  // kCorruption for a damaged manifest or store (the store cannot be
  // rebuilt: restore a backup), kIO on a failed write (the old index stays).
  // Also upgrades an archive of an older format, which Open refuses: its
  // stored entity forms are folded anew (the changed articles written back)
  // before the index is rebuilt, and the manifest says the new format only
  // once the new index is in place (a repair cut short is run again).
  // Of `options`, only the performance fields count.
  static RepairReport Repair(const std::string& dir, const ArchiveOptions& options = {});

  // Builds a new archive at `dest` (absent or an empty directory) from every
  // article of the archive in `dir` that can still be read, for a store
  // that Repair refuses (damaged blocks, undecodable articles): the store is
  // read past each damaged block, and what could not be read is reported by
  // docid range and, as far as the id map says, by name. `dir` is only read
  // (its write lock is taken, so no writer changes it meanwhile). A damaged
  // manifest gives the new archive the default settings. Throws kNotFound,
  // kLocked, kCorruption when the store cannot be opened at all (restore a
  // backup), kNotAnArchive when `dest` is not empty, kInvalidArgument when
  // it lies inside `dir`, kIO on a failed write.
  static SalvageReport Salvage(const std::string& dir, const std::string& dest);

  // Writes a consistent copy of the archive to the new directory `dest`
  // while it stays in use (by this and other processes, writers included):
  // the index first, then a snapshot of the store, then the manifest; the
  // copy holds every article committed when the store snapshot was taken,
  // and its index is brought up to that state before Backup returns.
  // Throws kInvalidArgument when `dest` exists and is not empty, kIO on a
  // failed copy (`dest` may then hold a partial copy without a manifest).
  void Backup(const std::string& dest) const;

  // Saves `query` under `name`, replacing what was saved under it; durable
  // on return. From then on `@name` in any query (Search, Count, ... and
  // other saved queries) stands for `query` as a group, as if written in
  // parentheses. `name`: 1 to 64 of a-z, 0-9, '_' and '-', starting with a
  // letter (Error(kInvalidArgument) otherwise, naming the rule). `query`
  // must parse (Error(kQuerySyntax) with its position), and every @name in
  // it must be saved and must not lead back to `name` (a cycle:
  // kQuerySyntax at the @ that closes it). Needs a writable archive
  // (kInvalidArgument; the write lock is the archive's: another process
  // writing makes Open fail with kLocked); kIO on a failed write.
  void SaveQuery(const std::string& name, const std::string& query);

  // Deletes the saved query `name`; returns false when there is none.
  // Queries that use it then fail with kQuerySyntax ("unknown saved query").
  // Needs a writable archive (kInvalidArgument); kIO on a failed write.
  bool DeleteQuery(const std::string& name);

  // Every saved query, by name. Throws kIO when the store cannot be read.
  std::vector<SavedQuery> SavedQueries() const;

  // Number of articles stored. Throws kIO when the store cannot be read.
  uint64_t ArticleCount() const;

  // Which node of a cluster this archive is (ArchiveOptions::node / nodes:
  // 0 / 0 for an archive of its own; for a cluster opened as an archive,
  // 0 / its number of nodes). Never throws.
  NodeInfo Node() const;

  // The archive's directory, as passed to Open. Never throws.
  const std::string& dir() const;

  // Opaque; defined in archive/archive_impl.h, never installed.
  class Impl;

 private:
  explicit Archive(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace morgue

#endif  // MORGUE_ARCHIVE_H_

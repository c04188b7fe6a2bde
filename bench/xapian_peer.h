// Plain Xapian beside morgue: the peer of `morgue bench index --xapian`
// (BuildXapianIndex, below) and, first, the one `morgue bench query`
// measures beside morgue: plain Xapian over an archive's own shard
// databases (xapian/shard-N, docs/index-format.md), as a Xapian user would
// search them with Xapian::QueryParser: BM25, the top 10
// and each hit's document data, no exact count (checkatleast 0), no snippets,
// no stored article. Its prefixes follow morgue's fields (docs/index-format.md)
// so that a query string of the mix means about the same thing to both:
//   unscoped words: body, headline and captions (no stems: the index has none);
//   headline: title: body: quote: caption:  the text fields;
//   person: org: place: topic: section: source: lang: speaker:  filters, the
//     value lower-cased (morgue also folds accents and canonicalises entities:
//     `org:ec` may differ);
//   date:YYYY, date:YYYY-MM, date:YYYY-MM-DD: the Y, M, D terms; date:A..B,
//     date:..B, date:A..: a range of value slot 0 (YYYYMMDD).
// AND, OR, NOT, -x, "phrases", NEAR/n, wildcards (at most 1000 words) and
// parentheses as Xapian's parser reads them (FLAG_DEFAULT, FLAG_PURE_NOT,
// FLAG_WILDCARD). The one place in the bench library that uses Xapian
// directly (ARCHITECTURE.md): no Xapian type leaves xapian_peer.cc.
//
// Not thread-safe: one XapianPeer per thread (each opens the shards itself).
#ifndef MORGUE_BENCH_XAPIAN_PEER_H_
#define MORGUE_BENCH_XAPIAN_PEER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "morgue/reader.h"

namespace morgue::bench {

// What plain Xapian built of a corpus beside `morgue bench index --xapian`.
struct XapianBuild {
  uint64_t rows = 0;     // documents in its databases after the commit
  uint64_t skipped = 0;  // records the readers refused
  uint64_t bytes = 0;    // the databases' files
};

// The floor of what Xapian's indexing costs on a corpus, for issue 20 item 4
// (morgue must index faster than SQLite FTS5, on Xapian): `paths` read by the
// same readers (morgue::ReadPath) into memory, then `threads` databases
// (dir/db-N, documents dealt in turn, one thread each: morgue's shards)
// written by Xapian::TermGenerator with positions and no stems, the headline
// prefixed "S" and each body paragraph unprefixed, as morgue's terms are;
// document data the id alone, committed at the end (Xapian writes its own
// batches of 10,000 documents meanwhile). None of what morgue adds: no
// entities, filters, values, all-fields terms or stored articles. Throws
// Error(kInvalidArgument) for threads 0, kIO naming Xapian's error, what
// ReadPath throws, and what a writing thread throws otherwise (bad_alloc).
XapianBuild BuildXapianIndex(const std::vector<std::string>& paths, const ReadOptions& options,
                             const std::string& dir, unsigned threads);

class XapianPeer {
 public:
  // Opens the shards of the archive in `archive_dir` (the count from its
  // MORGUE manifest). Throws morgue::Error: kNotAnArchive without a manifest,
  // kCorruption for a manifest without a shard count, kIO when a shard cannot
  // be opened.
  explicit XapianPeer(const std::string& archive_dir);
  ~XapianPeer();
  XapianPeer(const XapianPeer&) = delete;
  XapianPeer& operator=(const XapianPeer&) = delete;

  // Parses and runs `query`: the best `limit` hits and each one's document
  // data. Returns the number of hits. Throws morgue::Error(kQuerySyntax) for a
  // query Xapian's parser refuses, kLimit for a wildcard matching over 1000
  // words, kIO for any other Xapian error.
  uint64_t Search(const std::string& query, unsigned limit = 10);

  // The estimated number of matches of the last Search (Xapian's estimate).
  uint64_t last_estimate() const;
  // The bytes of document data the last Search read (its hits' data).
  uint64_t last_data_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_XAPIAN_PEER_H_

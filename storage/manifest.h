// The archive manifest: a small text file `MORGUE` naming the format version
// and the settings fixed at creation. A directory is an archive exactly when
// it holds one. Read strictly (docs/index-format.md "The manifest"): the
// first line "morgue-archive N", then one "key=value" line per setting, each
// known, once, in range, LF line ends; format 2 ends with a checksum line
// ("checksum=crc32:XXXXXXXX" over every byte before it). Anything else is
// kCorruption naming the line.
#ifndef MORGUE_STORAGE_MANIFEST_H_
#define MORGUE_STORAGE_MANIFEST_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "morgue/error.h"

namespace morgue {

// Format 4: quotations keep their raw attribution beside a canonical speaker
// (pronouns and surnames resolved), and know whether they were supplied or
// extracted (storage/codec.h). Format 3: words, entity forms and filter
// values in the index are folded in every script (indexer/fold.h). Format 2
// (the first with a checksum line) folded only Latin-1 and Latin Extended-A
// in entity forms; format 1 also wrote sources unescaped in unique terms.
// Read reads formats 1 to 4, so that repair can re-analyse an older
// archive's articles and rebuild its index (Archive::Open refuses one: its
// answers would be silently wrong).
inline constexpr int kArchiveFormatVersion = 4;
inline constexpr int kOldestReadableFormat = 1;
// The oldest format Archive::Open opens; older ones need `morgue repair`.
inline constexpr int kOldestOpenableFormat = 4;
inline constexpr char kManifestName[] = "MORGUE";

struct Manifest {
  int version = kArchiveFormatVersion;
  std::string language = "en";
  unsigned shards = 2;
  std::string created;  // ISO 8601 UTC
  // Every article with a quotation that is not body text carries
  // kQuoteOutsideBodyTerm (indexer/document.h). Set for archives created
  // since that term exists; older ones lack it, so nothing may be concluded
  // from the term's absence there.
  bool marks_quotes_outside_body = false;
  // Every document has all-fields terms (kAllFieldsPrefix, indexer/
  // document.h). Set for archives created since they exist, and by a repair
  // (which rebuilds every document); older archives keep scoring fields
  // together with OP_SYNONYM over the field terms, and new documents added
  // to them get no all-fields terms.
  bool all_fields_terms = false;
  // A node of a cluster (docs/distributed.md): this archive holds exactly
  // the articles NodeOf (morgue/cluster.h) gives node `node` of `nodes`
  // (1-based), and each Xapian document's data is the article as stored, for
  // readers on other machines. 0 / 0: an archive of its own.
  unsigned node = 0;
  unsigned nodes = 0;

  // Reads `dir`/MORGUE. Throws kNotAnArchive when absent, kVersion for an
  // unknown version, kCorruption naming the line when anything in it is not
  // exactly as Write writes it, kIO when it cannot be read.
  static Manifest Read(const std::string& dir);
  // Writes `dir`/MORGUE atomically (temp file, fsync, rename), as the
  // current format version.
  void Write(const std::string& dir) const;
  // The text Write writes.
  std::string Text() const;
};

// What a cluster node is, as its first shard's metadata says it to the
// cluster's readers (indexer/shards.h kNodeKey): "morgue-node format=F
// node=K/N language=L all_fields_terms=0|1 marks_quotes_outside_body=0|1";
// "" for an archive that is not a node.
std::string NodeIdentity(const Manifest& manifest);
// The manifest fields NodeIdentity wrote (version, node, nodes, language,
// all_fields_terms, marks_quotes_outside_body), or nullopt for any other text.
std::optional<Manifest> ParseNodeIdentity(std::string_view identity);

// Manifests (this one and a cluster's) are at most this long.
inline constexpr size_t kMaxManifestBytes = 4096;
// A manifest file's text, read strictly. Both manifests (this one and a
// cluster's) are a first line "MAGIC VALUE", then "key=value" lines, LF
// line ends, at most kMaxManifestBytes, perhaps a last line
// "checksum=crc32:XXXXXXXX" over every byte before it.
class ManifestText {
 public:
  // Reads `path` (never through a symbolic link); nullopt when there is
  // none. Throws kIO naming `what` ("archive manifest"); Damaged when it is
  // longer than any manifest or its first line does not start "`magic` ".
  static std::optional<ManifestText> Read(const std::string& path, const std::string& what,
                                          std::string_view magic);
  // The first line after "MAGIC ".
  std::string_view header() const { return header_; }
  // kCorruption "`what` PATH is damaged: line N: why", naming file and line.
  Error Damaged(size_t line, const std::string& why) const;
  // Throws Damaged unless the text ends with a line end (it was cut).
  void RequireFinalLineEnd() const;
  // Calls fn(key, value, line) for each line after the first, in order;
  // `seen` is a flag fn sets through Once. With `checksums`, a "checksum"
  // line must match and be the last (it is passed to fn too); without, it
  // is an ordinary key. Throws Damaged for a line that is not key=value.
  // Returns the number of the last line.
  size_t ForEachSetting(bool checksums,
                        const std::function<void(std::string_view key, std::string_view value,
                                                 size_t line)>& fn) const;
  // Throws Damaged(line, "KEY given twice") when `seen`; sets it.
  void Once(bool& seen, std::string_view key, size_t line) const;

 private:
  std::string path_, what_, text_;
  std::string_view header_;
  size_t first_end_ = 0;
};
// The CRC-32 of `bytes` as 8 lower-case hex digits (a manifest's checksum).
std::string Crc32Hex(std::string_view bytes);
// A whole number of decimal digits without sign or leading zero, at most
// `max`; nullopt otherwise.
std::optional<uint64_t> ParseCount(std::string_view text, uint64_t max);

// Writes `content` to `path` atomically: a temporary file in the same
// directory (never through a symbolic link), fsync, rename, fsync of the
// directory. Throws kIO.
void WriteFileAtomically(const std::string& path, const std::string& content);

// fsyncs a directory (its entries made durable); errors are ignored.
void SyncDirectory(const std::string& dir);

// Gives every directory under `root` (itself included; symbolic links left
// alone) the permissions of the archive directory `archive_dir`, and every
// file those without execute bits (0700 -> 0600, 0755 -> 0644): what morgue
// writes is readable by exactly whom the archive is. Throws kIO.
void FollowArchivePermissions(const std::string& root, const std::string& archive_dir);

}  // namespace morgue

#endif  // MORGUE_STORAGE_MANIFEST_H_

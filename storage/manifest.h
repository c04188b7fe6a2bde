// The archive manifest: a small text file `MORGUE` naming the format version
// and the settings fixed at creation.
#ifndef MORGUE_STORAGE_MANIFEST_H_
#define MORGUE_STORAGE_MANIFEST_H_

#include <string>

namespace morgue {

inline constexpr int kArchiveFormatVersion = 1;
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

  // Reads `dir`/MORGUE. Throws kNotAnArchive when absent, kVersion for an
  // unknown version, kCorruption when unreadable.
  static Manifest Read(const std::string& dir);
  // Writes `dir`/MORGUE atomically (temp file, fsync, rename).
  void Write(const std::string& dir) const;
};

// Writes `content` to `path` atomically: a temporary file in the same
// directory, fsync, rename, fsync of the directory. Throws kIO.
void WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace morgue

#endif  // MORGUE_STORAGE_MANIFEST_H_

// Readers: turn files in any supported format into Articles.
//
//   morgue::ReadOptions options;            // format detected per file
//   morgue::ReadPath("archive/", options,
//       [](morgue::Article&& a) { /* use a */ },
//       [](const morgue::ReadIssue& issue) { /* a skipped record, a warning */ });
//
// Thread safety: the functions keep no state between calls; several threads
// may read different paths at once. The sinks are called on the calling
// thread. The option and issue types are plain values.
#ifndef MORGUE_READER_H_
#define MORGUE_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "morgue/article.h"
#include "morgue/export.h"

namespace morgue {

enum class Format {
  kAuto,       // detect from the file name (.txt .jsonl .json .csv .sgm, under .gz) and content
  kPlainText,  // one article per file in the plain-text layout
  kJsonLines,  // one JSON object per line
  kCsv,        // RFC 4180 with a header row
  kReuters,    // Reuters-21578 SGML (reut2-*.sgm)
};

// Parses "auto", "text", "jsonl", "csv", "reuters". Throws
// Error(kInvalidArgument) naming the accepted values for any other name.
MORGUE_EXPORT Format ParseFormat(const std::string& name);
// The name ParseFormat accepts for `format` ("jsonl"). Never throws.
MORGUE_EXPORT const char* FormatName(Format format);

// Something wrong with the input, and where. Most issues are a record, a
// file or a directory that was skipped (`skipped` true). A few are warnings
// about an article that was read, but not as written (`skipped` false): a
// date outside the years kEarliestYear..kLatestYear (article.h) is dropped
// and the article read undated.
struct MORGUE_EXPORT ReadIssue {
  std::string file;     // the file (or directory) concerned
  uint64_t line = 0;    // 1-based line where the record starts, 0 when unknown
  uint64_t record = 0;  // 1-based record number within the file, 0 when unknown
  std::string reason;
  bool skipped = true;  // false: the article was read anyway, as `reason` says

  // "file:line: record N: reason" with the parts that are known. Never throws.
  std::string ToString() const;
};

// How to read; the defaults suit most archives.
struct ReadOptions {
  Format format = Format::kAuto;
  // Collection name given to articles whose format does not name one.
  // Empty: the reader's default ("reuters21578" for Reuters SGML, otherwise the
  // name of the top directory or file stem that was passed in).
  std::string source;
  // Records larger than this are refused (skipped with an issue).
  size_t max_record_bytes = 16u << 20;
  // Files larger than this (after decompression) are refused with an issue.
  // Memory use follows from it: a file is read whole (except a JSON Lines
  // file over 4 MiB, neither gzip nor one array: it is read in pieces and
  // exempt), and gzip data is inflated only up to this size, so a small file
  // that would inflate to gigabytes (a "gzip bomb") costs at most this much.
  // Default 256 MiB.
  size_t max_file_bytes = size_t{256} << 20;
  // When true, the first issue (a warning too) throws Error(kInvalidInput)
  // instead of being reported.
  bool strict = false;
};

// Receives each article read; may move from it. An exception it throws stops
// the reading and propagates to the caller of ReadPath / ReadBuffer.
using ArticleSink = std::function<void(Article&&)>;
// Receives each skipped record, unreadable file or directory, and each
// warning (see ReadIssue; not called when strict).
using IssueSink = std::function<void(const ReadIssue&)>;

// Reads one file or a directory tree (recursively, files sorted by path,
// hidden files skipped), decompressing .gz transparently. Calls `on_article`
// for every article read, in file order, and `on_issue` for every issue: a
// skipped record, an unreadable file or sub-directory (the rest is read), a
// warning. Throws Error(kNotFound) when `path` does not exist, and
// Error(kInvalidInput) on the first issue when options.strict (articles
// already passed to `on_article` stay passed).
MORGUE_EXPORT void ReadPath(const std::string& path, const ReadOptions& options,
                            const ArticleSink& on_article, const IssueSink& on_issue);

// Reads articles from bytes already in memory; `file_name` is used for format
// detection, ids (plain text: the file name without extension) and messages.
// Reports bad records as ReadPath does; throws Error(kInvalidInput) on the
// first one when options.strict.
MORGUE_EXPORT void ReadBuffer(const std::string& file_name, const std::string& bytes,
                              const ReadOptions& options, const ArticleSink& on_article,
                              const IssueSink& on_issue);

}  // namespace morgue

#endif  // MORGUE_READER_H_

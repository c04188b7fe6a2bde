// Readers: turn files in any supported format into Articles.
//
//   morgue::ReadOptions options;            // format detected per file
//   morgue::ReadPath("archive/", options,
//       [](morgue::Article&& a) { /* use a */ },
//       [](const morgue::ReadIssue& issue) { /* a skipped record */ });
#ifndef MORGUE_READER_H_
#define MORGUE_READER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "morgue/article.h"

namespace morgue {

enum class Format {
  kAuto,       // detect from the file name (.txt .jsonl .json .csv .sgm, under .gz) and content
  kPlainText,  // one article per file in the plain-text layout
  kJsonLines,  // one JSON object per line
  kCsv,        // RFC 4180 with a header row
  kReuters,    // Reuters-21578 SGML (reut2-*.sgm)
};

// Parses "auto", "text", "jsonl", "csv", "reuters". Throws Error(kInvalidArgument).
Format ParseFormat(const std::string& name);
const char* FormatName(Format format);

// A record that was skipped, and why.
struct ReadIssue {
  std::string file;
  uint64_t line = 0;    // 1-based line where the record starts, 0 when unknown
  uint64_t record = 0;  // 1-based record number within the file, 0 when unknown
  std::string reason;

  // "file:line: record N: reason" with the parts that are known.
  std::string ToString() const;
};

struct ReadOptions {
  Format format = Format::kAuto;
  // Collection name given to articles whose format does not name one.
  // Empty: the reader's default ("reuters21578" for Reuters SGML, otherwise the
  // name of the top directory or file stem that was passed in).
  std::string source;
  // Records larger than this are refused (skipped with an issue).
  size_t max_record_bytes = 16u << 20;
  // Files larger than this (after decompression) are refused.
  size_t max_file_bytes = 1u << 30;
  // When true, the first skipped record throws Error(kInvalidInput) instead.
  bool strict = false;
};

using ArticleSink = std::function<void(Article&&)>;
using IssueSink = std::function<void(const ReadIssue&)>;

// Reads one file or a directory tree (recursively, files sorted by path,
// hidden files skipped), decompressing .gz transparently. Calls `on_article`
// for every article read, in file order, and `on_issue` for every skipped
// record or unreadable file. Throws Error(kNotFound) when `path` does not
// exist, and Error(kInvalidInput) on the first issue when options.strict.
void ReadPath(const std::string& path, const ReadOptions& options,
              const ArticleSink& on_article, const IssueSink& on_issue);

// Reads articles from bytes already in memory; `file_name` is used for format
// detection, ids (plain text: the file name without extension) and messages.
void ReadBuffer(const std::string& file_name, const std::string& bytes,
                const ReadOptions& options, const ArticleSink& on_article,
                const IssueSink& on_issue);

}  // namespace morgue

#endif  // MORGUE_READER_H_

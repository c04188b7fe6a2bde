// What every format reader needs while it reads one file: its names, the
// options and the sinks. Internal to corpus/.
#ifndef MORGUE_CORPUS_READER_CONTEXT_H_
#define MORGUE_CORPUS_READER_CONTEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "morgue/reader.h"

namespace morgue {

class ReadContext {
 public:
  // `file` names the file in messages; `stem` is its name without directory
  // and extensions; `top_source` is the top directory's name ("" for none).
  ReadContext(std::string file, std::string stem, std::string top_source,
              const ReadOptions& options, const ArticleSink& on_article, const IssueSink& on_issue);

  const std::string& file() const { return file_; }
  const std::string& stem() const { return stem_; }
  const ReadOptions& options() const { return options_; }

  // The source for an article whose record names none: options.source, else
  // the top directory name, else `fallback`.
  std::string DefaultSource(const std::string& fallback) const;

  // Reports a skipped record; throws Error(kInvalidInput) when options.strict.
  void Issue(uint64_t line, uint64_t record, const std::string& reason);
  // Reports an article read with a repair (ReadIssue::skipped false); throws
  // Error(kInvalidInput) when options.strict.
  void Warn(uint64_t line, uint64_t record, const std::string& reason);
  // Hands the article of the record at `line` / `record` to the caller, after
  // the checks every format shares: a date outside kEarliestYear..kLatestYear
  // is dropped with a warning.
  void Emit(Article&& article, uint64_t line, uint64_t record);

  // A reason when a record of `bytes` bytes exceeds max_record_bytes, else "".
  std::string CheckRecordSize(size_t bytes) const;

  uint64_t articles() const { return articles_; }
  uint64_t issues() const { return issues_; }

 private:
  std::string file_;
  std::string stem_;
  std::string top_source_;
  const ReadOptions& options_;
  const ArticleSink& on_article_;
  const IssueSink& on_issue_;
  uint64_t articles_ = 0;
  uint64_t issues_ = 0;
};

// "" when `published` lies in the years kEarliestYear..kLatestYear, else the
// warning "date 0001-01-01 is outside the years 1000-2999; the article is
// left undated".
std::string CheckDateRange(const Timestamp& published);
// The same without the last clause: "" or "date 0001-01-01 is outside the
// years 1000-2999" (ArticleProblem says it too).
std::string DateRangeProblem(const Timestamp& published);

// The format readers; `bytes` is already decompressed and valid UTF-8.
void ReadPlainText(std::string_view bytes, ReadContext& context);
void ReadJsonLines(std::string_view bytes, ReadContext& context);

// Lines and records of a file read so far, for a reader fed piece by piece.
struct LineCursor {
  uint64_t line = 0;
  uint64_t record = 0;
};
// Reads JSON Lines records (never the one-array form) from `bytes`, a piece
// of a file made of whole lines, numbering them on from *cursor.
void ReadJsonLinePiece(std::string_view bytes, ReadContext& context, LineCursor* cursor);
void ReadCsv(std::string_view bytes, ReadContext& context);
void ReadReutersSgml(std::string_view bytes, ReadContext& context);

}  // namespace morgue

#endif  // MORGUE_CORPUS_READER_CONTEXT_H_

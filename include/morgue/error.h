// morgue's one error type. Every public call that can fail throws morgue::Error;
// no Xapian, RocksDB or standard-library exception crosses the public API.
//
//   try {
//     auto archive = morgue::Archive::Open("news.morgue", morgue::OpenMode::kReadOnly);
//   } catch (const morgue::Error& e) {
//     std::cerr << e.what() << "\n";   // e.code() says what kind of failure
//   }
//
// Why exceptions and not a Status return: every call that reads an archive can
// fail in ways a caller rarely handles one by one (a damaged file, a full
// disk), and values such as SearchResult stay plain return values. One type
// with a code keeps catching simple; the location fields say where.
//
// Thread safety: an Error is a value; const methods may be called from any
// thread.
#ifndef MORGUE_ERROR_H_
#define MORGUE_ERROR_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "morgue/export.h"

namespace morgue {

enum class ErrorCode {
  kInvalidArgument,  // a caller's mistake: bad option value, bad id
  kQuerySyntax,      // the query string cannot be parsed (see Error::position)
  kInvalidInput,     // an input file or record is malformed (see file/line/record)
  kNotFound,         // no such article, file or archive
  kNotAnArchive,     // the directory exists but is not a morgue archive
  kVersion,          // the archive's format version is not one this build reads
  kLocked,           // another process holds the archive's write lock
  kCorruption,       // the archive's files are damaged or disagree
  kIO,               // the operating system refused a read or write
  kLimit,            // a request exceeds a limit (too broad wildcard, record too large)
  kInternal,         // a bug in morgue
};

// Returns a short stable name for `code`, e.g. "query syntax"; never throws.
MORGUE_EXPORT const char* ErrorCodeName(ErrorCode code);

// What failed (code() and what()) and, when known, where (file(), line(),
// record(), position()). Catch it by const reference.
class MORGUE_EXPORT Error : public std::runtime_error {
 public:
  // An error of kind `code`; `message` is what what() returns: a complete
  // sentence naming the object (file, archive, query) that failed.
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}

  // The kind of failure, for callers that react differently to each.
  ErrorCode code() const { return code_; }

  // Where the failure happened, when known. Empty / 0 when not known.
  const std::string& file() const { return file_; }
  uint64_t line() const { return line_; }         // 1-based line in file
  uint64_t record() const { return record_; }     // 1-based record number in file
  int64_t position() const { return position_; }  // 0-based byte offset in a query, or -1

  // Set the location and return *this, so a throw reads
  // `throw Error(code, message).WithFile(path).WithLine(n);`.
  Error& WithFile(std::string file) {
    file_ = std::move(file);
    return *this;
  }
  Error& WithLine(uint64_t line) {
    line_ = line;
    return *this;
  }
  Error& WithRecord(uint64_t record) {
    record_ = record;
    return *this;
  }
  Error& WithPosition(int64_t position) {
    position_ = position;
    return *this;
  }

 private:
  ErrorCode code_;
  std::string file_;
  uint64_t line_ = 0;
  uint64_t record_ = 0;
  int64_t position_ = -1;
};

}  // namespace morgue

#endif  // MORGUE_ERROR_H_

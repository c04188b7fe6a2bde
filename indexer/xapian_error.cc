#include "indexer/xapian_error.h"

#include "morgue/error.h"

namespace morgue {

[[noreturn]] void ThrowXapian(const Xapian::Error& e, const std::string& context) {
  ErrorCode code = ErrorCode::kIO;
  std::string type = e.get_type();
  if (type == "DatabaseCorruptError") code = ErrorCode::kCorruption;
  else if (type == "WildcardError") code = ErrorCode::kLimit;
  else if (type == "DatabaseVersionError") code = ErrorCode::kVersion;
  else if (type == "DatabaseOpeningError" || type == "DatabaseNotFoundError")
    code = ErrorCode::kCorruption;
  // A shard file shorter than its own header says: truncated, not an I/O fault.
  else if (type == "DatabaseError" && e.get_msg().find("EOF reading block") != std::string::npos)
    code = ErrorCode::kCorruption;
  std::string what = context + ": " + e.get_description();
  if (code == ErrorCode::kLimit) {
    what = "a wildcard in the query matches too many words; make it longer (" + e.get_msg() + ")";
  }
  throw Error(code, what);
}

}  // namespace morgue

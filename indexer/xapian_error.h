// Xapian's exceptions turned into morgue's own errors: no Xapian exception
// leaves the library (morgue/error.h).
#ifndef MORGUE_INDEXER_XAPIAN_ERROR_H_
#define MORGUE_INDEXER_XAPIAN_ERROR_H_

#include <xapian.h>

#include <string>

namespace morgue {

// Throws the Error a Xapian exception means (kCorruption for a damaged or
// missing shard, kVersion, kLimit for a wildcard matching too many words,
// kIO otherwise), its message `context` + ": " + Xapian's description.
[[noreturn]] void ThrowXapian(const Xapian::Error& e, const std::string& context);

}  // namespace morgue

#endif  // MORGUE_INDEXER_XAPIAN_ERROR_H_

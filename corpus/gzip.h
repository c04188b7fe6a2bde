// gzip decompression for readers (.gz files are read transparently).
#ifndef MORGUE_CORPUS_GZIP_H_
#define MORGUE_CORPUS_GZIP_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace morgue {

// True when `bytes` starts with the gzip magic number.
bool IsGzip(std::string_view bytes);

// Decompresses every gzip member in `compressed` into *out. Returns "" on
// success, else the reason (truncated or corrupt data, or more than
// `max_bytes` of output); *out then holds what was decompressed so far. The
// output is checked while inflating: *out never holds, nor reserves, more
// than `max_bytes`.
std::string Gunzip(std::string_view compressed, size_t max_bytes, std::string* out);

// "256 MiB" for a whole number of MiB, else "N bytes".
std::string SizeText(size_t bytes);

}  // namespace morgue

#endif  // MORGUE_CORPUS_GZIP_H_

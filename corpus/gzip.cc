#include "corpus/gzip.h"

#include <zlib.h>

#include <algorithm>

namespace morgue {

std::string SizeText(size_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1F &&
         static_cast<unsigned char>(bytes[1]) == 0x8B;
}

std::string Gunzip(std::string_view compressed, size_t max_bytes, std::string* out) {
  out->clear();
  z_stream stream{};
  if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return "cannot initialise zlib";
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(std::min<size_t>(compressed.size(), 1u << 30));
  size_t remaining_in = compressed.size() - stream.avail_in;
  // zlib writes into a 64 KiB buffer and only what fits under the limit is
  // kept; the output's capacity doubles from a guess (four times the input)
  // through the values max_bytes >> shift, so it never passes max_bytes
  // (std::string would round a smaller step up to twice its capacity).
  const size_t guess = std::max<size_t>(compressed.size() * 4, size_t{1} << 16);
  int shift = 0;
  while (shift < 62 && (max_bytes >> (shift + 1)) >= guess) ++shift;
  out->reserve(max_bytes >> shift);
  std::string reason;
  char buffer[1 << 16];
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    int rc = inflate(&stream, Z_NO_FLUSH);
    size_t produced = sizeof buffer - stream.avail_out;
    if (produced > max_bytes - out->size()) {
      reason = "file decompresses to more than " + SizeText(max_bytes) +
               "; the limit is ReadOptions::max_file_bytes";
      break;
    }
    if (out->size() + produced > out->capacity()) {
      while (shift > 0 && (max_bytes >> shift) < out->size() + produced) --shift;
      out->reserve(max_bytes >> shift);
    }
    out->append(buffer, produced);
    if (stream.avail_in == 0 && remaining_in > 0) {
      size_t chunk = std::min<size_t>(remaining_in, 1u << 30);
      stream.avail_in = static_cast<uInt>(chunk);
      remaining_in -= chunk;
    }
    if (rc == Z_STREAM_END) {
      // Concatenated members: continue with the next one if any bytes remain.
      if (stream.avail_in == 0 && remaining_in == 0) break;
      if (inflateReset(&stream) != Z_OK) {
        reason = "cannot reset zlib";
        break;
      }
      continue;
    }
    if (rc == Z_BUF_ERROR || (rc == Z_OK && produced == 0 && stream.avail_in == 0)) {
      reason = "truncated gzip data (" + std::to_string(out->size()) +
               " bytes decompressed before the end of input)";
      break;
    }
    if (rc != Z_OK) {
      reason = std::string("corrupt gzip data: ") + (stream.msg ? stream.msg : "inflate failed");
      break;
    }
  }
  inflateEnd(&stream);
  return reason;
}

}  // namespace morgue

#include "storage/codec.h"

#include "indexer/document.h"
#include "morgue/error.h"

namespace morgue {

namespace {

// Version 2 (archive format 4) adds each quotation's attribution and origin;
// version 1 articles still decode (attribution empty, origin kSupplied).
constexpr uint8_t kCodecVersion = 2;
constexpr uint8_t kLegacyCodecVersion = 1;
constexpr uint8_t kQuoteInBody = 1;
constexpr uint8_t kQuoteExtracted = 2;

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutString(std::string* out, std::string_view s) {
  PutVarint(out, s.size());
  out->append(s);
}

void PutStrings(std::string* out, const std::vector<std::string>& v) {
  PutVarint(out, v.size());
  for (const auto& s : v) PutString(out, s);
}

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) Fail();
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    Fail();
  }

  uint8_t Byte() {
    if (pos_ >= in_.size()) Fail();
    return static_cast<uint8_t>(in_[pos_++]);
  }

  std::string String() {
    uint64_t n = Varint();
    if (n > in_.size() - pos_) Fail();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }

  std::vector<std::string> Strings() {
    uint64_t n = Count();
    std::vector<std::string> v;
    v.reserve(n);
    for (uint64_t i = 0; i < n; ++i) v.push_back(String());
    return v;
  }

  // A element count, bounded by the bytes left (every element takes >= 1 byte).
  uint64_t Count() {
    uint64_t n = Varint();
    if (n > in_.size() - pos_) Fail();
    return n;
  }

  bool done() const { return pos_ == in_.size(); }

  [[noreturn]] void Fail() { throw Error(ErrorCode::kCorruption, "malformed stored article"); }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

void EncodeArticle(const Article& a, std::string* out) {
  out->push_back(static_cast<char>(kCodecVersion));
  PutString(out, a.id);
  PutString(out, a.source);
  PutString(out, a.url);
  if (a.published) {
    out->push_back(a.published->date_only ? 2 : 1);
    PutVarint(out, ZigZag(a.published->unix_seconds));
  } else {
    out->push_back(0);
  }
  PutString(out, a.section);
  PutString(out, a.headline);
  PutStrings(out, a.authors);
  PutString(out, a.dateline);
  PutStrings(out, a.body);
  PutVarint(out, a.quotes.size());
  for (const auto& q : a.quotes) {
    // A quotation is usually the body text at its position: store its
    // length instead of the text again (the tag's low bit says which).
    bool in_body = QuoteInBody(a, q);
    out->push_back(static_cast<char>((in_body ? kQuoteInBody : 0) |
                                     (q.origin == QuoteOrigin::kExtracted ? kQuoteExtracted : 0)));
    PutVarint(out, q.paragraph);
    PutVarint(out, q.offset);
    if (in_body) PutVarint(out, q.text.size());
    else PutString(out, q.text);
    PutString(out, q.speaker);
    PutString(out, q.attribution);
  }
  PutVarint(out, a.captions.size());
  for (const auto& c : a.captions) {
    PutString(out, c.text);
    PutString(out, c.credit);
  }
  PutVarint(out, a.entities.size());
  for (const auto& e : a.entities) {
    // Bit 7: the canonical form equals the name and is not stored again.
    bool same = !e.name.empty() && e.canonical == e.name;
    out->push_back(static_cast<char>(static_cast<uint8_t>(e.kind) |
                                     (static_cast<uint8_t>(e.origin) << 4) | (same ? 0x80 : 0)));
    PutString(out, e.name);
    if (!same) PutString(out, e.canonical);
  }
  PutStrings(out, a.topics);
  PutString(out, a.language);
}

Article DecodeArticle(std::string_view bytes, ArticleParts parts) {
  Decoder d(bytes);
  const uint8_t version = d.Byte();
  if (version != kCodecVersion && version != kLegacyCodecVersion) d.Fail();
  Article a;
  a.id = d.String();
  a.source = d.String();
  a.url = d.String();
  uint8_t has_date = d.Byte();
  if (has_date > 2) d.Fail();
  if (has_date) a.published = Timestamp{UnZigZag(d.Varint()), has_date == 2};
  a.section = d.String();
  a.headline = d.String();
  a.authors = d.Strings();
  a.dateline = d.String();
  a.body = d.Strings();
  for (uint64_t n = d.Count(), i = 0; i < n; ++i) {
    Quote q;
    const uint8_t tag = d.Byte();
    if (tag > (version == kLegacyCodecVersion ? kQuoteInBody : kQuoteInBody | kQuoteExtracted)) {
      d.Fail();
    }
    const bool in_body = (tag & kQuoteInBody) != 0;
    if ((tag & kQuoteExtracted) != 0) q.origin = QuoteOrigin::kExtracted;
    q.paragraph = static_cast<uint32_t>(d.Varint());
    q.offset = static_cast<uint32_t>(d.Varint());
    if (in_body) {
      uint64_t length = d.Varint();
      if (q.paragraph >= a.body.size() || q.offset > a.body[q.paragraph].size() ||
          length > a.body[q.paragraph].size() - q.offset) {
        d.Fail();
      }
      q.text = a.body[q.paragraph].substr(q.offset, length);
    } else {
      q.text = d.String();
    }
    q.speaker = d.String();
    if (version != kLegacyCodecVersion) q.attribution = d.String();
    a.quotes.push_back(std::move(q));
  }
  for (uint64_t n = d.Count(), i = 0; i < n; ++i) {
    Caption c;
    c.text = d.String();
    c.credit = d.String();
    a.captions.push_back(std::move(c));
  }
  if (parts == ArticleParts::kText) return a;
  for (uint64_t n = d.Count(), i = 0; i < n; ++i) {
    uint8_t tag = d.Byte();
    bool same = tag & 0x80;
    tag &= 0x7f;
    if ((tag & 0x0f) > 2 || (tag >> 4) > 2) d.Fail();
    Entity e;
    e.kind = static_cast<EntityKind>(tag & 0x0f);
    e.origin = static_cast<EntityOrigin>(tag >> 4);
    e.name = d.String();
    e.canonical = same ? e.name : d.String();
    a.entities.push_back(std::move(e));
  }
  a.topics = d.Strings();
  a.language = d.String();
  if (!d.done()) d.Fail();
  return a;
}

bool IsLegacyArticle(std::string_view bytes) {
  return !bytes.empty() && static_cast<uint8_t>(bytes[0]) == kLegacyCodecVersion;
}

std::string EncodeDocidKey(uint64_t docid) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[i] = static_cast<char>(docid & 0xff);
    docid >>= 8;
  }
  return key;
}

uint64_t DecodeDocidKey(std::string_view key) {
  if (key.size() != 8) throw Error(ErrorCode::kCorruption, "malformed docid key");
  uint64_t v = 0;
  for (char c : key) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

}  // namespace morgue

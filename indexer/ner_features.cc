// Tagger features, the model table and the Viterbi decoder. Byte loops over
// the text, hashes instead of strings: no allocation per token.
#include "indexer/ner_features.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "indexer/entities_words.h"
#include "indexer/gazetteer.h"
#include "indexer/lexicon.h"
#include "indexer/ner.h"

// The model file, embedded by cmake/MorgueNerModel.cmake (.incbin).
extern "C" const char morgue_ner_model_begin[];
extern "C" const char morgue_ner_model_end[];

namespace morgue {
namespace {

constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t Feature(uint64_t templ, uint64_t value) {
  const uint64_t h = Mix(value ^ (templ * 0x9E3779B97F4A7C15ULL) ^ (templ << 56));
  return h == 0 ? 1 : h;
}

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

uint64_t HashBytes(std::string_view s, bool lower) {
  uint64_t h = kFnvOffset;
  for (char c : s) {
    h ^= static_cast<unsigned char>(lower ? LowerAscii(c) : c);
    h *= kFnvPrime;
  }
  return h;
}

// Word shape with runs capped at two: "Baker" -> "Xxx", "IBM" -> "XX",
// "U.S." -> "X.X.", "1987" -> "dd", non-ASCII letters -> "u".
uint64_t ShapeHash(std::string_view s) {
  uint64_t h = kFnvOffset;
  char prev = 0;
  int repeat = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    char c;
    if (b >= 'A' && b <= 'Z') {
      c = 'X';
    } else if (b >= 'a' && b <= 'z') {
      c = 'x';
    } else if (b >= '0' && b <= '9') {
      c = 'd';
    } else if (b >= 0xC0) {
      c = 'u';
    } else if (b >= 0x80) {
      continue;  // UTF-8 continuation byte
    } else {
      c = static_cast<char>(b);
    }
    repeat = c == prev ? repeat + 1 : 1;
    prev = c;
    if (repeat > 2) continue;
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

constexpr uint64_t kOutside = 0x5bd1e995ULL;  // LowerAt/ShapeAt beyond the text
constexpr size_t kMaxRun = 48;

uint16_t Le16(const char* p) {
  return static_cast<uint16_t>(static_cast<unsigned char>(p[0]) |
                               (static_cast<unsigned char>(p[1]) << 8));
}
uint32_t Le32(const char* p) { return Le16(p) | (static_cast<uint32_t>(Le16(p + 2)) << 16); }
uint64_t Le64(const char* p) { return Le32(p) | (static_cast<uint64_t>(Le32(p + 4)) << 32); }
void Put16(std::string& s, uint16_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>(v >> 8));
}
void Put32(std::string& s, uint32_t v) {
  Put16(s, static_cast<uint16_t>(v & 0xFFFF));
  Put16(s, static_cast<uint16_t>(v >> 16));
}
void Put64(std::string& s, uint64_t v) {
  Put32(s, static_cast<uint32_t>(v & 0xFFFFFFFFU));
  Put32(s, static_cast<uint32_t>(v >> 32));
}

constexpr size_t kHeaderBytes = 8 + 4 * 4;
constexpr size_t kTransitionBytes = (kNerTags + 1) * kNerTags * 2;
constexpr size_t kEntryBytes = 8 + kNerTags * 2;

}  // namespace

uint64_t NerLowerHash(std::string_view word) { return HashBytes(word, true); }

// ---------------------------------------------------------------------------
// NerFeaturizer

void NerFeaturizer::Prepare(std::string_view text, const NameContext& ctx) {
  Tokenize(text, tokens_);
  PrepareTokens(text, ctx);
}

void NerFeaturizer::Prepare(std::string_view text, const std::vector<Token>& tokens,
                            const NameContext& ctx) {
  tokens_.assign(tokens.begin(), tokens.end());
  PrepareTokens(text, ctx);
}

void NerFeaturizer::PrepareTokens(std::string_view text, const NameContext& ctx) {
  text_ = text;
  ctx_ = &ctx;
  runs_.clear();
  const auto n = static_cast<uint32_t>(tokens_.size());
  info_.assign(n, Info{});
  uint32_t long_words = 0;
  uint32_t capitalised_long = 0;
  const Lexicon& lexicon = Lexicon::Get();
  for (uint32_t i = 0; i < n; ++i) {
    const Token& t = tokens_[i];
    const std::string_view w = Word(i);
    Info& info = info_[i];
    if (t.kind == TokenKind::kPunct) {
      // "&", and the period of an initial or title inside a name ("Charles
      // J. Fillmore", "Mr. Collins", "St. Petersburg").
      info.connector = w == "&";
      if (w == "." && i > 0 && i + 1 < n && tokens_[i - 1].kind == TokenKind::kWord &&
          tokens_[i - 1].capitalised && tokens_[i - 1].end == t.begin &&
          tokens_[i + 1].capitalised) {
        const std::string_view prev = Word(i - 1);
        info.connector = prev.size() == 1 || IsNonFinalAbbreviation(prev);
      }
      continue;
    }
    if (t.kind == TokenKind::kWord && w.size() > 3) {
      ++long_words;
      capitalised_long += t.capitalised ? 1 : 0;
    }
    info.candidate = t.capitalised && !IsStopWord(w);
    // Every connector has at most three letters: skip the set lookup for longer words.
    info.connector =
        !t.capitalised && t.kind == TokenKind::kWord && w.size() <= 3 && IsNameConnector(w);
  }
  title_case_text_ = long_words >= 3 && capitalised_long * 4 >= long_words * 3;
  for (uint32_t i = 0; i < n;) {
    if (!info_[i].candidate) {
      ++i;
      continue;
    }
    uint32_t last = i + 1;  // one past the last candidate
    for (uint32_t j = i + 1; j < n && j - i < kMaxRun; ++j) {
      if (info_[j].candidate) {
        last = j + 1;
      } else if (!info_[j].connector) {
        break;
      }
    }
    runs_.push_back({i, last});
    // Hashes only where features read them: the run and two tokens each side
    // (most of a text is lower-case words far from any name).
    for (uint32_t j = i >= 2 ? i - 2 : 0; j < n && j < last + 2; ++j) {
      Info& info = info_[j];
      if (info.hashed) continue;
      info.hashed = true;
      const std::string_view w = NerStripPossessive(Word(j));
      info.lower = HashBytes(w, true);
      info.shape = ShapeHash(w);
    }
    // Lexicon flags only where features read them: the run and its neighbours.
    for (uint32_t j = i > 0 ? i - 1 : 0; j < n && j <= last; ++j) {
      if (tokens_[j].kind == TokenKind::kWord) info_[j].lex = lexicon.Flags(info_[j].lower);
    }
    MarkGazetteer(i, last);
    i = last;
  }
}

void NerFeaturizer::MarkGazetteer(uint32_t first, uint32_t last) {
  const Gazetteer& gaz = Gazetteer::Get();
  for (uint32_t i = first; i < last;) {
    const auto* entries =
        info_[i].candidate ? gaz.EntriesStartingWith(NerStripPossessive(Word(i))) : nullptr;
    uint32_t matched = 0;
    if (entries != nullptr) {
      for (const GazetteerEntry& e : *entries) {
        const auto len = static_cast<uint32_t>(e.tokens.size());
        if (len == 0 || i + len > last) continue;
        bool ok = true;
        for (uint32_t k = 1; k < len && ok; ++k)
          ok = NerStripPossessive(Word(i + k)) == e.tokens[k];
        if (!ok) continue;
        // One-word GeoNames cities are often also given names or surnames
        // ("Amara", "Florence", "Sterling"): their own codes, 7 and 8 (ambiguous).
        const uint8_t type = e.ambiguous                     ? 8
                             : e.geonames && len == 1        ? 7
                             : e.type == PlaceType::kCountry ? 1
                             : e.type == PlaceType::kRegion  ? 2
                                                             : 3;
        info_[i].gaz = type;
        for (uint32_t k = 1; k < len; ++k) info_[i + k].gaz = static_cast<uint8_t>(type + 3);
        matched = len;
        break;
      }
    }
    i += matched > 0 ? matched : 1;
  }
}

uint64_t NerFeaturizer::LowerAt(int64_t i) const {
  if (i < 0 || i >= static_cast<int64_t>(info_.size())) return kOutside;
  return info_[static_cast<size_t>(i)].lower;
}
uint64_t NerFeaturizer::ShapeAt(int64_t i) const {
  if (i < 0 || i >= static_cast<int64_t>(info_.size())) return kOutside;
  return info_[static_cast<size_t>(i)].shape;
}

void NerFeaturizer::Features(uint32_t i, std::vector<uint64_t>& out) const {
  const Token& t = tokens_[i];
  const Info& info = info_[i];
  const std::string_view whole = Word(i);
  const std::string_view w = NerStripPossessive(whole);
  const auto n = static_cast<uint32_t>(tokens_.size());
  const int64_t k = i;
  if (w.size() < whole.size()) out.push_back(Feature(34, 1));
  const uint64_t start = t.sentence_start ? 1 : 0;
  out.push_back(Feature(1, 0));
  out.push_back(Feature(2, HashBytes(w, false)));
  out.push_back(Feature(3, info.lower));
  out.push_back(Feature(4, info.shape));
  for (size_t len = 1; len <= 4; ++len) {
    const size_t l = std::min(len, w.size());
    out.push_back(Feature(4 + len, HashBytes(w.substr(w.size() - l), true)));
    if (len <= 3) out.push_back(Feature(8 + len, HashBytes(w.substr(0, l), true)));
  }
  out.push_back(Feature(12, LowerAt(k - 1)));
  out.push_back(Feature(13, LowerAt(k + 1)));
  out.push_back(Feature(14, LowerAt(k - 2)));
  out.push_back(Feature(15, LowerAt(k + 2)));
  out.push_back(Feature(16, ShapeAt(k - 1)));
  out.push_back(Feature(17, ShapeAt(k + 1)));
  out.push_back(Feature(18, Mix(LowerAt(k - 1)) ^ info.lower));
  out.push_back(Feature(19, Mix(info.lower) ^ LowerAt(k + 1)));
  out.push_back(Feature(20, info.shape ^ start));
  out.push_back(Feature(21, (title_case_text_ ? 2 : 0) + start));
  out.push_back(Feature(22, info.gaz));
  out.push_back(
      Feature(23, (i > 0 ? info_[i - 1].gaz : 9) * 16 + (i + 1 < n ? info_[i + 1].gaz : 9)));
  const bool prev_word = i > 0 && tokens_[i - 1].kind == TokenKind::kWord;
  if (prev_word && IsTitleWord(Word(i - 1))) out.push_back(Feature(24, 1));
  if (IsTitleWord(w)) out.push_back(Feature(25, 1));
  if (prev_word && !tokens_[i - 1].capitalised && IsRoleWord(Word(i - 1))) {
    out.push_back(Feature(26, 1));
  }
  if (info.candidate && IsOrgWord(w)) out.push_back(Feature(27, 1));
  for (uint32_t j = i + 1; j < n && j <= i + 3; ++j) {
    if (!info_[j].candidate && !info_[j].connector) break;
    if (info_[j].candidate && IsOrgWord(Word(j))) {
      out.push_back(Feature(28, j - i));
      break;
    }
  }
  if (i + 1 < n && tokens_[i + 1].kind == TokenKind::kWord && IsSpeechVerb(Word(i + 1))) {
    out.push_back(Feature(29, 1));
  }
  if (t.all_caps && IsOrgAcronym(w)) out.push_back(Feature(30, 1));
  out.push_back(Feature(31, (ctx_->SeenLowerCase(info.lower) ? 2 : 0) + start));
  out.push_back(Feature(32, ctx_->SeenCapitalisedMidSentence(info.lower) ? 1 : 0));
  if (info.connector) out.push_back(Feature(33, info.lower));
  // What a dictionary and the given-name lists say about the word and its
  // neighbours (indexer/lexicon.h): "Carl Foreman" (a given name, then a word
  // the dictionary does not know) is a person, "Latin" a proper noun.
  const uint64_t prev_lex = i > 0 ? info_[i - 1].lex : 16;
  const uint64_t next_lex = i + 1 < n ? info_[i + 1].lex : 16;
  out.push_back(Feature(35, info.lex * 2 + start));
  out.push_back(Feature(36, prev_lex));
  out.push_back(Feature(37, next_lex));
}

// ---------------------------------------------------------------------------
// NerModel

bool NerModel::Load(std::string_view bytes, std::string* error) {
  auto fail = [&](const char* why) {
    if (error != nullptr) *error = why;
    *this = NerModel();
    return false;
  };
  if (bytes.size() < kHeaderBytes + kTransitionBytes) return fail("ner model: too short");
  if (std::memcmp(bytes.data(), kNerModelMagic, 8) != 0) return fail("ner model: bad magic");
  const char* p = bytes.data() + 8;
  if (Le32(p) != kNerModelFormatVersion) return fail("ner model: unknown format version");
  if (Le32(p + 4) != kNerFeatureSetVersion) {
    return fail("ner model: trained for another feature set (run scripts/train-ner)");
  }
  const uint64_t count = Le32(p + 8);
  if (bytes.size() != kHeaderBytes + kTransitionBytes + count * kEntryBytes) {
    return fail("ner model: size does not match its feature count");
  }
  p = bytes.data() + kHeaderBytes;
  for (int a = 0; a <= kNerTags; ++a) {
    for (int b = 0; b < kNerTags; ++b, p += 2) {
      transitions_[a][b] = static_cast<int16_t>(Le16(p));
    }
  }
  size_t capacity = 16;
  int bits = 4;
  while (capacity < count * 2) {
    capacity *= 2;
    ++bits;
  }
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  shift_ = 64 - bits;
  uint64_t previous = 0;
  for (uint64_t e = 0; e < count; ++e, p += kEntryBytes) {
    const uint64_t key = Le64(p);
    if (key <= previous) return fail("ner model: feature keys not strictly increasing");
    previous = key;
    uint64_t slot = (key * 0x9E3779B97F4A7C15ULL) >> shift_;
    while (slots_[slot].key != 0) slot = (slot + 1) & mask_;
    slots_[slot].key = key;
    for (int t = 0; t < kNerTags; ++t)
      slots_[slot].w[t] = static_cast<int16_t>(Le16(p + 8 + 2 * t));
  }
  features_ = count;
  return true;
}

std::string NerModel::Serialise(
    const std::vector<std::pair<uint64_t, NerWeights>>& features,
    const std::array<std::array<int16_t, kNerTags>, kNerTags + 1>& trans) {
  std::string out(kNerModelMagic, 8);
  Put32(out, kNerModelFormatVersion);
  Put32(out, kNerFeatureSetVersion);
  Put32(out, static_cast<uint32_t>(features.size()));
  Put32(out, 0);
  for (const auto& row : trans) {
    for (int16_t v : row) Put16(out, static_cast<uint16_t>(v));
  }
  for (const auto& [key, w] : features) {
    Put64(out, key);
    for (int16_t v : w) Put16(out, static_cast<uint16_t>(v));
  }
  return out;
}

std::string_view NerModel::EmbeddedBytes() {
  return std::string_view(morgue_ner_model_begin,
                          static_cast<size_t>(morgue_ner_model_end - morgue_ner_model_begin));
}

namespace {
struct EmbeddedModel {
  NerModel model;
  std::string error;
  EmbeddedModel() { model.Load(NerModel::EmbeddedBytes(), &error); }
};
const EmbeddedModel& GetEmbedded() {
  static const EmbeddedModel kModel;
  return kModel;
}
}  // namespace

const NerModel& NerModel::Embedded() { return GetEmbedded().model; }
const std::string& NerModel::EmbeddedError() { return GetEmbedded().error; }

// ---------------------------------------------------------------------------
// Viterbi

void NerViterbi(const NerFeaturizer& f, NerRun run,
                const std::vector<std::array<int32_t, kNerTags>>& scores,
                const std::array<std::array<int32_t, kNerTags>, kNerTags + 1>& trans,
                std::vector<uint8_t>& tags) {
  NerDecode(
      run.last - run.first,
      [&](size_t k) { return f.IsConnector(run.first + static_cast<uint32_t>(k)); }, scores, trans,
      tags);
}

}  // namespace morgue

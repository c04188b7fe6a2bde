// The tagger's internals, shared by FindNames and the trainer
// (bench/ner_train.cc) so that both see exactly the same features: the
// tokens, the runs of candidate tokens that may hold a name, the hashed
// features of a token, the model and the Viterbi decoder.
#ifndef MORGUE_INDEXER_NER_FEATURES_H_
#define MORGUE_INDEXER_NER_FEATURES_H_

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/entities_tokens.h"

namespace morgue {

class NameContext;

// Bump when a feature changes: a model trained on other features is refused.
inline constexpr uint32_t kNerFeatureSetVersion = 3;
inline constexpr uint32_t kNerModelFormatVersion = 1;
inline constexpr char kNerModelMagic[8] = {'M', 'O', 'R', 'G', 'N', 'E', 'R', '\0'};

// BIO tags. I-X may only follow B-X or I-X.
enum NerTag : uint8_t {
  kTagO = 0,
  kTagBPer,
  kTagIPer,
  kTagBOrg,
  kTagIOrg,
  kTagBPlace,
  kTagIPlace,
};
inline constexpr int kNerTags = 7;
inline constexpr int kNerStart = 7;  // the "previous tag" before a run

// The word without a possessive "'s" ("Arabia's" -> "Arabia", also "’s",
// "'S" and "’S").
inline std::string_view NerStripPossessive(std::string_view word) {
  if (word.size() < 3 || (word.back() != 's' && word.back() != 'S')) return word;
  for (std::string_view possessive : {"'s", "\xE2\x80\x99s", "'S", "\xE2\x80\x99S"}) {
    if (word.size() > possessive.size() &&
        word.substr(word.size() - possessive.size()) == possessive) {
      return word.substr(0, word.size() - possessive.size());
    }
  }
  return word;
}

// 64-bit hash of a word, ASCII lower-cased on the fly (no allocation).
uint64_t NerLowerHash(std::string_view word);

// A run of tokens [first, last) that may hold names: capitalised words,
// dotted initials and acronyms, joined by connectors ("of", "de", "&").
// Every token outside a run is O without being scored.
struct NerRun {
  uint32_t first = 0;
  uint32_t last = 0;
};

// Tokenizes a text and computes what the features need. Reused per thread.
class NerFeaturizer {
 public:
  // Tokenizes `text` (which must outlive the featurizer's use) and finds the runs.
  void Prepare(std::string_view text, const NameContext& ctx);
  // The same with the text's tokens already made by Tokenize().
  void Prepare(std::string_view text, const std::vector<Token>& tokens, const NameContext& ctx);

  const std::vector<Token>& tokens() const { return tokens_; }
  const std::vector<NerRun>& runs() const { return runs_; }
  std::string_view text() const { return text_; }
  // A lower-case connector inside a run: may be O or I-X, never B-X.
  bool IsConnector(uint32_t i) const { return info_[i].connector; }

  // Appends the hashed features of token `i` (inside a run) to `out`.
  void Features(uint32_t i, std::vector<uint64_t>& out) const;

 private:
  struct Info {
    uint64_t lower = 0;
    uint64_t shape = 0;
    uint8_t gaz = 0;  // 0 none, 1-3 first token of a country/region/city, 4-6 inside
                      // one, 7 a one-word GeoNames city, 8 an ambiguous city name
    uint8_t lex = 0;  // Lexicon flags (indexer/lexicon.h) of the word
    bool connector = false;
    bool candidate = false;
    bool hashed = false;  // lower and shape computed (only near candidate runs)
  };
  void PrepareTokens(std::string_view text, const NameContext& ctx);
  void MarkGazetteer(uint32_t first, uint32_t last);
  uint64_t LowerAt(int64_t i) const;
  uint64_t ShapeAt(int64_t i) const;
  std::string_view Word(uint32_t i) const { return TokenText(text_, tokens_[i]); }

  std::string_view text_;
  const NameContext* ctx_ = nullptr;
  std::vector<Token> tokens_;
  std::vector<Info> info_;
  std::vector<NerRun> runs_;
  bool title_case_text_ = false;
};

// The weights of one feature for each tag.
using NerWeights = std::array<int16_t, kNerTags>;

// An immutable model: feature weights in an open-addressing table and the
// tag-transition weights. Built once from the embedded data (Embedded()) or
// from bytes (the trainer).
class NerModel {
 public:
  // Parses a model file's bytes. On a bad magic, version, feature-set version
  // or size, returns false and says why in `error`.
  bool Load(std::string_view bytes, std::string* error);

  // The model embedded in the library (indexer/data/ner-model-v1.bin). A
  // broken embedded model yields an empty model (no names), never a crash;
  // EmbeddedError() says what was wrong (tests check it is empty).
  static const NerModel& Embedded();
  static const std::string& EmbeddedError();
  static std::string_view EmbeddedBytes();

  // Adds the weights of `feature` to `scores` (no-op for unknown features).
  void AddWeights(uint64_t feature, std::array<int32_t, kNerTags>& scores) const {
    if (mask_ == 0) return;
    for (uint64_t slot = (feature * 0x9E3779B97F4A7C15ULL) >> shift_;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.key == feature) {
        for (int t = 0; t < kNerTags; ++t) scores[t] += s.w[t];
        return;
      }
      if (s.key == 0) return;
    }
  }
  // Asks the cache for the slot `feature` starts at (FindNames prefetches a
  // token's features before adding them: the table is larger than L2).
  void Prefetch(uint64_t feature) const {
    if (mask_ != 0) __builtin_prefetch(&slots_[(feature * 0x9E3779B97F4A7C15ULL) >> shift_]);
  }
  const std::array<std::array<int32_t, kNerTags>, kNerTags + 1>& transitions() const {
    return transitions_;
  }
  size_t size() const { return features_; }
  bool empty() const { return features_ == 0; }

  // Serialises a model: header, transitions, then (key, weights) sorted by key.
  static std::string Serialise(
      const std::vector<std::pair<uint64_t, NerWeights>>& features,
      const std::array<std::array<int16_t, kNerTags>, kNerTags + 1>& trans);

 private:
  struct Slot {
    uint64_t key = 0;  // 0 = empty (feature hashes are never 0)
    NerWeights w{};
  };
  std::vector<Slot> slots_;
  uint64_t mask_ = 0;
  int shift_ = 64;
  size_t features_ = 0;
  std::array<std::array<int32_t, kNerTags>, kNerTags + 1> transitions_{};
};

// The Viterbi decoder behind NerViterbi and the trainer: the best tags for
// `len` tokens (len >= 1) given per-token scores and tag transitions; I-X
// only after B-X or I-X, and no B-X on a token `is_connector(k)` says is a
// connector.
template <typename IsConnector>
void NerDecode(size_t len, IsConnector is_connector,
               const std::vector<std::array<int32_t, kNerTags>>& scores,
               const std::array<std::array<int32_t, kNerTags>, kNerTags + 1>& trans,
               std::vector<uint8_t>& tags) {
  constexpr int64_t kNone = std::numeric_limits<int64_t>::min() / 4;
  thread_local std::vector<std::array<int64_t, kNerTags>> best;
  thread_local std::vector<std::array<uint8_t, kNerTags>> back;
  best.resize(len);
  back.resize(len);
  auto allowed = [&](size_t k, int prev, int cur) {
    const bool inside = cur == kTagIPer || cur == kTagIOrg || cur == kTagIPlace;
    if (inside && prev != cur && prev != cur - 1) return false;
    const bool begin = cur == kTagBPer || cur == kTagBOrg || cur == kTagBPlace;
    return !(begin && is_connector(k));
  };
  for (size_t k = 0; k < len; ++k) {
    for (int cur = 0; cur < kNerTags; ++cur) {
      int64_t top = kNone;
      uint8_t arg = 0;
      if (k == 0) {
        if (allowed(0, kTagO, cur)) top = trans[kNerStart][cur];
      } else {
        for (int prev = 0; prev < kNerTags; ++prev) {
          if (best[k - 1][prev] == kNone || !allowed(k, prev, cur)) continue;
          const int64_t v = best[k - 1][prev] + trans[prev][cur];
          if (v > top) {
            top = v;
            arg = static_cast<uint8_t>(prev);
          }
        }
      }
      best[k][cur] = top == kNone ? kNone : top + scores[k][cur];
      back[k][cur] = arg;
    }
  }
  tags.assign(len, kTagO);
  int cur = 0;
  for (int t = 1; t < kNerTags; ++t) {
    if (best[len - 1][t] > best[len - 1][cur]) cur = t;
  }
  for (size_t k = len; k-- > 0;) {
    tags[k] = static_cast<uint8_t>(cur);
    cur = back[k][cur];
  }
}

// Best tag sequence for the run [first, last) of `f` given per-token scores
// (scores[k] for token first + k). Honours BIO and connector constraints.
void NerViterbi(const NerFeaturizer& f, NerRun run,
                const std::vector<std::array<int32_t, kNerTags>>& scores,
                const std::array<std::array<int32_t, kNerTags>, kNerTags + 1>& trans,
                std::vector<uint8_t>& tags);

}  // namespace morgue

#endif  // MORGUE_INDEXER_NER_FEATURES_H_

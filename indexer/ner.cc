// FindNames: score the candidate runs with the model, decode, cut mentions.
#include "indexer/ner.h"

#include <algorithm>
#include <iterator>

#include "indexer/entities_tokens.h"
#include "indexer/ner_features.h"

namespace morgue {
namespace {

// Sorts and de-duplicates the words added since `old_size`, then merges them
// into the sorted part through a per-thread buffer (std::inplace_merge
// allocates one on every call: once per paragraph).
void MergeSorted(std::vector<uint64_t>& into, size_t old_size) {
  const auto mid = into.begin() + static_cast<std::ptrdiff_t>(old_size);
  std::sort(mid, into.end());
  into.erase(std::unique(mid, into.end()), into.end());
  if (old_size == 0 || old_size == into.size()) return;
  thread_local std::vector<uint64_t> merged;
  merged.clear();
  std::set_union(into.begin(), into.begin() + static_cast<std::ptrdiff_t>(old_size),
                 into.begin() + static_cast<std::ptrdiff_t>(old_size), into.end(),
                 std::back_inserter(merged));
  into.assign(merged.begin(), merged.end());
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

void NameContext::Add(std::string_view text) {
  thread_local std::vector<Token> tokens;
  Tokenize(text, tokens);
  Add(text, tokens);
}

void NameContext::Add(std::string_view text, const std::vector<Token>& tokens) {
  const bool all_caps = IsAllCapsText(text);
  const size_t lower_size = lower_.size();
  const size_t cap_size = cap_mid_.size();
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord) continue;
    const auto first = static_cast<unsigned char>(text[t.begin]);
    const std::string_view w = NerStripPossessive(TokenText(text, t));
    if (first >= 'a' && first <= 'z') {
      lower_.push_back(NerLowerHash(w));
    } else if (t.capitalised && !t.sentence_start && !all_caps) {
      cap_mid_.push_back(NerLowerHash(w));
    }
  }
  MergeSorted(lower_, lower_size);
  MergeSorted(cap_mid_, cap_size);
}

bool NameContext::SeenLowerCase(uint64_t lower_hash) const {
  return std::binary_search(lower_.begin(), lower_.end(), lower_hash);
}

bool NameContext::SeenCapitalisedMidSentence(uint64_t lower_hash) const {
  return std::binary_search(cap_mid_.begin(), cap_mid_.end(), lower_hash);
}

std::vector<NameMention> FindNames(std::string_view text, const NameContext& ctx) {
  return FindNames(text, ctx, NerModel::Embedded());
}

std::vector<NameMention> FindNames(std::string_view text, const NameContext& ctx,
                                   const NerModel& model) {
  thread_local std::vector<Token> tokens;
  Tokenize(text, tokens);
  return FindNames(text, tokens, ctx, &model);
}

std::vector<NameMention> FindNames(std::string_view text, const std::vector<Token>& tokens_in,
                                   const NameContext& ctx, const NerModel* model_or_null) {
  const NerModel& model = model_or_null != nullptr ? *model_or_null : NerModel::Embedded();
  std::vector<NameMention> out;
  if (model.empty() || text.size() > UINT32_MAX || IsAllCapsText(text)) return out;
  thread_local NerFeaturizer f;
  thread_local std::vector<uint64_t> features;
  thread_local std::vector<std::array<int32_t, kNerTags>> scores;
  thread_local std::vector<uint8_t> tags;
  f.Prepare(text, tokens_in, ctx);
  const std::vector<Token>& tokens = f.tokens();
  for (const NerRun& run : f.runs()) {
    scores.assign(run.last - run.first, {});
    for (uint32_t i = run.first; i < run.last; ++i) {
      features.clear();
      f.Features(i, features);
      for (uint64_t feature : features) model.Prefetch(feature);
      for (uint64_t feature : features) model.AddWeights(feature, scores[i - run.first]);
    }
    NerViterbi(f, run, scores, model.transitions(), tags);
    for (uint32_t k = 0; k < tags.size();) {
      const uint8_t tag = tags[k];
      if (tag != kTagBPer && tag != kTagBOrg && tag != kTagBPlace) {
        ++k;
        continue;
      }
      uint32_t end = k + 1;
      while (end < tags.size() && tags[end] == tag + 1) ++end;
      uint32_t last = end;  // drop connectors at the end ("Bank of")
      while (last > k + 1 && f.IsConnector(run.first + last - 1)) --last;
      NameMention m;
      m.begin = tokens[run.first + k].begin;
      m.end = tokens[run.first + last - 1].end;
      int64_t margin = 0;
      for (uint32_t j = k; j < end; ++j) {
        margin += int64_t{scores[j][tags[j]]} - scores[j][kTagO];
      }
      m.confidence = static_cast<int32_t>(margin / static_cast<int64_t>(end - k));
      m.kind = tag == kTagBPer   ? EntityKind::kPerson
               : tag == kTagBOrg ? EntityKind::kOrganisation
                                 : EntityKind::kPlace;
      const std::string_view s = text.substr(m.begin, m.end - m.begin);
      for (std::string_view possessive : {"'s", "\xE2\x80\x99s"}) {  // "Wright's" -> "Wright"
        if (s.size() > possessive.size() && EndsWith(s, possessive)) {
          m.end -= static_cast<uint32_t>(possessive.size());
          break;
        }
      }
      out.push_back(m);
      k = end;
    }
  }
  return out;
}

}  // namespace morgue

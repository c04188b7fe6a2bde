#include "indexer/word_pairs.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace morgue {

namespace {

// English function words: too common to narrow a phrase's candidates much,
// and pairs of them would be most pair terms.
const std::unordered_set<std::string_view>& FunctionWords() {
  static const std::unordered_set<std::string_view> words{
      "a",       "about",  "above",     "after",      "again",    "against",   "all",     "also",
      "am",      "an",     "and",       "any",        "are",      "as",        "at",      "be",
      "because", "been",   "before",    "being",      "below",    "between",   "both",    "but",
      "by",      "can",    "could",     "did",        "do",       "does",      "doing",   "down",
      "during",  "each",   "few",       "for",        "from",     "further",   "had",     "has",
      "have",    "having", "he",        "her",        "here",     "hers",      "herself", "him",
      "himself", "his",    "how",       "i",          "if",       "in",        "into",    "is",
      "it",      "its",    "itself",    "just",       "may",      "me",        "might",   "more",
      "most",    "must",   "my",        "myself",     "no",       "nor",       "not",     "now",
      "of",      "off",    "on",        "once",       "only",     "or",        "other",   "ought",
      "our",     "ours",   "ourselves", "out",        "over",     "own",       "same",    "shall",
      "she",     "should", "so",        "some",       "such",     "than",      "that",    "the",
      "their",   "theirs", "them",      "themselves", "then",     "there",     "these",   "they",
      "this",    "those",  "through",   "to",         "too",      "under",     "until",   "up",
      "upon",    "very",   "was",       "we",         "were",     "what",      "when",    "where",
      "which",   "while",  "who",       "whom",       "whose",    "why",       "will",    "with",
      "would",   "you",    "your",      "yours",      "yourself", "yourselves"};
  return words;
}

bool Prefixed(std::string_view term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

bool HasLetter(std::string_view word) {
  return std::any_of(word.begin(), word.end(),
                     [](unsigned char c) { return std::isalpha(c) || c >= 0x80; });
}

}  // namespace

PairWords::PairWords(std::vector<std::string> words) : words_(std::move(words)) {
  std::sort(words_.begin(), words_.end());
  words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
}

bool PairWords::Contains(std::string_view word) const {
  return std::binary_search(words_.begin(), words_.end(), word, std::less<>());
}

std::string PairWords::Joined() const {
  std::string out;
  for (const std::string& w : words_) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

std::string PairTerm(std::string_view first, std::string_view second) {
  std::string term(kPairPrefix);
  term.append(first);
  term.push_back(' ');
  term.append(second);
  return term;
}

void AddPairTerms(Xapian::Document& doc, const PairWords& words) {
  if (words.empty()) return;
  std::vector<std::pair<Xapian::termpos, std::string>> at;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string term = *t;
    if (Prefixed(term) || !words.Contains(term)) continue;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) at.emplace_back(*p, term);
  }
  std::sort(at.begin(), at.end());
  for (size_t i = 0; i + 1 < at.size(); ++i) {
    if (at[i + 1].first == at[i].first + 1)
      doc.add_boolean_term(PairTerm(at[i].second, at[i + 1].second));
  }
}

PairWords ChoosePairWords(const std::vector<Xapian::Database>& shards) {
  uint64_t articles = 0;
  for (const Xapian::Database& shard : shards) articles += shard.get_doccount();
  std::unordered_map<std::string, uint64_t> df;
  for (const Xapian::Database& shard : shards) {
    // Words in under 0.5% of a shard cannot reach 1% of the archive unless
    // the shards differ a lot; skipping them keeps the map small.
    const uint64_t least = shard.get_doccount() / 200;
    for (auto t = shard.allterms_begin(); t != shard.allterms_end(); ++t) {
      if (t.get_termfreq() < least || t.get_termfreq() == 0) continue;
      std::string term = *t;
      if (Prefixed(term) || !HasLetter(term) || FunctionWords().count(term)) continue;
      df[term] += t.get_termfreq();
    }
  }
  std::vector<std::pair<uint64_t, std::string>> ranked;
  for (auto& [word, n] : df) {
    if (n * 100 >= articles && n > 0) ranked.emplace_back(n, word);
  }
  const size_t keep = std::min(kPairWordCount, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second < b.second;
                    });
  std::vector<std::string> words;
  for (size_t i = 0; i < keep; ++i) words.push_back(std::move(ranked[i].second));
  return PairWords(std::move(words));
}

std::string FormatPairsMark(const PairsMark& mark) {
  return std::to_string(mark.from) + "\n" + mark.words.Joined();
}

std::optional<PairsMark> ParsePairsMark(const std::string& value) {
  const size_t nl = value.find('\n');
  if (nl == std::string::npos || nl == 0 || nl > 10) return std::nullopt;
  uint64_t from = 0;
  for (size_t i = 0; i < nl; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(value[i]))) return std::nullopt;
    from = from * 10 + static_cast<uint64_t>(value[i] - '0');
  }
  if (from == 0 || from > UINT32_MAX) return std::nullopt;  // docids start at 1
  PairsMark mark;
  mark.from = static_cast<Xapian::docid>(from);
  std::vector<std::string> words;
  size_t start = nl + 1;
  while (start < value.size()) {
    size_t end = value.find(' ', start);
    if (end == std::string::npos) end = value.size();
    if (end > start) words.push_back(value.substr(start, end - start));
    start = end + 1;
  }
  mark.words = PairWords(std::move(words));
  return mark;
}

PairWords MarkedPairWords(const std::vector<Xapian::Database>& shards) {
  for (const Xapian::Database& shard : shards) {
    std::optional<PairsMark> mark = ParsePairsMark(shard.get_metadata(kPairsKey));
    if (mark && !mark->words.empty()) return std::move(mark->words);
  }
  return PairWords();
}

}  // namespace morgue

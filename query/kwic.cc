#include "query/kwic.h"

#include <xapian.h>

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <utility>

#include "indexer/document.h"
#include "morgue/error.h"
#include "query/export.h"
#include "query/parse.h"
#include "query/query_node.h"
#include "query/stem_expander.h"
#include "query/stop_words.h"
#include "query/text_terms.h"
#include "storage/store.h"

namespace morgue {

namespace {

constexpr size_t kMaxKwicWidth = 10000;

using Kind = QueryNode::Kind;

// One word of a pattern: how it matches an index term.
struct Slot {
  enum class How { kExact, kStem, kWildcard } how = How::kExact;
  std::string text;  // the term, its stem, or the wildcard pattern
  // kStem: StemExpander::ScanPrefix(text); a word that MayExpandTo fails
  // for is not one the search expands the stem to, and is not stemmed.
  std::string scan;
};

// A word or phrase of the query, to find in the text of `field`.
struct Pattern {
  TextField field = TextField::kAll;
  std::vector<Slot> slots;
};

class PatternCollector {
 public:
  // `saved`: the saved queries @name stands for (as the search reads them).
  PatternCollector(const SearchRequest& request, const std::string& stem_language,
                   const SavedQueryLookup* saved)
      : request_(request), today_(request.now), saved_(saved) {
    if (!stem_language.empty()) stemmer_ = Xapian::Stem(stem_language);
    stemming_ = !stem_language.empty();
  }

  void Collect(const QueryNode& node, size_t siblings) {
    switch (node.kind) {
      case Kind::kWord:
        if (node.terms.size() == 1) {
          const std::string& term = node.terms[0];
          // With words ORed, bare stop words beside others are left out
          // (RankingOptions::drop_stop_words).
          if (!request_.default_and && request_.ranking.drop_stop_words && siblings > 1 &&
              !node.parenthesized && IsQueryStopWord(term)) {
            return;
          }
          if (stemming_ && StartsWithLetter(term)) {
            std::string stem = stemmer_(term);
            std::string scan = StemExpander::ScanPrefix(stem);
            Add(node.field, {{Slot::How::kStem, std::move(stem), std::move(scan)}});
          } else {
            Add(node.field, {{Slot::How::kExact, term, {}}});
          }
        } else {
          AddExact(node.field, node.terms);
        }
        return;
      case Kind::kPhrase: AddExact(node.field, node.terms); return;
      case Kind::kPrefix:
        if (!node.terms.empty()) Add(node.field, {{Slot::How::kWildcard, node.terms[0], {}}});
        return;
      case Kind::kNear:
        for (const auto& child : node.children) AddExact(node.field, child->terms);
        return;
      case Kind::kParse:
        if (auto tree = Parse(node.text)) Collect(*tree, 1);
        return;
      case Kind::kAnd:
      case Kind::kOr:
      case Kind::kSeq:
        for (const auto& child : node.children) Collect(*child, node.children.size());
        return;
      case Kind::kNot:
      case Kind::kFilter:
      case Kind::kDates: return;
    }
  }

  // The tree of `text` as the search parses it: saved queries expanded.
  std::shared_ptr<const QueryNode> Parse(std::string_view text) const {
    return ParseText(text, today_, saved_);
  }

  std::vector<Pattern> patterns;
  bool stemming_ = false;
  Xapian::Stem stemmer_;

 private:
  void Add(TextField field, std::vector<Slot> slots) {
    patterns.push_back({field, std::move(slots)});
  }
  void AddExact(TextField field, const std::vector<std::string>& terms) {
    if (terms.empty()) return;
    std::vector<Slot> slots;
    for (const auto& t : terms) slots.push_back({Slot::How::kExact, t, {}});
    Add(field, std::move(slots));
  }

  const SearchRequest& request_;
  const Today today_;
  const SavedQueryLookup* saved_;
};

bool KwicAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The code point at text[i] and its length in bytes; a byte that starts no
// valid sequence: U+FFFD (not a word character) and 1.
std::pair<unsigned, size_t> CodePointAt(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b = byte(i);
  if (b < 0x80) return {b, 1};
  const size_t n = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || i + n > text.size()) return {0xFFFD, 1};
  unsigned cp = b & (0x7Fu >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3Fu);
  }
  return {cp, n};
}

// Xapian's word characters among ASCII, asked of Xapian once.
struct AsciiWordChars {
  bool is[128];
  AsciiWordChars() {
    for (unsigned c = 0; c < 128; ++c) is[c] = Xapian::Unicode::is_wordchar(c);
  }
};

bool IsWordChar(std::string_view text, size_t i) {
  static const AsciiWordChars ascii;
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) return ascii.is[b];
  return Xapian::Unicode::is_wordchar(CodePointAt(text, i).first);
}

// Matches of one text, then its lines.
class KwicScanner {
 public:
  KwicScanner(const std::vector<Pattern>& patterns, const PatternCollector& collector)
      : patterns_(patterns), collector_(collector) {}

  // The [first, last] word ranges of `words` that a pattern of `field` matches,
  // in order, without repeats.
  const std::vector<std::pair<size_t, size_t>>& Find(const std::vector<TextWord>& words,
                                                     TextField field) {
    std::vector<std::pair<size_t, size_t>>& found = found_;
    found.clear();
    for (const Pattern& p : patterns_) {
      // A quotation's words are found by quote: patterns only (the others
      // find them in the body).
      if (field == TextField::kQuote ? p.field != field
                                     : p.field != TextField::kAll && p.field != field) {
        continue;
      }
      const size_t n = p.slots.size();
      for (size_t i = 0; i + n <= words.size(); ++i) {
        bool all = true;
        for (size_t k = 0; k < n && all; ++k) all = Matches(p.slots[k], words[i + k].term);
        if (all) found.emplace_back(i, i + n - 1);
      }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
  }

 private:
  bool Matches(const Slot& slot, const std::string& term) {
    switch (slot.how) {
      case Slot::How::kExact: return term == slot.text;
      case Slot::How::kWildcard: return MatchesWildcard(slot.text, term);
      case Slot::How::kStem: {
        if (!StemExpander::MayExpandTo(term, slot.scan)) return false;
        auto it = stems_.find(term);
        if (it == stems_.end()) {
          it = stems_.emplace(term, collector_.stemmer_(term)).first;
        }
        return it->second == slot.text;
      }
    }
    return false;
  }

  const std::vector<Pattern>& patterns_;
  const PatternCollector& collector_;
  std::unordered_map<std::string, std::string> stems_;
  std::vector<std::pair<size_t, size_t>> found_;  // Find's answer
};

// `out` = `text` with line breaks and tabs as spaces.
void Flat(std::string_view text, std::string& out) {
  out.assign(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f') c = ' ';
  }
}

// `out` = the last `width` code points of text[0, end), from a word's start when cut.
void LeftOf(std::string_view text, size_t end, size_t width, std::string& out) {
  size_t begin = end, taken = 0;
  while (begin > 0 && taken < width) {
    --begin;
    while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
    ++taken;
  }
  std::string_view piece = text.substr(begin, end - begin);
  if (begin > 0) {
    const size_t space = piece.find(' ');
    if (space != std::string_view::npos && space + 1 < piece.size()) piece.remove_prefix(space + 1);
  }
  Flat(piece, out);
}

// `out` = the first `width` code points of text from `begin`, to a word's end when cut.
void RightOf(std::string_view text, size_t begin, size_t width, std::string& out) {
  size_t end = begin, taken = 0;
  while (end < text.size() && taken < width) {
    ++end;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    ++taken;
  }
  std::string_view piece = text.substr(begin, end - begin);
  if (end < text.size()) {
    const size_t space = piece.rfind(' ');
    if (space != std::string_view::npos && space > 0) piece = piece.substr(0, space);
  }
  Flat(piece, out);
}

}  // namespace

std::vector<TextWord> WrittenWords(std::string_view text) {
  std::vector<TextWord> out;
  WrittenWords(text, out);
  return out;
}

void WrittenWords(std::string_view text, std::vector<TextWord>& out) {
  size_t used = 0;  // words of `out` filled: the others keep their strings' memory
  auto next = [&]() -> TextWord& {
    if (used == out.size()) out.emplace_back();
    return out[used++];
  };
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (!IsWordChar(text, i)) {
      i += CodePointAt(text, i).second;
      continue;
    }
    const size_t begin = i;
    while (i < n) {
      if (IsWordChar(text, i)) {
        i += CodePointAt(text, i).second;
      } else if ((text[i] == '\'' || text[i] == '.' || text[i] == ',' || text[i] == '&') &&
                 i + 1 < n && KwicAsciiAlnum(static_cast<unsigned char>(text[i + 1]))) {
        ++i;
      } else {
        break;
      }
    }
    // "U.S." keeps its last dot, as the indexer's initials do.
    if (i < n && text[i] == '.' &&
        text.substr(begin, i - begin).find('.') != std::string_view::npos) {
      ++i;
    }
    const std::string_view word = text.substr(begin, i - begin);
    // A plain ASCII word is its own lower-cased term (TextTerms' fast path,
    // without its vector).
    if (word.size() <= 64 && std::all_of(word.begin(), word.end(), [](char c) {
          return KwicAsciiAlnum(static_cast<unsigned char>(c));
        })) {
      TextWord& w = next();
      w.begin = begin;
      w.end = i;
      w.term.assign(word);
      for (char& c : w.term) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
      continue;
    }
    for (std::string& term : TextTerms(word)) {
      TextWord& w = next();
      w.begin = begin;
      w.end = i;
      w.term = std::move(term);
    }
  }
  out.resize(used);
}

uint64_t KeywordsInContext(const IndexReader& index, const SearchRequest& request,
                           const KwicOptions& options,
                           const std::function<bool(const KwicLine&)>& fn,
                           std::vector<std::string>* missing) {
  if (options.width < 1 || options.width > kMaxKwicWidth) {
    throw Error(ErrorCode::kInvalidArgument,
                "the width must be 1 to 10000 characters, not " + std::to_string(options.width));
  }
  // A cluster keeps no saved queries (yet): every @name is unknown there.
  const std::shared_ptr<const Store> store =
      index.settings().cluster ? nullptr : index.LatestStore();
  const SavedQueryLookup saved = [&store](const std::string& name) -> std::optional<std::string> {
    if (!store) return std::nullopt;
    return store->GetSavedQuery(name);
  };
  PatternCollector collector(request, StemmerFor(index.settings().language), &saved);
  if (auto tree = collector.Parse(request.query)) collector.Collect(*tree, 1);
  if (const auto& built = request.built_query.node()) collector.Collect(*built, 1);
  // Found by a hostile pass: an empty or filter-only query read every
  // matching article to show nothing.
  if (collector.patterns.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "kwic shows the query's words and phrases in context; \"" + request.query +
                    "\" has none to show (filters and NOT words are not shown)");
  }
  KwicScanner scanner(collector.patterns, collector);

  uint64_t lines = 0;
  bool go_on = true;
  KwicLine line;
  std::vector<TextWord> words;  // of one text, reused
  auto scan = [&](const Article& a, const std::string& text, TextField field, const char* name,
                  size_t paragraph) {
    if (!go_on || text.empty()) return;
    WrittenWords(text, words);
    for (const auto& [first, last] : scanner.Find(words, field)) {
      const size_t begin = words[first].begin, end = words[last].end;
      line.id = a.id;
      line.source = a.source;
      line.published = a.published;
      line.field = name;
      line.paragraph = paragraph;
      line.offset = begin;
      LeftOf(text, begin, options.width, line.left);
      Flat(std::string_view(text).substr(begin, end - begin), line.match);
      RightOf(text, end, options.width, line.right);
      ++lines;
      if (!fn(line)) {
        go_on = false;
        return;
      }
    }
  };
  auto pass = [&](const Article& a) {
    scan(a, a.headline, TextField::kHeadline, "headline", 0);
    for (size_t i = 0; i < a.body.size(); ++i) scan(a, a.body[i], TextField::kBody, "body", i);
    // Quotations are (mostly) body text: shown as quotes only for quote: words.
    for (size_t i = 0; i < a.quotes.size(); ++i) {
      scan(a, a.quotes[i].text, TextField::kQuote, "quote", i);
    }
    for (size_t i = 0; i < a.captions.size(); ++i) {
      scan(a, a.captions[i].text, TextField::kCaption, "caption", i);
    }
    return go_on;
  };
  ExportArticles(index, request, pass, missing);
  return lines;
}

}  // namespace morgue

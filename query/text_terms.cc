#include "query/text_terms.h"

#include <xapian.h>

#include <algorithm>
#include <utility>

#include "indexer/fold.h"

namespace morgue {
namespace {

constexpr size_t kMaxWordBytes = 64;  // Xapian::TermGenerator's default max_word_length

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Thread-local TermGenerator writing into a scratch document.
struct TermScratch {
  Xapian::TermGenerator generator;
  Xapian::Document document;
  std::string initials;  // CapitaliseInitials' copy of the text
  TermScratch() { generator.set_document(document); }
};

}  // namespace

std::vector<std::string> TextTerms(std::string_view text) {
  // Fast path: a plain ASCII alphanumeric word is its own lower-cased term.
  if (!text.empty() && text.size() <= kMaxWordBytes &&
      std::all_of(text.begin(), text.end(), IsAsciiAlnum)) {
    std::string term(text);
    for (char& c : term) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    return {std::move(term)};
  }
  thread_local TermScratch scratch;
  scratch.document.clear_terms();
  scratch.generator.set_termpos(0);
  // "u.s." is read as "U.S." is, as the indexer reads it (CapitaliseInitials).
  text = CapitaliseInitials(text, scratch.initials);
  scratch.generator.index_text(Xapian::Utf8Iterator(text.data(), text.size()));
  std::vector<std::pair<Xapian::termpos, std::string>> placed;
  // Each word folded as the indexer folds it (indexer/document.cc, IndexField).
  const bool ascii = IsAscii(text);
  for (auto t = scratch.document.termlist_begin(); t != scratch.document.termlist_end(); ++t) {
    const std::string term = ascii ? *t : FoldWord(*t);
    if (term.empty()) continue;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      placed.emplace_back(*p, term);
    }
  }
  std::sort(placed.begin(), placed.end());
  std::vector<std::string> terms;
  terms.reserve(placed.size());
  for (auto& [position, term] : placed) terms.push_back(std::move(term));
  return terms;
}

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool StartsWithLetter(std::string_view term) {
  if (term.empty()) return false;
  constexpr unsigned kLetterMask =
      (1u << Xapian::Unicode::LOWERCASE_LETTER) | (1u << Xapian::Unicode::UPPERCASE_LETTER) |
      (1u << Xapian::Unicode::TITLECASE_LETTER) | (1u << Xapian::Unicode::MODIFIER_LETTER) |
      (1u << Xapian::Unicode::OTHER_LETTER);
  const unsigned ch = *Xapian::Utf8Iterator(term.data(), term.size());
  return (kLetterMask >> Xapian::Unicode::get_category(ch)) & 1;
}

namespace {

// Bytes of the UTF-8 character starting at `s[i]` (1 for a stray byte).
size_t CharBytes(std::string_view s, size_t i) {
  size_t n = 1;
  while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80) ++n;
  return n;
}

}  // namespace

bool MatchesWildcard(std::string_view pattern, std::string_view term) {
  // Greedy with one backtrack point: the last '*' seen.
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, star_t = 0;
  while (t < term.size()) {
    if (p < pattern.size() && pattern[p] == '?') {
      ++p;
      t += CharBytes(term, t);
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (p < pattern.size() && pattern[p] == term[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      star_t += CharBytes(term, star_t);
      t = star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string LowerCollapse(std::string_view text) { return FoldCollapse(text); }

}  // namespace morgue

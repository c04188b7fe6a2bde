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

std::string LowerCollapse(std::string_view text) { return FoldCollapse(text); }

}  // namespace morgue

#include "indexer/field_words.h"

#include <algorithm>
#include <cstdlib>

#include "indexer/fold.h"

namespace morgue {

FieldWords::FieldWords() : ngrams_(std::getenv("XAPIAN_CJK_NGRAM") != nullptr) {
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  generator_.set_document(document_);
  if (ngrams_) return;
  // Every word goes to the tap, which says "stop": the generator cuts the
  // words (and drops those over 64 bytes before the tap hears them) but
  // indexes none, so cutting costs no document.
  generator_.set_stopper(&tap_);
  generator_.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
}

bool FieldWords::Tap::operator()(const std::string& word) const {
  if (!fold) {
    (*fn)(word);
  } else {
    const std::string folded = FoldWord(word);
    (*fn)(folded);
  }
  return true;
}

void FieldWords::Cut(std::string_view field_text,
                     const std::function<void(std::string_view term)>& fn) {
  // "u.s." is read as "U.S." is: the one word "us" (CapitaliseInitials).
  const std::string_view text = CapitaliseInitials(field_text, initials_);
  // ASCII text is only lower-cased, which the generator does itself. Other
  // text is cut into words as it is (folding first would lower-case "U.S."
  // before the generator reads it as one word), then each word is folded.
  if (ngrams_) {
    CutIntoDocument(text, fn);
    return;
  }
  tap_.fn = &fn;
  tap_.fold = !IsAscii(text);
  generator_.index_text(Xapian::Utf8Iterator(text.data(), text.size()));
  tap_.fn = nullptr;
}

void FieldWords::CutIntoDocument(std::string_view text,
                                 const std::function<void(std::string_view)>& fn) {
  document_.clear_terms();
  generator_.set_termpos(0);
  generator_.index_text(Xapian::Utf8Iterator(text.data(), text.size()));
  const bool fold = !IsAscii(text);
  placed_.clear();
  for (auto t = document_.termlist_begin(); t != document_.termlist_end(); ++t) {
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      placed_.emplace_back(*p, fold ? FoldWord(*t) : *t);
    }
  }
  std::sort(placed_.begin(), placed_.end());
  Xapian::termpos next = 1;
  for (const auto& [position, term] : placed_) {
    for (; next < position; ++next) fn("");  // cut, but only n-grams of it kept
    fn(term);
    next = position + 1;
  }
  for (; next <= generator_.get_termpos(); ++next) fn("");
}

}  // namespace morgue

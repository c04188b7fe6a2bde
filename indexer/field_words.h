// The one cutting of a field's text into the words the index holds:
// DocumentBuilder indexes them (indexer/document.cc) and Archive::Terms
// counts them (query/key_terms.cc), so the two cannot disagree.
#ifndef MORGUE_INDEXER_FIELD_WORDS_H_
#define MORGUE_INDEXER_FIELD_WORDS_H_

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace morgue {

// Cuts text into words with Xapian::TermGenerator (default settings, no
// stemmer), as docs/index-format.md describes: "u.s." read as "U.S."
// (CapitaliseInitials), each word folded (FoldWord; ASCII text only
// lower-cased), words longer than 64 bytes left out. Not thread-safe: one
// per thread.
class FieldWords {
 public:
  FieldWords();
  FieldWords(const FieldWords&) = delete;
  FieldWords& operator=(const FieldWords&) = delete;

  // Calls fn(term) for each word of `text`, in order; each call is one
  // position of the index. A word whose folded form is too long (FoldWord
  // gives "") takes its position but is no term: fn gets "" for it.
  void Cut(std::string_view text, const std::function<void(std::string_view term)>& fn);

 private:
  // Hears every word the generator cuts and keeps none of them.
  class Tap : public Xapian::Stopper {
   public:
    bool operator()(const std::string& word) const override;
    const std::function<void(std::string_view)>* fn = nullptr;
    bool fold = false;
  };
  // With XAPIAN_CJK_NGRAM set, the generator also cuts CJK text into
  // n-grams, only some of which take positions: then the words are read
  // back from a document, in position order (slower, the same words).
  void CutIntoDocument(std::string_view text, const std::function<void(std::string_view)>& fn);

  Tap tap_;
  Xapian::TermGenerator generator_;
  Xapian::Document document_;  // the generator's: stays empty but with XAPIAN_CJK_NGRAM
  std::string initials_;       // CapitaliseInitials' copy of a text
  std::vector<std::pair<Xapian::termpos, std::string>> placed_;  // CutIntoDocument's
  bool ngrams_;
};

}  // namespace morgue

#endif  // MORGUE_INDEXER_FIELD_WORDS_H_

// Article -> Xapian document, following docs/index-format.md.
#ifndef MORGUE_INDEXER_DOCUMENT_H_
#define MORGUE_INDEXER_DOCUMENT_H_

#include <xapian.h>

#include <functional>
#include <string>
#include <vector>

#include "indexer/field_words.h"
#include "morgue/article.h"

namespace morgue {

// Value slots (docs/index-format.md).
enum Slot : Xapian::valueno {
  kSlotDay = 0,
  kSlotTime = 1,
  kSlotFingerprint = 2,
  kSlotPersons = 3,
  kSlotOrgs = 4,
  kSlotPlaces = 5,
  kSlotTopics = 6,
  kSlotSection = 7,
  // 8 is unused: sources are few, and facets count them from XSRC terms.
  kSlotSpeakers = 9,
};

// Separates the values of a multi-valued slot.
inline constexpr char kValueSeparator = '\x1f';

// Xapian's stemmer name for an archive language code ("en" -> "english"),
// "" when there is none.
std::string StemmerFor(const std::string& language);

// True when `quote` is the body text at its position (paragraph, offset), as
// quotations found by the analysis always are; a reader may supply others.
bool QuoteInBody(const Article& article, const Quote& quote);

// A boolean term on every article with a quotation that is not body text.
// When no article has it (and the archive writes it: Manifest::
// marks_quotes_outside_body), the quote field holds only words the body
// holds at the same places, and a query need not search it for unscoped
// words that it does not weight.
inline constexpr char kQuoteOutsideBodyTerm[] = "XFquote-outside-body";

// The prefix of a word's all-fields term (docs/index-format.md): one term per
// word, without positions, whose wdf is the word's count in the headline, the
// body and the captions together (quotations are body text, or left out as
// quote weight 0 leaves them). An archive whose manifest says
// all_fields_terms has it on every document; a bare word's fields scored
// together (ParseOptions::combine_fields) read it instead of OP_SYNONYM over
// the field terms, and score and match the same.
inline constexpr char kAllFieldsPrefix[] = "XA";

// Xapian's glass backend refuses a term longer than this (InvalidArgumentError
// "Term too long (> 245)", thrown only when the batch is committed).
inline constexpr size_t kMaxTermBytes = 245;

// The unique id term of an article: "Q" + source + "/" + id, where the source
// has '%' and '/' written as "%25" and "%2F" so that no two (source, id)
// pairs share a term (source "a" with id "b/c" and source "a/b" with id "c"
// are "Qa/b/c" and "Qa%2Fb/c"). A term longer than kMaxTermBytes (a zero byte
// counting two, as glass stores it) becomes
// "Q\x01" + the SHA-256 of it in hex (64 characters); no plain term starts so,
// since a source holds no control character (ArticleProblem).
std::string UniqueTerm(const std::string& source, const std::string& id);

// The unique terms an `id:` value "source/id" may mean: one per '/' in it
// (the source ends at one of them), in order. Empty without a '/'.
std::vector<std::string> UniqueTermsOf(const std::string& source_slash_id);

// Why the analysed `article` cannot be indexed (a filter term it would
// get is longer than kMaxTermBytes, naming the field), or "" when it can.
// Checks exactly the terms DocumentBuilder::Build makes.
std::string IndexProblem(const Article& article);

// The term form of a filter value (topic, section, source, lang): folded
// with white space collapsed (FoldCollapse, indexer/fold.h), as queries fold
// it.
std::string FilterValue(const std::string& value);

// The texts Build cuts into words, in order, each with its field's prefix
// (docs/index-format.md): the headline ("S"), each body paragraph (""), each
// quotation ("XQ"), each caption's text and credit ("XC"). Each text's words
// are a run of positions of their own: no phrase joins two texts.
void ForEachIndexedText(const Article& article,
                        const std::function<void(const std::string& text, const char* prefix)>& fn);

// Builds documents; holds a TermGenerator, so use one builder per thread.
class DocumentBuilder {
 public:
  // With `all_fields`, documents also get all-fields terms (kAllFieldsPrefix).
  explicit DocumentBuilder(bool all_fields = false);
  // `article` must be analysed (entities carry canonical forms).
  // Precondition: IndexProblem(article) is "" (Build would otherwise
  // make a term Xapian refuses at commit).
  Xapian::Document Build(const Article& article);

 private:
  void IndexField(const std::string& text, const std::string& prefix, Xapian::Document& doc);
  // Adds `doc`'s all-fields terms from its S, body and XC terms.
  static void AddAllFieldsTerms(Xapian::Document& doc);
  bool all_fields_;
  FieldWords words_;
  Xapian::termpos termpos_ = 0;  // the last position taken in the document being built
  std::string term_;             // scratch: prefix + word
};

// A fingerprint of the article's text that wire copies of one story share:
// a hash of its first 60 words, case and punctuation ignored.
std::string ContentFingerprint(const Article& article);

}  // namespace morgue

#endif  // MORGUE_INDEXER_DOCUMENT_H_

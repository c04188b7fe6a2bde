// The one folding of text for matching: every word, phrase, entity name and
// filter value is folded by Fold, at index time and at query time, so that
// "Erdoğan" meets "Erdogan", "ΑΘΗΝΑ" meets "Αθήνα" and "Việt Nam" meets
// "viet nam". Stored text is never folded (snippets show the original).
// Thread-safe.
#ifndef MORGUE_INDEXER_FOLD_H_
#define MORGUE_INDEXER_FOLD_H_

#include <string>
#include <string_view>

namespace morgue {

// True when every byte of `text` is ASCII (Fold is then plain lower-casing).
bool IsAscii(std::string_view text);

// Text with its dotted initials in capitals: "u.s." and "U.s." become "U.S.",
// "p.m." "P.M." (a run of at least two single ASCII letters, each but the
// last followed by a dot, not inside a word). Xapian::TermGenerator reads
// "U.S." as the one word "us" but "u.s." as the words "u" and "s"; folded
// after that, case would still matter. The indexer and the query's words
// both pass through this first, so "u.s.", "U.S." and "US" are one word.
// Returns `text` itself when it has no such run in lower case, else a view
// of `buffer`.
std::string_view CapitaliseInitials(std::string_view text, std::string& buffer);

// Folds UTF-8 `text` (docs/analysis.md, "Folding"):
//  1. NFKC with full Unicode case folding (ICU's NFKC_Casefold: "ß" -> "ss",
//     "ς" -> "σ", "ﬁ" -> "fi", full-width "ＯＰＥＣ" -> "opec", soft hyphens
//     and zero-width joiners removed);
//  2. decomposed (NFD), and the combining marks that are diacritics dropped:
//     Latin, Greek and Cyrillic accents (U+0300..U+036F and the other
//     "combining diacritical marks" blocks), Cyrillic titlo, Hebrew points,
//     Arabic harakat. Marks that spell a letter are kept: Indic and Thai
//     vowel signs and viramas, Japanese (han)dakuten ("が" stays "が");
//  3. letters that do not decompose spelled in ASCII: ø->o, đ/ð->d, ħ->h,
//     ı->i, ĸ->k, ł->l, ŋ->n, ŧ->t, æ->ae, œ->oe, þ->th;
//  4. recomposed (NFC).
// Turkish "İ" folds to "i" and "ı" to "i". ASCII text is only lower-cased.
// Invalid UTF-8 never fails: each byte that does not start a well-formed
// sequence is read as the Latin-1 character of that value (as
// Xapian::Utf8Iterator reads it), so "caf\xE9" folds like "café". An acute
// accent used as an apostrophe ("O´Neill", U+00B4) is read as U+2019.
std::string Fold(std::string_view text);

// A word as Xapian::TermGenerator cut it from the original text (so that
// "U.S." is still one word), folded: the term the index holds for it. ""
// when the folded word is longer than 64 bytes (TermGenerator's limit for
// the word it cuts; "ﷺ" alone folds to 33 bytes), which the index drops.
std::string FoldWord(std::string_view word);

// Fold, then runs of Unicode white space collapsed to one space and trimmed:
// the form of filter values (topic, section, source, language).
std::string FoldCollapse(std::string_view text);

// Decodes the character at `text[i]` as Fold reads it (invalid bytes as
// Latin-1); returns its length in bytes (at least 1).
size_t DecodeChar(std::string_view text, size_t i, char32_t& cp);

}  // namespace morgue

#endif  // MORGUE_INDEXER_FOLD_H_

// Speakers of quotations: the name an attribution gives, and the person a
// pronoun ("he said") or a surname ("Okafor said") stands for in the article.
#ifndef MORGUE_INDEXER_SPEAKERS_H_
#define MORGUE_INDEXER_SPEAKERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "morgue/article.h"

namespace morgue {

// A name found in a text: its bytes [begin, end) and what it names.
struct SpeakerName {
  uint32_t begin = 0;
  uint32_t end = 0;
  EntityKind kind = EntityKind::kPerson;
};

// The persons, organisations and places named in `text`, in order (appended
// to `out` after clearing it), titles left out ("Energy Secretary John
// Herrington" -> "John Herrington"). The one name finder behind speakers:
// proper-noun phrases (indexer/entities_tokens.h) classified by title,
// organisation words and the gazetteer. Deterministic and thread-safe.
void FindSpeakerNames(std::string_view text, std::vector<SpeakerName>& out);

// The speaker an attribution names, as written: a person in it that is not
// someone else's ("Trump's lawyer"), the object of a preposition ("the
// mother of John Doe") or a modifier ("the Wooster professor") — the first
// one when `name_first` (the attribution follows "said" or "according to":
// "John Smith of the Daily Courier"), else the last one before the first
// comma ("Vatican archbishop Charles Scicluna", "Jeff Rathke, the State
// Department spokesperson") or the first after it; else the first
// organisation ("a spokesman for the Foreign Ministry" -> "Foreign
// Ministry"); "The WHO's website" (a document noun after a possessive written
// in capitals) -> "WHO"; "" when it names neither ("the company", "he", "a
// source within the ministry").
std::string SpeakerFromAttribution(std::string_view attribution, bool name_first = false);

// The gender a pronoun attribution gives ('m' for "he", 'f' for "she", also
// "she further", "he underlined the call by": its second word, if any, is a
// lower-case word other than "and" and "or"), or 0 when `attribution` is not
// one of them.
char PronounGender(std::string_view attribution);

// The person named by a quote's speaker ("John Herrington"), or "" when the
// speaker does not look like a person (an organisation, a place).
std::string PersonFromSpeaker(std::string_view speaker);

// Completes the speakers of `quotes` (extracted from `article`, in order)
// from the whole article: a pronoun attribution becomes the first person of
// its gender (else the only one of unknown gender) its sentence, or the
// nearest sentence before that names anyone, names; failing that, the last
// person named before the quotation whose gender matches (known from
// Mr/Mrs/Ms or from he/she used with the name), or the only person named
// before it, else the speaker of the last quotation whose he/she of that
// gender was resolved when only that speaker is quoted and no one is named
// between, else stays empty; "the commissioner" ("the president had
// previously") becomes the one person named with that word before
// ("President of Argentina Alberto Fernandez"); a one-word speaker becomes
// the full name the article gave before ("Okafor" -> "Amara Okafor") when
// exactly one full name ends with it, else the one two-word name opening
// with it ("Sergey" -> "Sergey M"); an acronym speaker the name the article
// spells out for it ("Recording Industry Association of America (RIAA)");
// a quotation continued over paragraphs (`continues[i]`: quote i runs to the
// end of its paragraph without closing) shares its speaker with its
// continuation.
void ResolveSpeakers(const Article& article, std::vector<Quote>& quotes,
                     const std::vector<bool>& continues);

}  // namespace morgue

#endif  // MORGUE_INDEXER_SPEAKERS_H_

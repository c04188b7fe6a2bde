// Direct quotations in one paragraph, with speakers.
#ifndef MORGUE_INDEXER_QUOTES_H_
#define MORGUE_INDEXER_QUOTES_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "morgue/article.h"

namespace morgue {

// Appends the quotations of `paragraph` (index `paragraph_index`) to `out`.
// A quotation has at least three words; its offset is the byte offset of its
// first character (after the opening mark). Curly marks nest (the quotation
// ends where they balance); an opening mark without a closing one ends at
// the paragraph's end; a paragraph whose first mark closes a quotation
// ("... forces." — NBC) quotes from its start. Each
// quotation is kExtracted, with the words attributing it (`attribution`, as
// written: around the quotation, else the subject of the verb of speech
// nearest to it in its sentence, "X called it \"...\"") and the name they
// give (`speaker`: SpeakerFromAttribution, indexer/speakers.h; empty for "he
// said", which ResolveSpeakers resolves over the article). A quotation with
// only the previous one's attribution before it ("\"...,\" X said. \"...\"")
// shares it; so does one in the previous one's sentence whose own words name
// no one ("X said it \"...\" and \"...\""), and a quotation with no
// attribution takes the next one's in its sentence ("Saying \"...\", X
// added, \"...\""). When `continues` is given, one flag per quotation is
// appended to it: the quotation runs to the paragraph's end unclosed.
void FindQuotesInParagraph(std::string_view paragraph, uint32_t paragraph_index,
                           std::vector<Quote>& out, std::vector<bool>* continues = nullptr);

}  // namespace morgue

#endif  // MORGUE_INDEXER_QUOTES_H_

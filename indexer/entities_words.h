// Word lists behind the rule-based entity extractor: titles, organisation
// words, stop words, well-known acronyms, speech verbs. All case-sensitive
// unless said otherwise.
#ifndef MORGUE_INDEXER_ENTITIES_WORDS_H_
#define MORGUE_INDEXER_ENTITIES_WORDS_H_

#include <string_view>

namespace morgue {

// A capitalised personal title ("President", "Minister", "Mr", "Dr").
bool IsTitleWord(std::string_view word);
// A lower-case role that often precedes a name ("spokesman", "chairman").
bool IsRoleWord(std::string_view word);
// A word that makes a proper-noun phrase an organisation ("Bank", "Corp").
bool IsOrgWord(std::string_view word);
// A capitalised word that is never part of a name ("The", "But", "Why").
bool IsStopWord(std::string_view word);
// Capitalised plural nouns that open sentences ("Officials said").
bool IsCommonSubject(std::string_view word);
// Well-known organisation acronyms ("OPEC", "IMF", "U.N.").
bool IsOrgAcronym(std::string_view word);
// Firms named after people ("Morgan Stanley", "Standard and Poor"; without a
// possessive or company suffix).
bool IsFirmNamedAfterPeople(std::string_view name);
// "German", "Japanese", "Republican": adjectives that end no person's name.
bool IsNationalityAdjective(std::string_view word);
// "said", "says", "told", "added" ...
bool IsSpeechVerb(std::string_view word);
// Personal pronouns that can be a quote's speaker ("he", "She").
bool IsPronoun(std::string_view word);
// Lower-case words allowed between the capitalised words of a name.
bool IsNameConnector(std::string_view word);
// Abbreviations whose period does not end a sentence ("Mr", "Inc", "Jan").
bool IsNonFinalAbbreviation(std::string_view word);

}  // namespace morgue

#endif  // MORGUE_INDEXER_ENTITIES_WORDS_H_

// Text hygiene shared by every reader: UTF-8 repair, HTML entities, control
// characters, whitespace and paragraphs.
#ifndef MORGUE_CORPUS_TEXT_H_
#define MORGUE_CORPUS_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace morgue {

// True when `bytes` is valid UTF-8.
bool IsValidUtf8(std::string_view bytes);

// Returns `bytes` as valid UTF-8: every byte that is not part of a valid
// sequence is read as Windows-1252 / Latin-1 (0x80-0x9F unassigned in 1252
// become U+FFFD). Nothing is dropped.
std::string RepairUtf8(std::string_view bytes);

// True when `bytes` holds NUL bytes or is mostly not text (more than 10% of
// the bytes are invalid UTF-8 or control characters).
bool LooksBinary(std::string_view bytes);

// Decodes HTML character references: numeric (&#38; &#x26;) and the common
// named ones (&amp; &nbsp; &mdash; ...). Unknown references stay as written.
std::string DecodeEntities(std::string_view text);

// Removes control characters (C0 except \n and \t, DEL, C1); \r\n and \r become
// \n, tabs become spaces. Input must be valid UTF-8.
std::string StripControls(std::string_view text);

// Collapses every run of whitespace (ASCII, NBSP and other Unicode spaces,
// newlines) into one space and trims both ends.
std::string NormalizeSpace(std::string_view text);

// Repair + entities + controls, keeping line structure: the first step for any
// text taken from a record.
std::string CleanText(std::string_view raw);

// CleanText then NormalizeSpace: for one-line fields (title, url, author).
std::string CleanLine(std::string_view raw);

// CleanText, then splits on blank lines; every paragraph is NormalizeSpace'd
// and empty ones are dropped.
std::vector<std::string> CleanParagraphs(std::string_view raw);

// ASCII helpers.
std::string_view TrimView(std::string_view s);
std::string AsciiLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace morgue

#endif  // MORGUE_CORPUS_TEXT_H_

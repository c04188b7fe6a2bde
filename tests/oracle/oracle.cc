#include "oracle/oracle.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <functional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "morgue/error.h"

namespace morgue::oracle {
namespace {

// ---------------------------------------------------------------- words

// TermGenerator is used only to split and lower-case (docs/query-language.md:
// "Words are split and lower-cased exactly as Xapian::TermGenerator"), as the
// indexer configures it: no stemming, no stopwords. Positions continue over
// the segments of a field with the gap of 100 the indexer leaves between
// paragraphs, quotations, captions and credits (docs/query-language.md,
// "Phrases" and "NEAR").
// The documented rule for dotted initials (docs/query-language.md, "Words"):
// single ASCII letters joined by dots, not inside a word, are read in
// capitals ("u.s." as "U.S.", which TermGenerator makes the word "us").
// Written apart from the engine's CapitaliseInitials, with a regex.
std::string CapitalisedInitials(std::string_view text) {
  std::string out(text);
  // Letter, dot, letter, one of them in lower case: else nothing to do.
  bool candidate = false;
  for (size_t i = 0; i + 2 < out.size() && !candidate; ++i) {
    const auto a = static_cast<unsigned char>(out[i]), c = static_cast<unsigned char>(out[i + 2]);
    candidate = out[i + 1] == '.' && std::isalpha(a) && std::isalpha(c) &&
                (std::islower(a) || std::islower(c));
  }
  if (!candidate) return out;
  static const std::regex kRun("[A-Za-z](?:\\.[A-Za-z])+(?![A-Za-z0-9])");
  auto from = out.cbegin();
  std::smatch m;
  while (std::regex_search(from, out.cend(), m, kRun)) {
    const size_t at = static_cast<size_t>(m[0].first - out.cbegin());
    if (at > 0 && std::isalnum(static_cast<unsigned char>(out[at - 1]))) {
      from = out.cbegin() + static_cast<std::ptrdiff_t>(at + 1);
      continue;
    }
    const size_t end = at + static_cast<size_t>(m[0].length());
    for (size_t k = at; k < end; ++k) {
      out[k] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[k])));
    }
    from = out.cbegin() + static_cast<std::ptrdiff_t>(end);
  }
  return out;
}

struct Splitter {
  Xapian::TermGenerator generator;
  Xapian::Document document;
  Splitter() {
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    generator.set_document(document);
  }
  // The words of `text` with their positions, starting after `*termpos`;
  // `*termpos` is left where the indexer leaves it (after the gap).
  std::vector<std::pair<uint32_t, std::string>> Split(std::string_view text, uint32_t* termpos) {
    std::vector<std::pair<uint32_t, std::string>> out;
    if (text.empty()) return out;
    document.clear_terms();
    generator.set_termpos(*termpos);
    const std::string capitalised = CapitalisedInitials(text);
    generator.index_text(Xapian::Utf8Iterator(capitalised.data(), capitalised.size()));
    for (auto t = document.termlist_begin(); t != document.termlist_end(); ++t) {
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        out.emplace_back(*p, *t);
      }
    }
    std::sort(out.begin(), out.end());
    *termpos = generator.get_termpos() + 100;
    return out;
  }
};

Splitter& ThreadSplitter() {
  thread_local Splitter splitter;
  return splitter;
}

const Xapian::Stem& Stemmer() {
  thread_local const Xapian::Stem stemmer("english");
  return stemmer;
}

bool FirstIsLetter(std::string_view word) {
  if (word.empty()) return false;
  const unsigned ch = *Xapian::Utf8Iterator(word.data(), word.size());
  switch (Xapian::Unicode::get_category(ch)) {
    case Xapian::Unicode::LOWERCASE_LETTER:
    case Xapian::Unicode::UPPERCASE_LETTER:
    case Xapian::Unicode::TITLECASE_LETTER:
    case Xapian::Unicode::MODIFIER_LETTER:
    case Xapian::Unicode::OTHER_LETTER: return true;
    default: return false;
  }
}

// The doc's "folded" for topic, section, source and lang values: folded as
// words are (OracleFold), runs of white space as one space, none at the ends.
std::string LowerValue(std::string_view raw) {
  const std::string folded = OracleFold(raw);
  const std::string_view text = folded;
  std::string out;
  bool space = false;
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    if (Xapian::Unicode::is_whitespace(*it)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    Xapian::Unicode::append_utf8(out, *it);
  }
  return out;
}

// The canonical person form of a speaker, when the oracle can tell it
// without the engine's canonicaliser: a name of ASCII letters and single
// spaces that starts with no honorific is its lower case (docs/analysis.md,
// "People": folded, honorifics dropped; no aliases for people). nullopt
// for any other name.
std::optional<std::string> SimpleSpeaker(const std::string& name) {
  if (name.empty() || name.front() == ' ' || name.back() == ' ') return std::nullopt;
  std::string out;
  char prev = 0;
  for (char c : name) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && !(c == ' ' && prev != ' ')) return std::nullopt;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c));
    prev = c;
  }
  const std::string first = out.substr(0, out.find(' '));
  if (first == "mr" || first == "mrs" || first == "ms" || first == "dr") return std::nullopt;
  return out;
}

std::string DayKeyOf(int64_t day) {
  std::string s = CivilFromDays(day);
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

}  // namespace

std::string OracleFold(std::string_view term) {
  // docs/query-language.md, "Words". Bytes that are not UTF-8 never reach
  // here from TermGenerator (it reads them as Latin-1 and writes UTF-8).
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalizers unavailable");
  const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(term.data(), static_cast<int32_t>(term.size())));
  const icu::UnicodeString decomposed = nfd->normalize(casefold->normalize(in, status), status);
  icu::UnicodeString kept;
  UScriptCode base = USCRIPT_COMMON;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 ch = decomposed.char32At(i);
    i += U16_LENGTH(ch);
    const auto type = static_cast<UCharCategory>(u_charType(ch));
    const bool mark =
        type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK;
    if (!mark) {
      UErrorCode e = U_ZERO_ERROR;
      base = uscript_getScript(ch, &e);
      switch (ch) {                                    // letters that do not decompose, in ASCII
        case 0x00F8: kept.append(u'o'); continue;      // ø
        case 0x0111:                                   // đ
        case 0x00F0: kept.append(u'd'); continue;      // ð
        case 0x0127: kept.append(u'h'); continue;      // ħ
        case 0x0131: kept.append(u'i'); continue;      // ı
        case 0x0138: kept.append(u'k'); continue;      // ĸ
        case 0x0142: kept.append(u'l'); continue;      // ł
        case 0x014B: kept.append(u'n'); continue;      // ŋ
        case 0x0167: kept.append(u't'); continue;      // ŧ
        case 0x00E6: kept.append(u"ae", 2); continue;  // æ
        case 0x0153: kept.append(u"oe", 2); continue;  // œ
        case 0x00FE: kept.append(u"th", 2); continue;  // þ
        default: kept.append(ch); continue;
      }
    }
    const UBlockCode block = ublock_getCode(ch);
    const bool diacritic =
        (type == U_NON_SPACING_MARK &&
         (base == USCRIPT_LATIN || base == USCRIPT_GREEK || base == USCRIPT_CYRILLIC)) ||
        block == UBLOCK_HEBREW || (block == UBLOCK_ARABIC && type == U_NON_SPACING_MARK);
    if (!diacritic) kept.append(ch);
  }
  std::string out;
  nfc->normalize(kept, status).toUTF8String(out);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalization failed");
  return out;
}

std::vector<std::string> SplitWords(std::string_view text) {
  uint32_t pos = 0;
  std::vector<std::string> out;
  for (auto& [p, w] : ThreadSplitter().Split(text, &pos)) out.push_back(std::move(w));
  return out;
}

const char* FilterName(FilterKind k) {
  static const char* const kNames[] = {"person", "org",  "place", "topic",  "section",
                                       "source", "lang", "id",    "speaker"};
  return kNames[k];
}

uint64_t ByteChoices::Below(uint64_t n) {
  if (n <= 1) return 0;
  uint64_t v = 0;
  for (uint64_t span = 1; span < n && span < (uint64_t{1} << 56); span <<= 8) {
    v = (v << 8) | (at_ < size_ ? data_[at_++] : 0);
  }
  return v % n;
}

// ---------------------------------------------------------------- dates

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return int64_t{era} * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

namespace {

int YearOf(int64_t day) { return std::stoi(CivilFromDays(day).substr(0, 4)); }
unsigned MonthOf(int64_t day) {
  return static_cast<unsigned>(std::stoi(CivilFromDays(day).substr(5, 2)));
}
int64_t MonthStart(int64_t day) { return DaysFromCivil(YearOf(day), MonthOf(day), 1); }
int64_t YearStart(int64_t day) { return DaysFromCivil(YearOf(day), 1, 1); }
int64_t NextMonth(int64_t start) {
  const int y = YearOf(start);
  const unsigned m = MonthOf(start);
  return m == 12 ? DaysFromCivil(y + 1, 1, 1) : DaysFromCivil(y, m + 1, 1);
}
int64_t WeekStart(int64_t day) {  // ISO weeks start on Monday; 1970-01-01 was a Thursday
  return day - (((day + 3) % 7) + 7) % 7;
}

}  // namespace

// ---------------------------------------------------------------- bits

Bits::Bits(size_t n, bool all) : n_(n), w_((n + 63) / 64, all ? ~uint64_t{0} : 0) { Trim(); }
void Bits::Trim() {
  if (n_ % 64 != 0 && !w_.empty()) w_.back() &= (uint64_t{1} << (n_ % 64)) - 1;
}
Bits& Bits::operator&=(const Bits& o) {
  for (size_t i = 0; i < w_.size(); ++i) w_[i] &= o.w_[i];
  return *this;
}
Bits& Bits::operator|=(const Bits& o) {
  for (size_t i = 0; i < w_.size(); ++i) w_[i] |= o.w_[i];
  return *this;
}
Bits Bits::operator~() const {
  Bits out = *this;
  for (auto& w : out.w_) w = ~w;
  out.Trim();
  return out;
}
size_t Bits::Count() const {
  size_t n = 0;
  for (uint64_t w : w_) n += static_cast<size_t>(__builtin_popcountll(w));
  return n;
}

// ---------------------------------------------------------------- corpus

uint32_t Corpus::Intern(const std::string& word) {
  auto it = index_.find(word);
  if (it != index_.end()) return it->second;
  const auto id = static_cast<uint32_t>(words_.size());
  words_.push_back(word);
  folded_.push_back(OracleFold(word));
  occurrences_.emplace_back();
  index_.emplace(word, id);
  return id;
}

std::optional<uint32_t> Corpus::Find(const std::string& word) const {
  auto it = index_.find(word);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const std::string& Corpus::StemOf(uint32_t word) const {
  if (stems_.size() < words_.size()) stems_.resize(words_.size());
  std::string& s = stems_[word];
  if (s.empty()) s = Stemmer()(folded_[word]);
  return s;
}

const std::vector<uint32_t>& Corpus::SameFold(uint32_t word) const {
  if (by_fold_.empty()) {
    for (uint32_t w = 0; w < words_.size(); ++w) by_fold_[folded_[w]].push_back(w);
  }
  return by_fold_.at(folded_[word]);
}

bool Corpus::StartsWithLetter(uint32_t word) const { return FirstIsLetter(words_[word]); }

void Corpus::Add(const Article& a) {
  Doc d;
  d.key = a.source + "/" + a.id;
  if (a.published) {
    const int64_t s = a.published->unix_seconds;
    d.day = (s >= 0 ? s : s - 86399) / 86400;
  }
  d.headline = a.headline;
  d.body_start = a.body.empty() ? "" : a.body[0].substr(0, 120);
  uint32_t termpos = 1;
  const auto doc = static_cast<uint32_t>(docs_.size());
  auto index = [&](Field f, const std::string& text) {
    for (auto& [pos, w] : ThreadSplitter().Split(text, &termpos)) {
      const uint32_t id = Intern(w);
      d.fields[f].push_back({pos, id});
      auto& occ = occurrences_[id];
      if (occ.empty() || occ.back().doc != doc) occ.push_back({doc, 0});
      occ.back().fields = static_cast<uint8_t>(occ.back().fields | (1u << f));
    }
  };
  index(kHeadline, a.headline);
  for (const auto& p : a.body) index(kBody, p);
  for (const auto& q : a.quotes) index(kQuote, q.text);
  for (const auto& c : a.captions) {
    index(kCaption, c.text);
    index(kCaption, c.credit);
  }
  for (const auto& e : a.entities) {
    if (e.canonical.empty()) continue;
    const FilterKind k = e.kind == EntityKind::kPerson         ? kPerson
                         : e.kind == EntityKind::kOrganisation ? kOrg
                                                               : kPlace;
    d.values[k].insert(e.canonical);
  }
  for (const auto& t : a.topics) {
    std::string v = LowerValue(t);
    if (!v.empty()) d.values[kTopic].insert(std::move(v));
  }
  if (std::string v = LowerValue(a.section); !v.empty()) d.values[kSection].insert(v);
  if (std::string v = LowerValue(a.source); !v.empty()) d.values[kSource].insert(v);
  if (std::string v = LowerValue(a.language); !v.empty()) d.values[kLang].insert(v);
  d.values[kId].insert(d.key);
  for (const auto& q : a.quotes) {
    if (q.speaker.empty()) continue;
    if (auto s = SimpleSpeaker(q.speaker)) {
      d.values[kSpeaker].insert(*s);
    } else {
      speakers_known_ = false;
    }
  }
  docs_.push_back(std::move(d));
}

void Corpus::Load(const Archive& archive, const std::vector<std::string>& keys) {
  for (const auto& key : keys) {
    std::optional<Article> a = archive.Get(key);
    if (!a) throw std::runtime_error("the archive has no article " + key);
    Add(*a);
  }
}

std::string Corpus::Describe(size_t i) const {
  const Doc& d = docs_[i];
  std::string s = d.key + " [" + (d.day ? CivilFromDays(*d.day) : "undated") + "] " +
                  d.headline.substr(0, 80) + " | " + d.body_start;
  for (size_t k = 0; k < kFilterKindCount; ++k) {
    if (k == kId || d.values[k].empty()) continue;
    s += " | " + std::string(FilterName(static_cast<FilterKind>(k))) + ":";
    for (const auto& v : d.values[k]) s += " " + v;
  }
  return s;
}

// ---------------------------------------------------------------- rendering

namespace {

bool SafeBare(std::string_view v) {
  if (v.empty() || v[0] == '-') return false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '(' || c == ')' || c == '"' || c == '*' || c == ':' ||
        c == '\n' || c == '\r')
      return false;
  }
  if (v.find("\xE2\x80\x9C") != std::string_view::npos ||
      v.find("\xE2\x80\x9D") != std::string_view::npos)
    return false;
  return true;
}

const char* FieldName(Field f) {
  static const char* const kNames[] = {"headline", "body", "quote", "caption"};
  return kNames[f];
}

}  // namespace

std::string Render(const Node& n) {
  auto join = [&](const char* sep) {
    std::string s;
    for (size_t i = 0; i < n.kids.size(); ++i) {
      if (i) s += sep;
      s += Render(n.kids[i]);
    }
    return s;
  };
  std::string scope = n.field && n.kind != Node::kNear ? n.field_name + ":" : "";
  switch (n.kind) {
    case Node::kOr: return join(n.symbol == 1 ? " | " : n.symbol == 2 ? " || " : " OR ");
    case Node::kSeq: return join(" ");
    case Node::kAnd: return join(n.symbol == 1 ? " && " : " AND ");
    case Node::kNot: return "NOT " + Render(n.kids[0]);
    case Node::kMinus: return (n.symbol == 1 ? "!" : "-") + Render(n.kids[0]);
    case Node::kNear: {
      if (n.proximity) {
        std::string s = n.field ? n.field_name + ":\"" : "\"";
        for (size_t i = 0; i < n.kids.size(); ++i) s += (i ? " " : "") + n.kids[i].text;
        return s + "\"~" + std::to_string(n.distances.at(0));
      }
      std::string s = Render(n.kids[0]);
      for (size_t i = 1; i < n.kids.size(); ++i) {
        const unsigned d = n.distances[i - 1];
        s += d == 0 ? " NEAR " : " NEAR/" + std::to_string(d) + " ";
        s += Render(n.kids[i]);
      }
      return s;
    }
    case Node::kGroup: return scope + "(" + Render(n.kids[0]) + ")";
    case Node::kWord: return scope + n.text;
    case Node::kPhrase: return scope + "\"" + n.text + "\"";
    case Node::kPrefix: return scope + n.text + "*";
    case Node::kPattern: return scope + n.text;
    case Node::kFilter:
      if (n.wildcard) return n.field_name + ":" + n.text + "*";
      if (SafeBare(n.text)) return n.field_name + ":" + n.text;
      return n.field_name + ":\"" + n.text + "\"";
    case Node::kDate: return n.field_name + ":" + n.text;
  }
  return "";
}

// ---------------------------------------------------------------- evaluation

namespace {

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it) {
    out.push_back(static_cast<char32_t>(*it));
  }
  return out;
}

// `*` any run of characters (none included), `?` exactly one, the rest itself.
bool Glob(std::u32string_view p, std::u32string_view w) {
  size_t pi = 0, wi = 0, star = std::u32string_view::npos, mark = 0;
  while (wi < w.size()) {
    if (pi < p.size() && (p[pi] == U'?' || p[pi] == w[wi])) {
      ++pi;
      ++wi;
    } else if (pi < p.size() && p[pi] == U'*') {
      star = pi++;
      mark = wi;
    } else if (star != std::u32string_view::npos) {
      pi = star + 1;
      wi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == U'*') ++pi;
  return pi == p.size();
}

class Evaluator {
 public:
  Evaluator(const Corpus& c, bool default_and) : c_(c), default_and_(default_and) {}

  Bits Eval(const Node& n, std::optional<Field> scope, bool top) {
    switch (n.kind) {
      case Node::kOr: {
        if (n.kids.size() == 1) return Eval(n.kids[0], scope, top);
        Bits out(c_.size());
        for (const Node& k : n.kids) out |= Eval(k, scope, false);
        return out;
      }
      case Node::kSeq: return Seq(n, scope, top);
      case Node::kAnd: {
        Bits out(c_.size(), true);
        for (const Node& k : n.kids) out &= Eval(k, scope, false);
        return out;
      }
      case Node::kNot:
      case Node::kMinus: return ~Eval(n.kids[0], scope, false);
      case Node::kGroup: return Eval(n.kids[0], n.field ? n.field : scope, false);
      case Node::kWord:
      case Node::kPhrase:
      case Node::kPrefix:
      case Node::kPattern: return Text(n, n.field ? n.field : scope);
      case Node::kNear: return Near(n, scope);
      case Node::kFilter: return Filter(n);
      case Node::kDate: return Dates(n.from, n.to);
    }
    return Bits(c_.size());
  }

  Bits Dates(std::optional<int64_t> from, std::optional<int64_t> to) const {
    Bits out(c_.size());
    for (size_t i = 0; i < c_.size(); ++i) {
      const auto& day = c_.docs()[i].day;
      if (day && (!from || *day >= *from) && (!to || *day <= *to)) out.Set(i);
    }
    return out;
  }

 private:
  // NOT NOT x and -(NOT x)... are x itself, wherever they stand (a filter
  // so written at the top level is grouped with the others).
  static const Node& Unwrap(const Node& n) {
    const Node* at = &n;
    while ((at->kind == Node::kNot || at->kind == Node::kMinus) &&
           (at->kids[0].kind == Node::kNot || at->kids[0].kind == Node::kMinus)) {
      at = &at->kids[0].kids[0];
    }
    return *at;
  }

  // Excluded items: -x, NOT x, and groups made only of exclusions
  // (docs/query-language.md, "Options": in OR mode they are still subtracted).
  static bool IsNegative(const Node& n) {
    switch (n.kind) {
      case Node::kNot:
      case Node::kMinus: return !IsNegative(n.kids[0]);
      case Node::kGroup: return IsNegative(n.kids[0]);
      case Node::kOr: return n.kids.size() == 1 && IsNegative(n.kids[0]);
      case Node::kSeq:
      case Node::kAnd:
        return std::all_of(n.kids.begin(), n.kids.end(),
                           [](const Node& k) { return IsNegative(k); });
      default: return false;
    }
  }

  // Words side by side: ANDed (default_and) or ORed, exclusions always
  // subtracted; at the top level, filters (and dates) written directly are
  // grouped by field: ORed within a field, the fields ANDed.
  // With words ORed, a bare unscoped stop word (docs/query-language.md) is
  // left out when another item is neither a stop word, an exclusion, a
  // filter nor a date.
  static bool StopWord(const Node& k, std::optional<Field> scope) {
    static const std::set<std::string> kStop = {
        "a",         "about",      "above",   "after",    "again",     "against",   "all",
        "am",        "an",         "and",     "any",      "are",       "aren't",    "as",
        "at",        "be",         "because", "been",     "before",    "being",     "below",
        "between",   "both",       "but",     "by",       "can't",     "cannot",    "could",
        "couldn't",  "did",        "didn't",  "do",       "does",      "doesn't",   "doing",
        "don't",     "down",       "during",  "each",     "few",       "for",       "from",
        "further",   "had",        "hadn't",  "has",      "hasn't",    "have",      "haven't",
        "having",    "he",         "he'd",    "he'll",    "he's",      "her",       "here",
        "here's",    "hers",       "herself", "him",      "himself",   "his",       "how",
        "how's",     "i",          "i'd",     "i'll",     "i'm",       "i've",      "if",
        "in",        "into",       "is",      "isn't",    "it",        "it's",      "its",
        "itself",    "let's",      "me",      "more",     "most",      "mustn't",   "my",
        "myself",    "no",         "nor",     "not",      "of",        "off",       "on",
        "once",      "only",       "or",      "other",    "ought",     "our",       "ours",
        "ourselves", "out",        "over",    "own",      "same",      "shan't",    "she",
        "she'd",     "she'll",     "she's",   "should",   "shouldn't", "so",        "some",
        "such",      "than",       "that",    "that's",   "the",       "their",     "theirs",
        "them",      "themselves", "then",    "there",    "there's",   "these",     "they",
        "they'd",    "they'll",    "they're", "they've",  "this",      "those",     "through",
        "to",        "too",        "under",   "until",    "up",        "very",      "was",
        "wasn't",    "we",         "we'd",    "we'll",    "we're",     "we've",     "were",
        "weren't",   "what",       "what's",  "when",     "when's",    "where",     "where's",
        "which",     "while",      "who",     "who's",    "whom",      "why",       "why's",
        "with",      "won't",      "would",   "wouldn't", "you",       "you'd",     "you'll",
        "you're",    "you've",     "your",    "yours",    "yourself",  "yourselves"};
    return k.kind == Node::kWord && !k.field && !scope && k.terms.size() == 1 &&
           kStop.count(k.terms[0]) > 0;
  }

  Bits Seq(const Node& n, std::optional<Field> scope, bool top) {
    std::vector<Bits> positives;
    std::map<std::string, Bits> groups;
    Bits out(c_.size(), true);
    const bool drop = !default_and_ && n.kids.size() > 1 &&
                      std::any_of(n.kids.begin(), n.kids.end(), [&](const Node& item) {
                        const Node& k = Unwrap(item);
                        return !StopWord(k, scope) && k.kind != Node::kNot &&
                               k.kind != Node::kMinus && k.kind != Node::kFilter &&
                               k.kind != Node::kDate;
                      });
    for (const Node& item : n.kids) {
      const Node& k = Unwrap(item);
      if (drop && StopWord(k, scope)) continue;
      Bits b = Eval(k, scope, false);
      if (IsNegative(k)) {
        out &= b;
      } else if (top && (k.kind == Node::kFilter || k.kind == Node::kDate)) {
        const std::string g = k.kind == Node::kDate ? "date" : FilterName(k.filter);
        auto [it, fresh] = groups.try_emplace(g, c_.size());
        it->second |= b;
      } else {
        positives.push_back(std::move(b));
      }
    }
    if (!positives.empty()) {
      Bits p(c_.size(), default_and_);
      for (const Bits& b : positives) {
        if (default_and_) {
          p &= b;
        } else {
          p |= b;
        }
      }
      out &= p;
    }
    for (const auto& [name, g] : groups) out &= g;
    return out;
  }

  // The docs where a word of `set` occurs (in `field`), in order.
  std::vector<uint32_t> Candidates(const std::vector<char>& set, std::optional<Field> field) const {
    Bits seen = Any(set, field);
    std::vector<uint32_t> out;
    for (size_t i = 0; i < c_.size(); ++i) {
      if (seen.Get(i)) out.push_back(static_cast<uint32_t>(i));
    }
    return out;
  }

  // The docs among `candidates` one of whose fields (or `field`) `match` accepts.
  template <typename Match>
  Bits Scan(std::optional<Field> field, const std::vector<uint32_t>& candidates,
            Match&& match) const {
    Bits out(c_.size());
    for (uint32_t i : candidates) {
      const Doc& d = c_.docs()[i];
      for (int f = 0; f < kFieldCount; ++f) {
        if (field && f != *field) continue;
        if (match(d.fields[f])) {
          out.Set(i);
          break;
        }
      }
    }
    return out;
  }

  // Which words of the corpus `pred` accepts.
  std::vector<char> WordSet(const std::function<bool(uint32_t)>& pred) const {
    std::vector<char> set(c_.words().size());
    for (uint32_t w = 0; w < set.size(); ++w) set[w] = pred(w) ? 1 : 0;
    return set;
  }

  Bits Text(const Node& n, std::optional<Field> field) const {
    if (n.kind == Node::kPattern) {
      // terms[0]: the pattern with its literal parts folded.
      const std::u32string pattern = CodePoints(n.terms[0]);
      const auto set = WordSet([&](uint32_t w) { return Glob(pattern, CodePoints(c_.Folded(w))); });
      return Any(set, field);
    }
    if (n.kind == Node::kPrefix) {
      const std::string prefix = OracleFold(n.terms[0]);
      const auto set =
          WordSet([&](uint32_t w) { return c_.Folded(w).compare(0, prefix.size(), prefix) == 0; });
      return Any(set, field);
    }
    if (n.kind == Node::kWord && n.terms.size() == 1) {
      // A bare word matches its stem; a word not starting with a letter
      // (1987, 3rd) only itself.
      const std::string q = OracleFold(n.terms[0]);
      std::vector<char> set;
      if (FirstIsLetter(q)) {
        const std::string stem = Stemmer()(q);
        set = WordSet([&](uint32_t w) { return c_.StemOf(w) == stem; });
      } else {
        set = WordSet([&](uint32_t w) { return c_.Folded(w) == q; });
      }
      return Any(set, field);
    }
    // A phrase (or a word the splitter cut in several): exact words,
    // consecutive positions, one field.
    std::vector<std::vector<char>> sets;
    for (const auto& t : n.terms) {
      const std::string q = OracleFold(t);
      sets.push_back(WordSet([&](uint32_t w) { return c_.Folded(w) == q; }));
    }
    return Scan(field, Candidates(sets[0], field), [&](const std::vector<Posting>& ps) {
      for (size_t i = 0; i + sets.size() <= ps.size(); ++i) {
        bool ok = true;
        for (size_t k = 0; k < sets.size() && ok; ++k) {
          ok = sets[k][ps[i + k].word] && ps[i + k].pos == ps[i].pos + k;
        }
        if (ok) return true;
      }
      return false;
    });
  }

  Bits Any(const std::vector<char>& set, std::optional<Field> field) const {
    Bits out(c_.size());
    const unsigned mask = field ? 1u << *field : 0xFu;
    for (uint32_t w = 0; w < set.size(); ++w) {
      if (!set[w]) continue;
      for (const Corpus::Occurrence& o : c_.OccurrencesOf(w)) {
        if (o.fields & mask) out.Set(o.doc);
      }
    }
    return out;
  }

  // NEAR/n over k words: one occurrence of each, all in one field, the
  // first and last at most n - 2 + k positions apart (two words: at most n).
  Bits Near(const Node& n, std::optional<Field> scope) const {
    std::optional<Field> field = n.proximity && n.field ? n.field : scope;
    for (const Node& k : n.kids) {
      if (k.field) field = k.field;
    }
    unsigned distance = 0;
    for (unsigned d : n.distances) distance = std::max(distance, d == 0 ? 10u : d);
    const int64_t span = static_cast<int64_t>(distance) - 2 + static_cast<int64_t>(n.kids.size());
    std::vector<std::vector<char>> sets;
    for (const Node& k : n.kids) {
      const std::string q = OracleFold(k.terms[0]);
      sets.push_back(WordSet([&](uint32_t w) { return c_.Folded(w) == q; }));
    }
    return Scan(field, Candidates(sets[0], field), [&](const std::vector<Posting>& ps) {
      std::vector<std::pair<uint32_t, size_t>> hits;  // position, operand
      for (const Posting& p : ps) {
        for (size_t k = 0; k < sets.size(); ++k) {
          if (sets[k][p.word]) hits.emplace_back(p.pos, k);
        }
      }
      std::vector<size_t> seen(sets.size());
      size_t covered = 0, lo = 0;
      for (size_t hi = 0; hi < hits.size(); ++hi) {
        if (seen[hits[hi].second]++ == 0) ++covered;
        while (static_cast<int64_t>(hits[hi].first) - static_cast<int64_t>(hits[lo].first) > span) {
          if (--seen[hits[lo].second] == 0) --covered;
          ++lo;
        }
        if (covered == sets.size()) return true;
      }
      return false;
    });
  }

  Bits Filter(const Node& n) const {
    // Entity values are written in the canonical form the article holds
    // (the generator takes them from stored articles): the oracle has no
    // canonicaliser of its own. FOLD RULE: with h-unicode every stored
    // canonical form is lower case in every script; today "Москва" stays.
    std::string value = n.text;
    if (n.filter != kId && n.filter != kPerson && n.filter != kOrg && n.filter != kPlace &&
        n.filter != kSpeaker) {
      value = LowerValue(value);
    }
    Bits out(c_.size());
    for (size_t i = 0; i < c_.size(); ++i) {
      const auto& values = c_.docs()[i].values[n.filter];
      bool hit = false;
      if (n.wildcard) {
        auto it = values.lower_bound(value);
        hit = it != values.end() && it->compare(0, value.size(), value) == 0;
      } else {
        hit = values.count(value) != 0;
      }
      if (hit) out.Set(i);
    }
    return out;
  }

  const Corpus& c_;
  bool default_and_;
};

}  // namespace

Bits Evaluate(const Case& c, const Corpus& corpus) {
  Evaluator e(corpus, c.default_and);
  Bits out = e.Eval(c.query, std::nullopt, /*top=*/true);
  if (c.from_day || c.to_day) out &= e.Dates(c.from_day, c.to_day);
  return out;
}

// ---------------------------------------------------------------- generation

namespace {

class Generator {
 public:
  Generator(Choices& r, const Corpus& c, const Features& f) : r_(r), c_(c), f_(f) {}

  Case Make() {
    Case out;
    out.default_and = !r_.Chance(30);
    out.query = Or(0, false);
    if (r_.Chance(12)) MakeBound(&out.from, &out.from_day, /*end=*/false);
    if (r_.Chance(12)) MakeBound(&out.to, &out.to_day, /*end=*/true);
    if (out.from_day && out.to_day && *out.from_day > *out.to_day) {
      std::swap(out.from, out.to);
      out.from_day.reset();
      out.to_day.reset();
      MakeBoundFrom(*out.from, &out.from_day, false);
      MakeBoundFrom(*out.to, &out.to_day, true);
      if (*out.from_day > *out.to_day) {
        out.to.reset();
        out.to_day.reset();
      }
    }
    out.text = Render(out.query);
    return out;
  }

 private:
  // ---- structure (the grammar of docs/query-language.md, top down)
  Node Or(int depth, bool scoped) {
    Node n;
    n.kind = Node::kOr;
    const size_t seqs = r_.Chance(depth == 0 ? 20 : 35) ? 2 + r_.Below(2) : 1;
    for (size_t i = 0; i < seqs; ++i) n.kids.push_back(Seq(depth, scoped));
    if (seqs > 1 && f_.symbol_operators && r_.Chance(30))
      n.symbol = 1 + static_cast<unsigned>(r_.Below(2));
    return n;
  }
  Node Seq(int depth, bool scoped) {
    Node n;
    n.kind = Node::kSeq;
    const size_t items = 1 + r_.Below(depth == 0 ? 4 : 3);
    for (size_t i = 0; i < items; ++i) n.kids.push_back(And(depth, scoped));
    return n;
  }
  Node And(int depth, bool scoped) {
    if (!r_.Chance(15)) return Not(depth, scoped);
    Node n;
    n.kind = Node::kAnd;
    const size_t items = 2 + r_.Below(2);
    for (size_t i = 0; i < items; ++i) n.kids.push_back(Not(depth, scoped));
    if (f_.symbol_operators && r_.Chance(30)) n.symbol = 1;
    return n;
  }
  Node Not(int depth, bool scoped) {
    if (!r_.Chance(8)) return Near(depth, scoped);
    Node n;
    n.kind = Node::kNot;
    n.kids.push_back(r_.Chance(10) && ++nots_ < 5 ? Not(depth, scoped) : Near(depth, scoped));
    return n;
  }
  Node Near(int depth, bool scoped) {
    if (r_.Chance(10)) {
      if (auto n = MakeNear(scoped)) return *n;
    }
    if (r_.Chance(15)) {
      Node n;
      n.kind = Node::kMinus;
      n.kids.push_back(Atom(depth, scoped));
      if (f_.symbol_operators && r_.Chance(35)) n.symbol = 1;
      return n;
    }
    return Atom(depth, scoped);
  }

  // ---- atoms: a table of pieces, each one construct of the language
  Node Atom(int depth, bool scoped) {
    struct Piece {
      unsigned weight;
      std::function<std::optional<Node>()> make;
    };
    const Piece pieces[] = {
        {30, [&] { return Word(); }},
        {8, [&] { return Phrase(); }},
        {4, [&] { return Hyphenated(); }},
        {6, [&] { return Prefix(); }},
        {scoped ? 0u : 8u, [&] { return Scoped(Word()); }},
        {scoped ? 0u : 4u, [&] { return Scoped(Phrase()); }},
        {scoped ? 0u : 3u, [&] { return Scoped(Prefix()); }},
        {depth < 2 && !scoped ? 4u : 0u, [&] { return ScopedGroup(depth); }},
        {depth < 2 ? 6u : 0u, [&] { return Group(depth, scoped); }},
        {14, [&] { return Filter(); }},
        {6, [&] { return Date(); }},
        {f_.proximity_phrase ? 3u : 0u, [&] { return Proximity(scoped); }},
        {f_.question_wildcard ? 4u : 0u, [&] { return Pattern(); }},
        {f_.question_wildcard && !scoped ? 2u : 0u, [&] { return Scoped(Pattern()); }},
    };
    unsigned total = 0;
    for (const Piece& p : pieces) total += p.weight;
    for (int attempt = 0; attempt < 20; ++attempt) {
      uint64_t pick = r_.Below(total);
      for (const Piece& p : pieces) {
        if (pick < p.weight) {
          if (auto n = p.make()) return *n;
          break;
        }
        pick -= p.weight;
      }
    }
    return Fallback();
  }

  Node Fallback() {
    Node n;
    n.kind = Node::kWord;
    n.text = "the";
    n.terms = {"the"};
    return n;
  }

  // A word a query can carry as a bare word: it splits into itself alone.
  bool Bare(const std::string& w) const {
    if (!SafeBare(w)) return false;
    const auto split = SplitWords(w);
    return split.size() == 1 && split[0] == w;
  }
  bool AsciiLetters(const std::string& w) const {
    return !w.empty() &&
           std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  }
  // Written as typed: sometimes Capitalised or UPPER (never AND OR NOT NEAR).
  std::string Cased(const std::string& w) {
    if (!AsciiLetters(w) || w == "and" || w == "or" || w == "not" || w.rfind("near", 0) == 0) {
      return w;
    }
    std::string s = w;
    if (r_.Chance(15)) {
      s[0] = static_cast<char>(s[0] - 32);
    } else if (r_.Chance(5)) {
      for (char& ch : s) ch = static_cast<char>(ch - 32);
    }
    return s;
  }

  // A random occurrence: doc, field, posting index.
  struct Spot {
    const Doc* doc;
    int field;
    size_t at;
  };
  std::optional<Spot> RandomSpot(std::optional<Field> field = std::nullopt) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      const Doc& d = c_.docs()[r_.Below(c_.size())];
      int f = field ? *field : static_cast<int>(r_.Below(kFieldCount));
      if (!field && r_.Chance(50)) f = kBody;
      if (d.fields[f].empty()) continue;
      return Spot{&d, f, r_.Below(d.fields[f].size())};
    }
    return std::nullopt;
  }
  std::optional<std::string> RandomWord() {
    if (r_.Chance(10) && !c_.words().empty()) {
      const std::string& w = c_.words()[r_.Below(c_.words().size())];
      if (Bare(w)) return w;
    }
    auto s = RandomSpot();
    if (!s) return std::nullopt;
    const std::string& w = c_.words()[s->doc->fields[s->field][s->at].word];
    if (!Bare(w)) return std::nullopt;
    return w;
  }

  std::optional<Node> Word() {
    auto w = RandomWord();
    if (!w) return std::nullopt;
    Node n;
    n.kind = Node::kWord;
    n.text = Spell(*w);
    n.terms = SplitWords(n.text);
    return n;
  }

  // `w` as a user may type it: Cased, or (accent_folding) another spelling
  // with the same fold: another word of the corpus (Erdogan for Erdoğan),
  // upper case in any script (ΑΘΗΝΑ, STRASSE), the folded form (αθηνα).
  std::string Spell(const std::string& w) {
    if (!f_.accent_folding || !r_.Chance(35)) return Cased(w);
    const std::string fold = OracleFold(w);
    std::string v;
    switch (r_.Below(3)) {
      case 0: {
        auto id = c_.Find(w);
        if (!id) return Cased(w);
        const auto& same = c_.SameFold(*id);
        v = c_.words()[same[r_.Below(same.size())]];
        break;
      }
      case 1: {
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
        if (r_.Chance(50)) {
          u.toUpper();
        } else {
          u.replace(0, u.moveIndex32(0, 1),
                    icu::UnicodeString(u, 0, u.moveIndex32(0, 1)).toUpper());
        }
        u.toUTF8String(v);
        break;
      }
      default: v = fold; break;
    }
    static const char* const kOperators[] = {"AND", "OR",     "NOT",    "NEAR", "ADJ",
                                             "XOR", "PHRASE", "AROUND", "TO"};
    for (const char* op : kOperators) {
      if (v.rfind(op, 0) == 0) return Cased(w);
    }
    const auto split = SplitWords(v);
    if (!SafeBare(v) || split.size() != 1 || OracleFold(split[0]) != fold) return Cased(w);
    return v;
  }

  // Consecutive words of one field of one article (or, sometimes, two
  // random words).
  std::optional<std::vector<std::string>> Run(size_t len) {
    std::vector<std::string> words;
    if (r_.Chance(15)) {
      for (size_t i = 0; i < len; ++i) {
        auto w = RandomWord();
        if (!w) return std::nullopt;
        words.push_back(*w);
      }
      return words;
    }
    auto s = RandomSpot();
    if (!s) return std::nullopt;
    const auto& ps = s->doc->fields[s->field];
    if (s->at + len > ps.size()) return std::nullopt;
    for (size_t i = 0; i < len; ++i) {
      if (ps[s->at + i].pos != ps[s->at].pos + i) return std::nullopt;
      const std::string& w = c_.words()[ps[s->at + i].word];
      if (!Bare(w)) return std::nullopt;
      words.push_back(w);
    }
    return words;
  }

  std::optional<Node> Phrase() {
    auto words = Run(r_.Chance(15) ? 1 : 2 + r_.Below(2));
    if (!words) return std::nullopt;
    Node n;
    n.kind = Node::kPhrase;
    for (const auto& w : *words) n.text += (n.text.empty() ? "" : " ") + Spell(w);
    n.terms = SplitWords(n.text);
    if (n.terms.size() != words->size()) return std::nullopt;
    return n;
  }

  // oil-price: one token the splitter cuts in two, a phrase.
  std::optional<Node> Hyphenated() {
    auto words = Run(2);
    if (!words) return std::nullopt;
    Node n;
    n.kind = Node::kWord;
    n.text = (*words)[0] + "-" + (*words)[1];
    n.terms = *words;
    if (!SafeBare(n.text) || SplitWords(n.text) != n.terms) return std::nullopt;
    return n;
  }

  std::optional<Node> Prefix() {
    auto w = RandomWord();
    if (!w) return std::nullopt;
    // Cut at a character boundary, keeping at least 3 characters of which
    // 2 letters (2 letters is the minimum, docs/query-language.md
    // "Wildcards": a Hebrew letter with its points is one letter; 3
    // characters keep expansions under the limit on large archives).
    std::vector<size_t> cuts;
    size_t chars = 0, letters = 0;
    for (size_t i = 0; i <= w->size(); ++i) {
      if (i == w->size() || (static_cast<unsigned char>((*w)[i]) & 0xC0) != 0x80) {
        if (chars >= 3 && letters >= 2) cuts.push_back(i);
        if (i < w->size()) letters += FirstIsLetter(std::string_view(*w).substr(i));
        ++chars;
      }
    }
    if (cuts.empty()) return std::nullopt;
    std::string p = w->substr(0, cuts[r_.Below(cuts.size())]);
    const auto split = SplitWords(p);
    if (split.size() != 1 || split[0] != p || !SafeBare(p)) return std::nullopt;
    Node n;
    n.kind = Node::kPrefix;
    n.text = Cased(p);
    n.terms = {p};
    return n;
  }

  Field RandomField() { return static_cast<Field>(r_.Below(kFieldCount)); }
  std::string FieldNameOf(Field f) {
    static const char* const kAliases[] = {"title", "body", "quotes", "captions"};
    std::string name = r_.Chance(20) ? kAliases[f] : FieldName(f);
    if (r_.Chance(10)) name[0] = static_cast<char>(name[0] - 32);
    return name;
  }

  std::optional<Node> Scoped(std::optional<Node> n) {
    if (!n) return n;
    const Field f = RandomField();
    n->field = f;
    n->field_name = FieldNameOf(f);
    return n;
  }

  std::optional<Node> Group(int depth, bool scoped) {
    Node n;
    n.kind = Node::kGroup;
    n.kids.push_back(Or(depth + 1, scoped));
    return n;
  }
  std::optional<Node> ScopedGroup(int depth) {
    Node n = *Group(depth, /*scoped=*/true);
    const Field f = RandomField();
    n.field = f;
    n.field_name = FieldNameOf(f);
    return n;
  }

  std::optional<Node> MakeNear(bool scoped) {
    const size_t k = r_.Chance(20) ? 3 : 2;
    unsigned distance = r_.Chance(15) ? 0 : static_cast<unsigned>(1 + r_.Below(12));
    if (r_.Chance(3)) distance = 100 + static_cast<unsigned>(r_.Below(150));  // across paragraphs
    const unsigned window = distance == 0 ? 10 : distance;
    std::optional<Field> field;
    if (!scoped && r_.Chance(25)) field = RandomField();
    std::vector<std::string> words;
    auto s = RandomSpot(field);
    if (s && !r_.Chance(15)) {
      const auto& ps = s->doc->fields[s->field];
      words.push_back(c_.words()[ps[s->at].word]);
      for (size_t i = 1; i < k; ++i) {
        const size_t j = std::min(ps.size() - 1, s->at + r_.Below(window + 1));
        words.push_back(c_.words()[ps[j].word]);
      }
    } else {
      for (size_t i = 0; i < k; ++i) {
        auto w = RandomWord();
        if (!w) return std::nullopt;
        words.push_back(*w);
      }
    }
    if (!DistinctFolds(words)) return std::nullopt;
    Node n;
    n.kind = Node::kNear;
    for (size_t i = 0; i < words.size(); ++i) {
      if (!Bare(words[i])) return std::nullopt;
      Node w;
      w.kind = Node::kWord;
      w.text = Spell(words[i]);
      w.terms = SplitWords(w.text);
      if (field && (i == 0 || r_.Chance(50))) {
        w.field = field;
        w.field_name = FieldNameOf(*field);
      }
      n.kids.push_back(std::move(w));
      if (i > 0) n.distances.push_back(i == 1 ? distance : static_cast<unsigned>(r_.Below(8)));
    }
    return n;
  }

  static bool DistinctFolds(const std::vector<std::string>& words) {
    std::vector<std::string> unique;
    for (const auto& w : words) unique.push_back(OracleFold(w));
    std::sort(unique.begin(), unique.end());
    return std::unique(unique.begin(), unique.end()) == unique.end();
  }

  // "a b"~N and "a b c"~N: words of one window of an article (or random
  // ones), optionally field-scoped as a whole.
  std::optional<Node> Proximity(bool scoped) {
    const size_t k = r_.Chance(30) ? 3 : 2;
    auto distance = static_cast<unsigned>(1 + r_.Below(12));
    if (r_.Chance(3)) distance = 100 + static_cast<unsigned>(r_.Below(150));
    std::optional<Field> field;
    if (!scoped && r_.Chance(30)) field = RandomField();
    std::vector<std::string> words;
    auto s = RandomSpot(field);
    if (s && !r_.Chance(15)) {
      const auto& ps = s->doc->fields[s->field];
      const size_t lo = s->at >= distance ? s->at - distance : 0;
      words.push_back(c_.words()[ps[s->at].word]);
      for (size_t i = 1; i < k; ++i) {
        const size_t j = std::min(ps.size() - 1, lo + r_.Below(2 * distance + 1));
        words.push_back(c_.words()[ps[j].word]);
      }
    } else {
      for (size_t i = 0; i < k; ++i) {
        auto w = RandomWord();
        if (!w) return std::nullopt;
        words.push_back(*w);
      }
    }
    if (!DistinctFolds(words)) return std::nullopt;
    Node n;
    n.kind = Node::kNear;
    n.proximity = true;
    for (const auto& word : words) {
      if (!Bare(word)) return std::nullopt;
      Node w;
      w.kind = Node::kWord;
      w.text = Spell(word);
      w.terms = SplitWords(w.text);
      n.kids.push_back(std::move(w));
      n.distances.push_back(distance);
    }
    n.distances.pop_back();
    if (field) {
      n.field = field;
      n.field_name = FieldNameOf(*field);
    }
    return n;
  }

  // A word with ? (one character) or * (any run) inside or at its end,
  // made from a word's folded form (so that it hits; ? often stands for a
  // character outside ASCII), ASCII letters sometimes in capitals.
  std::optional<Node> Pattern() {
    auto w = RandomWord();
    if (!w) return std::nullopt;
    const std::u32string f = CodePoints(OracleFold(*w));
    if (f.size() < 3) return std::nullopt;
    for (size_t i = 0; i < f.size(); ++i) {
      const uint32_t mask = U_GET_GC_MASK(static_cast<UChar32>(f[i]));
      if (!(mask & U_GC_L_MASK) && (i < 2 || !(mask & U_GC_M_MASK))) return std::nullopt;
    }
    size_t lit = 2;
    if (f.size() > 3 && r_.Chance(85)) lit = 3 + r_.Below(f.size() - 3);
    std::u32string p = f.substr(0, lit);
    bool wild = false;
    for (size_t i = lit; i < f.size();) {
      const uint64_t pick = r_.Below(100);
      if (pick < 35) {
        p += U'?';
        ++i;
        wild = true;
      } else if (pick < 50) {
        p += U'*';
        i += r_.Below(std::min<size_t>(4, f.size() - i + 1));
        wild = true;
      } else if (pick < 55) {
        p += U'*';
        i = f.size();
        wild = true;
      } else {
        p += f[i++];
      }
    }
    if (!wild) p += r_.Chance(50) ? U"?" : U"*";
    std::string text;
    for (char32_t ch : p) {
      if (ch >= U'a' && ch <= U'z' && r_.Chance(8)) ch -= 32;
      Xapian::Unicode::append_utf8(text, static_cast<unsigned>(ch));
    }
    // The literal parts folded, the wildcards kept.
    std::string folded, part;
    for (char32_t ch : CodePoints(text)) {
      if (ch == U'?' || ch == U'*') {
        folded += OracleFold(part);
        part.clear();
        folded.push_back(static_cast<char>(ch));
      } else {
        Xapian::Unicode::append_utf8(part, static_cast<unsigned>(ch));
      }
    }
    folded += OracleFold(part);
    Node n;
    n.kind = Node::kPattern;
    n.text = text;
    n.terms = {folded};
    return n;
  }

  // ---- filters and dates
  std::optional<Node> Filter() {
    FilterKind k = static_cast<FilterKind>(r_.Below(kFilterKindCount));
    if (k == kSpeaker && !c_.speakers_known()) k = kPerson;
    // A value of a random article (so that it hits), or of any article.
    const Doc* d = nullptr;
    for (int attempt = 0; attempt < 10 && !d; ++attempt) {
      const Doc& x = c_.docs()[r_.Below(c_.size())];
      if (!x.values[k].empty()) d = &x;
    }
    if (!d) return std::nullopt;
    auto it = d->values[k].begin();
    std::advance(it, static_cast<std::ptrdiff_t>(r_.Below(d->values[k].size())));
    std::string value = *it;
    if (value.find('"') != std::string::npos || value.find("\xE2\x80\x9C") != std::string::npos ||
        value.find("\xE2\x80\x9D") != std::string::npos || value.empty()) {
      return std::nullopt;
    }
    Node n;
    n.kind = Node::kFilter;
    n.filter = k;
    static const char* const kAliases[] = {"person", "organisation", "place", "topic",  "section",
                                           "source", "language",     "id",    "speaker"};
    n.field_name = r_.Chance(20) ? kAliases[k] : FilterName(k);
    if (k == kOrg && r_.Chance(10)) n.field_name = "organization";
    if (r_.Chance(10)) n.field_name[0] = static_cast<char>(n.field_name[0] - 32);
    if (k != kId && k != kPerson && k != kOrg && k != kPlace && k != kSpeaker && r_.Chance(20)) {
      // Lower-cased values: any case matches.
      for (char& ch : value) {
        if (ch >= 'a' && ch <= 'z' && r_.Chance(50)) ch = static_cast<char>(ch - 32);
      }
    }
    if (k != kId && r_.Chance(15)) {
      // A wildcard: a prefix of at least 3 ASCII letters or digits.
      size_t len = 0;
      while (len < value.size() && std::isalnum(static_cast<unsigned char>(value[len]))) ++len;
      const bool entity = k == kPerson || k == kOrg || k == kPlace || k == kSpeaker;
      const size_t min = entity ? 5 : 3;
      if (len >= min) {
        n.wildcard = true;
        value = value.substr(0, min + r_.Below(len - min + 1));
      }
    }
    n.text = value;
    return n;
  }

  // A day of a random dated article (or one beside it).
  std::optional<int64_t> RandomDay() {
    for (int attempt = 0; attempt < 10; ++attempt) {
      const Doc& d = c_.docs()[r_.Below(c_.size())];
      if (d.day) return *d.day + (r_.Chance(20) ? static_cast<int64_t>(r_.Below(61)) - 30 : 0);
    }
    return std::nullopt;
  }

  // One date as written (year, month or day) and the days it covers.
  struct Written {
    std::string text;
    int64_t first, last;
  };
  Written WriteDay(int64_t day, unsigned form) {
    const std::string iso = CivilFromDays(day);
    switch (form) {
      case 0: {
        const int64_t y = YearStart(day);
        return {iso.substr(0, 4), y, DaysFromCivil(YearOf(day) + 1, 1, 1) - 1};
      }
      case 1: {
        const int64_t m = MonthStart(day);
        return {iso.substr(0, 7), m, NextMonth(m) - 1};
      }
      case 2: return {DayKeyOf(day), day, day};
      default: return {iso, day, day};
    }
  }

  std::optional<Node> Date() {
    auto a = RandomDay();
    auto b = RandomDay();
    if (!a || !b) return std::nullopt;
    if (*a > *b) std::swap(a, b);
    Node n;
    n.kind = Node::kDate;
    n.field_name = r_.Chance(10) ? "Date" : "date";
    const unsigned shape = static_cast<unsigned>(r_.Below(4));
    const Written wa = WriteDay(*a, static_cast<unsigned>(r_.Below(4)));
    const Written wb = WriteDay(*b, static_cast<unsigned>(r_.Below(4)));
    switch (shape) {
      case 0:
        n.text = wa.text;
        n.from = wa.first;
        n.to = wa.last;
        break;
      case 1:
        if (wa.first > wb.last) return std::nullopt;
        n.text = wa.text + ".." + wb.text;
        n.from = wa.first;
        n.to = wb.last;
        break;
      case 2:
        n.text = ".." + wb.text;
        n.to = wb.last;
        break;
      default:
        n.text = wa.text + "..";
        n.from = wa.first;
        break;
    }
    return n;
  }

  // --from / --to: YYYY, YYYY-MM or YYYY-MM-DD.
  void MakeBound(std::optional<std::string>* text, std::optional<int64_t>* day, bool end) {
    auto d = RandomDay();
    if (!d) return;
    const unsigned form = static_cast<unsigned>(r_.Below(3));
    const Written w = WriteDay(*d, form == 2 ? 3 : form);
    *text = w.text;
    *day = end ? w.last : w.first;
  }
  static void MakeBoundFrom(const std::string& text, std::optional<int64_t>* day, bool end) {
    const int y = std::stoi(text.substr(0, 4));
    if (text.size() == 4) {
      *day = end ? DaysFromCivil(y + 1, 1, 1) - 1 : DaysFromCivil(y, 1, 1);
      return;
    }
    const auto m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
    if (text.size() == 7) {
      const int64_t first = DaysFromCivil(y, m, 1);
      *day = end ? NextMonth(first) - 1 : first;
      return;
    }
    *day = DaysFromCivil(y, m, static_cast<unsigned>(std::stoi(text.substr(8, 2))));
  }

  Choices& r_;
  const Corpus& c_;
  const Features& f_;
  int nots_ = 0;  // NOT NOT ... chains, at most 5
};

}  // namespace

Case Generate(Choices& choices, const Corpus& corpus, const Features& features) {
  return Generator(choices, corpus, features).Make();
}

// ---------------------------------------------------------------- comparing

namespace {

std::string HistogramLabel(int64_t start, Interval by) {
  std::string iso = CivilFromDays(start);
  switch (by) {
    case Interval::kDay: return iso;
    case Interval::kMonth: return iso.substr(0, 7);
    case Interval::kYear: return iso.substr(0, 4);
    case Interval::kWeek: {
      // The ISO year is the year of the week's Thursday.
      const int64_t thursday = start + 3;
      const int year = YearOf(thursday);
      const int64_t week = (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1;
      std::string w = std::to_string(week);
      return std::to_string(year) + "-W" + (w.size() < 2 ? "0" + w : w);
    }
  }
  return "";
}

int64_t BinStart(int64_t day, Interval by) {
  switch (by) {
    case Interval::kDay: return day;
    case Interval::kWeek: return WeekStart(day);
    case Interval::kMonth: return MonthStart(day);
    case Interval::kYear: return YearStart(day);
  }
  return day;
}

int64_t BinNext(int64_t start, Interval by) {
  switch (by) {
    case Interval::kDay: return start + 1;
    case Interval::kWeek: return start + 7;
    case Interval::kMonth: return NextMonth(start);
    case Interval::kYear: return DaysFromCivil(YearOf(start) + 1, 1, 1);
  }
  return start + 1;
}

const char* IntervalName(Interval by) {
  switch (by) {
    case Interval::kDay: return "day";
    case Interval::kWeek: return "week";
    case Interval::kMonth: return "month";
    case Interval::kYear: return "year";
  }
  return "";
}

FacetField FacetOf(FilterKind k) {
  switch (k) {
    case kPerson: return FacetField::kPerson;
    case kOrg: return FacetField::kOrg;
    case kPlace: return FacetField::kPlace;
    case kTopic: return FacetField::kTopic;
    case kSection: return FacetField::kSection;
    case kSource: return FacetField::kSource;
    default: return FacetField::kSpeaker;
  }
}

class Report {
 public:
  Report(const Corpus& c, const Case& k) : c_(c), k_(k) {}
  void Fail(const std::string& what) { out_ << "  " << what << "\n"; }
  // Ids only in the engine's or only in the oracle's answer.
  void Diff(const std::string& what, const std::set<std::string>& engine, const Bits& expected) {
    std::vector<std::string> only_engine, only_oracle;
    std::set<std::string> oracle;
    for (size_t i = 0; i < c_.size(); ++i) {
      if (expected.Get(i)) oracle.insert(c_.docs()[i].key);
    }
    std::set_difference(engine.begin(), engine.end(), oracle.begin(), oracle.end(),
                        std::back_inserter(only_engine));
    std::set_difference(oracle.begin(), oracle.end(), engine.begin(), engine.end(),
                        std::back_inserter(only_oracle));
    if (only_engine.empty() && only_oracle.empty()) return;
    out_ << "  " << what << ": " << only_engine.size() << " ids only in the engine, "
         << only_oracle.size() << " only in the oracle\n";
    auto show = [&](const char* side, const std::vector<std::string>& ids) {
      for (size_t i = 0; i < ids.size() && i < 5; ++i) {
        out_ << "    only in " << side << ": " << Describe(ids[i]) << "\n";
      }
    };
    show("engine", only_engine);
    show("oracle", only_oracle);
  }
  std::string Text() const {
    if (out_.str().empty()) return "";
    std::ostringstream s;
    s << "query: " << k_.text << "\n  default_and: " << (k_.default_and ? "true" : "false");
    if (k_.from) s << "  from: " << *k_.from;
    if (k_.to) s << "  to: " << *k_.to;
    s << "\n" << out_.str();
    return s.str();
  }

 private:
  std::string Describe(const std::string& key) const {
    for (size_t i = 0; i < c_.size(); ++i) {
      if (c_.docs()[i].key == key) return c_.Describe(i);
    }
    return key + " (not in the oracle's corpus)";
  }
  const Corpus& c_;
  const Case& k_;
  std::ostringstream out_;
};

}  // namespace

Outcome Compare(const Archive& archive, const Corpus& corpus, const Case& c, Choices& choices,
                size_t max_full) {
  Outcome outcome;
  const auto start = std::chrono::steady_clock::now();
  const Bits expected = Evaluate(c, corpus);
  const uint64_t want = expected.Count();
  outcome.expected = want;
  outcome.oracle_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  Report report(corpus, c);
  SearchRequest request;
  request.query = c.text;
  request.default_and = c.default_and;
  request.from = c.from;
  request.to = c.to;
  request.snippets = false;
  static const SortOrder kSorts[] = {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest};
  request.sort = kSorts[choices.Below(3)];
  try {
    const uint64_t count = archive.Count(request);
    if (count != want) {
      report.Fail("Count: engine " + std::to_string(count) + ", oracle " + std::to_string(want));
    }

    const bool full = want <= max_full;
    request.limit = full ? max_full + 1 : 20;
    const SearchResult result = archive.Search(request);
    std::set<std::string> ids;
    for (const Hit& h : result.hits) ids.insert(h.source + "/" + h.id);
    if (result.total != want) {
      report.Fail("Search total: engine " + std::to_string(result.total) + ", oracle " +
                  std::to_string(want));
    }
    if (full) {
      report.Diff("Search ids", ids, expected);
    } else {
      Bits page(corpus.size());
      for (size_t i = 0; i < corpus.size(); ++i) {
        if (ids.count(corpus.docs()[i].key) || expected.Get(i)) page.Set(i);
      }
      if (page.Count() != want) report.Diff("Search first page", ids, expected);
    }

    // Facets of one field, every value.
    FilterKind fk = static_cast<FilterKind>(choices.Below(7));
    if (fk == kLang) fk = kSpeaker;  // the facet fields: no lang, no id
    if (fk == kId) fk = kTopic;
    if (fk == kSpeaker && !corpus.speakers_known()) fk = kPlace;
    const FacetResult facets = archive.Facets(request, FacetOf(fk), 0);
    std::map<std::string, uint64_t> want_facets;
    for (size_t i = 0; i < corpus.size(); ++i) {
      if (!expected.Get(i)) continue;
      for (const auto& v : corpus.docs()[i].values[fk]) ++want_facets[v];
    }
    std::map<std::string, uint64_t> got_facets;
    for (const FacetCount& f : facets.values) got_facets[f.value] += f.count;
    if (facets.total != want) {
      report.Fail("Facets total: engine " + std::to_string(facets.total) + ", oracle " +
                  std::to_string(want));
    }
    if (got_facets != want_facets) {
      std::string diff;
      int shown = 0;
      for (const auto& [v, n] : want_facets) {
        auto it = got_facets.find(v);
        const uint64_t got = it == got_facets.end() ? 0 : it->second;
        if (got != n && shown++ < 5) {
          diff += " \"" + v + "\" engine " + std::to_string(got) + " oracle " + std::to_string(n);
        }
      }
      for (const auto& [v, n] : got_facets) {
        if (!want_facets.count(v) && shown++ < 5) {
          diff += " \"" + v + "\" engine " + std::to_string(n) + " oracle 0";
        }
      }
      report.Fail(std::string("Facets by ") + FilterName(fk) + ":" + diff);
    }
    for (size_t i = 1; i < facets.values.size(); ++i) {
      const auto& a = facets.values[i - 1];
      const auto& b = facets.values[i];
      if (a.count < b.count || (a.count == b.count && a.value >= b.value)) {
        report.Fail(std::string("Facets by ") + FilterName(fk) + " out of order at \"" + b.value +
                    "\"");
        break;
      }
    }

    // Histogram by one interval.
    static const Interval kIntervals[] = {Interval::kDay, Interval::kWeek, Interval::kMonth,
                                          Interval::kYear};
    const Interval by = kIntervals[choices.Below(4)];
    const HistogramResult histogram = archive.Histogram(request, by);
    // docs/commands.md, "histogram": every interval from the one holding
    // `from` (else the first with a match; when nothing matches, the first
    // with an article of the archive within from / to; when there is none,
    // the one holding `to`) to the one holding `to` (likewise); `all`
    // counts the archive's articles within from / to.
    std::map<int64_t, uint64_t> counts, all;
    uint64_t undated = 0;
    for (size_t i = 0; i < corpus.size(); ++i) {
      const auto& day = corpus.docs()[i].day;
      if (day && (!c.from_day || *day >= *c.from_day) && (!c.to_day || *day <= *c.to_day)) {
        ++all[BinStart(*day, by)];
      }
      if (!expected.Get(i)) continue;
      if (day) {
        ++counts[BinStart(*day, by)];
      } else {
        ++undated;
      }
    }
    const auto& spanned = counts.empty() ? all : counts;
    std::optional<int64_t> first, last;
    if (c.from_day) {
      first = BinStart(*c.from_day, by);
    } else if (!spanned.empty()) {
      first = spanned.begin()->first;
    }
    if (c.to_day) {
      last = BinStart(*c.to_day, by);
    } else if (!spanned.empty()) {
      last = spanned.rbegin()->first;
    }
    if (!first) first = last;
    if (!last) last = first;
    std::vector<HistogramBin> want_bins;
    if (first && last) {
      for (int64_t s = *first; s <= *last; s = BinNext(s, by)) {
        HistogramBin b;
        b.label = HistogramLabel(s, by);
        b.start = CivilFromDays(s);
        b.count = counts.count(s) ? counts[s] : 0;
        b.all = all.count(s) ? all[s] : 0;
        want_bins.push_back(b);
      }
    }
    const std::string hname = std::string("Histogram by ") + IntervalName(by);
    if (histogram.total != want || histogram.undated != undated) {
      report.Fail(hname + ": total/undated engine " + std::to_string(histogram.total) + "/" +
                  std::to_string(histogram.undated) + ", oracle " + std::to_string(want) + "/" +
                  std::to_string(undated));
    }
    if (histogram.bins.size() != want_bins.size()) {
      report.Fail(hname + ": engine " + std::to_string(histogram.bins.size()) + " bins" +
                  (histogram.bins.empty() ? "" : " from " + histogram.bins.front().start) +
                  ", oracle " + std::to_string(want_bins.size()) +
                  (want_bins.empty() ? "" : " from " + want_bins.front().start));
    } else {
      for (size_t i = 0; i < want_bins.size(); ++i) {
        const HistogramBin& g = histogram.bins[i];
        const HistogramBin& w = want_bins[i];
        if (g.start != w.start || g.label != w.label || g.count != w.count || g.all != w.all) {
          report.Fail(hname + ": bin " + std::to_string(i) + " engine " + g.label + " " + g.start +
                      " " + std::to_string(g.count) + "/" + std::to_string(g.all) + ", oracle " +
                      w.label + " " + w.start + " " + std::to_string(w.count) + "/" +
                      std::to_string(w.all));
          break;
        }
      }
    }

    // Export: every id when the answer is small, the number otherwise.
    std::set<std::string> exported;
    const uint64_t passed = archive.Export(request, [&](const Article& a) {
      if (full) exported.insert(a.source + "/" + a.id);
      return true;
    });
    if (passed != want) {
      report.Fail("Export: engine " + std::to_string(passed) + ", oracle " + std::to_string(want));
    }
    if (full) report.Diff("Export ids", exported, expected);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kLimit) {
      outcome.skipped = true;
      return outcome;
    }
    report.Fail(std::string("engine threw: ") + e.what());
  }
  outcome.disagreement = report.Text();
  return outcome;
}

namespace {

bool CountDisagrees(const Archive& archive, const Corpus& corpus, const Case& c) {
  SearchRequest request;
  request.query = c.text;
  request.default_and = c.default_and;
  request.from = c.from;
  request.to = c.to;
  try {
    return archive.Count(request) != Evaluate(c, corpus).Count();
  } catch (const Error&) {
    return false;
  }
}

// Paths (child indexes from the root) to every list node.
void ListNodes(const Node& n, std::vector<size_t>& path, std::vector<std::vector<size_t>>& out) {
  const size_t min = n.kind == Node::kNear ? 2 : 1;
  if ((n.kind == Node::kOr || n.kind == Node::kSeq || n.kind == Node::kAnd ||
       n.kind == Node::kNear) &&
      n.kids.size() > min) {
    out.push_back(path);
  }
  for (size_t i = 0; i < n.kids.size(); ++i) {
    path.push_back(i);
    ListNodes(n.kids[i], path, out);
    path.pop_back();
  }
}

}  // namespace

Case Shrink(const Archive& archive, const Corpus& corpus, Case c) {
  if (!CountDisagrees(archive, corpus, c)) return c;
  for (bool progress = true; progress;) {
    progress = false;
    for (int bound = 0; bound < 2; ++bound) {
      Case t = c;
      if (bound == 0 && t.from) {
        t.from.reset();
        t.from_day.reset();
      } else if (bound == 1 && t.to) {
        t.to.reset();
        t.to_day.reset();
      } else {
        continue;
      }
      t.text = Render(t.query);
      if (CountDisagrees(archive, corpus, t)) {
        c = std::move(t);
        progress = true;
      }
    }
    std::vector<std::vector<size_t>> lists;
    std::vector<size_t> path;
    ListNodes(c.query, path, lists);
    for (const auto& at : lists) {
      const Node* list = &c.query;
      for (size_t i : at) list = &list->kids[i];
      for (size_t drop = 0; drop < list->kids.size(); ++drop) {
        Case t = c;
        Node* n = &t.query;
        for (size_t i : at) n = &n->kids[i];
        n->kids.erase(n->kids.begin() + static_cast<std::ptrdiff_t>(drop));
        if (n->kind == Node::kNear) {
          n->distances.erase(n->distances.begin() +
                             static_cast<std::ptrdiff_t>(drop == 0 ? 0 : drop - 1));
        }
        t.text = Render(t.query);
        if (CountDisagrees(archive, corpus, t)) {
          c = std::move(t);
          progress = true;
          break;
        }
      }
      if (progress) break;
    }
  }
  return c;
}

}  // namespace morgue::oracle

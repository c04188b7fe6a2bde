#include "indexer/document.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>
#include <vector>

#include <openssl/evp.h>

#include "indexer/analysis.h"
#include "indexer/fold.h"
#include "morgue/error.h"

namespace morgue {

namespace {

void AddJoined(Xapian::Document& doc, Xapian::valueno slot, const std::set<std::string>& values) {
  if (values.empty()) return;
  std::string joined;
  for (const auto& v : values) {
    if (!joined.empty()) joined.push_back(kValueSeparator);
    joined += v;
  }
  doc.add_value(slot, joined);
}

}  // namespace

std::string StemmerFor(const std::string& language) {
  if (language == "en" || language == "english") return "english";
  if (language == "none" || language.empty()) return "";
  try {
    Xapian::Stem probe(language);
    return language;
  } catch (const Xapian::Error&) {
    return "";
  }
}

std::string FilterValue(const std::string& value) { return FoldCollapse(value); }

DocumentBuilder::DocumentBuilder(bool all_fields) : all_fields_(all_fields) {}

bool QuoteInBody(const Article& article, const Quote& quote) {
  if (quote.text.empty() || quote.paragraph >= article.body.size()) return false;
  const std::string& paragraph = article.body[quote.paragraph];
  return quote.offset <= paragraph.size() &&
         paragraph.compare(quote.offset, quote.text.size(), quote.text) == 0;
}

void DocumentBuilder::IndexField(const std::string& text, const std::string& prefix,
                                 Xapian::Document& doc) {
  if (text.empty()) return;
  // Words are indexed once, unstemmed, with positions; stemmed search
  // expands a query word to the indexed words sharing its stem
  // (query/stem_expander.h).
  words_.Cut(text, [&](std::string_view word) {
    ++termpos_;
    if (word.empty()) return;  // folded too long: its position stays empty
    term_.assign(prefix);
    term_.append(word);
    doc.add_posting(term_, termpos_);
  });
  // A gap so that phrases, and NEAR up to 100 apart, never join two paragraphs or
  // fields (docs/query-language.md: a larger NEAR distance reaches across).
  termpos_ += 100;
}

void ForEachIndexedText(
    const Article& a, const std::function<void(const std::string& text, const char* prefix)>& fn) {
  fn(a.headline, "S");
  for (const auto& p : a.body) fn(p, "");
  for (const auto& q : a.quotes) fn(q.text, "XQ");
  for (const auto& c : a.captions) {
    fn(c.text, "XC");
    fn(c.credit, "XC");
  }
}

void DocumentBuilder::AddAllFieldsTerms(Xapian::Document& doc) {
  // Only the text terms exist yet: body words (no prefix: they start with a
  // lower-case letter, a digit or a non-ASCII byte), "S", "XQ" and "XC".
  // The sum is what OP_SYNONYM over the field terms of weight > 0 sums at
  // query time (query/compile.cc, CombinedFields).
  std::vector<std::pair<std::string, Xapian::termcount>> sums;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    std::string word;
    if (term.empty()) continue;
    if (term[0] == 'S') {
      word = term.substr(1);
    } else if (term.compare(0, 2, "XC") == 0) {
      word = term.substr(2);
    } else if (term[0] >= 'A' && term[0] <= 'Z') {
      continue;  // XQ: quotations are body text or weigh 0
    } else {
      word = term;
    }
    if (word.empty()) continue;
    sums.emplace_back(std::move(word), t.get_wdf());
  }
  std::sort(sums.begin(), sums.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  for (size_t i = 0; i < sums.size();) {
    Xapian::termcount wdf = 0;
    size_t j = i;
    for (; j < sums.size() && sums[j].first == sums[i].first; ++j) wdf += sums[j].second;
    // Words are at most 64 bytes (FoldWord, TermGenerator): the term fits.
    doc.add_term(kAllFieldsPrefix + sums[i].first, wdf);
    i = j;
  }
}

namespace {

// The filter terms of an article, as Build writes them: one list per prefix
// (entity values also fill the multi-valued slots).
struct FilterTerms {
  std::string source, section, language;  // FilterValue forms ("" for none)
  std::set<std::string> persons, orgs, places, topics, speakers;
};

FilterTerms FilterTermsOf(const Article& a) {
  FilterTerms f;
  f.source = FilterValue(a.source);
  f.section = FilterValue(a.section);
  f.language = FilterValue(a.language);
  for (const auto& e : a.entities) {
    if (e.canonical.empty()) continue;
    switch (e.kind) {
      case EntityKind::kPerson: f.persons.insert(e.canonical); break;
      case EntityKind::kOrganisation: f.orgs.insert(e.canonical); break;
      case EntityKind::kPlace: f.places.insert(e.canonical); break;
    }
  }
  for (const auto& t : a.topics) {
    std::string v = FilterValue(t);
    if (!v.empty()) f.topics.insert(std::move(v));
  }
  for (const auto& q : a.quotes) {
    if (q.speaker.empty()) continue;
    std::string v = CanonicalEntity(EntityKind::kPerson, q.speaker);
    if (!v.empty()) f.speakers.insert(std::move(v));
  }
  return f;
}

// The prefix of each list of FilterTerms and the name of its field.
struct FilterList {
  const char* prefix;
  const char* field;
  std::set<std::string> FilterTerms::*values;
};
constexpr FilterList kFilterLists[] = {
    {"XP", "person", &FilterTerms::persons},     {"XO", "org", &FilterTerms::orgs},
    {"XL", "place", &FilterTerms::places},       {"XK", "topic", &FilterTerms::topics},
    {"XSPK", "speaker", &FilterTerms::speakers},
};

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw Error(ErrorCode::kInternal, "SHA-256 failed");
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace

std::string UniqueTerm(const std::string& source, const std::string& id) {
  std::string term = "Q";
  term.reserve(2 + source.size() + id.size());
  for (char c : source) {
    if (c == '%') term += "%25";
    else if (c == '/') term += "%2F";
    else term.push_back(c);
  }
  term.push_back('/');
  term += id;
  // Glass stores a zero byte of a term as two (ids cannot hold one:
  // ArticleProblem; articles built in code can).
  const auto zeros = static_cast<size_t>(std::count(term.begin(), term.end(), '\0'));
  if (term.size() + zeros <= kMaxTermBytes) return term;
  return "Q\x01" + Sha256Hex(term);
}

std::vector<std::string> UniqueTermsOf(const std::string& source_slash_id) {
  std::vector<std::string> terms;
  for (size_t slash = source_slash_id.find('/'); slash != std::string::npos;
       slash = source_slash_id.find('/', slash + 1)) {
    terms.push_back(
        UniqueTerm(source_slash_id.substr(0, slash), source_slash_id.substr(slash + 1)));
  }
  return terms;
}

std::string IndexProblem(const Article& a) {
  const FilterTerms f = FilterTermsOf(a);
  // Glass stores a zero byte of a term as two.
  auto too_long = [](std::string_view prefix, const std::string& value) {
    const auto zeros = static_cast<size_t>(std::count(value.begin(), value.end(), '\0'));
    return prefix.size() + value.size() + zeros > kMaxTermBytes;
  };
  auto problem = [](const char* field, std::string_view prefix, const std::string& value) {
    return std::string("its ") + field + " is " + std::to_string(value.size()) +
           " bytes long; the index takes at most " + std::to_string(kMaxTermBytes - prefix.size()) +
           ", a zero byte counting two";
  };
  if (too_long("XSRC", f.source)) return problem("source", "XSRC", f.source);
  if (too_long("XS", f.section)) return problem("section", "XS", f.section);
  if (too_long("L", f.language)) return problem("language", "L", f.language);
  for (const FilterList& list : kFilterLists) {
    for (const std::string& v : f.*list.values) {
      if (too_long(list.prefix, v)) return problem(list.field, list.prefix, v);
    }
  }
  return "";
}

Xapian::Document DocumentBuilder::Build(const Article& a) {
  Xapian::Document doc;
  termpos_ = 1;
  ForEachIndexedText(a, [&](const std::string& text, const char* prefix) {
    IndexField(text, prefix, doc);
  });
  bool quote_outside_body = false;
  for (const auto& q : a.quotes) quote_outside_body |= !q.text.empty() && !QuoteInBody(a, q);

  if (all_fields_) AddAllFieldsTerms(doc);

  const FilterTerms f = FilterTermsOf(a);
  doc.add_boolean_term(UniqueTerm(a.source, a.id));
  if (quote_outside_body) doc.add_boolean_term(kQuoteOutsideBodyTerm);
  doc.add_boolean_term("XSRC" + f.source);
  if (!a.section.empty()) {
    doc.add_boolean_term("XS" + f.section);
    doc.add_value(kSlotSection, f.section);
  }
  if (!a.language.empty()) doc.add_boolean_term("L" + f.language);

  if (a.published) {
    std::string day = a.published->ToDayKey();
    doc.add_value(kSlotDay, day);
    doc.add_value(kSlotTime,
                  Xapian::sortable_serialise(static_cast<double>(a.published->unix_seconds)));
    doc.add_boolean_term("D" + day);
    doc.add_boolean_term("M" + day.substr(0, 6));
    doc.add_boolean_term("Y" + day.substr(0, 4));
  }

  for (const FilterList& list : kFilterLists) {
    for (const auto& v : f.*list.values) doc.add_boolean_term(list.prefix + v);
  }
  AddJoined(doc, kSlotPersons, f.persons);
  AddJoined(doc, kSlotOrgs, f.orgs);
  AddJoined(doc, kSlotPlaces, f.places);
  AddJoined(doc, kSlotTopics, f.topics);
  AddJoined(doc, kSlotSpeakers, f.speakers);
  doc.add_value(kSlotFingerprint, ContentFingerprint(a));
  return doc;
}

std::string ContentFingerprint(const Article& a) {
  // FNV-1a over the first 60 words of headline + body, lower-cased, letters
  // and digits only.
  uint64_t h = 1469598103934665603ull;
  int words = 0;
  bool in_word = false;
  auto feed = [&](const std::string& text) {
    for (unsigned char c : text) {
      if (words >= 60) return;
      if (std::isalnum(c) || c >= 0x80) {
        h = (h ^ static_cast<unsigned char>(std::tolower(c))) * 1099511628211ull;
        in_word = true;
      } else if (in_word) {
        h = (h ^ ' ') * 1099511628211ull;
        in_word = false;
        ++words;
      }
    }
  };
  feed(a.headline);
  feed(" ");
  for (const auto& p : a.body) {
    feed(p);
    feed(" ");
  }
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(h & 0xff);
    h >>= 8;
  }
  return out;
}

}  // namespace morgue

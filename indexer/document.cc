#include "indexer/document.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "indexer/analysis.h"

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

std::string UniqueTerm(const std::string& source, const std::string& id) {
  return "Q" + source + "/" + id;
}

std::string FilterValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  bool space = false;
  for (unsigned char c : value) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

DocumentBuilder::DocumentBuilder() {
  // Words are indexed once, unstemmed, with positions; stemmed search expands
  // a query word to the indexed words sharing its stem (query/stem_expander.h).
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
}

bool QuoteInBody(const Article& article, const Quote& quote) {
  if (quote.text.empty() || quote.paragraph >= article.body.size()) return false;
  const std::string& paragraph = article.body[quote.paragraph];
  return quote.offset <= paragraph.size() &&
         paragraph.compare(quote.offset, quote.text.size(), quote.text) == 0;
}

void DocumentBuilder::IndexField(const std::string& text, const std::string& prefix) {
  if (text.empty()) return;
  generator_.index_text(text, 1, prefix);
  // A gap so that phrases and NEAR never join two paragraphs or fields.
  generator_.increase_termpos(100);
}

Xapian::Document DocumentBuilder::Build(const Article& a) {
  Xapian::Document doc;
  generator_.set_document(doc);
  generator_.set_termpos(1);

  IndexField(a.headline, "S");
  for (const auto& p : a.body) IndexField(p, "");
  bool quote_outside_body = false;
  for (const auto& q : a.quotes) {
    IndexField(q.text, "XQ");
    quote_outside_body |= !q.text.empty() && !QuoteInBody(a, q);
  }
  for (const auto& c : a.captions) {
    IndexField(c.text, "XC");
    IndexField(c.credit, "XC");
  }

  doc.add_boolean_term(UniqueTerm(a.source, a.id));
  if (quote_outside_body) doc.add_boolean_term(kQuoteOutsideBodyTerm);
  doc.add_boolean_term("XSRC" + FilterValue(a.source));
  if (!a.section.empty()) {
    doc.add_boolean_term("XS" + FilterValue(a.section));
    doc.add_value(kSlotSection, FilterValue(a.section));
  }
  if (!a.language.empty()) doc.add_boolean_term("L" + FilterValue(a.language));

  if (a.published) {
    std::string day = a.published->ToDayKey();
    doc.add_value(kSlotDay, day);
    doc.add_value(kSlotTime, Xapian::sortable_serialise(static_cast<double>(a.published->unix_seconds)));
    doc.add_boolean_term("D" + day);
    doc.add_boolean_term("M" + day.substr(0, 6));
    doc.add_boolean_term("Y" + day.substr(0, 4));
  }

  std::set<std::string> persons, orgs, places, topics, speakers;
  for (const auto& e : a.entities) {
    if (e.canonical.empty()) continue;
    switch (e.kind) {
      case EntityKind::kPerson: persons.insert(e.canonical); break;
      case EntityKind::kOrganisation: orgs.insert(e.canonical); break;
      case EntityKind::kPlace: places.insert(e.canonical); break;
    }
  }
  for (const auto& t : a.topics) {
    std::string v = FilterValue(t);
    if (!v.empty()) topics.insert(v);
  }
  for (const auto& q : a.quotes) {
    if (q.speaker.empty()) continue;
    std::string v = CanonicalEntity(EntityKind::kPerson, q.speaker);
    if (!v.empty()) speakers.insert(v);
  }
  for (const auto& v : persons) doc.add_boolean_term("XP" + v);
  for (const auto& v : orgs) doc.add_boolean_term("XO" + v);
  for (const auto& v : places) doc.add_boolean_term("XL" + v);
  for (const auto& v : topics) doc.add_boolean_term("XK" + v);
  for (const auto& v : speakers) doc.add_boolean_term("XSPK" + v);
  AddJoined(doc, kSlotPersons, persons);
  AddJoined(doc, kSlotOrgs, orgs);
  AddJoined(doc, kSlotPlaces, places);
  AddJoined(doc, kSlotTopics, topics);
  AddJoined(doc, kSlotSpeakers, speakers);
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

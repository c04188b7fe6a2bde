// Analyze(): merges reader-supplied and extracted quotes and entities.
#include "indexer/analysis.h"

#include <algorithm>
#include <cstddef>

#include "indexer/entities.h"
#include "indexer/speakers.h"

namespace morgue {
namespace {

// An attribution longer than this is not one (a run-on clause): the
// quotation keeps no attribution and no speaker.
constexpr size_t kMaxAttributionBytes = 1000;

void MergeQuotes(Article& article) {
  // A supplied speaker is an attribution as written ("Joint Operation Command
  // statement, per NBC News"): kept as such, cleaned into the name it gives.
  for (Quote& q : article.quotes) {
    if (q.speaker.empty() || !q.attribution.empty()) continue;
    q.attribution = q.speaker;
    if (std::string name = SpeakerFromAttribution(q.attribution); !name.empty()) {
      q.speaker = std::move(name);
    }
  }
  std::vector<Quote> found = ExtractQuotes(article);
  // Only a supplied quotation covers a found one: the same words quoted
  // twice ("null and void", by two people) are two quotations.
  const auto supplied = static_cast<std::ptrdiff_t>(article.quotes.size());
  for (Quote& q : found) {
    const auto end = article.quotes.begin() + supplied;
    const bool present = std::any_of(article.quotes.begin(), end, [&](const Quote& r) {
      return (r.paragraph == q.paragraph && r.offset == q.offset) || r.text == q.text;
    });
    if (present) continue;
    // A speaker longer than any name is not one: the quotation stays,
    // without a speaker (a filter term that long would not fit the index).
    if (!q.speaker.empty() &&
        CanonicalEntity(EntityKind::kPerson, q.speaker).size() > kMaxNameBytes) {
      q.speaker.clear();
    }
    if (q.attribution.size() > kMaxAttributionBytes) {
      q.attribution.clear();
      q.speaker.clear();
    }
    article.quotes.push_back(std::move(q));
  }
  std::stable_sort(article.quotes.begin(), article.quotes.end(),
                   [](const Quote& a, const Quote& b) {
                     return a.paragraph != b.paragraph ? a.paragraph < b.paragraph
                                                       : a.offset < b.offset;
                   });
}

bool Covered(const std::vector<Entity>& entities, EntityKind kind, const std::string& canonical) {
  return std::any_of(entities.begin(), entities.end(),
                     [&](const Entity& e) { return e.kind == kind && e.canonical == canonical; });
}

}  // namespace

void Analyze(Article& article) {
  MergeQuotes(article);

  // Tagged and user entities first (stable), canonical forms filled, duplicates dropped.
  std::vector<Entity> given = std::move(article.entities);
  std::stable_sort(given.begin(), given.end(), [](const Entity& a, const Entity& b) {
    return static_cast<int>(a.origin) < static_cast<int>(b.origin);
  });
  std::vector<Entity> merged;
  merged.reserve(given.size() + 16);
  for (Entity& e : given) {
    e.canonical = CanonicalEntity(e.kind, e.canonical.empty() ? e.name : e.canonical);
    if (e.canonical.empty() || Covered(merged, e.kind, e.canonical)) continue;
    merged.push_back(std::move(e));
  }

  // What the analysis finds must fit the index (kMaxNameBytes, like what a
  // reader supplies: ArticleProblem); a longer run of capitalised words is
  // not a name.
  auto fits = [](const Entity& e) { return e.canonical.size() <= kMaxNameBytes; };
  for (Entity& e : ExtractEntities(article)) {
    if (fits(e) && !Covered(merged, e.kind, e.canonical)) merged.push_back(std::move(e));
  }
  // Speakers that look like people are people mentioned by the article.
  for (Quote& q : article.quotes) {
    if (q.speaker.empty()) continue;
    const std::string person = PersonFromSpeaker(q.speaker);
    if (person.empty()) continue;
    Entity e{person, EntityKind::kPerson, CanonicalEntity(EntityKind::kPerson, person),
             EntityOrigin::kExtracted};
    // A surname the article also gives in full, before or after the quote,
    // is that person ("said Reagan. Ronald Reagan ..."): one entity, and the
    // speaker under the full name, when exactly one person has it.
    if (!e.canonical.empty() && e.canonical.find(' ') == std::string::npos) {
      const Entity* full = nullptr;
      int matches = 0;
      for (const Entity& m : merged) {
        if (m.kind != EntityKind::kPerson || m.canonical.size() <= e.canonical.size() + 1) continue;
        const size_t at = m.canonical.size() - e.canonical.size();
        if (m.canonical[at - 1] == ' ' &&
            m.canonical.compare(at, std::string::npos, e.canonical) == 0) {
          full = &m;
          ++matches;
        }
      }
      if (matches == 1) {
        if (q.speaker == person) q.speaker = full->name;
        continue;
      }
    }
    if (!e.canonical.empty() && fits(e) && !Covered(merged, e.kind, e.canonical)) {
      merged.push_back(std::move(e));
    }
  }
  article.entities = std::move(merged);
}

void ReanalyzeLegacy(Article& article) {
  std::erase_if(article.entities,
                [](const Entity& e) { return e.origin == EntityOrigin::kExtracted; });
  const std::vector<Quote> found = ExtractQuotes(article);
  std::erase_if(article.quotes, [&](const Quote& q) {
    const bool again = std::any_of(found.begin(), found.end(), [&](const Quote& f) {
      return f.paragraph == q.paragraph && f.offset == q.offset && f.text == q.text;
    });
    const bool own_words =
        q.speaker.empty() || (q.paragraph < article.body.size() &&
                              article.body[q.paragraph].find(q.speaker) != std::string::npos);
    return again && own_words;
  });
  Analyze(article);
}

}  // namespace morgue

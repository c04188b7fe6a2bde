// Analyze(): merges reader-supplied and extracted quotes and entities.
#include "indexer/analysis.h"

#include <algorithm>

#include "indexer/entities.h"

namespace morgue {
namespace {

void MergeQuotes(Article& article) {
  std::vector<Quote> found = ExtractQuotes(article);
  for (Quote& q : found) {
    const bool present =
        std::any_of(article.quotes.begin(), article.quotes.end(), [&](const Quote& r) {
          return (r.paragraph == q.paragraph && r.offset == q.offset) || r.text == q.text;
        });
    if (present) continue;
    // An attribution longer than any name is not one: the quotation stays,
    // without a speaker (a filter term that long would not fit the index).
    if (!q.speaker.empty() &&
        CanonicalEntity(EntityKind::kPerson, q.speaker).size() > kMaxNameBytes) {
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
  for (const Quote& q : article.quotes) {
    if (q.speaker.empty()) continue;
    const std::string person = PersonFromSpeaker(q.speaker);
    if (person.empty()) continue;
    Entity e{person, EntityKind::kPerson, CanonicalEntity(EntityKind::kPerson, person),
             EntityOrigin::kExtracted};
    if (!e.canonical.empty() && fits(e) && !Covered(merged, e.kind, e.canonical)) {
      merged.push_back(std::move(e));
    }
  }
  article.entities = std::move(merged);
}

}  // namespace morgue

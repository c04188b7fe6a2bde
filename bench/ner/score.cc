#include "bench/ner/score.h"

#include <algorithm>
#include <optional>

#include "indexer/analysis.h"
#include "indexer/entities.h"
#include "indexer/speakers.h"

namespace morgue::bench::ner {
namespace {

constexpr std::array<EntityKind, 3> kKinds = {EntityKind::kPerson, EntityKind::kOrganisation,
                                              EntityKind::kPlace};

std::optional<EntityKind> KindOfType(std::string_view type) {
  for (EntityKind k : kKinds) {
    if (type == GumType(k)) return k;
  }
  return std::nullopt;
}

size_t Index(EntityKind kind) { return static_cast<size_t>(kind); }

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool RunOf(const std::vector<std::string_view>& small, const std::vector<std::string_view>& big) {
  if (small.empty() || small.size() > big.size()) return false;
  for (size_t i = 0; i + small.size() <= big.size(); ++i) {
    if (std::equal(small.begin(), small.end(), big.begin() + static_cast<std::ptrdiff_t>(i))) {
      return true;
    }
  }
  return false;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void AddUnique(std::vector<std::string>& names, std::string name) {
  if (!name.empty() && !Contains(names, name)) names.push_back(std::move(name));
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " | ") + n;
  return out;
}

bool HasProperNoun(const GumDocument& doc, const GumMention& m) {
  for (uint32_t i = m.first; i < m.last; ++i) {
    if (doc.tokens[i].upos == "PROPN") return true;
  }
  return false;
}

// The person/organisation/place mentions that hold a name (indexes into
// doc.mentions), each with whether it is optional: nested in a named one
// ("Portugal" in "the Bank of Portugal"), or not named itself although it
// holds a proper noun ("Mathematician Hermann Weyl", headed by the noun).
std::vector<std::pair<size_t, bool>> NameMentions(const GumDocument& doc) {
  std::vector<size_t> named;
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    if (doc.mentions[i].named && KindOfType(doc.mentions[i].type)) named.push_back(i);
  }
  std::vector<std::pair<size_t, bool>> out;
  for (size_t i = 0; i < doc.mentions.size(); ++i) {
    const GumMention& m = doc.mentions[i];
    if (!KindOfType(m.type)) continue;
    if (!m.named) {
      if (HasProperNoun(doc, m)) out.emplace_back(i, true);
      continue;
    }
    bool nested = false;
    for (size_t j : named) {
      if (j == i) continue;
      const GumMention& o = doc.mentions[j];
      if (o.first <= m.first && m.last <= o.last &&
          (o.last - o.first > m.last - m.first || j < i)) {
        nested = true;
        break;
      }
    }
    out.emplace_back(i, nested);
  }
  return out;
}

bool IsProperNoun(const GumToken& t) { return t.upos == "PROPN"; }

// Words that join the proper nouns of one name ("Bank of Portugal", "Antoine
// de Saint-Exupery", "Procter and Gamble").
bool IsNameJoint(const GumToken& t) {
  static const std::vector<std::string_view> joints = {"of",  "de",  "del", "da",  "di", "von",
                                                       "van", "and", "&",   "the", "la", "le"};
  return std::find(joints.begin(), joints.end(), t.form) != joints.end();
}

// Titles before a person's name, which morgue's person names leave out
// ("Justice Scalia" is also "scalia").
bool IsTitle(std::string_view word) {
  static const std::vector<std::string_view> titles = {"President",
                                                       "Justice",
                                                       "Judge",
                                                       "General",
                                                       "Gen.",
                                                       "Secretary",
                                                       "Senator",
                                                       "Sen.",
                                                       "Governor",
                                                       "Gov.",
                                                       "Mayor",
                                                       "King",
                                                       "Queen",
                                                       "Prince",
                                                       "Princess",
                                                       "Emperor",
                                                       "Empress",
                                                       "Pope",
                                                       "Saint",
                                                       "St.",
                                                       "Sir",
                                                       "Lord",
                                                       "Lady",
                                                       "Dr.",
                                                       "Dr",
                                                       "Mr.",
                                                       "Mr",
                                                       "Mrs.",
                                                       "Mrs",
                                                       "Ms.",
                                                       "Ms",
                                                       "Professor",
                                                       "Prof.",
                                                       "Chief",
                                                       "Minister",
                                                       "Prime",
                                                       "Captain",
                                                       "Capt.",
                                                       "Colonel",
                                                       "Col.",
                                                       "Admiral",
                                                       "Bishop",
                                                       "Archbishop",
                                                       "Father",
                                                       "Reverend",
                                                       "Rev.",
                                                       "Representative",
                                                       "Rep.",
                                                       "Chairman",
                                                       "Ambassador",
                                                       "Commissioner",
                                                       "Lieutenant",
                                                       "Sheriff"};
  return std::find(titles.begin(), titles.end(), word) != titles.end();
}

// The name inside a named mention: the run of proper nouns around its head,
// joined through IsNameJoint words, without the appositions and relative
// clauses GUM's mention spans hold ("John Cam Hobhouse, who initiated him
// into ..." -> "John Cam Hobhouse").
std::pair<uint32_t, uint32_t> NameCore(const GumDocument& doc, const GumMention& m) {
  uint32_t first = m.head, last = m.head + 1;
  while (first > m.first && IsProperNoun(doc.tokens[first - 1])) --first;
  while (last < m.last) {
    if (IsProperNoun(doc.tokens[last])) {
      ++last;
      continue;
    }
    uint32_t next = last;
    while (next < m.last && IsNameJoint(doc.tokens[next])) ++next;
    if (next == last || next >= m.last || !IsProperNoun(doc.tokens[next])) break;
    last = next + 1;
  }
  return {first, last};
}

// The canonical names a mention gives: its text without "the" and possessive,
// and for one that is not named, also each run of its proper nouns.
void AddMentionNames(const GumDocument& doc, const GumMention& m, EntityKind kind,
                     std::vector<std::string>& names) {
  AddUnique(names, CanonicalEntity(kind, CleanName(doc.Text(m.first, m.last))));
  if (m.named) {
    auto [first, last] = NameCore(doc, m);
    AddUnique(names, CanonicalEntity(kind, CleanName(doc.Text(first, last))));
    if (kind == EntityKind::kPerson) {
      while (last - first > 1 && IsTitle(doc.tokens[first].form)) ++first;
      AddUnique(names, CanonicalEntity(kind, CleanName(doc.Text(first, last))));
    }
    return;
  }
  uint32_t i = m.first;
  while (i < m.last) {
    if (doc.tokens[i].upos != "PROPN") {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < m.last && doc.tokens[j].upos == "PROPN") ++j;
    AddUnique(names, CanonicalEntity(kind, CleanName(doc.Text(i, j))));
    i = j;
  }
}

// CanonicalEntity(kind, CleanName(...)) of the group's named mentions.
std::vector<std::string> GroupNames(const GumDocument& doc, const std::string& group,
                                    EntityKind kind) {
  std::vector<std::string> names;
  for (const GumMention& m : doc.mentions) {
    if (m.group != group || !m.named) continue;
    AddMentionNames(doc, m, kind, names);
  }
  return names;
}

// Matches predictions to gold entities of one kind, `match` deciding whether a
// canonical form names a gold name.
template <typename Match>
void MatchEntities(const std::vector<const Entity*>& predicted,
                   const std::vector<const GoldEntity*>& gold, Match match, Counts& counts,
                   std::vector<std::string>* misses, const char* kind) {
  constexpr size_t kNone = SIZE_MAX;
  std::vector<bool> found(gold.size(), false);
  for (const Entity* e : predicted) {
    size_t open = kNone, taken = kNone;
    bool optional = false;
    for (size_t g = 0; g < gold.size(); ++g) {
      bool names = std::any_of(gold[g]->names.begin(), gold[g]->names.end(),
                               [&](const std::string& n) { return match(e->canonical, n); });
      if (!names) continue;
      if (gold[g]->optional) optional = true;
      else if (!found[g] && open == kNone) open = g;
      else if (found[g] && taken == kNone) taken = g;
    }
    if (open != kNone) {
      found[open] = true;
      ++counts.tp;
    } else if (taken == kNone && optional) {
      ++counts.optional;
    } else {
      ++counts.fp;
      if (taken != kNone) ++counts.duplicates;
      if (misses) {
        misses->push_back(std::string(taken != kNone ? "DUP " : "FP  ") + kind + " \"" + e->name +
                          "\" -> " + e->canonical);
      }
    }
  }
  for (size_t g = 0; g < gold.size(); ++g) {
    if (found[g] || gold[g]->optional) continue;
    ++counts.fn;
    if (misses) misses->push_back(std::string("FN  ") + kind + " " + Join(gold[g]->names));
  }
}

bool IsQuoteMark(std::string_view form) {
  return form == "\"" || form == "\xE2\x80\x9C" || form == "\xE2\x80\x9D";
}

std::string_view BaseRelation(std::string_view deprel) {
  return deprel.substr(0, deprel.find(':'));
}

bool IsSpeechVerb(std::string_view lemma) {
  const auto& verbs = SpeechVerbs();
  return std::find(verbs.begin(), verbs.end(), lemma) != verbs.end();
}

// The speech verb that introduces the quotation of words (open, close), or
// nullopt.
std::optional<uint32_t> SpeechVerbOf(const GumDocument& doc, const GumParagraph& par, uint32_t open,
                                     uint32_t close) {
  auto inside = [&](uint32_t t) { return t != kNoToken && t > open && t < close; };
  std::optional<uint32_t> best;
  uint32_t best_distance = UINT32_MAX;
  auto consider = [&](uint32_t v) {
    if (inside(v) || v == open || v == close || !IsSpeechVerb(doc.tokens[v].lemma)) return;
    uint32_t distance = v < open ? open - v : v - close;
    if (distance < best_distance) {
      best = v;
      best_distance = distance;
    }
  };
  for (uint32_t t = open + 1; t < close; ++t) {
    const GumToken& tok = doc.tokens[t];
    std::string_view rel = BaseRelation(tok.deprel);
    // A word of the quotation governed by the verb ("said: \"...\"").
    if (tok.head != kNoToken && (rel == "ccomp" || rel == "parataxis" || rel == "obj")) {
      consider(tok.head);
    }
  }
  // The verb attached to a word of the quotation ("\"...,\" she said").
  for (uint32_t v = par.first; v < par.last; ++v) {
    const GumToken& tok = doc.tokens[v];
    std::string_view rel = BaseRelation(tok.deprel);
    if (inside(tok.head) && (rel == "parataxis" || rel == "ccomp")) consider(v);
  }
  return best;
}

}  // namespace

double Counts::Precision() const {
  return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fp);
}
double Counts::Recall() const {
  return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fn);
}
double Counts::F1() const {
  const double p = Precision(), r = Recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}
Counts& Counts::operator+=(const Counts& other) {
  tp += other.tp;
  fp += other.fp;
  fn += other.fn;
  duplicates += other.duplicates;
  optional += other.optional;
  return *this;
}

Counts KindCounts::Micro() const {
  Counts all;
  for (const Counts& c : kind) all += c;
  return all;
}
KindCounts& KindCounts::operator+=(const KindCounts& other) {
  for (size_t i = 0; i < kind.size(); ++i) kind[i] += other.kind[i];
  return *this;
}

SpeakerScore& SpeakerScore::operator+=(const SpeakerScore& other) {
  quotations += other.quotations;
  named += other.named;
  correct += other.correct;
  partly += other.partly;
  wrong += other.wrong;
  empty += other.empty;
  not_found += other.not_found;
  misses.insert(misses.end(), other.misses.begin(), other.misses.end());
  return *this;
}

const char* GumType(EntityKind kind) {
  switch (kind) {
    case EntityKind::kPerson: return "person";
    case EntityKind::kOrganisation: return "organization";
    case EntityKind::kPlace: return "place";
  }
  return "";
}

GumArticle ArticleFromDocument(const GumDocument& doc) {
  GumArticle out;
  out.article.id = doc.id.empty() ? "gum" : doc.id;
  out.article.source = "gum";
  out.body_index.assign(doc.paragraphs.size(), -1);
  size_t first = 0;
  if (!doc.paragraphs.empty() && doc.paragraphs[0].Has("head")) {
    out.article.headline = doc.paragraphs[0].text;
    first = 1;
  } else {
    out.article.headline = doc.title;
  }
  for (size_t i = first; i < doc.paragraphs.size(); ++i) {
    const GumParagraph& p = doc.paragraphs[i];
    if (p.text.empty()) continue;
    if (p.Has("caption")) {
      out.article.captions.push_back(Caption{p.text, ""});
      continue;
    }
    out.body_index[i] = static_cast<int32_t>(out.article.body.size());
    out.article.body.push_back(p.text);
  }
  return out;
}

std::string CleanName(std::string_view name) {
  for (std::string_view article : {"the ", "The ", "THE "}) {
    if (name.size() > article.size() && name.substr(0, article.size()) == article) {
      name.remove_prefix(article.size());
      break;
    }
  }
  for (std::string_view possessive : {" 's", " \xE2\x80\x99s", "'s", "\xE2\x80\x99s", " '",
                                      " \xE2\x80\x99", "'", "\xE2\x80\x99"}) {
    if (name.size() > possessive.size() &&
        name.substr(name.size() - possessive.size()) == possessive) {
      name.remove_suffix(possessive.size());
      break;
    }
  }
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  return std::string(name);
}

bool WordRunMatch(std::string_view a, std::string_view b) {
  const std::vector<std::string_view> wa = Words(a), wb = Words(b);
  return RunOf(wa, wb) || RunOf(wb, wa);
}

SpeakerJudgement JudgeSpeaker(EntityKind kind, std::string_view found_speaker,
                              const std::vector<std::string>& gold_names) {
  std::vector<std::string> forms;
  AddUnique(forms, CanonicalEntity(kind, CleanName(found_speaker)));
  if (kind == EntityKind::kPerson) {
    AddUnique(forms, CanonicalEntity(kind, PersonFromSpeaker(found_speaker)));
  }
  auto any = [&](auto match) {
    return std::any_of(forms.begin(), forms.end(), [&](const std::string& f) {
      return !f.empty() && std::any_of(gold_names.begin(), gold_names.end(),
                                       [&](const std::string& n) { return match(f, n); });
    });
  };
  if (any([](const std::string& f, const std::string& n) { return f == n; })) {
    return SpeakerJudgement::kCorrect;
  }
  if (any([](const std::string& f, const std::string& n) { return WordRunMatch(f, n); })) {
    return SpeakerJudgement::kPartly;
  }
  return SpeakerJudgement::kWrong;
}

bool IsImpliedPlace(const Entity& entity) {
  return entity.kind == EntityKind::kPlace &&
         entity.canonical != CanonicalEntity(EntityKind::kPlace, entity.name);
}

std::vector<GoldEntity> GoldEntities(const GumDocument& doc) {
  std::vector<GoldEntity> out;
  const std::vector<std::pair<size_t, bool>> mentions = NameMentions(doc);
  for (bool optional : {false, true}) {
    for (const auto& [i, is_optional] : mentions) {
      if (is_optional != optional) continue;
      const GumMention& m = doc.mentions[i];
      const EntityKind kind = *KindOfType(m.type);
      bool seen = std::any_of(out.begin(), out.end(), [&](const GoldEntity& g) {
        return g.kind == kind && g.group == m.group;
      });
      if (seen) continue;
      GoldEntity g{kind, m.group, GroupNames(doc, m.group, kind), optional};
      if (optional) {
        // Every name-holding mention of the group, the unnamed ones too.
        for (const auto& [k, unused] : mentions) {
          const GumMention& other = doc.mentions[k];
          if (other.group == m.group) AddMentionNames(doc, other, kind, g.names);
        }
      }
      if (!g.names.empty()) out.push_back(std::move(g));
    }
  }
  return out;
}

ArticleScore ScoreArticle(const GumDocument& doc, const Article& analysed, bool collect_misses) {
  ArticleScore score;
  const std::vector<GoldEntity> gold = GoldEntities(doc);
  for (EntityKind kind : kKinds) {
    std::vector<const Entity*> predicted;
    for (const Entity& e : analysed.entities) {
      if (e.origin != EntityOrigin::kExtracted || e.kind != kind) continue;
      if (IsImpliedPlace(e)) {
        ++score.implied_skipped;
        continue;
      }
      predicted.push_back(&e);
    }
    std::vector<const GoldEntity*> gold_kind;
    for (const GoldEntity& g : gold) {
      if (g.kind != kind) continue;
      gold_kind.push_back(&g);
      score.gold[Index(kind)] += !g.optional;
    }
    score.predicted[Index(kind)] = predicted.size();
    MatchEntities(
        predicted, gold_kind, [](const std::string& p, const std::string& g) { return p == g; },
        score.strict.kind[Index(kind)], collect_misses ? &score.misses : nullptr,
        EntityKindName(kind));
    MatchEntities(
        predicted, gold_kind,
        [](const std::string& p, const std::string& g) { return WordRunMatch(p, g); },
        score.lenient.kind[Index(kind)], nullptr, EntityKindName(kind));
  }
  return score;
}

MentionScore ScoreMentions(const GumDocument& doc, const NameFinder& finder) {
  MentionScore score;
  struct Span {
    uint32_t begin, end;
    EntityKind kind;
    bool optional;
  };
  std::vector<std::vector<Span>> gold(doc.paragraphs.size());
  for (const auto& [i, nested] : NameMentions(doc)) {
    const GumMention& m = doc.mentions[i];
    const GumToken& a = doc.tokens[m.first];
    const GumToken& b = doc.tokens[m.last - 1];
    const std::string& text = doc.paragraphs[a.paragraph].text;
    if (a.paragraph != b.paragraph || a.begin > b.end || b.end > text.size()) continue;
    const std::string surface = text.substr(a.begin, b.end - a.begin);
    const std::string clean = CleanName(surface);
    const size_t at = surface.find(clean);
    if (clean.empty() || at == std::string::npos) continue;
    const uint32_t begin = a.begin + static_cast<uint32_t>(at);
    gold[a.paragraph].push_back(
        Span{begin, begin + static_cast<uint32_t>(clean.size()), *KindOfType(m.type), nested});
  }
  for (size_t p = 0; p < doc.paragraphs.size(); ++p) {
    if (doc.paragraphs[p].text.empty()) continue;
    const std::vector<PredictedSpan> predicted = finder(doc.paragraphs[p].text);
    for (int lenient = 0; lenient < 2; ++lenient) {
      KindCounts& counts = lenient ? score.overlap : score.exact;
      std::vector<bool> found(gold[p].size(), false);
      for (const PredictedSpan& s : predicted) {
        Counts& c = counts.kind[Index(s.kind)];
        auto hits = [&](const Span& x) {
          return x.kind == s.kind && (lenient ? (s.begin < x.end && x.begin < s.end)
                                              : (s.begin == x.begin && s.end == x.end));
        };
        // A required span not yet found, else a nested (optional) one.
        bool hit = false, optional = false;
        for (size_t g = 0; g < gold[p].size() && !hit; ++g) {
          if (!hits(gold[p][g])) continue;
          if (gold[p][g].optional) optional = true;
          else if (!found[g]) hit = found[g] = true;
        }
        ++(hit ? c.tp : optional ? c.optional : c.fp);
      }
      for (size_t g = 0; g < gold[p].size(); ++g) {
        if (!found[g] && !gold[p][g].optional) ++counts.kind[Index(gold[p][g].kind)].fn;
      }
    }
  }
  return score;
}

const std::vector<std::string_view>& SpeechVerbs() {
  static const std::vector<std::string_view> verbs = {
      "say",      "tell",        "add",      "write",   "state",    "explain",  "ask",
      "reply",    "note",        "argue",    "declare", "insist",   "recall",   "claim",
      "comment",  "announce",    "answer",   "respond", "remark",   "suggest",  "warn",
      "admit",    "acknowledge", "conclude", "observe", "report",   "testify",  "exclaim",
      "complain", "mention",     "assert",   "affirm",  "maintain", "concede",  "proclaim",
      "recount",  "shout",       "whisper",  "joke",    "quip",     "continue", "describe"};
  return verbs;
}

std::vector<GoldQuote> GoldQuotes(const GumDocument& doc, uint64_t* quotations) {
  std::vector<GoldQuote> out;
  uint64_t seen = 0;
  for (uint32_t p = 0; p < doc.paragraphs.size(); ++p) {
    const GumParagraph& par = doc.paragraphs[p];
    uint32_t open = kNoToken;  // the opening mark of the quotation being read
    for (uint32_t t = par.first; t < par.last; ++t) {
      const std::string& form = doc.tokens[t].form;
      if (!IsQuoteMark(form)) continue;
      // Which way a straight mark faces: attached to the next word it opens
      // ("\"It"), to the previous one it closes ("girl,\" the"); a stray mark
      // would otherwise pair every later quotation of the paragraph wrongly.
      const bool space_before = t == par.first || doc.tokens[t - 1].end < doc.tokens[t].begin;
      const bool space_after = t + 1 == par.last || doc.tokens[t].end < doc.tokens[t + 1].begin;
      const bool opening_mark =
          form == "\xE2\x80\x9C" || (form == "\"" && space_before && !space_after);
      const bool closing_mark =
          form == "\xE2\x80\x9D" || (form == "\"" && !space_before && space_after);
      if (open == kNoToken || opening_mark) {
        if (!closing_mark) open = t;
        continue;
      }
      const uint32_t close = t;
      const uint32_t first = open;
      open = kNoToken;
      uint32_t words = 0;
      for (uint32_t w = first + 1; w < close; ++w) words += doc.tokens[w].upos != "PUNCT";
      if (words < 3) continue;
      ++seen;
      const std::optional<uint32_t> verb = SpeechVerbOf(doc, par, first, close);
      if (!verb) continue;
      std::optional<uint32_t> subject;
      for (uint32_t s = par.first; s < par.last; ++s) {
        if (doc.tokens[s].head == *verb && doc.tokens[s].deprel == "nsubj") {
          subject = s;
          break;
        }
      }
      if (!subject) continue;
      // The person or organisation mention the subject heads, else the
      // smallest one holding it.
      const GumMention* speaker = nullptr;
      for (const GumMention& m : doc.mentions) {
        if (m.first > *subject || *subject >= m.last) continue;
        if (m.type != "person" && m.type != "organization") continue;
        const bool heads = m.head == *subject;
        if (!speaker || (heads && speaker->head != *subject) ||
            (heads == (speaker->head == *subject) &&
             m.last - m.first < speaker->last - speaker->first)) {
          speaker = &m;
        }
      }
      if (!speaker) continue;
      GoldQuote q;
      q.paragraph = p;
      q.begin = doc.tokens[first].end;
      q.end = doc.tokens[close].begin;
      if (q.begin > q.end || q.end > par.text.size()) continue;
      q.kind = *KindOfType(speaker->type);
      q.names = GroupNames(doc, speaker->group, q.kind);
      if (q.names.empty()) {
        // No named mention, but ones holding a name ("Mathematician Hermann Weyl").
        for (const GumMention& m : doc.mentions) {
          if (m.group == speaker->group && HasProperNoun(doc, m)) {
            AddMentionNames(doc, m, q.kind, q.names);
          }
        }
      }
      if (!q.names.empty()) out.push_back(std::move(q));
    }
  }
  if (quotations) *quotations = seen;
  return out;
}

SpeakerScore ScoreSpeakers(const GumDocument& doc, const GumArticle& built, const Article& analysed,
                           bool collect_misses) {
  SpeakerScore score;
  uint64_t quotations = 0;
  const std::vector<GoldQuote> gold = GoldQuotes(doc, &quotations);
  for (const GoldQuote& g : gold) {
    const int32_t body = g.paragraph < built.body_index.size() ? built.body_index[g.paragraph] : -1;
    if (body < 0) continue;  // not a body paragraph: Analyze looks for quotes in the body only
    ++score.named;
    const Quote* found = nullptr;
    for (const Quote& q : analysed.quotes) {
      if (q.paragraph != static_cast<uint32_t>(body)) continue;
      const uint64_t qb = q.offset, qe = q.offset + q.text.size();
      if (qb < g.end && g.begin < qe) {
        found = &q;
        break;
      }
    }
    const std::string quoted = doc.paragraphs[g.paragraph].text.substr(g.begin, g.end - g.begin);
    std::string verdict;
    if (!found) {
      ++score.not_found;
      verdict = "not found";
    } else if (found->speaker.empty()) {
      ++score.empty;
      verdict = "empty speaker";
    } else {
      const SpeakerJudgement judged = JudgeSpeaker(g.kind, found->speaker, g.names);
      if (judged == SpeakerJudgement::kCorrect) {
        ++score.correct;
      } else if (judged == SpeakerJudgement::kPartly) {
        ++score.partly;
        verdict = "partly: \"" + found->speaker + "\"";
      } else {
        ++score.wrong;
        verdict = "wrong: \"" + found->speaker + "\"";
      }
    }
    if (collect_misses && !verdict.empty()) {
      score.misses.push_back(doc.id + " paragraph " + std::to_string(body) + ": \"" +
                             quoted.substr(0, 60) + (quoted.size() > 60 ? "...\"" : "\"") +
                             " gold " + Join(g.names) + "; " + verdict);
    }
  }
  score.quotations = quotations;
  return score;
}

}  // namespace morgue::bench::ner

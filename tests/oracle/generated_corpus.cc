// The oracle's generated corpus (oracle.h, GeneratedCorpus).
#include <random>
#include <string>
#include <vector>

#include "oracle/oracle.h"

namespace morgue::oracle {
namespace {

// Words with their inflections, so that stems gather several of them; the
// operators' lower-case forms; numbers; words of other scripts. NON-LATIN:
// words of many scripts, some in several spellings that fold alike (the
// queries spell words otherwise too: Generator::Spell in oracle.cc).
const char* const kWords[] = {
    "price",
    "prices",
    "priced",
    "pricing",
    "oil",
    "oils",
    "rate",
    "rates",
    "rated",
    "rating",
    "bank",
    "banks",
    "banking",
    "banker",
    "export",
    "exports",
    "exported",
    "grain",
    "grains",
    "trade",
    "trades",
    "traded",
    "trading",
    "trader",
    "die",
    "dies",
    "died",
    "dying",
    "lie",
    "lies",
    "lying",
    "tie",
    "tied",
    "tying",
    "sky",
    "skies",
    "happy",
    "happiness",
    "cry",
    "cries",
    "cried",
    "ski",
    "skis",
    "early",
    "earlier",
    "news",
    "general",
    "generous",
    "the",
    "of",
    "and",
    "or",
    "not",
    "near",
    "in",
    "said",
    "market",
    "markets",
    "wheat",
    "crude",
    "opec",
    "1987",
    "1988",
    "3rd",
    "10",
    "1,750",
    "U.S.",
    "u.s.",
    "p.m.",
    "P.M.",
    "e.g.",
    "o'neill",
    "москва",
    "Москва",
    "рынок",
    "Αθήνα",
    "αγορά",
    "Nguyễn",
    "Việt",
    "Erdoğan",
    "Iğdır",
    "İstanbul",
    "北京",
    "東京",
    "القاهرة",
    "مصر",
    "zürich",
    "café",
    // Where folding matters (docs/query-language.md, "Words"): one word in
    // several spellings, letters that do not decompose, ligatures and
    // full-width forms, marks that are dropped and marks that are kept.
    "Erdogan",
    "ERDOĞAN",
    "erdoğan",
    "Viet",
    "Nam",
    "nam",
    "Straße",
    "strasse",
    "STRASSE",
    "ΑΘΗΝΑ",
    "αθηνα",
    "Αθήνας",
    "Путин",
    "ПУТИН",
    "ёлка",
    "елка",
    "йогурт",
    "istanbul",
    "ISTANBUL",
    "ﬁnance",
    "finance",
    "ＯＰＥＣ",
    "Ærø",
    "Łódź",
    "lodz",
    "œuvre",
    "Þingvellir",
    "Đà",
    "Nẵng",
    "Øresund",
    "ıspanak",
    "नमस्ते",
    "भारत",
    "हिंदी",
    "が",
    "か",
    "がっこう",
    "ภาษาไทย",
    "שָׁלוֹם",
    "שלום",
    "كِتَاب",
    "كتاب",
    "Vie\u0323\u0302t",
};
const char* const kSpeakers[] = {"John Smith", "Maria Lopez", "Ahmed Khan", "Li Wei"};
struct Tag {
  EntityKind kind;
  const char* name;
};
const Tag kTags[] = {
    {EntityKind::kPerson, "James Baker"},
    {EntityKind::kPerson, "Paul Volcker"},
    {EntityKind::kPerson, "Nguyễn Văn An"},
    {EntityKind::kOrganisation, "OPEC"},
    {EntityKind::kOrganisation, "World Bank"},
    {EntityKind::kPlace, "Iran"},
    {EntityKind::kPlace, "U.S."},
    {EntityKind::kPlace, "Brazil"},
    {EntityKind::kPlace, "Москва"},
    {EntityKind::kPlace, "Zürich"},
};
const char* const kTopics[] = {"crude", "grain", "money-fx", "trade", "interest", "Crude"};
const char* const kSections[] = {"", "", "world", "Business", "sport"};

}  // namespace

std::vector<Article> GeneratedCorpus(uint64_t seed, size_t n) {
  std::mt19937_64 rng(seed);
  auto below = [&](size_t k) { return std::uniform_int_distribution<size_t>(0, k - 1)(rng); };
  auto chance = [&](unsigned percent) { return below(100) < percent; };
  const size_t vocab = sizeof kWords / sizeof kWords[0];
  auto words = [&](size_t lo, size_t hi) {
    std::string s;
    const size_t count = lo + below(hi - lo + 1);
    for (size_t i = 0; i < count; ++i) {
      if (!s.empty()) s += chance(5) ? ", " : " ";
      std::string w = kWords[below(vocab)];
      if (chance(10) && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 32);
      if (chance(3)) w += "-" + std::string(kWords[below(vocab)]);
      s += w;
    }
    return s;
  };
  const int64_t first_day = DaysFromCivil(1986, 12, 20);
  std::vector<Article> out;
  for (size_t i = 0; i < n; ++i) {
    Article a;
    a.id = std::to_string(i);
    a.source = i % 5 == 0 ? "wire" : "gen";
    if (chance(85)) {
      const auto day = first_day + static_cast<int64_t>(below(390));
      Timestamp t;
      t.date_only = chance(60);
      t.unix_seconds = day * 86400 + (t.date_only ? 0 : static_cast<int64_t>(below(86400)));
      a.published = t;
    }
    if (i > 10 && chance(5)) {  // a copy of an earlier article under a new id
      const Article& copy = out[below(out.size())];
      a.headline = copy.headline;
      a.body = copy.body;
    } else {
      a.headline = words(1, 5);
      const size_t paragraphs = 1 + below(3);
      for (size_t p = 0; p < paragraphs; ++p) a.body.push_back(words(2, 14));
    }
    for (size_t q = below(3); q > 0; --q) {
      Quote quote;
      quote.text = words(3, 8);
      if (chance(70)) quote.speaker = kSpeakers[below(4)];
      a.quotes.push_back(quote);
    }
    if (chance(30)) a.captions.push_back({words(2, 6), chance(50) ? "Jane Doe/Agency" : ""});
    for (size_t e = below(4); e > 0; --e) {
      const Tag& t = kTags[below(sizeof kTags / sizeof kTags[0])];
      a.entities.push_back({t.name, t.kind, "", EntityOrigin::kTagged});
    }
    for (size_t t = below(3); t > 0; --t) a.topics.push_back(kTopics[below(6)]);
    a.section = kSections[below(5)];
    a.language = chance(90) ? "en" : chance(50) ? "ru" : "el";
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace morgue::oracle

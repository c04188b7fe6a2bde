// morgue_ner_eval: measures entity extraction and quote speakers against the
// GUM corpus's human annotation (docs/analysis.md, "Measured quality"). Each
// document becomes an article (headline, body paragraphs, captions) that the
// real morgue::Analyze completes, as indexing does; then the article's
// entities, the name mentions of a name finder and the quotes' speakers are
// scored against the gold. With --speakers-gold it scores quote speakers
// instead, against the hand-made gold of quotations in Wikinews articles
// (bench/ner/wikinews-speakers.tsv), read through morgue's CSV reader.
//
//   morgue_ner_eval [--split test|dev|train] [--docs NAME,...] [--gum DIR]
//                   [--split-file FILE] [--format text|json] [--verbose]
//                   [--check] [--require-f1 X] [--require-precision X]
//   morgue_ner_eval --speakers-gold FILE [--wikinews DIR] [--split test|dev]
//                   [--format text|json] [--verbose] [--check] [--require-speakers X]
//
// --split test (the default) is held out: report its numbers, never tune on
// them; --verbose (every miss) is refused on test documents. --check fails
// (exit 1) unless every count is above zero, and skips (exit 77) when the
// corpus is absent; --require-f1 / --require-precision fail when a kind's
// article-level F1 / precision is below X; --require-speakers fails when the
// share of named-speaker quotations with the right speaker is below X.
//
// Exit codes: 0 ok, 1 failure or a check not met, 2 usage error, 77 skipped.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/ner/gum.h"
#include "bench/ner/score.h"
#include "bench/ner/speakers_gold.h"
#include "indexer/analysis.h"
#include "indexer/ner.h"
#include "morgue/error.h"

namespace {

namespace ner = morgue::bench::ner;
using morgue::EntityKind;

constexpr EntityKind kKinds[] = {EntityKind::kPerson, EntityKind::kOrganisation,
                                 EntityKind::kPlace};

// The name finder scored at the mention level: the tagger alone
// (indexer/ner.h), on each paragraph with that paragraph's word statistics,
// without the extraction rules around it.
ner::NameFinder MentionFinder() {
  return [](std::string_view text) {
    morgue::NameContext ctx;
    ctx.Add(text);
    std::vector<ner::PredictedSpan> out;
    for (const morgue::NameMention& m : morgue::FindNames(text, ctx)) {
      out.push_back({m.begin, m.end, m.kind});
    }
    return out;
  };
}

struct Options {
  std::string gum = MORGUE_SHARED_DIR "/corpus/ner-open/gum";
  std::string split_file = MORGUE_SOURCE_DIR "/bench/ner/gum-split.tsv";
  std::string split = "test";
  std::vector<std::string> docs;
  std::string format = "text";
  bool verbose = false;
  bool check = false;
  double require_f1 = 0, require_precision = 0;
  // The speakers mode: the gold file (empty: the GUM mode) and the articles.
  std::string speakers_gold;
  std::string wikinews = MORGUE_SHARED_DIR "/corpus/wikinews-en-2019-2020";
  double require_speakers = 0;
};

const char kUsage[] =
    "usage: morgue_ner_eval [--split test|dev|train] [--docs NAME,...] [--gum DIR]\n"
    "                       [--split-file FILE] [--format text|json] [--verbose]\n"
    "                       [--check] [--require-f1 X] [--require-precision X]\n"
    "       morgue_ner_eval --speakers-gold FILE [--wikinews DIR] [--split test|dev]\n"
    "                       [--format text|json] [--verbose] [--check] [--require-speakers X]\n";

bool ParseDouble(const std::string& s, double* out) {
  try {
    size_t used = 0;
    *out = std::stod(s, &used);
    return used == s.size() && *out >= 0 && *out <= 1;
  } catch (const std::exception&) {
    return false;
  }
}

bool ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--verbose") {
      o->verbose = true;
      continue;
    }
    if (arg == "--check") {
      o->check = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string value = argv[++i];
    if (arg == "--gum") o->gum = value;
    else if (arg == "--speakers-gold") o->speakers_gold = value;
    else if (arg == "--wikinews") o->wikinews = value;
    else if (arg == "--require-speakers") {
      if (!ParseDouble(value, &o->require_speakers)) return false;
    } else if (arg == "--split-file") o->split_file = value;
    else if (arg == "--split") o->split = value;
    else if (arg == "--format") o->format = value;
    else if (arg == "--docs") {
      size_t start = 0;
      while (start <= value.size()) {
        size_t comma = value.find(',', start);
        std::string name = value.substr(start, comma == std::string::npos ? comma : comma - start);
        if (!name.empty()) o->docs.push_back(name);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    } else if (arg == "--require-f1") {
      if (!ParseDouble(value, &o->require_f1)) return false;
    } else if (arg == "--require-precision") {
      if (!ParseDouble(value, &o->require_precision)) return false;
    } else {
      return false;
    }
  }
  if (!o->speakers_gold.empty()) {
    // GUM's options do not apply to the Wikinews gold, which has no train split.
    return (o->split == "test" || o->split == "dev") && o->docs.empty() && o->require_f1 == 0 &&
           o->require_precision == 0 && (o->format == "text" || o->format == "json");
  }
  return (o->split == "test" || o->split == "dev" || o->split == "train") &&
         o->require_speakers == 0 && (o->format == "text" || o->format == "json");
}

struct Totals {
  std::vector<std::string> documents;
  ner::KindCounts strict, lenient;
  std::array<uint64_t, 3> gold{}, predicted{};
  uint64_t implied_skipped = 0;
  bool mention_available = false;
  ner::MentionScore mention;
  ner::SpeakerScore speakers;
  std::vector<std::string> misses;
};

nlohmann::json CountsJson(const ner::Counts& c) {
  return {{"tp", c.tp},
          {"fp", c.fp},
          {"fn", c.fn},
          {"duplicates", c.duplicates},
          {"optional", c.optional},
          {"precision", c.Precision()},
          {"recall", c.Recall()},
          {"f1", c.F1()}};
}

nlohmann::json KindCountsJson(const ner::KindCounts& k) {
  nlohmann::json out;
  for (EntityKind kind : kKinds)
    out[morgue::EntityKindName(kind)] = CountsJson(k.kind[static_cast<size_t>(kind)]);
  out["micro"] = CountsJson(k.Micro());
  return out;
}

void PrintJson(const Options& o, const Totals& t) {
  nlohmann::json out;
  out["split"] = o.docs.empty() ? o.split : "docs";
  out["documents"] = t.documents;
  nlohmann::json article = {{"strict", KindCountsJson(t.strict)},
                            {"lenient", KindCountsJson(t.lenient)},
                            {"implied_places_skipped", t.implied_skipped}};
  for (EntityKind kind : kKinds) {
    article["gold"][morgue::EntityKindName(kind)] = t.gold[static_cast<size_t>(kind)];
    article["predicted"][morgue::EntityKindName(kind)] = t.predicted[static_cast<size_t>(kind)];
  }
  out["article"] = article;
  out["mention"] = t.mention_available
                       ? nlohmann::json{{"exact", KindCountsJson(t.mention.exact)},
                                        {"overlap", KindCountsJson(t.mention.overlap)}}
                       : nlohmann::json(nullptr);
  const ner::SpeakerScore& s = t.speakers;
  out["speakers"] = {{"quotations", s.quotations}, {"named", s.named}, {"correct", s.correct},
                     {"partly", s.partly},         {"wrong", s.wrong}, {"empty", s.empty},
                     {"not_found", s.not_found}};
  if (o.verbose) out["misses"] = t.misses;
  std::cout << out.dump(2) << "\n";
}

void PrintRow(const char* name, uint64_t gold, uint64_t predicted, const ner::Counts& c,
              const ner::Counts& lenient) {
  std::printf(
      "  %-13s %5llu %5llu %5llu %5llu %5llu %4llu %4llu   %.3f  %.3f  %.3f   %.3f  %.3f  %.3f\n",
      name, static_cast<unsigned long long>(gold), static_cast<unsigned long long>(predicted),
      static_cast<unsigned long long>(c.tp), static_cast<unsigned long long>(c.fp),
      static_cast<unsigned long long>(c.fn), static_cast<unsigned long long>(c.duplicates),
      static_cast<unsigned long long>(c.optional), c.Precision(), c.Recall(), c.F1(),
      lenient.Precision(), lenient.Recall(), lenient.F1());
}

void PrintHeader(const char* right) {
  std::printf("  %-13s %5s %5s %5s %5s %5s %4s %4s   %-5s  %-5s  %-5s   %s\n", "kind", "gold",
              "pred", "TP", "FP", "FN", "dup", "opt", "P", "R", "F1", right);
}

// The mention level: exact spans, then (at the right) overlapping ones.
void PrintKindTable(const ner::KindCounts& exact, const ner::KindCounts& overlap) {
  PrintHeader("overlap P R F1");
  auto row = [](const char* name, const ner::Counts& c, const ner::Counts& o) {
    PrintRow(name, c.tp + c.fn, c.tp + c.fp + c.optional, c, o);
  };
  for (EntityKind kind : kKinds) {
    row(morgue::EntityKindName(kind), exact.kind[static_cast<size_t>(kind)],
        overlap.kind[static_cast<size_t>(kind)]);
  }
  row("micro", exact.Micro(), overlap.Micro());
}

void PrintText(const Options& o, const Totals& t) {
  std::printf("GUM %s: %zu documents\n", o.docs.empty() ? ("split " + o.split).c_str() : "--docs",
              t.documents.size());
  std::string line = "  ";
  for (const std::string& d : t.documents) {
    if (line.size() + d.size() > 98) {
      std::printf("%s\n", line.c_str());
      line = "  ";
    }
    line += d + " ";
  }
  std::printf("%s\n\n", line.c_str());
  std::printf(
      "Article level: one name per entity (origin extracted; %llu implied places skipped)\n",
      static_cast<unsigned long long>(t.implied_skipped));
  PrintHeader("lenient (word runs) P R F1");
  for (EntityKind kind : kKinds) {
    const size_t i = static_cast<size_t>(kind);
    PrintRow(morgue::EntityKindName(kind), t.gold[i], t.predicted[i], t.strict.kind[i],
             t.lenient.kind[i]);
  }
  uint64_t gold = 0, predicted = 0;
  for (size_t i = 0; i < 3; ++i) {
    gold += t.gold[i];
    predicted += t.predicted[i];
  }
  PrintRow("micro", gold, predicted, t.strict.Micro(), t.lenient.Micro());
  std::printf("\n");
  if (t.mention_available) {
    std::printf("Mention level: exact spans (overlapping spans at the right)\n");
    PrintKindTable(t.mention.exact, t.mention.overlap);
  } else {
    std::printf("mention level: not available\n");
  }
  const ner::SpeakerScore& s = t.speakers;
  const double share = s.named ? static_cast<double>(s.correct) / static_cast<double>(s.named) : 0;
  std::printf(
      "\nSpeakers: %llu quotations (>= 3 words), %llu with a named gold speaker: correct %llu "
      "(%.3f), partly %llu, wrong %llu, empty %llu, quote not found %llu\n",
      static_cast<unsigned long long>(s.quotations), static_cast<unsigned long long>(s.named),
      static_cast<unsigned long long>(s.correct), share, static_cast<unsigned long long>(s.partly),
      static_cast<unsigned long long>(s.wrong), static_cast<unsigned long long>(s.empty),
      static_cast<unsigned long long>(s.not_found));
  if (o.verbose) {
    std::printf("\nMisses:\n");
    for (const std::string& m : t.misses) std::printf("  %s\n", m.c_str());
  }
}

// The failed checks, one line each (none when all hold).
std::vector<std::string> Checks(const Options& o, const Totals& t) {
  std::vector<std::string> failed;
  if (o.check) {
    for (EntityKind kind : kKinds) {
      const size_t i = static_cast<size_t>(kind);
      const std::string name = morgue::EntityKindName(kind);
      if (t.gold[i] == 0) failed.push_back("no gold " + name);
      if (t.predicted[i] == 0) failed.push_back("no predicted " + name);
      if (t.strict.kind[i].tp == 0) failed.push_back("no " + name + " found");
    }
    if (t.speakers.quotations == 0) failed.push_back("no quotations");
    if (t.speakers.named == 0) failed.push_back("no quotation with a named speaker");
  }
  for (EntityKind kind : kKinds) {
    const ner::Counts& c = t.strict.kind[static_cast<size_t>(kind)];
    const std::string name = morgue::EntityKindName(kind);
    if (c.F1() < o.require_f1) {
      failed.push_back(name + " F1 " + std::to_string(c.F1()) + " < " +
                       std::to_string(o.require_f1));
    }
    if (c.Precision() < o.require_precision) {
      failed.push_back(name + " precision " + std::to_string(c.Precision()) + " < " +
                       std::to_string(o.require_precision));
    }
  }
  return failed;
}

// The speakers mode: the Wikinews gold (bench/ner/wikinews-speakers.tsv).
nlohmann::json SpeakerGoldJson(const Options& o, const ner::SpeakerGoldScore& s) {
  nlohmann::json out = {
      {"split", o.split},
      {"articles", s.articles},
      {"rows", s.rows},
      {"named",
       {{"quotations", s.named},
        {"correct", s.correct},
        {"partly", s.partly},
        {"wrong", s.wrong},
        {"empty", s.empty},
        {"not_found", s.not_found},
        {"correct_rate", s.CorrectRate()}}},
      {"unnamed",
       {{"quotations", s.unnamed},
        {"empty", s.unnamed_empty},
        {"guessed", s.unnamed_guessed},
        {"not_found", s.unnamed_not_found}}},
      {"other",
       {{"rows", s.other}, {"found", s.other_found}, {"with_speaker", s.other_with_speaker}}},
      {"remapped_paragraphs", s.remapped}};
  if (o.verbose) out["misses"] = s.misses;
  return out;
}

void PrintSpeakerGoldText(const Options& o, const ner::SpeakerGoldScore& s) {
  auto n = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("Wikinews speakers, split %s: %llu articles, %llu gold rows\n", o.split.c_str(),
              n(s.articles), n(s.rows));
  std::printf(
      "Named speaker: %llu quotations: correct %llu (%.3f), partly %llu, wrong %llu, empty %llu, "
      "quote not found %llu\n",
      n(s.named), n(s.correct), s.CorrectRate(), n(s.partly), n(s.wrong), n(s.empty),
      n(s.not_found));
  std::printf(
      "Unnamed (-): %llu quotations: left empty %llu, given a speaker %llu, not found %llu\n",
      n(s.unnamed), n(s.unnamed_empty), n(s.unnamed_guessed), n(s.unnamed_not_found));
  std::printf("Other (not speech): %llu rows: found as a quote %llu, with a speaker %llu\n",
              n(s.other), n(s.other_found), n(s.other_with_speaker));
  std::printf("Rows in another reader paragraph than the gold's number: %llu\n", n(s.remapped));
  if (o.verbose) {
    std::printf("\nMisses:\n");
    for (const std::string& m : s.misses) std::printf("  %s\n", m.c_str());
  }
}

int RunSpeakers(const Options& o) {
  if (o.verbose && o.split == "test") {
    std::cerr << "morgue_ner_eval: --verbose shows errors; the test split is held out: use "
                 "--split dev\n";
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const std::vector<ner::SpeakerGoldRow> gold = ner::ReadSpeakersGold(o.speakers_gold);
  if (!std::filesystem::is_directory(o.wikinews)) {
    std::cerr << "morgue_ner_eval: no Wikinews articles at " << o.wikinews << "\n";
    return o.check ? 77 : 1;
  }
  // The rows of the split, per article in order of first appearance.
  std::vector<std::string> urls;
  std::map<std::string, std::vector<const ner::SpeakerGoldRow*>> by_url;
  for (const ner::SpeakerGoldRow& row : gold) {
    if (row.split != o.split) continue;
    auto& rows = by_url[row.url];
    if (rows.empty()) urls.push_back(row.url);
    rows.push_back(&row);
  }
  std::map<std::string, morgue::Article> articles = ner::ReadArticlesByUrl(o.wikinews, urls);
  std::vector<std::string> failed;
  ner::SpeakerGoldScore total;
  for (const std::string& url : urls) {
    auto it = articles.find(url);
    if (it == articles.end()) {
      failed.push_back("article not in " + o.wikinews + ": " + url);
      continue;
    }
    morgue::Analyze(it->second);
    total += ner::ScoreSpeakersGold(by_url[url], it->second, o.verbose);
  }
  if (o.format == "json") std::cout << SpeakerGoldJson(o, total).dump(2) << "\n";
  else PrintSpeakerGoldText(o, total);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "morgue_ner_eval: %llu articles in %.2f s\n",
               static_cast<unsigned long long>(total.articles), seconds);
  if (o.check) {
    if (total.named == 0) failed.push_back("no quotation with a named speaker");
    if (total.correct == 0) failed.push_back("no speaker correct");
    if (total.named == total.not_found) failed.push_back("no named-speaker quotation found");
  }
  if (total.CorrectRate() < o.require_speakers) {
    failed.push_back("speakers correct " + std::to_string(total.CorrectRate()) + " < " +
                     std::to_string(o.require_speakers));
  }
  for (const std::string& f : failed) std::cerr << "morgue_ner_eval: check failed: " << f << "\n";
  return failed.empty() ? 0 : 1;
}

int Run(int argc, char** argv) {
  Options o;
  if (!ParseArgs(argc, argv, &o)) {
    std::cerr << kUsage;
    return 2;
  }
  if (!o.speakers_gold.empty()) {
    try {
      return RunSpeakers(o);
    } catch (const morgue::Error& e) {
      std::cerr << "morgue_ner_eval: " << e.what() << "\n";
      return 1;
    }
  }
  const std::string conllu = o.gum + "/conllu";
  if (!std::filesystem::is_directory(conllu)) {
    std::cerr << "morgue_ner_eval: no GUM CoNLL-U files at " << conllu << "\n";
    return o.check ? 77 : 1;
  }
  try {
    const auto start = std::chrono::steady_clock::now();
    std::map<std::string, std::string> role;
    for (const ner::SplitEntry& e : ner::ReadSplit(o.split_file)) role[e.document] = e.role;
    std::vector<std::string> names;
    if (o.docs.empty()) {
      for (const auto& [doc, r] : role) {
        if (r == o.split) names.push_back(doc);
      }
    } else {
      names = o.docs;
    }
    if (o.verbose) {
      for (const std::string& name : names) {
        if (role.count(name) == 0 || role[name] == "test") {
          std::cerr << "morgue_ner_eval: --verbose shows errors; " << name
                    << " is held out (test) or not in the split: not with --verbose\n";
          return 2;
        }
      }
    }
    Totals t;
    const ner::NameFinder finder = MentionFinder();
    t.mention_available = static_cast<bool>(finder);
    for (const std::string& name : names) {
      for (const ner::GumDocument& doc : ner::ReadGumFile(conllu + "/" + name + ".conllu")) {
        t.documents.push_back(doc.id.empty() ? name : doc.id);
        ner::GumArticle built = ner::ArticleFromDocument(doc);
        morgue::Article analysed = built.article;
        morgue::Analyze(analysed);
        ner::ArticleScore a = ner::ScoreArticle(doc, analysed, o.verbose);
        t.strict += a.strict;
        t.lenient += a.lenient;
        for (size_t i = 0; i < 3; ++i) {
          t.gold[i] += a.gold[i];
          t.predicted[i] += a.predicted[i];
        }
        t.implied_skipped += a.implied_skipped;
        for (const std::string& m : a.misses) t.misses.push_back(t.documents.back() + ": " + m);
        if (finder) {
          ner::MentionScore m = ner::ScoreMentions(doc, finder);
          t.mention.exact += m.exact;
          t.mention.overlap += m.overlap;
        }
        t.speakers += ner::ScoreSpeakers(doc, built, analysed, o.verbose);
      }
    }
    for (const std::string& m : t.speakers.misses) t.misses.push_back("speaker " + m);
    if (o.format == "json") PrintJson(o, t);
    else PrintText(o, t);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "morgue_ner_eval: %zu documents in %.2f s\n", t.documents.size(), seconds);
    const std::vector<std::string> failed = Checks(o, t);
    for (const std::string& f : failed) std::cerr << "morgue_ner_eval: check failed: " << f << "\n";
    return failed.empty() ? 0 : 1;
  } catch (const morgue::Error& e) {
    std::cerr << "morgue_ner_eval: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "morgue_ner_eval: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "morgue_ner_eval: unknown error\n");
  }
  return 1;
}

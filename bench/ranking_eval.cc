// morgue_ranking_eval: ranking quality on every judged collection at hand
// (docs/ranking.md). For each collection it builds (or reuses) a morgue
// archive of its documents under --work and an in-memory SQLite FTS5 table
// of the same documents, runs every judged query with its words ANDed and
// ORed through morgue's defaults, plain BM25 (k1 1.2, b 0.75, field weights
// 1) and FTS5's bm25, and prints MAP, nDCG@10, P@10 and recall@1000 per
// collection, then a grid of BM25 parameters (words ORed) tuned on half A of
// every collection and checked on half B.
//
//   morgue_ranking_eval --work DIR [--ir-judged DIR] [--reuters DIR]
//       [--smart NAME:DOCS:QUERIES:QRELS]... [--trec NAME:DOCS:TOPICS:QRELS]...
//       [--grid-out FILE] [--no-grid] [--per-query] [--setting ...]...
//
// Exit codes: 0 ok, 1 runtime failure, 2 usage error.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench/ranking_collections.h"
#include "bench/ranking_fts5.h"
#include "bench/ranking_metrics.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/reader.h"

namespace {

namespace fs = std::filesystem;
using morgue::RankingOptions;
using morgue::bench::JudgedCollection;
using morgue::bench::Scores;

// --per-query: each query's average precision, words ORed, as a line
// "PQ<TAB>collection<TAB>query id<TAB>AP" (systems in the table's order).
bool per_query = false;

struct Options {
  std::string work;
  std::string ir_judged = MORGUE_SHARED_DIR "/corpus/ir-judged";
  std::string reuters = MORGUE_SHARED_DIR "/corpus/reuters21578";
  std::string reuters_queries = MORGUE_SOURCE_DIR "/bench/judged/reuters-topics.tsv";
  std::vector<std::vector<std::string>> smart, trec;
  std::string grid_out;
  bool grid = true;
  unsigned expand_docs = 10, expand_terms = 20;
  double expand_weight = 0.5;
  std::vector<RankingOptions> extra;  // --setting: more rows of morgue settings
};

const char kUsage[] =
    "usage: morgue_ranking_eval --work DIR [--ir-judged DIR] [--reuters DIR]\n"
    "           [--smart NAME:DOCS:QUERIES:QRELS]... [--trec NAME:DOCS:TOPICS:QRELS]...\n"
    "           [--grid-out FILE] [--no-grid] [--per-query] [--expand-docs N]\n"
    "           [--expand-terms N] [--expand-weight W]\n"
    "           [--setting K1,B,HEADLINE,COMBINED[,EXPAND_DOCS[,PROXIMITY[,WINDOW]]]]...\n"
    "  --ir-judged DIR  CACM and CISI in the SMART layout (\"\" to skip)\n"
    "  --reuters DIR    reut2-*.sgm with the judged topic queries (\"\" to skip)\n"
    "  --smart          one more collection in the SMART layout\n"
    "  --trec           one more collection: documents in any format `morgue index`\n"
    "                   reads (ids = the qrels' document ids), TREC topics or\n"
    "                   'id<TAB>query' lines, TREC qrels\n"
    "  --expand-*       the settings of the defaults + expand row (10, 20, 0.5)\n"
    "  --per-query      each query's average precision (words ORed): PQ lines\n"
    "  --setting        one more row: morgue with these settings (COMBINED 0 or 1;\n"
    "                   PROXIMITY: the proximity weight, WINDOW its window)\n";

std::vector<std::string> SplitColons(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t colon; (colon = s.find(':', start)) != std::string::npos; start = colon + 1) {
    out.push_back(s.substr(start, colon - start));
  }
  out.push_back(s.substr(start));
  return out;
}

bool ParseArgs(int argc, char** argv, Options* o) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--no-grid") {
      o->grid = false;
      continue;
    }
    if (arg == "--per-query") {
      per_query = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    std::string value = argv[++i];
    if (arg == "--work") o->work = value;
    else if (arg == "--ir-judged") o->ir_judged = value;
    else if (arg == "--reuters") o->reuters = value;
    else if (arg == "--grid-out") o->grid_out = value;
    else if (arg == "--expand-docs") o->expand_docs = static_cast<unsigned>(std::stoul(value));
    else if (arg == "--expand-terms") o->expand_terms = static_cast<unsigned>(std::stoul(value));
    else if (arg == "--expand-weight") o->expand_weight = std::stod(value);
    else if (arg == "--setting") {
      // k1,b,headline,combined(0|1)[,expand docs[,proximity weight[,window]]]
      RankingOptions r;
      std::replace(value.begin(), value.end(), ',', ':');
      auto p = SplitColons(value);
      if (p.size() < 4 || p.size() > 7) return false;
      r.bm25_k1 = std::stod(p[0]);
      r.bm25_b = r.bm25_b_ored = std::stod(p[1]);
      r.headline_weight = std::stod(p[2]);
      r.combine_fields = p[3] == "1";
      if (p.size() >= 5) r.expand_docs = static_cast<unsigned>(std::stoul(p[4]));
      if (p.size() >= 6) r.proximity_weight = std::stod(p[5]);
      if (p.size() >= 7) r.proximity_window = static_cast<unsigned>(std::stoul(p[6]));
      o->extra.push_back(r);
    } else if (arg == "--smart" || arg == "--trec") {
      auto parts = SplitColons(value);
      if (parts.size() != 4) return false;
      (arg == "--smart" ? o->smart : o->trec).push_back(parts);
    } else return false;
  }
  return !o->work.empty();
}

// One collection with its two indexes.
struct Collection {
  JudgedCollection data;
  std::unique_ptr<morgue::Archive> archive = nullptr;
  std::unique_ptr<morgue::bench::Fts5Index> fts = nullptr;
};

void Build(Collection* c, const std::string& work) {
  fs::path dir = fs::path(work) / (c->data.name + ".morgue");
  bool fresh = !fs::exists(dir);
  if (fresh) {
    auto writer = morgue::Archive::Open(dir.string(), morgue::OpenMode::kCreate);
    std::vector<morgue::Article> batch;
    for (const morgue::Article& a : c->data.documents) {
      batch.push_back(a);
      if (batch.size() == 2000) writer->Add(std::exchange(batch, {}));
    }
    if (!batch.empty()) writer->Add(std::move(batch));
  }
  c->archive = morgue::Archive::Open(dir.string(), morgue::OpenMode::kReadOnly);
  c->fts = std::make_unique<morgue::bench::Fts5Index>(c->data.documents);
  std::cerr << c->data.name << ": " << c->data.documents.size() << " documents, "
            << c->data.queries.size() << " judged queries" << (fresh ? "" : " (archive reused)")
            << "\n";
}

// The articles of `path`; records that are no article are counted and
// reported (a judged one among them is unreachable for every system alike).
std::vector<morgue::Article> ReadDocuments(const std::string& path, const std::string& name) {
  std::vector<morgue::Article> out;
  morgue::ReadOptions options;
  options.source = name;
  size_t skipped = 0;
  morgue::ReadPath(
      path, options, [&out](morgue::Article&& a) { out.push_back(std::move(a)); },
      [&skipped](const morgue::ReadIssue& issue) { skipped += issue.skipped ? 1 : 0; });
  if (skipped) std::cerr << path << ": " << skipped << " records skipped (no article)\n";
  return out;
}

JudgedCollection Reuters(const Options& o) {
  JudgedCollection c;
  c.name = "reuters";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(o.reuters)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("reut2-", 0) == 0 && entry.path().extension() == ".sgm") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    for (morgue::Article& a : ReadDocuments(file.string(), "reuters21578")) {
      c.documents.push_back(std::move(a));
    }
  }
  auto topics = morgue::bench::ReutersTopicJudgements(o.reuters);
  int n = 0;
  for (const auto& q : morgue::bench::LoadJudgedQueries(o.reuters_queries)) {
    std::string id = std::to_string(++n);
    c.queries.push_back({id, q.query, q.half});
    c.relevant[id] = topics[q.topic];
  }
  return c;
}

// A system answers a query's words, ANDed or ORed, with its best 1000 ids.
using System = std::function<std::vector<std::string>(const Collection&,
                                                      const std::vector<std::string>&, bool)>;

System Morgue(const RankingOptions& ranking) {
  return [ranking](const Collection& c, const std::vector<std::string>& words, bool all) {
    morgue::SearchRequest request;
    request.query = morgue::bench::MorgueQuery(words);
    request.default_and = all;
    request.ranking = ranking;
    request.limit = 1000;
    request.snippets = false;
    std::vector<std::string> ids;
    if (request.query.empty()) return ids;
    for (morgue::Hit& hit : c.archive->Search(request).hits) ids.push_back(std::move(hit.id));
    return ids;
  };
}

System Fts5() {
  return [](const Collection& c, const std::vector<std::string>& words, bool all) {
    return c.fts->Search(words, all, 1000);
  };
}

struct Halves {
  Scores a, b, all;
};

Halves Run(const Collection& c, const System& system, bool all) {
  Scores a, b, both;
  for (const auto& q : c.data.queries) {
    auto ranked = system(c, morgue::bench::QueryWords(q.text), all);
    const auto& relevant = c.data.relevant.at(q.id);
    if (per_query && !all) {
      std::printf("PQ\t%s\t%s\t%.4f\n", c.data.name.c_str(), q.id.c_str(),
                  morgue::bench::AveragePrecision(ranked, relevant));
    }
    morgue::bench::AddQuery(ranked, relevant, q.half == 'A' ? &a : &b);
    morgue::bench::AddQuery(ranked, relevant, &both);
  }
  return {morgue::bench::Mean(a), morgue::bench::Mean(b), morgue::bench::Mean(both)};
}

// Fields scored apart, whatever the defaults are.
RankingOptions PlainBm25() {
  RankingOptions r{1, 1, 1, 1, 1.2, 0.75};
  r.bm25_b_ored = 0.75;
  r.combine_fields = false;
  return r;
}
const RankingOptions kPlain = PlainBm25();

std::string Settings(const RankingOptions& r) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "headline %g, body %g, quote %g, k1 %g, b %g%s%s",
                r.headline_weight, r.body_weight, r.quote_weight, r.bm25_k1, r.bm25_b,
                r.combine_fields ? ", fields combined" : "",
                r.expand_docs ? (", expand " + std::to_string(r.expand_docs) + " docs " +
                                 std::to_string(r.expand_terms) + " terms")
                                    .c_str()
                              : "");
  std::string out = buf;
  if (r.bm25_b_ored != r.bm25_b) {
    std::snprintf(buf, sizeof buf, " (b %g with words ORed)", r.bm25_b_ored);
    out += buf;
  }
  if (r.proximity_weight > 0) {
    std::snprintf(buf, sizeof buf, ", proximity %g in %u words", r.proximity_weight,
                  r.proximity_window);
    out += buf;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  try {
    if (!ParseArgs(argc, argv, &options)) {
      std::cerr << kUsage;
      return 2;
    }
  } catch (const std::exception&) {  // a number that is not one
    std::cerr << kUsage;
    return 2;
  }
  try {
    auto start = std::chrono::steady_clock::now();
    fs::create_directories(options.work);
    std::vector<Collection> collections;
    if (!options.ir_judged.empty()) {
      fs::path d = options.ir_judged;
      collections.push_back(Collection{
          morgue::bench::ReadSmartCollection("cacm", d / "cacm/cacm.all", d / "cacm/query.text",
                                             d / "cacm/qrels.text")});
      collections.push_back(
          Collection{morgue::bench::ReadSmartCollection("cisi", d / "cisi/CISI.ALL",
                                                        d / "cisi/CISI.QRY", d / "cisi/CISI.REL")});
    }
    if (!options.reuters.empty()) collections.push_back(Collection{Reuters(options)});
    for (const auto& s : options.smart) {
      collections.push_back(Collection{morgue::bench::ReadSmartCollection(s[0], s[1], s[2], s[3])});
    }
    for (const auto& t : options.trec) {
      JudgedCollection c;
      c.name = t[0];
      c.documents = ReadDocuments(t[1], t[0]);
      c.relevant = morgue::bench::ReadTrecQrels(t[3]);
      for (auto& q : morgue::bench::ReadTopics(t[2])) {
        if (c.relevant.count(q.id)) c.queries.push_back(std::move(q));
      }
      collections.push_back(Collection{std::move(c)});
    }
    if (collections.empty())
      throw morgue::Error(morgue::ErrorCode::kInvalidArgument, "no collection");
    for (Collection& c : collections) Build(&c, options.work);

    struct Named {
      std::string name;
      System system;
    };
    RankingOptions expand;
    expand.expand_docs = options.expand_docs;
    expand.expand_terms = options.expand_terms;
    expand.expand_weight = options.expand_weight;
    std::vector<Named> systems = {
        {"morgue defaults", Morgue(RankingOptions{})},
        {"morgue defaults + expand", Morgue(expand)},
        {"plain BM25 (k1 1.2, b 0.75, weights 1)", Morgue(kPlain)},
        {"SQLite FTS5 bm25 (porter)", Fts5()},
    };
    for (const RankingOptions& r : options.extra) {
      systems.push_back({"morgue " + Settings(r), Morgue(r)});
    }
    std::cout << "Defaults of this build: " << Settings(RankingOptions{}) << "\n\n"
              << "| collection | words | system | MAP | nDCG@10 | P@10 | recall@1000 | MAP A | "
                 "MAP B |\n|---|---|---|---|---|---|---|---|---|\n";
    // Per collection, words ORed: the defaults' MAP over the better peer's.
    std::vector<double> gain;
    // Words ORed: each system's MAP per collection, and the peers' best.
    std::vector<std::vector<Halves>> ored(systems.size());
    std::vector<Halves> best_peer;
    std::vector<double> cpu_seconds(systems.size(), 0);
    for (const Collection& c : collections) {
      for (bool all : {false, true}) {
        double peer = 0, ours = 0;
        if (!all) best_peer.emplace_back();
        for (const Named& s : systems) {
          const std::clock_t cpu_start = std::clock();
          Halves h = Run(c, s.system, all);
          const auto k = static_cast<size_t>(&s - systems.data());
          if (!all) {
            cpu_seconds[k] +=
                static_cast<double>(std::clock() - cpu_start) / static_cast<double>(CLOCKS_PER_SEC);
            ored[k].push_back(h);
            if (k == 2 || k == 3) {
              Halves& b = best_peer.back();
              b.a.map = std::max(b.a.map, h.a.map);
              b.b.map = std::max(b.b.map, h.b.map);
              b.all.map = std::max(b.all.map, h.all.map);
            }
          }
          std::printf("| %s | %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |\n",
                      c.data.name.c_str(), all ? "AND" : "OR", s.name.c_str(), h.all.map,
                      h.all.ndcg10, h.all.p10, h.all.recall1000, h.a.map, h.b.map);
          if (&s == &systems[0]) ours = h.all.map;
          else if (&s == &systems[2] || &s == &systems[3]) peer = std::max(peer, h.all.map);
        }
        if (!all) gain.push_back(ours / peer - 1);
      }
    }
    std::cout << "\nDefaults' MAP (words ORed) over the better of plain BM25 and FTS5:";
    double mean = 0;
    for (size_t i = 0; i < gain.size(); ++i) {
      std::printf(" %s %+.1f %%", collections[i].data.name.c_str(), 100 * gain[i]);
      mean += gain[i] / static_cast<double>(gain.size());
    }
    std::printf("; mean %+.1f %%\n", 100 * mean);
    // Every system's gain over the better peer, words ORed, by half, and the
    // CPU time of its ORed queries (every collection; the process's CPU
    // time, a better guide than wall time on a shared machine).
    std::cout << "\nWords ORed: MAP over the better of plain BM25 and FTS5, per collection "
                 "(all / half A / half B), worst and mean by half, CPU time of the queries:\n\n"
                 "| system |";
    for (const Collection& c : collections) std::cout << ' ' << c.data.name << " |";
    std::cout << " worst A | mean A | worst B | mean B | mean all | CPU s |\n|---|";
    for (size_t i = 0; i < collections.size() + 6; ++i) std::cout << "---|";
    std::cout << '\n';
    for (size_t k = 0; k < systems.size(); ++k) {
      std::printf("| %s |", systems[k].name.c_str());
      double worst_a = 1e9, worst_b = 1e9, mean_a = 0, mean_b = 0, mean_all = 0;
      const auto n = static_cast<double>(collections.size());
      for (size_t i = 0; i < collections.size(); ++i) {
        const Halves& h = ored[k][i];
        const Halves& p = best_peer[i];
        const double ga = h.a.map / p.a.map - 1, gb = h.b.map / p.b.map - 1,
                     g = h.all.map / p.all.map - 1;
        std::printf(" %+.1f / %+.1f / %+.1f %% |", 100 * g, 100 * ga, 100 * gb);
        worst_a = std::min(worst_a, ga);
        worst_b = std::min(worst_b, gb);
        mean_a += ga / n;
        mean_b += gb / n;
        mean_all += g / n;
      }
      std::printf(" %+.1f %% | %+.1f %% | %+.1f %% | %+.1f %% | %+.1f %% | %.2f |\n", 100 * worst_a,
                  100 * mean_a, 100 * worst_b, 100 * mean_b, 100 * mean_all, cpu_seconds[k]);
    }

    if (options.grid) {
      // Peers' MAP per collection and half, words ORed.
      std::vector<Halves> peer;
      for (const Collection& c : collections) {
        Halves p = Run(c, Morgue(kPlain), false), f = Run(c, Fts5(), false);
        peer.push_back({});
        peer.back().a.map = std::max(p.a.map, f.a.map);
        peer.back().b.map = std::max(p.b.map, f.b.map);
        peer.back().all.map = std::max(p.all.map, f.all.map);
      }
      struct Point {
        RankingOptions r;
        std::vector<Halves> h;
        double worst_a = 1e9, mean_a = 0, worst_b = 1e9, mean_b = 0;
      };
      std::vector<Point> grid;
      for (int combine : {0, 1}) {
        for (double headline : {1.0, 1.5, 2.0}) {
          for (double k1 : {1.2, 1.6, 2.0, 2.5}) {
            for (double b : {0.0, 0.3, 0.5, 0.75}) {
              Point p;
              p.r = RankingOptions{};
              p.r.combine_fields = combine == 1;
              p.r.headline_weight = headline;
              p.r.bm25_k1 = k1;
              p.r.bm25_b = p.r.bm25_b_ored = b;
              for (size_t i = 0; i < collections.size(); ++i) {
                p.h.push_back(Run(collections[i], Morgue(p.r), false));
                double ga = p.h.back().a.map / peer[i].a.map - 1;
                double gb = p.h.back().b.map / peer[i].b.map - 1;
                p.worst_a = std::min(p.worst_a, ga);
                p.worst_b = std::min(p.worst_b, gb);
                p.mean_a += ga / static_cast<double>(collections.size());
                p.mean_b += gb / static_cast<double>(collections.size());
              }
              grid.push_back(std::move(p));
            }
          }
        }
      }
      // Tuned on half A: the worst collection's gain first, then the mean.
      std::sort(grid.begin(), grid.end(), [](const Point& x, const Point& y) {
        double wx = std::round(x.worst_a * 1000), wy = std::round(y.worst_a * 1000);
        return wx != wy ? wx > wy : x.mean_a > y.mean_a;
      });
      std::cout << "\nGrid (words ORed; gain = MAP over the better peer's on that half), best "
                   "first by the worst collection's gain on half A, then the mean:\n\n"
                   "| settings | worst gain A | mean gain A | worst gain B | mean gain B |\n"
                   "|---|---|---|---|---|\n";
      for (size_t i = 0; i < std::min<size_t>(12, grid.size()); ++i) {
        const Point& p = grid[i];
        std::printf("| %s | %+.1f %% | %+.1f %% | %+.1f %% | %+.1f %% |\n", Settings(p.r).c_str(),
                    100 * p.worst_a, 100 * p.mean_a, 100 * p.worst_b, 100 * p.mean_b);
      }
      if (!options.grid_out.empty()) {
        std::ofstream out(options.grid_out);
        out << "combine\theadline\tk1\tb";
        for (const Collection& c : collections) {
          out << '\t' << c.data.name << "_map_a\t" << c.data.name << "_map_b";
        }
        out << "\tworst_a\tmean_a\tworst_b\tmean_b\n";
        for (const Point& p : grid) {
          out << p.r.combine_fields << '\t' << p.r.headline_weight << '\t' << p.r.bm25_k1 << '\t'
              << p.r.bm25_b;
          for (const Halves& h : p.h) out << '\t' << h.a.map << '\t' << h.b.map;
          out << '\t' << p.worst_a << '\t' << p.mean_a << '\t' << p.worst_b << '\t' << p.mean_b
              << '\n';
        }
        if (!out) throw morgue::Error(morgue::ErrorCode::kIO, "cannot write " + options.grid_out);
      }
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "\n(" << seconds << " s)\n";
    return 0;
  } catch (const morgue::Error& e) {
    std::cerr << "morgue_ranking_eval: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {  // e.g. SQLite or the file system
    std::cerr << "morgue_ranking_eval: " << e.what() << "\n";
    return 1;
  }
}

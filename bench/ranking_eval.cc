// morgue_ranking_eval: measures ranking quality (MAP, nDCG@10, P@10) on the
// judged Reuters queries for the named ranking settings and a grid of field
// weights and BM25 parameters, and prints Markdown tables (docs/ranking.md).
//
//   morgue_ranking_eval --archive /tmp/rank.morgue [--judged FILE]
//                       [--corpus DIR] [--grid-out FILE]
//
// Exit codes: 0 ok, 1 runtime failure, 2 usage error.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "bench/ranking_metrics.h"
#include "morgue/archive.h"
#include "morgue/error.h"

namespace {

using morgue::RankingOptions;
using morgue::bench::Scores;

struct Run {
  std::string name;
  RankingOptions ranking;
  Scores a, b, all;
};

struct Options {
  std::string archive;
  std::string judged = MORGUE_SOURCE_DIR "/bench/judged/reuters-topics.tsv";
  std::string corpus = MORGUE_SHARED_DIR "/corpus/reuters21578";
  std::string grid_out;
};

const char kUsage[] =
    "usage: morgue_ranking_eval --archive DIR [--judged FILE] [--corpus DIR] [--grid-out FILE]\n";

bool ParseArgs(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) return false;
    std::string value = argv[++i];
    if (arg == "--archive") options->archive = value;
    else if (arg == "--judged") options->judged = value;
    else if (arg == "--corpus") options->corpus = value;
    else if (arg == "--grid-out") options->grid_out = value;
    else return false;
  }
  return !options->archive.empty();
}

std::string Settings(const RankingOptions& r) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%g / %g / %g / %g | %g | %g", r.headline_weight, r.body_weight,
                r.quote_weight, r.caption_weight, r.bm25_k1, r.bm25_b);
  return buf;
}

// Compares by MAP rounded to 3 decimals, then by nDCG@10.
bool Better(const Scores& x, const Scores& y) {
  double mx = std::round(x.map * 1000), my = std::round(y.map * 1000);
  if (mx != my) return mx > my;
  return x.ndcg10 > y.ndcg10;
}

void PrintHeader() {
  std::cout
      << "| run | headline / body / quote / caption | k1 | b "
         "| MAP A | nDCG@10 A | P@10 A | MAP B | nDCG@10 B | P@10 B | MAP all | nDCG@10 all |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
}

void PrintRow(const Run& run) {
  std::printf("| %s | %s | %.4f | %.4f | %.3f | %.4f | %.4f | %.3f | %.4f | %.4f |\n",
              run.name.c_str(), Settings(run.ranking).c_str(), run.a.map, run.a.ndcg10, run.a.p10,
              run.b.map, run.b.ndcg10, run.b.p10, run.all.map, run.all.ndcg10);
}

Scores Combine(const Scores& a, const Scores& b) {
  Scores all;
  all.queries = a.queries + b.queries;
  if (all.queries == 0) return all;
  double na = static_cast<double>(a.queries), nb = static_cast<double>(b.queries);
  double n = na + nb;
  all.map = (a.map * na + b.map * nb) / n;
  all.ndcg10 = (a.ndcg10 * na + b.ndcg10 * nb) / n;
  all.p10 = (a.p10 * na + b.p10 * nb) / n;
  return all;
}

Run Measure(const morgue::Archive& archive, const std::vector<morgue::bench::JudgedQuery>& queries,
            const std::map<std::string, std::set<std::string>>& judgements, std::string name,
            const RankingOptions& ranking) {
  Run run{std::move(name), ranking, {}, {}, {}};
  run.a = morgue::bench::Evaluate(archive, queries, judgements, ranking, 'A');
  run.b = morgue::bench::Evaluate(archive, queries, judgements, ranking, 'B');
  run.all = Combine(run.a, run.b);
  return run;
}

// Average precision per query, baseline vs this build's defaults, and how
// many queries each wins.
void PrintPerQuery(const morgue::Archive& archive,
                   const std::vector<morgue::bench::JudgedQuery>& queries,
                   const std::map<std::string, std::set<std::string>>& judgements) {
  std::vector<double> plain, tuned;
  morgue::bench::Evaluate(archive, queries, judgements, RankingOptions{1, 1, 1, 1, 1.0, 0.5}, 0,
                          1000, &plain);
  morgue::bench::Evaluate(archive, queries, judgements, RankingOptions{}, 0, 1000, &tuned);
  std::cout << "\nAverage precision per query, baseline vs RankingOptions{}:\n\n"
               "| half | topic | relevant | query | AP baseline | AP defaults | change |\n"
               "|---|---|---|---|---|---|---|\n";
  int better = 0, worse = 0;
  for (size_t i = 0; i < queries.size(); ++i) {
    double delta = tuned[i] - plain[i];
    if (delta > 0.001) ++better;
    if (delta < -0.001) ++worse;
    std::printf("| %c | %s | %zu | %s | %.4f | %.4f | %+.4f |\n", queries[i].half,
                queries[i].topic.c_str(), judgements.at(queries[i].topic).size(),
                queries[i].query.c_str(), plain[i], tuned[i], delta);
  }
  std::cout << "\nDefaults better on " << better << ", worse on " << worse << ", within 0.001 on "
            << queries.size() - better - worse << " of " << queries.size() << " queries.\n";
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseArgs(argc, argv, &options)) {
    std::cerr << kUsage;
    return 2;
  }
  try {
    auto start = std::chrono::steady_clock::now();
    auto archive = morgue::Archive::Open(options.archive, morgue::OpenMode::kReadOnly);
    auto queries = morgue::bench::LoadJudgedQueries(options.judged);
    auto judgements = morgue::bench::ReutersTopicJudgements(options.corpus);

    std::vector<Run> named;
    named.push_back(Measure(*archive, queries, judgements, "old defaults (guessed)",
                            RankingOptions{3, 1, 1.5, 1, 1.0, 0.5}));
    named.push_back(Measure(*archive, queries, judgements,
                            "baseline: equal weights, Xapian BM25 defaults",
                            RankingOptions{1, 1, 1, 1, 1.0, 0.5}));
    named.push_back(
        Measure(*archive, queries, judgements, "RankingOptions{} (this build)", RankingOptions{}));

    std::vector<Run> grid;
    for (double headline : {1.0, 2.0, 3.0, 5.0}) {
      for (double quote : {0.0, 0.25, 0.5, 1.0, 1.5}) {
        for (double k1 : {0.6, 1.0, 1.2, 1.6, 2.0, 2.5, 3.0}) {
          for (double b : {0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 0.9}) {
            grid.push_back(Measure(*archive, queries, judgements, "grid",
                                   RankingOptions{headline, 1.0, quote, 1.0, k1, b}));
          }
        }
      }
    }
    auto best = [&grid](auto pick) {
      return *std::max_element(grid.begin(), grid.end(), [&pick](const Run& x, const Run& y) {
        return Better(pick(y), pick(x));
      });
    };
    Run best_a = best([](const Run& r) { return r.a; });
    Run best_b = best([](const Run& r) { return r.b; });
    Run best_all = best([](const Run& r) { return r.all; });
    best_a.name = "grid best on half A";
    best_b.name = "grid best on half B";
    best_all.name = "grid best on all";

    size_t na = named[0].a.queries, nb = named[0].b.queries;
    std::cout << "Judged queries: " << na << " in half A, " << nb << " in half B. "
              << "Grid: " << grid.size() << " settings.\n\n";
    PrintHeader();
    for (const Run& run : named) PrintRow(run);
    PrintRow(best_a);
    PrintRow(best_b);
    PrintRow(best_all);

    PrintPerQuery(*archive, queries, judgements);

    std::sort(grid.begin(), grid.end(),
              [](const Run& x, const Run& y) { return Better(x.a, y.a); });
    std::cout << "\nTop 15 grid settings by MAP on half A (the tuning half):\n\n";
    PrintHeader();
    for (size_t i = 0; i < std::min<size_t>(15, grid.size()); ++i) {
      grid[i].name = "A#" + std::to_string(i + 1);
      PrintRow(grid[i]);
    }
    if (!options.grid_out.empty()) {
      std::ofstream out(options.grid_out);
      out << "headline\tbody\tquote\tcaption\tk1\tb\tmap_a\tndcg10_a\tp10_a\tmap_b\tndcg10_b\tp10_b"
             "\tmap_all\tndcg10_all\n";
      for (const Run& r : grid) {
        const RankingOptions& o = r.ranking;
        out << o.headline_weight << '\t' << o.body_weight << '\t' << o.quote_weight << '\t'
            << o.caption_weight << '\t' << o.bm25_k1 << '\t' << o.bm25_b << '\t' << r.a.map << '\t'
            << r.a.ndcg10 << '\t' << r.a.p10 << '\t' << r.b.map << '\t' << r.b.ndcg10 << '\t'
            << r.b.p10 << '\t' << r.all.map << '\t' << r.all.ndcg10 << '\n';
      }
      if (!out) throw morgue::Error(morgue::ErrorCode::kIO, "cannot write " + options.grid_out);
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "\n(" << seconds << " s)\n";
    return 0;
  } catch (const morgue::Error& e) {
    std::cerr << "morgue_ranking_eval: " << e.what() << "\n";
    return 1;
  }
}

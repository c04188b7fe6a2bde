// Micro benchmarks of the indexing and query building blocks, on the bundled
// sample corpus: reading and analysing articles, building Xapian documents,
// word-pair terms, the RocksDB store (put, get, MultiGet), query parsing,
// snippets.
#include <benchmark/benchmark.h>

#include "bench/bench_fixtures.h"
#include "indexer/analysis.h"
#include "indexer/document.h"
#include "indexer/word_pairs.h"
#include "query/parser.h"
#include "query/snippet.h"
#include "storage/codec.h"
#include "storage/store.h"

namespace morgue::bench {
namespace {

const std::string& WireBytes() {
  static const std::string bytes = ReadWholeFile(SampleDir() + "/wire.jsonl");
  return bytes;
}

std::vector<Article> AnalysedSample() {
  std::vector<Article> articles = SampleArticles();
  for (auto& a : articles) Analyze(a);
  return articles;
}

// JSON Lines parsing into Articles (8 articles, 11 kB).
void BM_ReadJsonLines(benchmark::State& state) {
  size_t n = 0;
  for (auto _ : state) {
    ReadBuffer(
        "wire.jsonl", WireBytes(), ReadOptions{},
        [&](Article&& a) {
          benchmark::DoNotOptimize(a);
          ++n;
        },
        [](const ReadIssue&) {});
  }
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * WireBytes().size()));
}
BENCHMARK(BM_ReadJsonLines);

// Reading and analysing (quotes, entities, canonical forms), per article.
void BM_ReadAndAnalyze(benchmark::State& state) {
  size_t n = 0;
  for (auto _ : state) {
    ReadBuffer(
        "wire.jsonl", WireBytes(), ReadOptions{},
        [&](Article&& a) {
          Analyze(a);
          benchmark::DoNotOptimize(a);
          ++n;
        },
        [](const ReadIssue&) {});
  }
  state.SetItemsProcessed(static_cast<int64_t>(n));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * WireBytes().size()));
}
BENCHMARK(BM_ReadAndAnalyze);

// Analysis alone, on all 16 sample articles.
void BM_Analyze(benchmark::State& state) {
  const auto& sample = SampleArticles();
  for (auto _ : state) {
    for (const auto& original : sample) {
      Article a = original;
      Analyze(a);
      benchmark::DoNotOptimize(a);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * sample.size()));
}
BENCHMARK(BM_Analyze);

// Article -> Xapian::Document (terms, positions, values).
void BM_BuildDocument(benchmark::State& state) {
  const std::vector<Article> articles = AnalysedSample();
  DocumentBuilder builder;
  for (auto _ : state) {
    for (const auto& a : articles) {
      Xapian::Document doc = builder.Build(a);
      benchmark::DoNotOptimize(doc);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles.size()));
}
BENCHMARK(BM_BuildDocument);

// Word-pair terms (indexer/word_pairs.h) added to a built document, the
// words chosen from the sample as a large archive chooses them.
void BM_AddPairTerms(benchmark::State& state) {
  const std::vector<Article> articles = AnalysedSample();
  DocumentBuilder builder;
  std::vector<Xapian::Document> docs;
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const auto& a : articles) {
    docs.push_back(builder.Build(a));
    db.add_document(docs.back());
  }
  const PairWords words = ChoosePairWords({db});
  for (auto _ : state) {
    for (const Xapian::Document& built : docs) {
      Xapian::Document doc = built;
      AddPairTerms(doc, words);
      benchmark::DoNotOptimize(doc);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * docs.size()));
}
BENCHMARK(BM_AddPairTerms);

// Article -> stored bytes.
void BM_EncodeArticle(benchmark::State& state) {
  const std::vector<Article> articles = AnalysedSample();
  std::string out;
  for (auto _ : state) {
    for (const auto& a : articles) {
      out.clear();
      EncodeArticle(a, &out);
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles.size()));
}
BENCHMARK(BM_EncodeArticle);

// A store holding the 16 sample articles `copies` times.
struct StoreFixture {
  ScratchDir dir;
  std::unique_ptr<Store> store;
  std::vector<uint64_t> docids;

  explicit StoreFixture(int copies) : store(Store::Open(dir / "store", false, true)) {
    std::vector<Article> articles = AnalysedSample();
    StoreBatch batch;
    for (int c = 0; c < copies; ++c) {
      for (const auto& a : articles) {
        StoreBatch::Put put{store->AllocateDocid(), a.source, a.id + "#" + std::to_string(c), "",
                            true};
        EncodeArticle(a, &put.bytes);
        docids.push_back(put.docid);
        batch.puts.push_back(std::move(put));
      }
    }
    store->Apply(batch);
  }
};

// One synced write batch of the 16 sample articles (new ids each time).
void BM_StorePutBatch(benchmark::State& state) {
  StoreFixture f(1);
  std::vector<Article> articles = AnalysedSample();
  uint64_t round = 0;
  for (auto _ : state) {
    StoreBatch batch;
    ++round;
    for (const auto& a : articles) {
      StoreBatch::Put put{f.store->AllocateDocid(), a.source, a.id + "@" + std::to_string(round),
                          "", true};
      EncodeArticle(a, &put.bytes);
      batch.puts.push_back(std::move(put));
    }
    f.store->Apply(batch);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles.size()));
}
BENCHMARK(BM_StorePutBatch);

// One article by docid.
void BM_StoreGet(benchmark::State& state) {
  StoreFixture f(64);
  size_t i = 0;
  for (auto _ : state) {
    auto bytes = f.store->GetArticle(f.docids[i++ % f.docids.size()]);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_StoreGet);

// A page of 10 articles with one MultiGet, and decoding them.
void BM_StoreMultiGetPage(benchmark::State& state) {
  StoreFixture f(64);
  size_t start = 0;
  for (auto _ : state) {
    std::vector<uint64_t> page;
    for (size_t k = 0; k < 10; ++k) page.push_back(f.docids[(start + k * 37) % f.docids.size()]);
    start += 10;
    for (const auto& bytes : f.store->GetArticles(page)) {
      if (bytes) benchmark::DoNotOptimize(DecodeArticle(*bytes));
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 10));
}
BENCHMARK(BM_StoreMultiGetPage);

const char* const kQueries[] = {
    "oil prices",
    "\"interest rates\" place:brazil",
    "opec \"oil price\" -iran person:\"James Baker\" date:1987-03",
    "(coffee OR cocoa) exports NEAR/5 prices headline:brazil date:1987-03-01..1987-04-15",
};

// The query language -> Xapian::Query (no stem expansion: no archive).
void BM_ParseQuery(benchmark::State& state) {
  ParseOptions options;
  options.canonical = CanonicalEntity;
  const char* text = kQueries[state.range(0)];
  for (auto _ : state) {
    ParsedQuery q = ParseQuery(text, options);
    benchmark::DoNotOptimize(q);
  }
  state.SetLabel(text);
}
BENCHMARK(BM_ParseQuery)->DenseRange(0, std::size(kQueries) - 1);

// Snippets of every sample article: a query word and a stem (0), two stems
// (1), nothing to mark (2, as for a filter-only search).
void BM_Snippet(benchmark::State& state) {
  static const std::vector<Article> articles = AnalysedSample();
  const std::vector<std::vector<std::string>> terms = {{"port", "Zport"}, {"Zgrain", "Zprice"}, {}};
  Snippeter snippeter(terms[static_cast<size_t>(state.range(0))], "english");
  const SnippetOptions options;
  for (auto _ : state) {
    for (const Article& a : articles) {
      morgue::Snippet snippet = snippeter.Make(a, options);
      benchmark::DoNotOptimize(snippet);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles.size()));
}
BENCHMARK(BM_Snippet)->DenseRange(0, 2);

}  // namespace
}  // namespace morgue::bench

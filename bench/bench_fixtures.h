// What the morgue_bench benchmarks share: the bundled sample corpus, temporary
// directories, the archive the end-to-end benchmarks query and its query mix.
//
// The end-to-end benchmarks use an archive built once from corpus/sample, or,
// when the environment variable MORGUE_BENCH_ARCHIVE names one, that archive
// with the Reuters mix (bench/queries/reuters.tsv); MORGUE_BENCH_QUERIES names
// another query file. Failures abort the benchmark with a message (a benchmark
// binary has no caller to report to).
#ifndef MORGUE_BENCH_BENCH_FIXTURES_H_
#define MORGUE_BENCH_BENCH_FIXTURES_H_

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/query_mix.h"
#include "morgue/archive.h"
#include "morgue/reader.h"

namespace morgue::bench {

// Prints `what` and exits with status 1.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "morgue_bench: %s\n", what.c_str());
  std::exit(1);
}

inline std::string SampleDir() { return std::string(MORGUE_SOURCE_DIR) + "/corpus/sample"; }

// The whole of a file; fails when it cannot be read.
inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The articles of corpus/sample as the readers return them (not analysed).
inline const std::vector<Article>& SampleArticles() {
  static const std::vector<Article> articles = [] {
    std::vector<Article> v;
    ReadPath(
        SampleDir(), ReadOptions{}, [&](Article&& a) { v.push_back(std::move(a)); },
        [](const ReadIssue& issue) { Fail("sample corpus: " + issue.ToString()); });
    return v;
  }();
  return articles;
}

// A fresh directory under the temp dir, removed with everything in it when destroyed.
class ScratchDir {
 public:
  ScratchDir() {
    path_ = (std::filesystem::temp_directory_path() / "morgue-bench-XXXXXX").string();
    if (!mkdtemp(path_.data())) Fail("cannot create a temporary directory");
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The archive the query benchmarks run on (see the top of this file).
inline const Archive& BenchArchive() {
  static ScratchDir scratch;
  static std::unique_ptr<Archive> archive = [] {
    const char* env = std::getenv("MORGUE_BENCH_ARCHIVE");
    try {
      if (env && *env) return Archive::Open(env, OpenMode::kReadOnly);
      std::string dir = scratch / "sample.morgue";
      Archive::Open(dir, OpenMode::kCreate)->Add(SampleArticles());
      return Archive::Open(dir, OpenMode::kReadOnly);
    } catch (const std::exception& e) {
      Fail(std::string("cannot open the benchmark archive: ") + e.what());
    }
  }();
  return *archive;
}

// The query mix of the end-to-end benchmarks (see the top of this file).
inline const std::vector<BenchQuery>& BenchQueries() {
  static const std::vector<BenchQuery> queries = [] {
    const char* file = std::getenv("MORGUE_BENCH_QUERIES");
    const char* archive = std::getenv("MORGUE_BENCH_ARCHIVE");
    try {
      if (file && *file) return ParseBenchQueries(ReadWholeFile(file), file);
      if (archive && *archive) {
        auto mix = ParseBenchQueries(DefaultBenchQueries(), "reuters.tsv");
        ExpandArchiveQueries(BenchArchive(), &mix);  // the broad class, chosen from the archive
        return mix;
      }
      std::string sample = std::string(MORGUE_SOURCE_DIR) + "/bench/queries/sample.tsv";
      return ParseBenchQueries(ReadWholeFile(sample), sample);
    } catch (const std::exception& e) {
      Fail(e.what());
    }
  }();
  return queries;
}

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_BENCH_FIXTURES_H_

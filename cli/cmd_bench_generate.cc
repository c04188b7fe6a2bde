// morgue bench generate: a synthetic JSON Lines corpus for scaling runs.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "bench/generator.h"
#include "cli/cmd_bench.h"
#include "cli/command.h"
#include "morgue/article.h"
#include "morgue/error.h"

namespace morgue::cli {

namespace {

namespace fs = std::filesystem;

// The bundled sample corpus of a source-tree build (build-dir/morgue ->
// ../corpus/sample), or "" when there is none.
std::string BundledSample() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path candidate = exe.parent_path().parent_path() / "corpus" / "sample";
    if (fs::is_directory(candidate, ec)) return candidate.string();
  }
  return "";
}

int64_t ParseDay(const std::string& text) {
  auto t = Timestamp::ParseIso8601(text);
  if (!t) throw UsageError("--start must be a date YYYY-MM-DD, not \"" + text + "\"");
  return t->unix_seconds / 86400;
}

}  // namespace

int BenchGenerateCommand(const std::vector<std::string>& args) {
  po::options_description options("morgue bench generate options");
  std::string out_path, start, source;
  std::vector<std::string> models;
  uint64_t articles = 0, seed = 1;
  int64_t days = 0;
  options.add_options()("out,o", po::value(&out_path)->required(),
                        "JSON Lines file to write (- for stdout)")(
      "articles,n", UnsignedValue(&articles, /*required=*/true),
      "number of articles")("seed,s", UnsignedValue(&seed),
                            "random seed: the same seed, model and options give the same file")(
      "model,m", po::value(&models)->multitoken(),
      "corpus to learn from (files or directories, any input format; default: the bundled "
      "corpus/sample of a source-tree build)")(
      "start", po::value(&start), "first publication day, YYYY-MM-DD (default: the model's first)")(
      "days", po::value(&days)->default_value(0),
      "days the dates spread over (default: keep the model's articles per day)")(
      "source", po::value(&source)->default_value("synthetic"), "the articles' source name");
  po::variables_map vm;
  if (!ParseArgs(args,
                 "morgue bench generate --out FILE.jsonl --articles N --seed S [--model PATH...]",
                 options, {}, &vm)) {
    return kExitOk;
  }
  if (models.empty()) {
    std::string sample = BundledSample();
    if (sample.empty())
      throw UsageError("--model PATH is needed: no bundled corpus/sample was found");
    models.push_back(sample);
  }
  for (const auto& m : models) {
    if (!fs::exists(m)) throw Error(ErrorCode::kNotFound, "no such model corpus path: " + m);
  }
  bench::GenerateOptions generate;
  generate.articles = articles;
  generate.seed = seed;
  generate.source = source;
  if (!start.empty()) generate.start_day = ParseDay(start);
  if (days < 0) throw UsageError("--days must not be negative");
  if (days > 0) generate.days = days;

  auto begin = std::chrono::steady_clock::now();
  bench::CorpusModel model = bench::LearnModel(models);
  uint64_t bytes = 0;
  if (out_path == "-") {
    bytes = bench::GenerateCorpus(model, generate, std::cout);
    std::cout.flush();
  } else {
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(ErrorCode::kIO, "cannot write " + out_path);
    bytes = bench::GenerateCorpus(model, generate, out);
    out.close();
    if (!out) throw Error(ErrorCode::kIO, "writing " + out_path + " failed");
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  TextPrinter(out_path == "-" ? stderr : stdout)
      .Printf("wrote %llu articles (%.1f MB) to %s in %.1f s; model: %llu articles, %zu distinct "
              "words, %zu topics\n",
              static_cast<unsigned long long>(articles), bytes / 1e6, out_path.c_str(), secs,
              static_cast<unsigned long long>(model.articles), model.body_words.items.size(),
              model.topics.items.size());
  return kExitOk;
}

}  // namespace morgue::cli

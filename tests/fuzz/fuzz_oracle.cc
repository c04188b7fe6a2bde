// libFuzzer target: the differential oracle (tests/oracle/oracle.h) with the
// fuzz input as the generator's choices. A small generated corpus (400
// articles, three shards, word pairs on) is indexed once; each input becomes
// one query of the grammar (and its request options), answered by the
// engine and by the oracle's brute-force evaluator. A disagreement prints
// the query and the ids that differ and aborts (a crash input for
// libFuzzer); an engine's kLimit refusal is not a disagreement.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "morgue/archive.h"
#include "oracle/oracle.h"

namespace {

struct Fixture {
  std::string dir;
  std::unique_ptr<morgue::Archive> archive;
  morgue::oracle::Corpus corpus;

  Fixture() {
    namespace fs = std::filesystem;
    dir =
        (fs::temp_directory_path() / ("morgue-fuzz-oracle-" + std::to_string(::getpid()))).string();
    fs::remove_all(dir);
    morgue::ArchiveOptions options;
    options.shards = 3;
    options.pairs_from = 0;
    options.shards_at_once_from = 0;
    archive = morgue::Archive::Open(dir, morgue::OpenMode::kCreate, options);
    std::vector<morgue::Article> articles = morgue::oracle::GeneratedCorpus(7, 400);
    std::vector<std::string> keys;
    for (const auto& a : articles) keys.push_back(a.source + "/" + a.id);
    archive->Add(std::move(articles));
    corpus.Load(*archive, keys);
  }
  ~Fixture() {
    archive.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  morgue::oracle::ByteChoices choices(data, size);
  const morgue::oracle::Case c = morgue::oracle::Generate(choices, fixture.corpus);
  const morgue::oracle::Outcome o =
      morgue::oracle::Compare(*fixture.archive, fixture.corpus, c, choices, 1000);
  if (!o.disagreement.empty()) {
    std::fprintf(stderr, "fuzz_oracle: the engine and the oracle disagree\n%s",
                 o.disagreement.c_str());
    std::abort();
  }
  return 0;
}

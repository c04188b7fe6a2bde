// Whole random batches through Archive::Add, then the archive reopened
// writable and checked: any batch may be refused (kInvalidArgument naming
// the article), but none may leave an archive that cannot be reopened for
// writing or that Check finds inconsistent (issue: no input can poison an
// archive). One archive lives for the whole run, so batches meet what
// earlier ones wrote (replacements, shared ids, sources with slashes).
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "morgue/archive.h"
#include "morgue/error.h"

namespace {

using morgue::Archive;
using morgue::Article;

std::string Text(FuzzedDataProvider& in, size_t max) {
  // Mostly short, sometimes right at or past a limit of the layers below.
  switch (in.ConsumeIntegralInRange(0, 9)) {
    case 0: return std::string(in.ConsumeIntegralInRange<size_t>(190, 260), 'x');
    case 1: return std::string(in.ConsumeIntegralInRange<size_t>(2000, 2100), 'i');
    default: return in.ConsumeRandomLengthString(max);
  }
}

Article RandomArticle(FuzzedDataProvider& in) {
  Article a;
  // Few distinct ids and sources, so that batches replace each other.
  a.source = in.ConsumeBool() ? std::string(in.PickValueInArray({"wire", "a", "a/b", "a%2Fb"}))
                              : Text(in, 40);
  a.id = in.ConsumeBool() ? std::to_string(in.ConsumeIntegralInRange(0, 30)) : Text(in, 60);
  a.headline = in.ConsumeRandomLengthString(80);
  for (int p = in.ConsumeIntegralInRange(0, 3); p > 0; --p)
    a.body.push_back(in.ConsumeRandomLengthString(300));
  if (in.ConsumeBool()) a.section = Text(in, 30);
  if (in.ConsumeBool()) a.language = Text(in, 10);
  for (int t = in.ConsumeIntegralInRange(0, 2); t > 0; --t) a.topics.push_back(Text(in, 30));
  for (int e = in.ConsumeIntegralInRange(0, 3); e > 0; --e) {
    morgue::Entity entity;
    entity.name = Text(in, 40);
    entity.kind = static_cast<morgue::EntityKind>(in.ConsumeIntegralInRange(0, 2));
    entity.origin = static_cast<morgue::EntityOrigin>(in.ConsumeIntegralInRange(0, 2));
    a.entities.push_back(std::move(entity));
  }
  for (int q = in.ConsumeIntegralInRange(0, 2); q > 0; --q) {
    morgue::Quote quote;
    quote.text = in.ConsumeRandomLengthString(60);
    quote.speaker = Text(in, 40);
    quote.paragraph = in.ConsumeIntegral<uint32_t>();
    quote.offset = in.ConsumeIntegral<uint32_t>();
    a.quotes.push_back(std::move(quote));
  }
  if (in.ConsumeBool()) {
    morgue::Timestamp t;
    t.unix_seconds = in.ConsumeBool() ? in.ConsumeIntegral<int64_t>()
                                      : in.ConsumeIntegralInRange<int64_t>(-2000000000, 4000000000);
    t.date_only = in.ConsumeBool();
    a.published = t;
  }
  return a;
}

// The run's archive, in a temporary directory removed at exit (the string
// is never destroyed: the exit handler still reads it).
const std::string& ArchiveDir() {
  static const std::string* dir = [] {
    char tmpl[] = "/tmp/fuzz-archive-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    auto* path = new std::string(std::string(tmpl) + "/a.morgue");
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(std::filesystem::path(ArchiveDir()).parent_path(), ignored);
    });
    return path;
  }();
  return *dir;
}

[[noreturn]] void Finding(const std::string& what) {
  std::fprintf(stderr, "fuzz_archive_add: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  std::vector<Article> batch;
  for (int n = in.ConsumeIntegralInRange(1, 6); n > 0 && in.remaining_bytes() > 0; --n) {
    batch.push_back(RandomArticle(in));
  }
  const bool remove = in.ConsumeBool();
  std::unique_ptr<Archive> archive;
  try {
    archive = Archive::Open(ArchiveDir(), morgue::OpenMode::kCreate);
  } catch (const morgue::Error& e) {
    Finding(std::string("the archive cannot be reopened for writing: ") + e.what());
  }
  try {
    archive->Add(batch);
  } catch (const morgue::Error& e) {
    if (e.code() != morgue::ErrorCode::kInvalidArgument || e.record() == 0) {
      Finding(std::string("Add failed otherwise than by refusing an article: ") + e.what());
    }
  }
  if (remove && !batch.empty()) {
    try {
      archive->Delete(batch.front().source, batch.front().id);
    } catch (const morgue::Error& e) {
      Finding(std::string("Delete failed: ") + e.what());
    }
  }
  archive.reset();
  try {
    archive = Archive::Open(ArchiveDir(), morgue::OpenMode::kReadWrite);
    morgue::CheckReport report = archive->Check();
    if (!report.ok()) Finding("check: " + report.problems.front());
  } catch (const morgue::Error& e) {
    Finding(std::string("reopen or check failed: ") + e.what());
  }
  return 0;
}

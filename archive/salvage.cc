// Archive::Salvage: a new archive from every article of a damaged store that
// can still be read (the store read past its damaged blocks).
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "archive/archive_impl.h"
#include "corpus/reader_context.h"
#include "indexer/analysis.h"
#include "indexer/document.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "storage/codec.h"
#include "storage/lock.h"
#include "storage/manifest.h"
#include "storage/store.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

constexpr size_t kSalvageBatch = 1000;  // articles per commit of the new archive

}  // namespace

SalvageReport Archive::Salvage(const std::string& dir, const std::string& dest) {
  auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(ErrorCode::kNotFound, "no archive at " + dir).WithFile(dir);
  SalvageReport report;
  ArchiveOptions options;
  try {
    Manifest manifest = Manifest::Read(dir);
    options.language = manifest.language;
    options.shards = manifest.shards;
    // A cluster node's copy is the same node: its identity and its
    // documents' articles (docs/distributed.md).
    options.node = manifest.node;
    options.nodes = manifest.nodes;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kCorruption) throw;
    report.manifest_damaged = true;
  }
  WriteLock lock(dir);
  std::unique_ptr<Store> store =
      Store::Open((fs::path(dir) / "store").string(), /*read_only=*/true, /*create=*/false);
  if (fs::exists(dest, ec) && !fs::is_empty(dest, ec)) {
    throw Error(ErrorCode::kNotAnArchive, "salvage destination " + dest + " is not empty")
        .WithFile(dest);
  }
  // Nothing is written inside the damaged archive.
  const fs::path from = fs::weakly_canonical(dir, ec), to = fs::weakly_canonical(dest, ec);
  const auto inside = std::mismatch(from.begin(), from.end(), to.begin(), to.end());
  if (!ec && inside.first == from.end()) {
    throw Error(ErrorCode::kInvalidArgument, "salvage destination " + dest +
                                                 " is inside the archive " + dir +
                                                 "; choose another")
        .WithFile(dest);
  }
  std::unique_ptr<Archive> out = Open(dest, OpenMode::kCreate, options);

  constexpr size_t kListed = 1000;
  auto note = [&](uint64_t* counter, std::string line) {
    if (++*counter <= kListed) report.lost.push_back(std::move(line));
  };
  std::vector<Article> batch;
  auto flush = [&] {
    const AddStats added = out->impl_->AddBatch(batch, /*analyse=*/false);
    // Two docids holding one source and id (a damaged store): one is kept.
    report.copied += added.added;
    report.not_copied += added.superseded + added.replaced + added.unchanged;
    batch.clear();
  };
  std::vector<LostRange> ranges =
      store->ForEachArticleSalvaging([&](uint64_t docid, std::string_view bytes) {
        std::string why;
        try {
          Article a = DecodeArticle(bytes);
          // Stored before format 4: analysed again (quotations, speakers,
          // extracted entities), as repair does.
          if (IsLegacyArticle(bytes)) ReanalyzeLegacy(a);
          // What an older morgue took and this one refuses is mended where
          // it can be: a date outside the years it reads is dropped.
          if (a.published && !DateRangeProblem(*a.published).empty()) {
            note(&report.changed, a.source + "/" + a.id + " (docid " + std::to_string(docid) +
                                      ") copied undated: " + DateRangeProblem(*a.published));
            a.published.reset();
          }
          why = ArticleProblem(a);
          if (why.empty()) why = IndexProblem(a);
          if (why.empty()) {
            batch.push_back(std::move(a));
            if (batch.size() == kSalvageBatch) flush();
            return;
          }
          why = a.source + "/" + a.id + " (docid " + std::to_string(docid) + ") not copied: " + why;
        } catch (const Error& e) {
          why = "docid " + std::to_string(docid) + " not copied: " + e.what();
        }
        note(&report.not_copied, why);
      });
  flush();
  // The saved queries, as they are (Check names any the copy cannot parse).
  try {
    for (const auto& [name, query] : store->SavedQueries()) {
      out->impl_->store->PutSavedQuery(name, query);
    }
  } catch (const Error& e) {
    report.lost.push_back(std::string("the saved queries could not be copied: ") + e.what());
  }
  for (const LostRange& r : ranges) {
    note(&report.unreadable, "docids " + std::to_string(r.first) + " to " + std::to_string(r.last) +
                                 " are unreadable: " + r.reason);
  }
  for (const StoredId& id : store->IdsIn(ranges)) {
    note(&report.lost_known,
         "lost: " + id.source + "/" + id.id + " (docid " + std::to_string(id.docid) + ")");
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace morgue

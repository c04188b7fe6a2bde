// The read -> batch -> Archive::Add pipeline (cli/index_pipeline.h).
#include "cli/index_pipeline.h"

#include <algorithm>
#include <filesystem>
#include <future>
#include <utility>

namespace morgue::cli {

namespace {

size_t ArticleBytes(const Article& a) {
  size_t n = a.headline.size();
  for (const auto& p : a.body) n += p.size();
  return n;
}

}  // namespace

BatchLimits BatchLimits::For(uint64_t articles_in_archive) const {
  if (!grow || articles == 0) return *this;
  const uint64_t wanted = std::min<uint64_t>(articles_in_archive / 12, uint64_t{4} * articles);
  if (wanted <= articles) return *this;
  BatchLimits out = *this;
  out.articles = static_cast<size_t>(wanted);
  out.bytes = static_cast<size_t>(static_cast<double>(bytes) * static_cast<double>(wanted) /
                                  static_cast<double>(articles));
  return out;
}

IndexTotals IndexPaths(Archive& archive, const std::vector<std::string>& paths,
                       const ReadOptions& read_options, const BatchLimits& limits,
                       const std::function<void(const IndexTotals&)>& on_progress,
                       const std::function<void(const ReadIssue&)>& on_issue,
                       const std::function<bool(const Article&)>& mine) {
  IndexTotals totals;
  // Reading overlaps indexing: one batch is committed while the next is read.
  std::future<AddStats> pending;
  auto finish_pending = [&] {
    if (!pending.valid()) return;
    AddStats s = pending.get();
    totals.other_nodes += s.other_nodes;
    totals.added += s.added;
    totals.replaced += s.replaced;
    totals.unchanged += s.unchanged;
    totals.superseded += s.superseded;
    if (on_progress) on_progress(totals);
  };
  std::vector<Article> batch;
  size_t batch_bytes = 0;
  size_t batch_own = 0;  // articles of the batch the archive keeps (all but another node's)
  // Read before any Add runs; the articles read since approximate the
  // growth (replacements and skips aside).
  const uint64_t at_start = archive.ArticleCount();
  BatchLimits now = limits.For(at_start);
  auto flush = [&] {
    finish_pending();
    now = limits.For(at_start + totals.read);
    if (batch.empty()) return;
    const bool share = mine != nullptr;
    pending = std::async(std::launch::async, [&archive, share, b = std::move(batch)]() mutable {
      return share ? archive.AddShare(std::move(b)) : archive.Add(std::move(b));
    });
    batch.clear();
    batch_bytes = 0;
    batch_own = 0;
  };

  bool add_failed = false;  // Archive::Add threw: nothing more may be added
  try {
    for (const auto& path : paths) {
      ReadPath(
          path, read_options,
          [&](Article&& a) {
            ++totals.read;
            if (mine && !mine(a)) {
              // Only its place, source and id matter to this node.
              Article other;
              other.source = std::move(a.source);
              other.id = std::move(a.id);
              batch.push_back(std::move(other));
            } else {
              size_t bytes = ArticleBytes(a);
              totals.text_bytes += bytes;
              batch_bytes += bytes;
              batch.push_back(std::move(a));
              ++batch_own;
            }
            // Other nodes' articles, held as names alone, are bounded too.
            if (batch_bytes >= now.bytes || batch_own >= now.articles ||
                batch.size() >= 16 * now.articles) {
              try {
                flush();
              } catch (...) {
                add_failed = true;
                throw;
              }
            }
            if (totals.read % 2000 == 0 && on_progress) on_progress(totals);
          },
          [&](const ReadIssue& issue) {
            ++(issue.skipped ? totals.skipped : totals.warnings);
            if (on_issue) on_issue(issue);
          });
      ++totals.paths_done;
      totals.path_bytes_done += PathSize(path);
      totals.text_bytes_at_path_done = totals.text_bytes;
      if (on_progress) on_progress(totals);
    }
  } catch (...) {
    // A reader stopped the run: what it read before is committed, so that
    // the count the caller reports is what the archive holds. (An Add that
    // fails here throws its own error instead.)
    if (!add_failed) {
      flush();
      finish_pending();
    }
    throw;
  }
  flush();
  finish_pending();
  return totals;
}

uint64_t PathSize(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    uint64_t size = fs::file_size(path, ec);
    return ec ? 0 : size;
  }
  // With error codes throughout: a sub-directory that cannot be read is not
  // counted (the reader reports it), and never throws.
  uint64_t total = 0;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  for (const fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    std::error_code file_ec;
    if (!it->is_regular_file(file_ec)) continue;
    uint64_t size = it->file_size(file_ec);
    if (!file_ec) total += size;
  }
  return total;
}

}  // namespace morgue::cli

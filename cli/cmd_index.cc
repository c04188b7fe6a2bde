// morgue index: read files into an archive.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>

#include "cli/command.h"
#include "morgue/archive.h"
#include "morgue/error.h"
#include "morgue/reader.h"

namespace morgue::cli {

namespace {

struct Totals {
  uint64_t read = 0, skipped = 0, added = 0, replaced = 0, unchanged = 0;
  uint64_t bytes = 0;
};

uint64_t DirectorySize(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

size_t ArticleBytes(const Article& a) {
  size_t n = a.headline.size();
  for (const auto& p : a.body) n += p.size();
  return n;
}

}  // namespace

int RunIndex(const std::vector<std::string>& args) {
  po::options_description options("morgue index options");
  std::string archive_dir, format_name, source;
  std::vector<std::string> paths;
  size_t batch_mb = 0, batch_articles = 0;
  options.add_options()
      ("archive,a", po::value(&archive_dir)->required(), "archive directory (created if absent)")
      ("format,f", po::value(&format_name)->default_value("auto"), "auto, text, jsonl, csv, reuters")
      ("source", po::value(&source), "collection name for articles whose format names none")
      ("strict", "stop at the first malformed record instead of skipping it")
      ("batch-mb", po::value(&batch_mb)->default_value(48), "commit after this many MB of text")
      ("batch-articles", po::value(&batch_articles)->default_value(20000), "commit after this many articles")
      ("path", po::value(&paths)->required(), "files or directories to read");
  po::positional_options_description positional;
  positional.add("path", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue index --archive DIR PATH...", options, positional, &vm)) return kExitOk;

  ReadOptions read_options;
  read_options.format = ParseFormat(format_name);
  read_options.source = source;
  read_options.strict = vm.count("strict") > 0;

  auto start = std::chrono::steady_clock::now();
  auto archive = Archive::Open(archive_dir, OpenMode::kCreate);
  bool live = StderrIsTerminal();
  Totals totals;

  // Reading overlaps indexing: one batch is committed while the next is read.
  std::future<AddStats> pending;
  auto finish_pending = [&] {
    if (!pending.valid()) return;
    AddStats s = pending.get();
    totals.added += s.added;
    totals.replaced += s.replaced;
    totals.unchanged += s.unchanged;
  };
  std::vector<Article> batch;
  size_t batch_bytes = 0;
  auto flush = [&] {
    finish_pending();
    if (batch.empty()) return;
    pending = std::async(std::launch::async, [&archive, b = std::move(batch)]() mutable {
      return archive->Add(std::move(b));
    });
    batch.clear();
    batch_bytes = 0;
  };
  auto progress = [&] {
    if (!live) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "\r%llu articles, %.1f MB, %.0f articles/s, %llu skipped   ",
                 static_cast<unsigned long long>(totals.read), totals.bytes / 1e6,
                 secs > 0 ? totals.read / secs : 0.0, static_cast<unsigned long long>(totals.skipped));
  };

  for (const auto& path : paths) {
    ReadPath(
        path, read_options,
        [&](Article&& a) {
          ++totals.read;
          size_t bytes = ArticleBytes(a);
          totals.bytes += bytes;
          batch_bytes += bytes;
          batch.push_back(std::move(a));
          if (batch_bytes >= batch_mb << 20 || batch.size() >= batch_articles) flush();
          if (totals.read % 2000 == 0) progress();
        },
        [&](const ReadIssue& issue) {
          ++totals.skipped;
          if (live) std::fputc('\n', stderr);
          std::cerr << "morgue index: skipped " << issue.ToString() << "\n";
        });
  }
  flush();
  finish_pending();
  if (live) std::fputc('\n', stderr);

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "indexed %llu articles (%llu added, %llu replaced, %llu unchanged), skipped %llu, "
      "in %.2f s; archive %s holds %llu articles, %.1f MB\n",
      static_cast<unsigned long long>(totals.read), static_cast<unsigned long long>(totals.added),
      static_cast<unsigned long long>(totals.replaced),
      static_cast<unsigned long long>(totals.unchanged),
      static_cast<unsigned long long>(totals.skipped), secs, archive_dir.c_str(),
      static_cast<unsigned long long>(archive->ArticleCount()), DirectorySize(archive_dir) / 1e6);
  return kExitOk;
}

}  // namespace morgue::cli

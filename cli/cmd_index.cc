// morgue index: read files into an archive.
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "cli/index_pipeline.h"
#include "morgue/archive.h"
#include "morgue/cluster.h"
#include "morgue/error.h"
#include "morgue/reader.h"

namespace morgue::cli {

namespace {

// Why `path` cannot be read ("no such file or directory: PATH"), or "".
std::string UnreadablePath(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return "no such file or directory: " + path;
  if (fs::is_directory(status)) {
    fs::directory_iterator listing(path, ec);
    if (ec) return "cannot read the directory " + path + ": " + ec.message();
  } else if (!std::ifstream(path, std::ios::binary)) {
    return "cannot read " + path + ": " + std::error_code(errno, std::generic_category()).message();
  }
  return "";
}

}  // namespace

int RunIndex(const std::vector<std::string>& args) {
  po::options_description options("morgue index options");
  std::string archive_dir, format_name, source, node_spec;
  std::vector<std::string> paths;
  const BatchLimits defaults;
  size_t batch_mb = defaults.bytes >> 20, batch_articles = defaults.articles;
  size_t max_file_mb = ReadOptions{}.max_file_bytes >> 20;
  unsigned shards = ArchiveOptions{}.shards;
  options.add_options()("archive,a", po::value(&archive_dir)->required(),
                        "archive directory (created if absent)")(
      "format,f", po::value(&format_name)->default_value("auto"),
      "auto, text, jsonl, csv, reuters")("source", po::value(&source),
                                         "collection name for articles whose format names none")(
      "strict", "stop at the first malformed record instead of skipping it")(
      "node", po::value(&node_spec),
      "K/N: the archive is node K of a cluster of N (docs/distributed.md); only the "
      "articles of node K are indexed, the others counted and left out")(
      "shards", UnsignedValue(&shards),
      "index shards of a new archive, 1..64 (default 2, with --node 1; an existing archive "
      "keeps its own; docs/distributed.md, \"Nodes of one shard\")")(
      "batch-mb", po::value(&batch_mb)->default_value(batch_mb),
      "commit after this many MB of text")(
      "batch-articles", po::value(&batch_articles)->default_value(batch_articles),
      "commit after this many articles (when neither limit is given, both grow "
      "in archives of over 24,000 articles: one article per 12 in the archive, "
      "up to four times)")(
      "max-file-mb", po::value(&max_file_mb)->default_value(max_file_mb),
      "refuse files larger than this many MiB (after decompression; a plain JSON "
      "Lines file over 4 MiB is read in pieces and exempt)")("path", po::value(&paths)->required(),
                                                             "files or directories to read");
  po::positional_options_description positional;
  positional.add("path", -1);
  po::variables_map vm;
  if (!ParseArgs(args, "morgue index --archive DIR PATH...", options, positional, &vm))
    return kExitOk;

  ReadOptions read_options;
  read_options.format = ParseFormat(format_name);
  read_options.source = source;
  read_options.strict = vm.count("strict") > 0;
  if (max_file_mb == 0 || max_file_mb > (SIZE_MAX >> 20)) {
    throw UsageError("--max-file-mb must be between 1 and " + std::to_string(SIZE_MAX >> 20));
  }
  read_options.max_file_bytes = max_file_mb << 20;
  BatchLimits limits;
  limits.bytes = batch_mb << 20;
  limits.articles = batch_articles;
  // Limits given on the command line are kept as given.
  limits.grow = vm["batch-mb"].defaulted() && vm["batch-articles"].defaulted();

  // Every path must exist before the archive is created: a mistyped path
  // must not leave an empty archive behind.
  for (const auto& path : paths) {
    if (std::string problem = UnreadablePath(path); !problem.empty()) {
      throw UsageError(problem + " (nothing was indexed, and no archive was created or changed)");
    }
  }

  if (shards < 1 || shards > 64) {
    throw UsageError("--shards must be 1 to 64, not " + std::to_string(shards));
  }
  ArchiveOptions archive_options;
  // A new node is one shard unless told otherwise: xapian-tcpsrv serves a
  // node's shards as one database and can open one shard's commit of a
  // batch before another's (docs/distributed.md, "A batch on a node of
  // several shards"); a node of one shard also answers faster.
  archive_options.shards = vm.count("node") && vm["shards"].defaulted() ? 1 : shards;
  if (vm.count("node")) {
    // Each number whole and in range: sscanf's %u would wrap "1/4294967297"
    // to node 1 of 1, which takes every article.
    auto number = [](std::string_view digits) -> unsigned {
      unsigned value = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      const bool whole = ec == std::errc() && end == digits.data() + digits.size() &&
                         digits.find_first_not_of("0123456789") == std::string_view::npos;
      return whole && value <= kMaxNodes ? value : 0;
    };
    const size_t slash = node_spec.find('/');
    const unsigned k =
        slash == std::string::npos ? 0 : number(std::string_view(node_spec).substr(0, slash));
    const unsigned n =
        slash == std::string::npos ? 0 : number(std::string_view(node_spec).substr(slash + 1));
    if (k == 0 || n == 0 || k > n) {
      throw UsageError("--node must be K/N with 1 <= K <= N <= " + std::to_string(kMaxNodes) +
                       ", not \"" + node_spec + "\"");
    }
    archive_options.node = k;
    archive_options.nodes = n;
  }

  auto start = std::chrono::steady_clock::now();
  auto archive = Archive::Open(archive_dir, OpenMode::kCreate, archive_options);
  std::function<bool(const Article&)> mine;  // a node's own articles
  if (archive_options.nodes == 0 && archive->Node().nodes > 0) {
    // Add would refuse the first article of another node midway through.
    const NodeInfo node = archive->Node();
    const std::string spec = std::to_string(node.node) + "/" + std::to_string(node.nodes);
    throw UsageError("archive " + archive_dir + " is node " + spec +
                     " of a cluster: index it with --node " + spec +
                     ", which leaves out the other nodes' articles (nothing was indexed)");
  }
  if (archive_options.nodes > 0) {
    const NodeInfo node = archive->Node();
    if (node.node != archive_options.node || node.nodes != archive_options.nodes) {
      throw UsageError("archive " + archive_dir + " is " +
                       (node.nodes == 0 ? std::string("not a cluster node")
                                        : "node " + std::to_string(node.node) + "/" +
                                              std::to_string(node.nodes)) +
                       ", not --node " + node_spec + " (nothing was indexed)");
    }
    mine = [node](const Article& a) { return NodeOf(a.source, a.id, node.nodes) == node.node; };
  }
  bool live = StderrIsTerminal();

  uint64_t input_bytes = 0;
  if (live) {
    for (const auto& p : paths) input_bytes += PathSize(p);
  }
  // The ETA scales elapsed time by the input read so far: whole paths done,
  // plus the current one estimated from the text it yielded at the rate of
  // the paths before it.
  auto progress = [&](const IndexTotals& totals) {
    if (!live) return;
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string eta = "ETA ?";
    if (totals.path_bytes_done > 0 && totals.text_bytes_at_path_done > 0 && input_bytes > 0) {
      double per_text = double(totals.path_bytes_done) / double(totals.text_bytes_at_path_done);
      double done = totals.path_bytes_done +
                    per_text * double(totals.text_bytes - totals.text_bytes_at_path_done);
      done = std::min(done, double(input_bytes));
      char buf[32];
      std::snprintf(buf, sizeof buf, "ETA %.0f s", secs * (double(input_bytes) - done) / done);
      eta = buf;
    }
    std::fprintf(stderr, "\rfiles %llu/%zu, %s, %.1f MB, %.0f articles/s, %llu skipped, %s   ",
                 static_cast<unsigned long long>(totals.paths_done), paths.size(),
                 CountOf(totals.read, "article").c_str(), totals.text_bytes / 1e6,
                 secs > 0 ? totals.read / secs : 0.0,
                 static_cast<unsigned long long>(totals.skipped), eta.c_str());
  };
  auto issue = [&](const ReadIssue& issue) {
    if (live) std::fputc('\n', stderr);
    std::cerr << "morgue index: " << (issue.skipped ? "skipped " : "warning: ") << issue.ToString()
              << "\n";
  };
  IndexTotals committed;  // as of the last batch committed
  auto on_progress = [&](const IndexTotals& totals) {
    committed = totals;
    NoteCommittedArticles(totals.committed());
    progress(totals);
  };
  IndexTotals totals;
  NoteCommittedArticles(0);
  try {
    totals = IndexPaths(*archive, paths, read_options, limits, on_progress, issue, mine);
  } catch (const Error& e) {
    // The batches committed before the failure stay: say how much is safe
    // and that running the same command again adds the rest.
    if (live) std::fputc('\n', stderr);
    char kept[256];
    const auto n = static_cast<unsigned long long>(committed.committed());
    if (read_options.strict && e.code() == ErrorCode::kInvalidInput) {
      std::snprintf(kept, sizeof kept,
                    "--strict: stopped at this issue; the first %llu articles this run read "
                    "were committed",
                    n);
    } else {
      std::snprintf(kept, sizeof kept, kCommittedBeforeFailure, n);
    }
    throw Error(e.code(), std::string(e.what()) + "\n" + kept)
        .WithFile(e.file())
        .WithLine(e.line())
        .WithRecord(e.record());
  }
  if (live) std::fputc('\n', stderr);

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  uint64_t articles = archive->ArticleCount();
  archive.reset();  // closed: the size is that of the files it leaves behind
  std::string warned;
  if (totals.warnings > 0) warned = ", " + std::to_string(totals.warnings) + " read with a warning";
  // Every article read is counted once: a repeat within one batch is
  // superseded by the later copy, which is what was added or replaced.
  if (totals.other_nodes > 0) {
    warned += ", " + std::to_string(totals.other_nodes) + " left to other nodes";
  }
  std::string superseded;
  if (totals.superseded > 0) {
    superseded = ", " + std::to_string(totals.superseded) +
                 " superseded by a later copy with the same source and id";
  }
  // A node reads every article and indexes its own.
  TextPrinter().Printf("%s %s (%llu added, %llu replaced, %llu unchanged%s), skipped %llu%s, "
                       "in %.2f s; archive %s holds %s, %.1f MB\n",
                       totals.other_nodes > 0 ? "read" : "indexed",
                       CountOf(totals.read, "article").c_str(),
                       static_cast<unsigned long long>(totals.added),
                       static_cast<unsigned long long>(totals.replaced),
                       static_cast<unsigned long long>(totals.unchanged), superseded.c_str(),
                       static_cast<unsigned long long>(totals.skipped), warned.c_str(), secs,
                       archive_dir.c_str(), CountOf(articles, "article").c_str(),
                       PathSize(archive_dir) / 1e6);
  return kExitOk;
}

}  // namespace morgue::cli

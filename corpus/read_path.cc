// Entry points of the readers: format names, detection, decompression,
// directory walking and dispatch to the format readers.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "corpus/gzip.h"
#include "corpus/reader_context.h"
#include "corpus/text.h"
#include "morgue/error.h"
#include "morgue/reader.h"

namespace morgue {

namespace fs = std::filesystem;

Format ParseFormat(const std::string& name) {
  std::string n = AsciiLower(name);
  if (n == "auto") return Format::kAuto;
  if (n == "text" || n == "txt" || n == "plain") return Format::kPlainText;
  if (n == "jsonl" || n == "json" || n == "ndjson") return Format::kJsonLines;
  if (n == "csv") return Format::kCsv;
  if (n == "reuters" || n == "sgml" || n == "sgm") return Format::kReuters;
  throw Error(ErrorCode::kInvalidArgument,
              "unknown format '" + name + "' (expected auto, text, jsonl, csv or reuters)");
}

const char* FormatName(Format format) {
  switch (format) {
    case Format::kAuto: return "auto";
    case Format::kPlainText: return "text";
    case Format::kJsonLines: return "jsonl";
    case Format::kCsv: return "csv";
    case Format::kReuters: return "reuters";
  }
  return "?";
}

std::string ReadIssue::ToString() const {
  std::string out = file;
  if (line > 0) out += (out.empty() ? "line " : ":") + std::to_string(line);
  if (!out.empty()) out += ": ";
  if (record > 0) out += "record " + std::to_string(record) + ": ";
  out += reason;
  return out;
}

ReadContext::ReadContext(std::string file, std::string stem, std::string top_source,
                         const ReadOptions& options, const ArticleSink& on_article,
                         const IssueSink& on_issue)
    : file_(std::move(file)),
      stem_(std::move(stem)),
      top_source_(std::move(top_source)),
      options_(options),
      on_article_(on_article),
      on_issue_(on_issue) {}

std::string ReadContext::DefaultSource(const std::string& fallback) const {
  if (!options_.source.empty()) return options_.source;
  if (!top_source_.empty()) return top_source_;
  return fallback;
}

namespace {

void Report(const ReadIssue& issue, const ReadOptions& options, const IssueSink& on_issue) {
  if (options.strict) {
    throw Error(ErrorCode::kInvalidInput, issue.ToString())
        .WithFile(issue.file)
        .WithLine(issue.line)
        .WithRecord(issue.record);
  }
  if (on_issue) on_issue(issue);
}

}  // namespace

std::string CheckDateRange(const Timestamp& published) {
  std::string problem = DateRangeProblem(published);
  return problem.empty() ? problem : problem + "; the article is left undated";
}

void ReadContext::Issue(uint64_t line, uint64_t record, const std::string& reason) {
  ++issues_;
  Report(ReadIssue{file_, line, record, reason, true}, options_, on_issue_);
}

void ReadContext::Warn(uint64_t line, uint64_t record, const std::string& reason) {
  Report(ReadIssue{file_, line, record, reason, false}, options_, on_issue_);
}

void ReadContext::Emit(Article&& article, uint64_t line, uint64_t record) {
  if (article.published) {
    if (std::string warning = CheckDateRange(*article.published); !warning.empty()) {
      Warn(line, record, warning);
      article.published.reset();
    }
  }
  // What an archive would refuse is a skipped record here, with its place
  // in the file, rather than a refused batch later.
  if (std::string problem = ArticleProblem(article); !problem.empty()) {
    Issue(line, record, "the article cannot be indexed: " + problem);
    return;
  }
  ++articles_;
  if (on_article_) on_article_(std::move(article));
}

std::string ReadContext::CheckRecordSize(size_t bytes) const {
  if (bytes <= options_.max_record_bytes) return "";
  return "record of " + std::to_string(bytes) + " bytes exceeds the limit of " +
         std::to_string(options_.max_record_bytes);
}

namespace {

// File name without directory, ".gz" and the format extension.
std::string StemOf(const std::string& file_name, std::string* extension) {
  std::string name = fs::path(file_name).filename().string();
  std::string lower = AsciiLower(name);
  if (lower.size() > 3 && lower.ends_with(".gz")) {
    name.resize(name.size() - 3);
    lower.resize(lower.size() - 3);
  }
  size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0) {
    extension->clear();
    return name;
  }
  *extension = lower.substr(dot + 1);
  return name.substr(0, dot);
}

Format FormatFromExtension(const std::string& extension) {
  if (extension == "txt" || extension == "text") return Format::kPlainText;
  if (extension == "jsonl" || extension == "json" || extension == "ndjson") {
    return Format::kJsonLines;
  }
  if (extension == "csv") return Format::kCsv;
  if (extension == "sgm" || extension == "sgml") return Format::kReuters;
  return Format::kAuto;
}

Format FormatFromContent(std::string_view bytes) {
  std::string_view head = TrimView(bytes.substr(0, 4096));
  if (head.empty()) return Format::kAuto;
  if (head.find("<REUTERS") != std::string_view::npos) return Format::kReuters;
  if (head[0] == '{' || head[0] == '[') return Format::kJsonLines;
  return Format::kAuto;
}

std::string FileTooLarge(uintmax_t bytes, const ReadOptions& options) {
  return "file of " + std::to_string(bytes) + " bytes is larger than " +
         SizeText(options.max_file_bytes) + "; the limit is ReadOptions::max_file_bytes";
}

void ReadBytes(const std::string& file_name, std::string bytes, const ReadOptions& options,
               const std::string& top_source, bool skip_unknown, const ArticleSink& on_article,
               const IssueSink& on_issue) {
  std::string extension;
  std::string stem = StemOf(file_name, &extension);
  ReadContext context(file_name, stem, top_source, options, on_article, on_issue);
  if (IsGzip(bytes)) {
    std::string plain;
    std::string reason = Gunzip(bytes, options.max_file_bytes, &plain);
    if (!reason.empty()) {
      context.Issue(0, 0, reason);
      return;
    }
    bytes = std::move(plain);
  }
  if (bytes.size() > options.max_file_bytes) {
    context.Issue(0, 0, FileTooLarge(bytes.size(), options));
    return;
  }
  Format format = options.format;
  if (format == Format::kAuto) format = FormatFromExtension(extension);
  if (format == Format::kAuto) format = FormatFromContent(bytes);
  if (format == Format::kAuto) {
    if (skip_unknown) return;
    format = Format::kPlainText;
  }
  if (TrimView(bytes).empty()) {
    context.Issue(0, 0, "empty file");
    return;
  }
  if (LooksBinary(bytes)) {
    context.Issue(0, 0, "binary file (NUL bytes or mostly invalid UTF-8)");
    return;
  }
  if (!IsValidUtf8(bytes)) bytes = RepairUtf8(bytes);
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.erase(0, 3);
  switch (format) {
    case Format::kPlainText: ReadPlainText(bytes, context); break;
    case Format::kJsonLines: ReadJsonLines(bytes, context); break;
    case Format::kCsv: ReadCsv(bytes, context); break;
    case Format::kReuters: ReadReutersSgml(bytes, context); break;
    case Format::kAuto: break;
  }
}

bool IsHidden(const fs::path& path) {
  std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

// Documentation that sits beside corpora (README.txt, LICENSE) is not news.
bool IsDocumentation(const fs::path& path) {
  std::string upper = path.filename().string();
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* prefix : {"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG"}) {
    if (upper.starts_with(prefix)) return true;
  }
  return false;
}

// Files larger than this are read a piece at a time when their format allows
// it (JSON Lines), so that memory does not grow with the file: a synthetic
// corpus of 1M articles is one 936 MB file.
constexpr size_t kPieceBytes = size_t{4} << 20;

// True when a file starting with `head` is plain (not gzip) JSON Lines, one
// record per line rather than one JSON array.
bool StreamsAsJsonLines(const std::string& file_name, std::string_view head,
                        const ReadOptions& options) {
  if (IsGzip(head)) return false;
  std::string extension;
  StemOf(file_name, &extension);
  Format format = options.format;
  if (format == Format::kAuto) format = FormatFromExtension(extension);
  if (format == Format::kAuto) format = FormatFromContent(head);
  if (format != Format::kJsonLines) return false;
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  std::string_view trimmed = TrimView(head);
  return trimmed.empty() || trimmed.front() != '[';
}

// Reads JSON Lines from `in`, whose first bytes are `buffer`, in pieces of
// whole lines, with the same checks and repairs as ReadBytes applied to each
// piece (a binary piece stops the file there; the records before it are
// kept). A line longer than max_record_bytes is dropped as it is read, so
// memory stays bounded whatever the input.
void ReadJsonLinesInPieces(std::ifstream& in, std::string buffer, ReadContext& context) {
  if (buffer.starts_with("\xEF\xBB\xBF")) buffer.erase(0, 3);
  LineCursor cursor;
  bool at_end = false, any_text = false;
  uint64_t dropped = 0;  // bytes of an over-long line dropped so far; 0: none
  for (;;) {
    if (dropped > 0) {
      size_t nl = buffer.find('\n');
      if (nl == std::string::npos && !at_end) {
        dropped += buffer.size();
        buffer.clear();
      } else {
        size_t end = nl == std::string::npos ? buffer.size() : nl;
        ++cursor.line;
        ++cursor.record;
        context.Issue(cursor.line, cursor.record, context.CheckRecordSize(dropped + end));
        buffer.erase(0, nl == std::string::npos ? end : end + 1);
        dropped = 0;
        any_text = true;
      }
    }
    size_t cut = at_end ? buffer.size() : buffer.rfind('\n');
    if (dropped == 0 && cut != std::string::npos) {
      if (!at_end) ++cut;
      std::string_view piece(buffer.data(), cut);
      if (LooksBinary(piece)) {
        context.Issue(cursor.line + 1, 0, "binary file (NUL bytes or mostly invalid UTF-8)");
        return;
      }
      any_text = any_text || !TrimView(piece).empty();
      if (IsValidUtf8(piece)) {
        ReadJsonLinePiece(piece, context, &cursor);
      } else {
        ReadJsonLinePiece(RepairUtf8(piece), context, &cursor);
      }
      buffer.erase(0, cut);
    } else if (dropped == 0 && buffer.size() > context.options().max_record_bytes) {
      dropped = buffer.size();
      buffer.clear();
    }
    if (at_end) break;
    size_t kept = buffer.size();
    buffer.resize(kept + kPieceBytes);
    in.read(buffer.data() + kept, static_cast<std::streamsize>(kPieceBytes));
    buffer.resize(kept + static_cast<size_t>(in.gcount()));
    if (in.bad()) {
      context.Issue(cursor.line + 1, 0, "cannot read the file");
      return;
    }
    at_end = in.eof();
  }
  if (!any_text) context.Issue(0, 0, "empty file");
}

// Adds the files to read under `root` to *files: regular files (or symbolic
// links to them) that are neither hidden nor documentation, in every
// sub-directory that is not hidden (symbolic links to directories are not
// followed). A directory that cannot be listed, or an entry whose type cannot
// be found (a dangling symbolic link, a loop), is an issue naming it; the
// rest is listed.
void ListFiles(const fs::path& root, const ReadOptions& options, const IssueSink& on_issue,
               std::vector<fs::path>* files) {
  auto issue = [&](const fs::path& where, const std::string& reason) {
    ArticleSink none;
    ReadContext context(where.string(), "", "", options, none, on_issue);
    context.Issue(0, 0, reason);
  };
  std::vector<fs::path> directories{root};
  while (!directories.empty()) {
    fs::path dir = std::move(directories.back());
    directories.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      issue(dir, "cannot read the directory (" + ec.message() + "); its files are not read");
      continue;
    }
    for (const fs::directory_iterator end; it != end;) {
      const fs::path& p = it->path();
      std::error_code type_ec;
      if (IsHidden(p)) {
        // skipped, and so is everything under it
      } else if (it->is_directory(type_ec) && !it->is_symlink(type_ec)) {
        directories.push_back(p);
      } else if (it->is_regular_file(type_ec)) {
        if (!IsDocumentation(p)) files->push_back(p);
      } else if (type_ec) {
        issue(p, "cannot read (" + type_ec.message() + ")");
      }
      it.increment(ec);
      if (ec) {
        issue(dir, "cannot read the rest of the directory (" + ec.message() + ")");
        break;
      }
    }
  }
}

void ReadOneFile(const fs::path& path, const ReadOptions& options, const std::string& top_source,
                 bool in_directory, const ArticleSink& on_article, const IssueSink& on_issue) {
  std::string file = path.string();
  std::error_code ec;
  uintmax_t size = fs::file_size(path, ec);
  ReadContext context(file, "", top_source, options, on_article, on_issue);
  if (ec) {
    context.Issue(0, 0, "cannot read: " + ec.message());
    return;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<size_t>(std::min<uintmax_t>(size, kPieceBytes)), '\0');
  if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    context.Issue(0, 0, "cannot read the file");
    return;
  }
  // JSON Lines read in pieces take bounded memory whatever the file's size.
  if (size > bytes.size() && StreamsAsJsonLines(file, bytes, options)) {
    std::string extension;
    ReadContext json_context(file, StemOf(file, &extension), top_source, options, on_article,
                             on_issue);
    ReadJsonLinesInPieces(in, std::move(bytes), json_context);
    return;
  }
  if (size > options.max_file_bytes) {
    context.Issue(0, 0, FileTooLarge(size, options));
    return;
  }
  size_t head = bytes.size();
  bytes.resize(static_cast<size_t>(size));
  if (!in.read(bytes.data() + head, static_cast<std::streamsize>(size - head))) {
    context.Issue(0, 0, "cannot read the file");
    return;
  }
  ReadBytes(file, std::move(bytes), options, top_source, in_directory, on_article, on_issue);
}

}  // namespace

void ReadBuffer(const std::string& file_name, const std::string& bytes, const ReadOptions& options,
                const ArticleSink& on_article, const IssueSink& on_issue) {
  ReadBytes(file_name, bytes, options, "", false, on_article, on_issue);
}

void ReadPath(const std::string& path, const ReadOptions& options, const ArticleSink& on_article,
              const IssueSink& on_issue) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    throw Error(ErrorCode::kNotFound, "no such file or directory: " + path).WithFile(path);
  }
  if (!fs::is_directory(status)) {
    ReadOneFile(path, options, "", false, on_article, on_issue);
    return;
  }
  fs::path root(path);
  std::string top_source = fs::weakly_canonical(root, ec).filename().string();
  if (ec || top_source.empty()) top_source = root.filename().string();
  std::vector<fs::path> files;
  ListFiles(root, options, on_issue, &files);
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    ReadOneFile(file, options, top_source, true, on_article, on_issue);
  }
}

}  // namespace morgue

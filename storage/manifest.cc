#include "storage/manifest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include <zlib.h>

#include "indexer/document.h"
#include "morgue/article.h"
#include "morgue/cluster.h"
#include "morgue/error.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

constexpr char kMagic[] = "morgue-archive";

[[noreturn]] void ThrowIO(const std::string& what, const std::string& path) {
  throw Error(ErrorCode::kIO, what + " " + path + ": " + std::strerror(errno)).WithFile(path);
}

void FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) ThrowIO("cannot open", path);
  if (::fsync(fd) != 0) {
    ::close(fd);
    ThrowIO("cannot sync", path);
  }
  ::close(fd);
}

}  // namespace

void WriteFileAtomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  // A link planted at the temporary name must not redirect the write.
  if (::unlink(tmp.c_str()) != 0 && errno != ENOENT) ThrowIO("cannot remove", tmp);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) ThrowIO("cannot create", tmp);
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      ThrowIO("cannot write", tmp);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    ThrowIO("cannot sync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) ThrowIO("cannot rename", tmp);
  FsyncPath(fs::path(path).parent_path().string(), O_RDONLY | O_DIRECTORY);
}

void SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

std::string Crc32Hex(std::string_view bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size()));
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08lx", static_cast<unsigned long>(crc));
  return hex;
}

std::optional<uint64_t> ParseCount(std::string_view text, uint64_t max) {
  if (text.empty() || text.size() > 10 || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  uint64_t n = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n > max) return std::nullopt;
  return n;
}

std::optional<ManifestText> ManifestText::Read(const std::string& path, const std::string& what,
                                               std::string_view magic) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    ThrowIO("cannot open the " + what, path);
  }
  ManifestText m;
  m.path_ = path;
  m.what_ = what;
  char buf[1024];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      ThrowIO("cannot read the " + what, path);
    }
    if (n == 0 || m.text_.size() > kMaxManifestBytes) break;
    m.text_.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (m.text_.size() > kMaxManifestBytes) throw m.Damaged(1, "longer than any " + what);
  m.first_end_ = m.text_.find('\n');
  const std::string_view first = std::string_view(m.text_).substr(0, m.first_end_);
  const std::string start = std::string(magic) + " ";
  if (!first.starts_with(start)) throw m.Damaged(1, "does not start with \"" + start + "\"");
  m.header_ = first.substr(start.size());
  return m;
}

Error ManifestText::Damaged(size_t line, const std::string& why) const {
  return Error(ErrorCode::kCorruption,
               what_ + " " + path_ + " is damaged: line " + std::to_string(line) + ": " + why)
      .WithFile(path_)
      .WithLine(line);
}

void ManifestText::RequireFinalLineEnd() const {
  if (text_.empty() || text_.back() != '\n') throw Damaged(1, "cut short (no final line end)");
}

void ManifestText::Once(bool& seen, std::string_view key, size_t line) const {
  if (seen) throw Damaged(line, std::string(key) + " given twice");
  seen = true;
}

size_t ManifestText::ForEachSetting(
    bool checksums,
    const std::function<void(std::string_view key, std::string_view value, size_t line)>& fn)
    const {
  bool checked = false;
  size_t line_no = 1;
  if (first_end_ == std::string::npos) return line_no;
  for (size_t begin = first_end_ + 1; begin < text_.size();) {
    const size_t end = text_.find('\n', begin);
    const std::string_view line = std::string_view(text_).substr(begin, end - begin);
    const size_t line_start = begin;
    begin = end == std::string::npos ? text_.size() : end + 1;
    const size_t n = ++line_no;
    if (checked) throw Damaged(n, "text after the checksum");
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) throw Damaged(n, "not key=value");
    const std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
    if (checksums && key == "checksum") {
      checked = true;
      if (value != "crc32:" + Crc32Hex(std::string_view(text_).substr(0, line_start))) {
        throw Damaged(n, "checksum mismatch (the file was changed or cut)");
      }
    }
    fn(key, value, n);
  }
  return line_no;
}

Manifest Manifest::Read(const std::string& dir) {
  const std::string path = (fs::path(dir) / kManifestName).string();
  std::optional<ManifestText> read = ManifestText::Read(path, "archive manifest", kMagic);
  if (!read) {
    throw Error(ErrorCode::kNotAnArchive,
                dir + " is not a morgue archive (no " + kManifestName + " manifest)")
        .WithFile(dir);
  }
  const ManifestText& text = *read;
  // The version first: a newer morgue's manifest is refused as a version,
  // whatever else it holds.
  std::optional<uint64_t> version = ParseCount(text.header(), 1000000);
  if (!version || *version == 0) throw text.Damaged(1, "no format version");
  if (*version > static_cast<uint64_t>(kArchiveFormatVersion) ||
      *version < static_cast<uint64_t>(kOldestReadableFormat)) {
    throw Error(ErrorCode::kVersion,
                "archive " + dir + " has format version " + std::to_string(*version) +
                    "; this morgue reads versions " + std::to_string(kOldestReadableFormat) +
                    " to " + std::to_string(kArchiveFormatVersion))
        .WithFile(path);
  }
  text.RequireFinalLineEnd();

  Manifest m;
  m.version = static_cast<int>(*version);
  bool has_language = false, has_shards = false, has_created = false, has_checksum = false,
       has_marks = false, has_all_fields = false, has_node = false;
  const size_t last = text.ForEachSetting(m.version >= 2, [&](std::string_view key,
                                                              std::string_view value, size_t n) {
    auto once = [&](bool& seen) { text.Once(seen, key, n); };
    auto damaged = [&](const std::string& why) { return text.Damaged(n, why); };
    if (key == "language") {
      once(has_language);
      m.language = std::string(value);
      if (!m.language.empty() && m.language != "none" && StemmerFor(m.language).empty()) {
        throw damaged("unknown language \"" + m.language + "\"");
      }
    } else if (key == "shards") {
      once(has_shards);
      std::optional<uint64_t> shards = ParseCount(value, 64);
      if (!shards || *shards == 0) throw damaged("shards must be 1 to 64");
      m.shards = static_cast<unsigned>(*shards);
    } else if (key == "created") {
      once(has_created);
      m.created = std::string(value);
      if (!Timestamp::ParseIso8601(m.created)) throw damaged("created is not a date");
    } else if (key == "marks_quotes_outside_body") {
      once(has_marks);
      if (value != "0" && value != "1") throw damaged("marks_quotes_outside_body must be 0 or 1");
      m.marks_quotes_outside_body = value == "1";
    } else if (key == "all_fields_terms") {
      once(has_all_fields);
      if (value != "0" && value != "1") throw damaged("all_fields_terms must be 0 or 1");
      m.all_fields_terms = value == "1";
    } else if (key == "node") {
      once(has_node);
      const size_t slash = value.find('/');
      std::optional<uint64_t> node, nodes;
      if (slash != std::string_view::npos) {
        node = ParseCount(value.substr(0, slash), kMaxNodes);
        nodes = ParseCount(value.substr(slash + 1), kMaxNodes);
      }
      if (!node || !nodes || *node == 0 || *node > *nodes) {
        throw damaged("node must be K/N with 1 <= K <= N <= " + std::to_string(kMaxNodes));
      }
      m.node = static_cast<unsigned>(*node);
      m.nodes = static_cast<unsigned>(*nodes);
    } else if (key == "checksum" && m.version >= 2) {
      once(has_checksum);  // its value was checked by ForEachSetting
    } else {
      throw damaged("unknown key \"" + std::string(key) + "\"");
    }
  });
  if (!has_language) throw text.Damaged(last, "no language");
  if (!has_shards) throw text.Damaged(last, "no shard count");
  if (!has_created) throw text.Damaged(last, "no creation date");
  if (m.version >= 2 && !has_checksum) throw text.Damaged(last, "no checksum (cut short)");
  return m;
}

std::string Manifest::Text() const {
  std::ostringstream out;
  out << kMagic << " " << kArchiveFormatVersion << "\n"
      << "language=" << language << "\n"
      << "shards=" << shards << "\n"
      << "created=" << created << "\n";
  if (marks_quotes_outside_body) out << "marks_quotes_outside_body=1\n";
  if (all_fields_terms) out << "all_fields_terms=1\n";
  if (nodes > 0) out << "node=" << node << "/" << nodes << "\n";
  std::string text = out.str();
  return text + "checksum=crc32:" + Crc32Hex(text) + "\n";
}

std::string NodeIdentity(const Manifest& m) {
  if (m.nodes == 0) return "";
  return "morgue-node format=" + std::to_string(m.version) + " node=" + std::to_string(m.node) +
         "/" + std::to_string(m.nodes) + " language=" + m.language +
         " all_fields_terms=" + (m.all_fields_terms ? "1" : "0") +
         " marks_quotes_outside_body=" + (m.marks_quotes_outside_body ? "1" : "0");
}

std::optional<Manifest> ParseNodeIdentity(std::string_view identity) {
  std::vector<std::string_view> words;
  for (size_t begin = 0; begin <= identity.size();) {
    size_t end = identity.find(' ', begin);
    if (end == std::string_view::npos) end = identity.size();
    words.push_back(identity.substr(begin, end - begin));
    begin = end + 1;
  }
  if (words.size() != 6 || words[0] != "morgue-node") return std::nullopt;
  auto field = [&](size_t i, std::string_view key) -> std::optional<std::string_view> {
    if (!words[i].starts_with(key) || words[i].size() < key.size() + 1 ||
        words[i][key.size()] != '=') {
      return std::nullopt;
    }
    return words[i].substr(key.size() + 1);
  };
  auto flag = [](std::optional<std::string_view> v) -> std::optional<bool> {
    if (v == "1") return true;
    if (v == "0") return false;
    return std::nullopt;
  };
  Manifest m;
  const auto format = field(1, "format"), node = field(2, "node"), language = field(3, "language");
  const auto all_fields = flag(field(4, "all_fields_terms"));
  const auto marks = flag(field(5, "marks_quotes_outside_body"));
  if (!format || !node || !language || !all_fields || !marks) return std::nullopt;
  const std::optional<uint64_t> version = ParseCount(*format, 1000000);
  const size_t slash = node->find('/');
  if (!version || slash == std::string_view::npos) return std::nullopt;
  const std::optional<uint64_t> k = ParseCount(node->substr(0, slash), kMaxNodes);
  const std::optional<uint64_t> n = ParseCount(node->substr(slash + 1), kMaxNodes);
  if (!k || !n || *k == 0 || *k > *n) return std::nullopt;
  m.version = static_cast<int>(*version);
  m.node = static_cast<unsigned>(*k);
  m.nodes = static_cast<unsigned>(*n);
  m.language = std::string(*language);
  m.all_fields_terms = *all_fields;
  m.marks_quotes_outside_body = *marks;
  return m;
}

void Manifest::Write(const std::string& dir) const {
  WriteFileAtomically((fs::path(dir) / kManifestName).string(), Text());
}

void FollowArchivePermissions(const std::string& root, const std::string& archive_dir) {
  std::error_code ec;
  const fs::perms mode = fs::status(archive_dir, ec).permissions() & fs::perms::mask;
  if (ec)
    throw Error(ErrorCode::kIO,
                "cannot read the permissions of " + archive_dir + ": " + ec.message());
  // No set-id or sticky bits on files (a setgid directory keeps its own).
  const fs::perms file_mode =
      mode & fs::perms::all &
      ~(fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec);
  auto apply = [&](const fs::path& p, fs::perms perms) {
    fs::permissions(p, perms, fs::perm_options::replace | fs::perm_options::nofollow, ec);
    if (ec)
      throw Error(ErrorCode::kIO,
                  "cannot set the permissions of " + p.string() + ": " + ec.message());
  };
  if (fs::is_symlink(root, ec)) return;
  apply(root, mode);
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::file_status st = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(st)) apply(it->path(), mode);
    else if (fs::is_regular_file(st)) apply(it->path(), file_mode);
  }
  if (ec) throw Error(ErrorCode::kIO, "cannot list " + root + ": " + ec.message());
}

}  // namespace morgue

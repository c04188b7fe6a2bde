#include "storage/cluster_manifest.h"

#include <filesystem>
#include <optional>

#include "morgue/error.h"
#include "storage/manifest.h"

namespace morgue {

namespace fs = std::filesystem;

namespace {

constexpr char kClusterMagic[] = "morgue-cluster";
constexpr int kClusterFormat = 1;
constexpr unsigned kMaxTimeoutMs = 86400000;

// A host name, address or path the node's shell reads as one plain word.
bool PlainWord(std::string_view word) {
  if (word.empty() || word.size() > 1024 || word[0] == '-') return false;
  for (char c : word) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-' || c == '/' || c == '+' || c == ',' ||
                    c == ':' || c == '@' || c == '%' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string RemoteNode::Address() const {
  if (kind == Kind::kTcp) return "tcp " + host + ":" + std::to_string(port);
  return "ssh " + host + " " + path;
}

RemoteNode ParseNodeAddress(std::string_view address) {
  auto bad = [&](const std::string& why) {
    return Error(ErrorCode::kInvalidArgument,
                 "node \"" + std::string(address) + "\": " + why +
                     " (a node is \"tcp HOST:PORT\" or \"ssh HOST PATH\")");
  };
  RemoteNode node;
  if (address.starts_with("tcp ")) {
    const std::string_view rest = address.substr(4);
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) throw bad("no port");
    const std::string_view host = rest.substr(0, colon);
    if (!PlainWord(host) || host.find('/') != std::string_view::npos) throw bad("a bad host");
    std::optional<uint64_t> port = ParseCount(rest.substr(colon + 1), 65535);
    if (!port || *port == 0) throw bad("the port must be 1 to 65535");
    node.kind = RemoteNode::Kind::kTcp;
    node.host = std::string(host);
    node.port = static_cast<unsigned>(*port);
    return node;
  }
  if (address.starts_with("ssh ")) {
    const std::string_view rest = address.substr(4);
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) throw bad("no path");
    const std::string_view host = rest.substr(0, space), path = rest.substr(space + 1);
    if (!PlainWord(host) || host.find('/') != std::string_view::npos) throw bad("a bad host");
    if (!PlainWord(path)) {
      throw bad("the path must be one word of letters, digits and . _ - / + , : @ % [ ]");
    }
    node.kind = RemoteNode::Kind::kSsh;
    node.host = std::string(host);
    node.path = std::string(path);
    return node;
  }
  throw bad("an unknown form");
}

bool ClusterManifest::IsCluster(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(fs::path(dir) / kClusterManifestName, ec));
}

ClusterManifest ClusterManifest::Read(const std::string& dir) {
  const std::string path = (fs::path(dir) / kClusterManifestName).string();
  std::optional<std::string> read = ReadManifestText(path, "cluster manifest");
  if (!read) {
    throw Error(ErrorCode::kNotAnArchive,
                dir + " is not a morgue cluster (no " + kClusterManifestName + " manifest)")
        .WithFile(dir);
  }
  const std::string& text = *read;
  auto damaged = [&](size_t line, const std::string& why) {
    return Error(ErrorCode::kCorruption, "cluster manifest " + path + " is damaged: line " +
                                             std::to_string(line) + ": " + why)
        .WithFile(path)
        .WithLine(line);
  };
  if (text.size() > kMaxManifestBytes) throw damaged(1, "longer than any cluster manifest");
  const size_t first_end = text.find('\n');
  const std::string_view first = std::string_view(text).substr(0, first_end);
  const std::string magic = std::string(kClusterMagic) + " ";
  if (!first.starts_with(magic)) throw damaged(1, "does not start with \"" + magic + "\"");
  if (first.substr(magic.size()) != std::to_string(kClusterFormat)) {
    throw Error(ErrorCode::kVersion,
                "cluster " + dir + " has format \"" + std::string(first.substr(magic.size())) +
                    "\"; this morgue reads format " + std::to_string(kClusterFormat))
        .WithFile(path);
  }
  if (text.back() != '\n') throw damaged(1, "cut short (no final line end)");
  ClusterManifest m;
  bool has_timeout = false, has_connect = false, has_checksum = false;
  size_t line_no = 1;
  for (size_t begin = first_end + 1; begin < text.size(); ++line_no) {
    const size_t end = text.find('\n', begin);
    const std::string_view line = std::string_view(text).substr(begin, end - begin);
    const size_t line_start = begin;
    begin = end + 1;
    const size_t n = line_no + 1;
    if (has_checksum) throw damaged(n, "text after the checksum");
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) throw damaged(n, "not key=value");
    const std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
    auto once = [&](bool& seen) {
      if (seen) throw damaged(n, std::string(key) + " given twice");
      seen = true;
    };
    auto timeout = [&](unsigned& out) {
      std::optional<uint64_t> ms = ParseCount(value, kMaxTimeoutMs);
      if (!ms || *ms == 0) throw damaged(n, std::string(key) + " must be 1 to 86400000 ms");
      out = static_cast<unsigned>(*ms);
    };
    if (key == "timeout") {
      once(has_timeout);
      timeout(m.timeout_ms);
    } else if (key == "connect_timeout") {
      once(has_connect);
      timeout(m.connect_timeout_ms);
    } else if (key == "node") {
      if (m.nodes.size() == kMaxNodes)
        throw damaged(n, "more than " + std::to_string(kMaxNodes) + " nodes");
      try {
        m.nodes.push_back(ParseNodeAddress(value));
      } catch (const Error& e) {
        throw damaged(n, e.what());
      }
    } else if (key == "checksum") {
      once(has_checksum);
      if (value != "crc32:" + Crc32Hex(std::string_view(text).substr(0, line_start))) {
        throw damaged(n, "checksum mismatch (the file was changed or cut)");
      }
    } else {
      throw damaged(n, "unknown key \"" + std::string(key) + "\"");
    }
  }
  if (m.nodes.empty()) throw damaged(line_no, "no node");
  if (!has_checksum) throw damaged(line_no, "no checksum (cut short)");
  return m;
}

std::string ClusterManifest::Text() const {
  std::string text = std::string(kClusterMagic) + " " + std::to_string(kClusterFormat) + "\n";
  text += "timeout=" + std::to_string(timeout_ms) + "\n";
  text += "connect_timeout=" + std::to_string(connect_timeout_ms) + "\n";
  for (const RemoteNode& node : nodes) text += "node=" + node.Address() + "\n";
  return text + "checksum=crc32:" + Crc32Hex(text) + "\n";
}

}  // namespace morgue

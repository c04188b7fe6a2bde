// Plain Xapian over an archive's shards (bench/xapian_peer.h).
#include "bench/xapian_peer.h"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <fstream>
#include <thread>

#include "morgue/error.h"

namespace morgue::bench {

namespace {

std::string PeerLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// place:Iran -> XLiran, as a Xapian user would write a filter prefix.
class PeerFilter : public Xapian::FieldProcessor {
 public:
  explicit PeerFilter(std::string prefix) : prefix_(std::move(prefix)) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(prefix_ + PeerLower(value));
  }

 private:
  std::string prefix_;
};

// "1987-03-05" / "19870305" / "1987-03" / "1987" -> digits only; "" when not a date.
std::string PeerDateDigits(const std::string& s) {
  std::string d;
  for (char c : s) {
    if (c == '-') continue;
    if (!std::isdigit(static_cast<unsigned char>(c))) return "";
    d += c;
  }
  return d.size() == 4 || d.size() == 6 || d.size() == 8 ? d : "";
}

// date:1987 -> Y1987, date:1987-03 -> M198703, date:1987-03-05 -> D19870305
// (Omega's date terms); date:A..B, ..B, A.. -> a range of slot 0 (YYYYMMDD).
class PeerDate : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    size_t dots = value.find("..");
    if (dots == std::string::npos) {
      std::string d = PeerDateDigits(value);
      if (d.empty()) throw Xapian::QueryParserError("bad date: " + value);
      const char* prefix = d.size() == 4 ? "Y" : d.size() == 6 ? "M" : "D";
      return Xapian::Query(prefix + d);
    }
    std::string from = value.substr(0, dots), to = value.substr(dots + 2);
    std::string lo = from.empty() ? "" : PeerDateDigits(from);
    std::string hi = to.empty() ? "" : PeerDateDigits(to);
    if ((!from.empty() && lo.empty()) || (!to.empty() && hi.empty()) || (lo.empty() && hi.empty()))
      throw Xapian::QueryParserError("bad date range: " + value);
    lo.resize(8, '0');                   // 1987-03 -> 19870300: below every day of March
    if (!hi.empty()) hi.resize(8, '9');  // 1987-03 -> 19870399: above every day of March
    if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, 0, hi);
    if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, 0, lo);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, lo, hi);
  }
};

unsigned ManifestShards(const std::string& dir) {
  std::ifstream in(std::filesystem::path(dir) / "MORGUE");
  if (!in) throw Error(ErrorCode::kNotAnArchive, dir + " holds no MORGUE manifest");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("shards=", 0) != 0) continue;
    const std::string digits = line.substr(7);
    if (digits.empty() || digits.size() > 2 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      break;
    unsigned n = static_cast<unsigned>(std::stoul(digits));
    if (n >= 1 && n <= 64) return n;
    break;
  }
  throw Error(ErrorCode::kCorruption, dir + "/MORGUE names no shard count (shards=1..64)");
}

// A cluster's nodes (docs/distributed.md, "The parts": the lines of
// MORGUE-CLUSTER) opened with Xapian's remote backend, as one database;
// false when `dir` is not a cluster.
bool OpenClusterNodes(const std::string& dir, Xapian::Database* db) {
  std::ifstream in(std::filesystem::path(dir) / "MORGUE-CLUSTER");
  if (!in) return false;
  unsigned timeout = 60000, connect_timeout = 10000;
  std::vector<std::string> nodes;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("timeout=", 0) == 0) timeout = static_cast<unsigned>(std::stoul(line.substr(8)));
    if (line.rfind("connect_timeout=", 0) == 0) {
      connect_timeout = static_cast<unsigned>(std::stoul(line.substr(16)));
    }
    if (line.rfind("node=", 0) == 0) nodes.push_back(line.substr(5));
  }
  for (const std::string& node : nodes) {
    if (node.rfind("tcp ", 0) == 0) {
      const size_t colon = node.rfind(':');
      db->add_database(
          Xapian::Remote::open(node.substr(4, colon - 4),
                               static_cast<unsigned>(std::stoul(node.substr(colon + 1))), timeout,
                               connect_timeout));
    } else if (node.rfind("ssh ", 0) == 0) {
      const size_t space = node.find(' ', 4);
      db->add_database(Xapian::Remote::open("ssh",
                                            "-o BatchMode=yes -- " + node.substr(4, space - 4) +
                                                " morgue node stdio " + node.substr(space + 1),
                                            timeout));
    } else {
      throw Error(ErrorCode::kCorruption, dir + "/MORGUE-CLUSTER lists a node of no known form");
    }
  }
  return true;
}

}  // namespace

struct XapianPeer::Impl {
  Xapian::Database db;
  Xapian::QueryParser parser;
  Xapian::doccount last_estimate = 0;
  uint64_t last_data_bytes = 0;
};

XapianPeer::XapianPeer(const std::string& archive_dir) : impl_(std::make_unique<Impl>()) {
  bool cluster = false;
  try {
    cluster = OpenClusterNodes(archive_dir, &impl_->db);
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::kIO, "plain Xapian cannot open the nodes of " + archive_dir + ": " +
                                    e.get_description());
  }
  if (!cluster) {
    const unsigned shards = ManifestShards(archive_dir);
    try {
      for (unsigned i = 0; i < shards; ++i) {
        impl_->db.add_database(Xapian::Database(
            (std::filesystem::path(archive_dir) / "xapian" / ("shard-" + std::to_string(i)))
                .string()));
      }
    } catch (const Xapian::Error& e) {
      throw Error(ErrorCode::kIO, "plain Xapian cannot open the shards of " + archive_dir + ": " +
                                      e.get_description());
    }
  }
  Xapian::QueryParser& qp = impl_->parser;
  qp.set_database(impl_->db);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.set_max_expansion(1000, Xapian::Query::WILDCARD_LIMIT_ERROR);
  for (const char* prefix : {"", "S", "XC"}) qp.add_prefix("", prefix);
  qp.add_prefix("headline", "S");
  qp.add_prefix("title", "S");
  qp.add_prefix("body", "");
  qp.add_prefix("quote", "XQ");
  qp.add_prefix("caption", "XC");
  const std::pair<const char*, const char*> filters[] = {{"person", "XP"},  {"org", "XO"},
                                                         {"place", "XL"},   {"topic", "XK"},
                                                         {"section", "XS"}, {"source", "XSRC"},
                                                         {"lang", "L"},     {"speaker", "XSPK"}};
  for (const auto& [field, prefix] : filters) {
    qp.add_boolean_prefix(field, (new PeerFilter(prefix))->release());
  }
  qp.add_boolean_prefix("date", (new PeerDate())->release());
}

XapianPeer::~XapianPeer() = default;

uint64_t XapianPeer::Search(const std::string& query, unsigned limit) {
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT |
                              Xapian::QueryParser::FLAG_PURE_NOT |
                              Xapian::QueryParser::FLAG_WILDCARD;
  try {
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(impl_->parser.parse_query(query, kFlags));
    Xapian::MSet mset = enquire.get_mset(Xapian::doccount{0}, Xapian::doccount{limit},
                                         Xapian::doccount{0});  // checkatleast 0: no exact count
    uint64_t hits = 0;
    impl_->last_data_bytes = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      impl_->last_data_bytes += it.get_document().get_data().size();
      ++hits;
    }
    impl_->last_estimate = mset.get_matches_estimated();
    return hits;
  } catch (const Xapian::QueryParserError& e) {
    throw Error(ErrorCode::kQuerySyntax,
                "plain Xapian cannot parse the query: " + e.get_description());
  } catch (const Xapian::WildcardError& e) {
    throw Error(ErrorCode::kLimit, "plain Xapian: " + e.get_description());
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::kIO, "plain Xapian: " + e.get_description());
  }
}

uint64_t XapianPeer::last_estimate() const { return impl_->last_estimate; }

uint64_t XapianPeer::last_data_bytes() const { return impl_->last_data_bytes; }

XapianBuild BuildXapianIndex(const std::vector<std::string>& paths, const ReadOptions& options,
                             const std::string& dir, unsigned threads) {
  if (threads == 0) throw Error(ErrorCode::kInvalidArgument, "threads must be at least 1");
  XapianBuild build;
  std::vector<Article> articles;
  for (const std::string& path : paths) {
    ReadPath(
        path, options, [&](Article&& a) { articles.push_back(std::move(a)); },
        [&](const ReadIssue& issue) {
          if (issue.skipped) ++build.skipped;
        });
  }
  std::vector<std::string> failures(threads);
  std::vector<std::exception_ptr> thrown(threads);  // anything but a Xapian error
  std::vector<uint64_t> rows(threads);
  auto write = [&](unsigned t) {
    try {
      const std::string path = (std::filesystem::path(dir) / ("db-" + std::to_string(t))).string();
      Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
      Xapian::TermGenerator terms;
      for (size_t i = t; i < articles.size(); i += threads) {
        const Article& a = articles[i];
        Xapian::Document doc;
        terms.set_document(doc);
        terms.index_text(a.headline, 1, "S");
        for (const std::string& paragraph : a.body) {
          terms.increase_termpos();
          terms.index_text(paragraph);
        }
        doc.set_data(a.id);
        db.add_document(doc);
      }
      db.commit();
      rows[t] = db.get_doccount();
    } catch (const Xapian::Error& e) {
      failures[t] = e.get_description();
    } catch (...) {
      thrown[t] = std::current_exception();
    }
  };
  {
    // Joined however this scope ends (a thread that cannot start throws).
    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < threads; ++t) workers.emplace_back(write, t);
    write(0);
  }
  for (unsigned t = 0; t < threads; ++t) {
    if (thrown[t]) std::rethrow_exception(thrown[t]);
    if (!failures[t].empty()) {
      throw Error(ErrorCode::kIO, "plain Xapian could not index into " + dir + ": " + failures[t]);
    }
    build.rows += rows[t];
  }
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) build.bytes += e.file_size(ec);
  }
  return build;
}

}  // namespace morgue::bench

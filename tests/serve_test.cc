// morgue serve, end to end: the real binary serves an archive of the bundled
// sample on a free port; every endpoint's body is compared with what the
// CLI prints with --format json (the oracle: the same archive, the command
// line), every error and the abuse cases are sent, and the server must
// still answer afterwards.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <tuple>
#include <utility>

#include "test_util.h"

namespace morgue::test {
namespace {

using nlohmann::json;

// `morgue serve` in a child process on a port the system chose; stopped
// (SIGTERM) when destroyed, which must end it cleanly.
class ServerProcess {
 public:
  ServerProcess(const std::string& archive, std::vector<std::string> extra = {}) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    std::vector<std::string> args = {MORGUE_BINARY, "serve", "--archive", archive, "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    std::string line;
    char c = 0;
    while (::read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(fds[0]);
    banner_ = line;
    const size_t colon = line.rfind(':');
    if (colon != std::string::npos) port_ = std::atoi(line.c_str() + colon + 1);
  }
  ~ServerProcess() { EXPECT_EQ(Stop(), 0); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Stops the server; its exit code (-1 when it had died of a signal).
  int Stop() {
    if (pid_ <= 0) return exit_code_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }
  bool Alive() const {
    return pid_ > 0 && ::kill(pid_, 0) == 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0;
  }
  int port() const { return port_; }
  const std::string& banner() const { return banner_; }
  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(30, 0);
    return client;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
  std::string banner_;
};

// Sends `bytes` on a fresh connection and returns what the server answers:
// everything until it closes or pauses 300 ms after answering, or nothing
// when `wait` passes without an answer.
std::string RawExchange(int port, const std::string& bytes,
                        std::chrono::seconds wait = std::chrono::seconds(10)) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  timeval tv{static_cast<time_t>(wait.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  (void)!::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) {
    out.append(buf, static_cast<size_t>(n));
    // Once the answer has begun, the rest comes at once: stop waiting when it pauses.
    timeval pause{0, 300000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &pause, sizeof pause);
  }
  ::close(fd);
  return out;
}

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    archive_ = *dir_ / "sample.morgue";
    auto r = RunMorgue("index --archive " + Quote(archive_) + " " + Quote(SampleCorpusDir()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = RunMorgue("queries save oilish 'oil OR crude' --archive " + Quote(archive_));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The queries side by side of /histogram and /facets?queries=...
    queries_file_ = *dir_ / "queries.tsv";
    std::ofstream(queries_file_, std::ios::binary) << kQueries;
    server_ = new ServerProcess(archive_);
    ASSERT_GT(server_->port(), 0) << server_->banner();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  // GET `path`: status and body.
  static std::pair<int, std::string> Get(const std::string& path) {
    auto res = server_->Client().Get(path);
    if (!res) return {-1, httplib::to_string(res.error())};
    return {res->status, res->body};
  }
  // The CLI's stdout for `args` (which must succeed).
  static std::string Cli(const std::string& args) {
    auto r = RunMorgue(args);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    return r.out;
  }
  static json Error(const std::string& body) {
    json j = json::parse(body, nullptr, false);
    EXPECT_TRUE(j.is_object() && j.contains("error")) << body;
    return j.is_object() && j.contains("error") ? j["error"] : json();
  }

  static TempDir* dir_;
  static std::string archive_;
  static ServerProcess* server_;
  static std::string queries_file_;
  static constexpr const char* kQueries = "oil\toil\nministers\tminister OR @oilish\n";
};

TempDir* ServeTest::dir_ = nullptr;
std::string ServeTest::archive_;
ServerProcess* ServeTest::server_ = nullptr;
std::string ServeTest::queries_file_;

TEST_F(ServeTest, ListensOnLoopbackByDefault) {
  EXPECT_NE(server_->banner().find("http://127.0.0.1:"), std::string::npos) << server_->banner();
}

// SIGTERM sent the moment the banner is read still stops the server. Before,
// a signal between the banner and the start of httplib's listen loop was
// lost (stop() stops only a running server) and the server ran on: a
// fixture stopping it at once hung until ctest's timeout, now and then.
TEST_F(ServeTest, StopsOnASignalSentAsSoonAsItListens) {
  for (int round = 0; round < 10; ++round) {
    ServerProcess quick(archive_);
    ASSERT_GT(quick.port(), 0) << quick.banner();
    EXPECT_EQ(quick.Stop(), 0) << "round " << round;
  }
}

// Every endpoint answers what the matching command prints with --format json, byte for byte.
TEST_F(ServeTest, BodiesAreTheCommandsJson) {
  const std::string a = "--archive " + Quote(archive_) + " --format json ";
  const auto enc = [](const std::string& v) { return httplib::detail::encode_query_param(v); };
  struct Case {
    std::string path, cli;
  };
  const std::vector<Case> cases = {
      {"/search?query=oil", "search " + a + "oil"},
      {"/search?query=oil%20OR%20minister&limit=3&offset=1&sort=newest",
       "search " + a + "--limit 3 --offset 1 --sort newest 'oil OR minister'"},
      {"/search?query=oil&explain=1&collapse=true", "search " + a + "--explain --collapse oil"},
      {"/search?query=oil&sort=random&seed=7&limit=3",
       "search " + a + "--sort random --seed 7 --limit 3 oil"},
      {"/search?query=minister&from=1987&to=2030-12-31",
       "search " + a + "--from 1987 --to 2030-12-31 minister"},
      {"/facets?by=place", "facets " + a + "--by place"},
      {"/facets?query=oil&by=person&top=2", "facets " + a + "--by person --top 2 oil"},
      {"/histogram?query=oil&by=week", "histogram " + a + "--by week oil"},
      {"/histogram", "histogram " + a},
      {"/stats", "stats " + a},
      {"/stats?top=3", "stats " + a + "--top 3"},
      {"/terms?query=oil&top=5&min-count=1", "terms " + a + "--top 5 --min-count 1 oil"},
      {"/terms?kind=words&by=month&top=3&min-count=1&no-collapse=1&field=headline",
       "terms " + a +
           "--kind words --by month --top 3 --min-count 1 --no-collapse --field headline"},
      {"/terms?query=@oilish&kind=phrases&sample-size=2&seed=9&min-count=1",
       "terms " + a + "--kind phrases --sample-size 2 --seed 9 --min-count 1 @oilish"},
      {"/terms?query=oil&top=0&min-count=1&phrase-match-limit=0&archive-sample=3",
       "terms " + a + "--top 0 --min-count 1 --phrase-match-limit 0 --archive-sample 3 oil"},
      {"/queries", "queries list " + a},
      {"/histogram?by=year&queries=" + enc(kQueries),
       "histogram " + a + "--by year --queries " + Quote(queries_file_)},
      {"/histogram?query=crude&by=year&queries=" + enc(kQueries),
       "histogram " + a + "--by year crude --queries " + Quote(queries_file_)},
      {"/histogram?query=oil&by=year&split=source&split-top=1",
       "histogram " + a + "--by year --split source --split-top 1 oil"},
      {"/facets?by=place&top=3&queries=" + enc(kQueries),
       "facets " + a + "--by place --top 3 --queries " + Quote(queries_file_)},
  };
  for (const auto& c : cases) {
    auto [status, body] = Get(c.path);
    EXPECT_EQ(status, 200) << c.path << ": " << body;
    EXPECT_EQ(body, Cli(c.cli)) << c.path;
  }
  // Estimated archive counts say so over HTTP as on the command line.
  json estimated = json::parse(
      Get("/terms?query=oil&top=0&min-count=1&phrase-match-limit=0&archive-sample=3").second);
  ASSERT_TRUE(estimated["archive_sample"].is_object()) << estimated;
  EXPECT_GE(estimated["archive_sample"]["articles"].get<uint64_t>(), 3u);
  bool any_estimated = false;
  for (const auto& t : estimated["terms"]) any_estimated |= t["in_archive_estimated"].get<bool>();
  EXPECT_TRUE(any_estimated) << estimated;
  // An article and the articles like it, by an id the search found.
  json hits = json::parse(Get("/search?query=oil").second)["hits"];
  ASSERT_FALSE(hits.empty());
  const std::string id =
      hits[0]["source"].get<std::string>() + "/" + hits[0]["id"].get<std::string>();
  auto [status, body] = Get("/articles/" + id);
  EXPECT_EQ(status, 200) << body;
  EXPECT_EQ(body, Cli("show " + a + Quote(id)));
  std::tie(status, body) = Get("/similar/" + id + "?limit=3");
  EXPECT_EQ(status, 200) << body;
  EXPECT_EQ(body, Cli("similar " + a + "--limit 3 " + Quote(id)));
}

TEST_F(ServeTest, CountMatchesTheCommand) {
  for (const std::string q : {"oil", "minister OR oil", "nosuchwordanywhere", "@oilish"}) {
    auto [status, body] = Get("/count?query=" + httplib::detail::encode_query_param(q));
    ASSERT_EQ(status, 200) << body;
    const uint64_t expected =
        std::stoull(Cli("count --archive " + Quote(archive_) + " " + Quote(q)));
    EXPECT_EQ(json::parse(body)["total"].get<uint64_t>(), expected) << q;
  }
  auto [status, body] = Get("/count?query=oil&collapse=1");
  ASSERT_EQ(status, 200);
  const std::string line = Cli("count --collapse --archive " + Quote(archive_) + " oil");
  const json j = json::parse(body);
  EXPECT_EQ(line, std::to_string(j["total"].get<uint64_t>()) + " matching article" +
                      (j["total"] == 1 ? "" : "s") + " in " +
                      std::to_string(j["groups"].get<uint64_t>()) + " group" +
                      (j["groups"] == 1 ? "" : "s") + "\n");
}

TEST_F(ServeTest, ExportStreamsWhatTheCommandWrites) {
  for (const std::string format : {"jsonl", "csv"}) {
    auto res = server_->Client().Get("/export?format=" + format + "&sort=oldest");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
    EXPECT_EQ(res->body,
              Cli("export --archive " + Quote(archive_) + " --sort oldest --format " + format));
    EXPECT_FALSE(res->body.empty());
  }
  auto res = server_->Client().Get("/export?query=oil");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, Cli("export --archive " + Quote(archive_) + " oil"));
  EXPECT_EQ(res->get_header_value("X-Morgue-Total"),
            Cli("count --archive " + Quote(archive_) + " oil")
                .substr(0, res->get_header_value("X-Morgue-Total").size()));
}

TEST_F(ServeTest, KwicStreamsWhatTheCommandWrites) {
  for (const std::string format : {"jsonl", "csv"}) {
    auto res = server_->Client().Get("/kwic?query=oil%20OR%20minister&width=20&format=" + format);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
    EXPECT_EQ(res->body, Cli("kwic --archive " + Quote(archive_) + " --width 20 --format " +
                             format + " 'oil OR minister'"));
    EXPECT_GT(std::count(res->body.begin(), res->body.end(), '\n'), 2);
    EXPECT_EQ(res->get_header_value("X-Morgue-Total") + "\n",
              Cli("count --archive " + Quote(archive_) + " 'oil OR minister'"));
  }
  auto res = server_->Client().Get("/kwic?query=@oilish&sort=newest");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body,
            Cli("kwic --archive " + Quote(archive_) + " --sort newest --format jsonl @oilish"));
}

TEST_F(ServeTest, MultiSearchAnswersAsTheSingleRequests) {
  const json body = {
      {"requests",
       {{{"path", "/search"}, {"params", {{"query", "oil"}, {"limit", 2}}}},
        {{"path", "/histogram"}, {"params", {{"query", "minister"}, {"by", "month"}}}},
        {{"path", "/count"}, {"params", {{"query", "oil ("}}}},
        {{"path", "/facets"}, {"params", {{"by", "topic"}}}}}}};
  auto res = server_->Client().Post("/msearch", body.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json answers = json::parse(res->body)["responses"];
  ASSERT_EQ(answers.size(), 4U);
  EXPECT_EQ(answers[0]["status"], 200);
  EXPECT_EQ(answers[0]["body"], json::parse(Get("/search?query=oil&limit=2").second));
  EXPECT_EQ(answers[1]["body"], json::parse(Get("/histogram?query=minister&by=month").second));
  EXPECT_EQ(answers[2]["status"], 400);
  EXPECT_EQ(answers[2]["body"]["error"]["code"], "query syntax");
  EXPECT_EQ(answers[3]["body"], json::parse(Get("/facets?by=topic").second));
}

// Found by the review: /msearch took any id (a NUL, 60 KB echoed back) that
// GET /articles/{id} refuses, and its messages did not name the problem.
TEST_F(ServeTest, MultiSearchChecksAsGetDoesAndSaysWhy) {
  auto client = server_->Client();
  auto post = [&](const std::string& body) {
    auto res = client.Post("/msearch", body, "application/json");
    EXPECT_TRUE(res);
    return res ? std::make_pair(res->status, res->body) : std::make_pair(0, std::string());
  };
  for (const std::string& path :
       std::vector<std::string>{"/articles/a\\u0000b", "/similar/a\\u0000b",
                                "/articles/" + std::string(5000, 'a')}) {
    const auto [status, body] = post("{\"requests\": [{\"path\": \"" + path + "\"}]}");
    EXPECT_EQ(status, 400) << path.substr(0, 40) << ": " << body.substr(0, 200);
    EXPECT_NE(Error(body)["message"].get<std::string>().find("article id"), std::string::npos);
    EXPECT_LT(body.size(), 1000U);  // the id is not echoed back
  }
  auto [status, body] =
      post("{\"requests\": [{\"path\": \"/search\", \"params\": {\"limit\": -1}}]}");
  EXPECT_EQ(status, 400);
  EXPECT_NE(Error(body)["message"].get<std::string>().find("whole number"), std::string::npos)
      << body;
  std::tie(status, body) = post("{\"requests\": [");
  EXPECT_EQ(status, 400);
  EXPECT_EQ(Error(body)["message"], "the body is not JSON");
  // The server's own limits say which limit.
  const std::string too_big =
      RawExchange(server_->port(),
                  "POST /msearch HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: " +
                      std::to_string(2 << 20) + "\r\n\r\n" + std::string(2 << 20, ' '));
  EXPECT_NE(too_big.find(" 413 "), std::string::npos) << too_big.substr(0, 100);
  EXPECT_NE(too_big.find("larger than 1 MiB"), std::string::npos) << too_big;
  const std::string too_long =
      RawExchange(server_->port(), "GET /search?query=" + std::string(9000, 'a') +
                                       " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(too_long.find("\"limit exceeded\""), std::string::npos) << too_long;
}

TEST_F(ServeTest, ErrorsAreJsonWithCodeAndStatus) {
  struct Case {
    std::string path;
    int status;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"/search?query=oil%20(", 400, "query syntax"},
      {"/search?query=oil&limti=3", 400, "invalid argument"},
      {"/search?query=oil&limit=-1", 400, "invalid argument"},
      {"/search?query=oil&limit=1e3", 400, "invalid argument"},
      {"/search?query=oil&limit=1001", 400, "limit exceeded"},
      {"/search?query=oil&offset=99999999999999999999999", 400, "invalid argument"},
      {"/search?query=oil&query=gas", 400, "invalid argument"},
      {"/search?query=oil&sort=sideways", 400, "invalid argument"},
      {"/search?query=oil&sort=random", 400, "invalid argument"},
      {"/search?query=oil&seed=3", 400, "invalid argument"},
      {"/search?query=oil&sort=random&seed=-3", 400, "invalid argument"},
      {"/export?query=oil&sort=random", 400, "invalid argument"},
      {"/search?query=oil&default-op=xor", 400, "invalid argument"},
      {"/search?query=oil&from=1987-13", 400, "query syntax"},
      {"/search?query=oil&collapse=maybe", 400, "invalid argument"},
      {"/search?query=%FF%FE", 400, "invalid argument"},
      {"/search?query=%C0%AF", 400, "invalid argument"},     // an overlong /
      {"/search?query=%ED%A0%80", 400, "invalid argument"},  // a surrogate
      {"/search?query=a%00b", 400, "invalid argument"},
      {"/search?query=" + std::string(5000, 'a'), 400, "limit exceeded"},
      {"/facets?query=oil", 400, "invalid argument"},
      {"/facets?by=colour", 400, "invalid argument"},
      {"/histogram?by=fortnight", 400, "invalid argument"},
      {"/export?format=xml", 400, "invalid argument"},
      {"/export?query=oil%20(", 400, "query syntax"},
      {"/articles/no-such-article", 404, "not found"},
      {"/articles/..%2F..%2F..%2Fetc%2Fpasswd", 404, "not found"},
      {"/similar/no-such-article", 404, "not found"},
      {"/kwic", 400, "invalid argument"},
      {"/kwic?query=oil&width=0", 400, "invalid argument"},
      {"/kwic?query=oil&width=10001", 400, "limit exceeded"},
      {"/kwic?query=oil%20(", 400, "query syntax"},
      {"/kwic?query=oil&format=xml", 400, "invalid argument"},
      {"/terms?kind=sentences", 400, "invalid argument"},
      {"/terms?field=footer", 400, "invalid argument"},
      {"/terms?sample-size=100001", 400, "limit exceeded"},
      {"/terms?phrase-match-limit=1000001", 400, "limit exceeded"},
      {"/terms?archive-sample=0", 400, "invalid argument"},
      {"/terms?query=@nosuchquery", 400, "query syntax"},
      {"/histogram?split=person", 400, "invalid argument"},
      {"/histogram?split-top=3", 400, "invalid argument"},
      {"/histogram?split=source&split-top=0", 400, "invalid argument"},
      {"/histogram?split=source&queries=a%09oil", 400, "invalid argument"},
      {"/histogram?queries=no%20tab%20here", 400, "invalid argument"},
      {"/histogram?queries=a%09oil%0Aa%09gas", 400, "invalid argument"},
      {"/histogram?queries=a%09oil%20(", 400, "query syntax"},
      {"/facets?by=place&queries=%20%0A", 400, "invalid argument"},
      {"/queries?name=oilish", 400, "invalid argument"},
      {"/no-such-endpoint", 404, "not found"},
      {"/../../etc/passwd", 404, "not found"},
  };
  for (const auto& c : cases) {
    auto [status, body] = Get(c.path);
    EXPECT_EQ(status, c.status) << c.path.substr(0, 100) << ": " << body;
    EXPECT_EQ(Error(body)["code"], c.code) << c.path.substr(0, 100) << ": " << body;
    EXPECT_FALSE(Error(body)["message"].get<std::string>().empty());
  }
  // A syntax error says where: the unclosed "(" of "oil (" is byte 4.
  EXPECT_EQ(Error(Get("/search?query=oil%20(").second)["position"], 4);
  EXPECT_TRUE(Error(Get("/search?query=oil&limit=1001").second)["position"].is_null());
  // Read-only: nothing but GET (and POST /msearch) is answered.
  auto client = server_->Client();
  std::vector<httplib::Result> writes;
  writes.push_back(client.Post("/search?query=oil", "", "text/plain"));
  writes.push_back(client.Put("/articles/x", "{}", "application/json"));
  writes.push_back(client.Delete("/articles/x"));
  for (const auto& res : writes) {
    ASSERT_TRUE(res);
    EXPECT_GE(res->status, 400);
    EXPECT_LT(res->status, 500);
  }
  // /msearch refuses what is not its body.
  for (const std::string& bad : std::vector<std::string>{
           "", "[", "{}", "{\"requests\": 3}", "{\"requests\": [{\"path\": \"/export\"}]}",
           "{\"requests\": [{\"path\": \"/search\", \"params\": {\"query\": [1]}}]}",
           std::string("{\"requests\": [], \"x\": \"\xff\"}"),
           std::string(30000, '[') + std::string(30000, ']'),  // deep nesting
           "{\"requests\": [{\"path\": \"/search/../../etc/passwd\"}]}"}) {
    auto res = client.Post("/msearch", bad, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad << ": " << res->body;
    Error(res->body);
  }
  json many = {{"requests", json::array()}};
  for (int i = 0; i < 11; ++i) many["requests"].push_back({{"path", "/stats"}});
  auto res = client.Post("/msearch", many.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Error(res->body)["code"], "limit exceeded");
}

// The page and its two files come from the binary, with a policy that
// forbids anything from elsewhere.
TEST_F(ServeTest, ServesTheSearchPage) {
  auto res = server_->Client().Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(res->body.find("<script src=\"/app.js\""), std::string::npos);
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);
  EXPECT_EQ(res->body.find("http://"), std::string::npos);
  EXPECT_EQ(res->body.find("https://"), std::string::npos);
  for (const std::string path : {"/app.js", "/style.css"}) {
    auto asset = server_->Client().Get(path);
    ASSERT_TRUE(asset);
    EXPECT_EQ(asset->status, 200);
    EXPECT_GT(asset->body.size(), 1000U);
  }
}

// Slow, broken and oversized requests: answered (or dropped) without harm,
// and the server goes on answering others at once.
TEST_F(ServeTest, SurvivesAbuse) {
  // Slow clients: half-sent requests do not pin workers, and the server
  // answers them 400 after its read timeout (5 s), not when they choose.
  std::vector<std::thread> slow;
  std::atomic<int> dropped_in_time{0};
  for (int i = 0; i < 8; ++i) {
    slow.emplace_back([&dropped_in_time] {
      const auto began = std::chrono::steady_clock::now();
      const std::string answer =
          RawExchange(server_->port(), "GET /search?query=oil HTTP/1.1\r\nHost: x\r\n",
                      std::chrono::seconds(20));
      if (answer.rfind("HTTP/1.1 400 ", 0) == 0 &&
          std::chrono::steady_clock::now() - began < std::chrono::seconds(8)) {
        ++dropped_in_time;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Get("/count?query=oil").first, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // Garbage, an enormous URI, huge headers, a body larger than allowed.
  EXPECT_EQ(RawExchange(server_->port(),
                        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) +
                            "\r\n\r\n")
                .find("200 OK"),
            std::string::npos);
  EXPECT_NE(RawExchange(server_->port(), "GET /search?query=" + std::string(20000, 'a') +
                                             " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .find(" 414 "),
            std::string::npos);
  EXPECT_EQ(RawExchange(server_->port(),
                        "GET / HTTP/1.1\r\nX: " + std::string(20000, 'b') + "\r\n\r\n")
                .find("200 OK"),
            std::string::npos);
  EXPECT_EQ(RawExchange(server_->port(),
                        "POST /msearch HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n{")
                .find("200 OK"),
            std::string::npos);
  // Stray percent signs are taken as they are (cpp-httplib decodes leniently): a query like
  // another.
  const std::string stray =
      RawExchange(server_->port(),
                  "GET /search?query=%%%%%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(stray.find("200 OK") != std::string::npos || stray.find(" 400 ") != std::string::npos)
      << stray;
  EXPECT_EQ(RawExchange(server_->port(),
                        "GET /articles/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .find("200 OK"),
            std::string::npos);
  // Non-Latin and odd but valid text is a query like another.
  EXPECT_EQ(Get("/search?query=" +
                httplib::detail::encode_query_param("日本 OR Ölpreis OR \xF0\x9F\x98\x80"))
                .first,
            200);
  for (auto& t : slow) t.join();
  EXPECT_EQ(dropped_in_time.load(), 8);
  EXPECT_TRUE(server_->Alive());
  EXPECT_EQ(Get("/count?query=oil").first, 200);
}

// More requests than workers and queue: the rest are told 503 at once, never anything else.
TEST_F(ServeTest, BusyServerAnswers503) {
  ServerProcess busy(archive_, {"--workers", "1", "--queue", "0"});
  ASSERT_GT(busy.port(), 0);
  std::atomic<int> ok{0}, unavailable{0}, other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back([&] {
      auto client = busy.Client();
      for (int k = 0; k < 15; ++k) {
        auto res = client.Get("/facets?by=person&query=oil%20OR%20minister%20OR%20rates");
        if (res && res->status == 200) ++ok;
        else if (res && res->status == 503 && res->get_header_value("Retry-After") == "1")
          ++unavailable;
        else ++other;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_GT(ok.load(), 0);
  EXPECT_GT(unavailable.load(), 0);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(busy.Stop(), 0);
}

// Articles that `morgue index` commits while the server runs are found within a second or so.
TEST_F(ServeTest, SeesArticlesIndexedMeanwhile) {
  TempDir tmp;
  const std::string archive = tmp / "live.morgue";
  ASSERT_EQ(
      RunMorgue("index --archive " + Quote(archive) + " " + Quote(SampleCorpusDir())).exit_code, 0);
  ServerProcess live(archive);
  ASSERT_GT(live.port(), 0);
  auto count = [&] {
    auto res = live.Client().Get("/count?query=zyxwvutsrq");
    return res && res->status == 200 ? json::parse(res->body)["total"].get<int>() : -1;
  };
  EXPECT_EQ(count(), 0);
  {
    std::FILE* f = std::fopen((tmp / "new.jsonl").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("{\"id\": \"live-1\", \"source\": \"test\", \"headline\": \"zyxwvutsrq arrives\", "
               "\"body\": \"A zyxwvutsrq.\"}\n",
               f);
    std::fclose(f);
  }
  ASSERT_EQ(
      RunMorgue("index --archive " + Quote(archive) + " " + Quote(tmp / "new.jsonl")).exit_code, 0);
  const auto committed = std::chrono::steady_clock::now();
  while (count() != 1 && std::chrono::steady_clock::now() - committed < std::chrono::seconds(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto waited = std::chrono::steady_clock::now() - committed;
  EXPECT_EQ(count(), 1);
  EXPECT_LT(waited, std::chrono::milliseconds(1500));
  auto res = live.Client().Get("/articles/test/live-1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

}  // namespace
}  // namespace morgue::test

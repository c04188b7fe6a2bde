// A morgue archive follows Xapian Omega's conventions, so Xapian's own tools
// can inspect it: xapian-delve finds an article by its unique Q term and shows
// its headline (S) terms and Omega date terms.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "test_util.h"

namespace morgue {
namespace {

using test::Quote;

std::string Capture(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  return out;
}

TEST(XapianToolsTest, DelveReadsAnArchive) {
  if (Capture("command -v xapian-delve").empty()) {
    GTEST_SKIP() << "xapian-delve is not installed (package xapian-tools, see scripts/setup)";
  }
  test::TempDir dir;
  std::string archive = dir / "a.morgue";
  auto index = test::RunMorgue("index --archive " + Quote(archive) + " " +
                               Quote(test::SampleCorpusDir() + "/text"));
  ASSERT_EQ(index.exit_code, 0) << index.err;
  // The shards together, as Xapian combines them: docids are morgue's own.
  std::string shards =
      Quote(archive + "/xapian/shard-0") + " " + Quote(archive + "/xapian/shard-1");

  std::string posting =
      Capture("xapian-delve -t Qtext/2023-03-14-nairobi-grain-prices " + shards + " 2>&1");
  size_t colon = posting.rfind(": ");
  ASSERT_NE(colon, std::string::npos) << posting;
  std::string docid = posting.substr(colon + 2);
  while (!docid.empty() && (docid.back() == '\n' || docid.back() == ' ')) docid.pop_back();
  ASSERT_FALSE(docid.empty());
  EXPECT_NE(posting.find("termfreq 1"), std::string::npos) << posting;

  std::string terms = Capture("xapian-delve -r " + docid + " " + shards + " 2>&1");
  for (const char* term : {" Snairobi ", " Sgrain ", " D20230314 ", " M202303 ", " Y2023 ",
                           " XLkenya ", " XSRCtext ", " grain "}) {
    EXPECT_NE(terms.find(term), std::string::npos) << term << " in " << terms;
  }
  // The day value slot, 8 characters, as DateRangeProcessor-style tools expect.
  std::string values = Capture("xapian-delve -V0 -r " + docid + " " + shards + " 2>&1");
  EXPECT_NE(values.find("20230314"), std::string::npos) << values;
}

}  // namespace
}  // namespace morgue

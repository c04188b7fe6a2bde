// The subcommands of `morgue bench` (cli/cmd_bench.cc dispatches to them):
// option parsing and output; the benchmarks themselves are in bench/.
#ifndef MORGUE_CLI_CMD_BENCH_H_
#define MORGUE_CLI_CMD_BENCH_H_

#include <string>
#include <vector>

namespace morgue::cli {

// morgue bench index: indexes a corpus into a fresh archive, reports speed,
// peak memory and archive size. Returns an exit code; throws UsageError,
// boost::program_options errors and morgue::Error as every command does.
int BenchIndexCommand(const std::vector<std::string>& args);

// morgue bench query: warm query latency per class on an archive.
int BenchQueryCommand(const std::vector<std::string>& args);

// morgue bench generate: writes a synthetic JSON Lines corpus.
int BenchGenerateCommand(const std::vector<std::string>& args);

}  // namespace morgue::cli

#endif  // MORGUE_CLI_CMD_BENCH_H_

// What `morgue bench` records beside its measurements so that results can be
// compared over time: the machine, the build, the load, the peak memory; and
// the small statistics helpers its reports use.
#ifndef MORGUE_BENCH_REPORT_H_
#define MORGUE_BENCH_REPORT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace morgue::bench {

// The machine a benchmark ran on, read from /proc (fields stay empty / 0 where
// /proc is unavailable). Never throws (other than std::bad_alloc).
struct MachineInfo {
  unsigned cpus = 0;          // std::thread::hardware_concurrency()
  uint64_t memory_bytes = 0;  // MemTotal
  std::string cpu_model;      // "model name" of the first CPU
  std::string load_average;   // the first three fields of /proc/loadavg
};
MachineInfo ReadMachineInfo();

// {"morgue_version", "build": {optimized, ndebug, compiler}, "machine": {...},
// "load_average", "time_utc"} for the JSON reports. Never throws (other than
// std::bad_alloc).
nlohmann::json EnvironmentJson();

// One line for the text reports: "morgue 0.1.0 (optimised), 2 CPUs (model),
// 23.5 GiB, load 1.02 0.80 0.75". Never throws (other than std::bad_alloc).
std::string EnvironmentLine();

// The peak resident set size of this process so far (getrusage ru_maxrss),
// in bytes; 0 when unavailable. Never throws.
uint64_t PeakRssBytes();

// The `p`-th percentile (0..100, nearest rank) of `values`, which this sorts;
// 0 for an empty vector. Never throws.
double Percentile(std::vector<double>& values, double p);

// The median of `values` (sorted by this call); 0 for an empty vector.
double Median(std::vector<double> values);

}  // namespace morgue::bench

#endif  // MORGUE_BENCH_REPORT_H_

// Machine, build and memory facts for `morgue bench` (bench/report.h).
#include "bench/report.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

namespace morgue::bench {

namespace {

// The value after "key" and ':' on the first line of `path` starting with key.
std::string ProcField(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size(), key) != 0) continue;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? "" : line.substr(start);
  }
  return "";
}

bool Optimized() {
#ifdef __OPTIMIZE__
  return true;
#else
  return false;
#endif
}

bool NoDebugAsserts() {
#ifdef NDEBUG
  return true;
#else
  return false;
#endif
}

}  // namespace

MachineInfo ReadMachineInfo() {
  MachineInfo m;
  m.cpus = std::thread::hardware_concurrency();
  m.cpu_model = ProcField("/proc/cpuinfo", "model name");
  std::string mem = ProcField("/proc/meminfo", "MemTotal");  // "24684300 kB"
  if (!mem.empty()) m.memory_bytes = std::strtoull(mem.c_str(), nullptr, 10) * 1024;
  std::ifstream load("/proc/loadavg");
  std::string a, b, c;
  if (load >> a >> b >> c) m.load_average = a + " " + b + " " + c;
  return m;
}

nlohmann::json EnvironmentJson() {
  MachineInfo m = ReadMachineInfo();
  char when[32] = "";
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  if (gmtime_r(&now, &tm)) std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return {{"morgue_version", MORGUE_VERSION},
          {"build",
           {{"optimized", Optimized()}, {"ndebug", NoDebugAsserts()}, {"compiler", __VERSION__}}},
          {"machine",
           {{"cpus", m.cpus}, {"memory_bytes", m.memory_bytes}, {"cpu_model", m.cpu_model}}},
          {"load_average", m.load_average},
          {"time_utc", when}};
}

std::string EnvironmentLine() {
  MachineInfo m = ReadMachineInfo();
  std::ostringstream out;
  out << "morgue " << MORGUE_VERSION << (Optimized() ? " (optimised" : " (unoptimised")
      << (NoDebugAsserts() ? ")" : ", assertions on)") << ", " << m.cpus << " CPUs";
  if (!m.cpu_model.empty()) out << " (" << m.cpu_model << ")";
  char mem[32];
  std::snprintf(mem, sizeof mem, "%.1f GiB", m.memory_bytes / double(1u << 30));
  out << ", " << mem << ", load " << m.load_average;
  return out.str();
}

uint64_t PeakRssBytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;  // Linux: kilobytes
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  double rank = std::ceil(p / 100.0 * static_cast<double>(values.size()));
  size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return values[std::min(index, values.size() - 1)];
}

double Median(std::vector<double> values) { return Percentile(values, 50); }

}  // namespace morgue::bench

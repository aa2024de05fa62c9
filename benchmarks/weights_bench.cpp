// scan_weights on a PyTorch-like zip checkpoint: stored tensor members of random-looking bytes and
// an archive/data.pkl of a few thousand _rebuild_tensor_v2 calls, as torch.save writes them. The
// file is written once to a temporary file and mapped, as the scanner maps files. Counters:
// bytes/s of the file (tensor data is identified by its first bytes, not read whole, so this is
// what a checkpoint costs to scan, not a read speed), peak RSS, facts per scan, and RSS split
// into what the scan allocated (rss_anon_MB: flat in the file's size) and the mapped file's
// pages it touched (rss_file_MB: the member heads, each with the kernel's fault-around of up to
// 64 KiB; clean page-cache pages, not memory the scan holds). Measured 2026-12-07 on 2 cores:
// 16 MB file: anon 3.6, file 23.5 MB; 1 GB: anon 3.3, file 261 MB (4,000 members x 64 KiB).
//
// WARDEN_WEIGHTS_BENCH_MB sets the size (default 1024); CI runs it small.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "weights_file.hpp"

namespace {

constexpr std::uint32_t kTensors = 4000;

// A line of /proc/self/status in MiB ("RssAnon:", "RssFile:"); 0 where there is none.
double status_mib(std::string_view key) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return 0;
  char line[256];
  double kib = 0;
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::string_view(line).starts_with(key)) kib = std::strtod(line + key.size(), nullptr);
  }
  std::fclose(f);
  return kib / 1024;
}

std::uint32_t crc32(std::uint32_t crc, const char* data, std::size_t n) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1u) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (std::size_t i = 0; i < n; ++i) crc = table[(crc ^ static_cast<unsigned char>(data[i])) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

void put_le(std::string& out, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
}

std::string short_string(std::string_view s) {  // BINUNICODE
  std::string out = "X";
  put_le(out, s.size(), 4);
  return out.append(s);
}

// data.pkl: OrderedDict([(name, _rebuild_tensor_v2(persistent storage, 0, (n,), (1,), False,
// OrderedDict())), ...]) in protocol 2, memoized as torch's pickler does.
std::string data_pkl(std::uint32_t tensors, std::uint64_t elements) {
  std::string p = "\x80\x02";
  p += "ctorch._utils\n_rebuild_tensor_v2\nq\x02" "0";  // memoized, as torch's pickler does
  p += "ctorch\nFloatStorage\nq\x03" "0";
  p += "ccollections\nOrderedDict\nq\x04)Rq\x01(";
  for (std::uint32_t i = 0; i < tensors; ++i) {
    p += short_string("layers." + std::to_string(i) + ".weight");
    p += "h\x02(";
    p += "(" + short_string("storage") + "h\x03" + short_string(std::to_string(i)) + short_string("cpu") + "J";
    put_le(p, elements, 4);
    p.append("tQK\x00J", 5);  // BINPERSID, the storage offset 0
    put_le(p, elements, 4);
    p += "\x85K\x01\x85\x89h\x04)RtR";
  }
  return p + "u.";
}

// A stored-only zip written straight to `path`: local headers, data, central directory.
void write_checkpoint(const std::string& path, std::uint64_t total_bytes) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) throw std::runtime_error("cannot write " + path);
  const std::uint64_t per_tensor = std::max<std::uint64_t>(total_bytes / kTensors / 4 * 4, 64);
  struct Entry {
    std::string name;
    std::uint32_t crc;
    std::uint64_t size, offset;
  };
  std::vector<Entry> entries;
  std::uint64_t offset = 0;
  const auto add = [&](const std::string& name, const std::string& data) {
    std::string header = "PK\x03\x04";
    put_le(header, 20, 2);
    put_le(header, 0, 2);  // flags
    put_le(header, 0, 2);  // stored
    put_le(header, 0, 4);  // time, date
    const std::uint32_t crc = crc32(0, data.data(), data.size());
    put_le(header, crc, 4);
    put_le(header, data.size(), 4);
    put_le(header, data.size(), 4);
    put_le(header, name.size(), 2);
    put_le(header, 0, 2);
    header += name;
    std::fwrite(header.data(), 1, header.size(), out);
    std::fwrite(data.data(), 1, data.size(), out);
    entries.push_back({name, crc, data.size(), offset});
    offset += header.size() + data.size();
  };
  add("archive/data.pkl", data_pkl(kTensors, per_tensor / 4));
  add("archive/version", "3\n");
  std::string tensor(static_cast<std::size_t>(per_tensor), '\0');
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  for (std::uint32_t i = 0; i < kTensors; ++i) {
    for (char& c : tensor) {  // xorshift: bytes that look like float data to no one
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      c = static_cast<char>(state & 0xFFu);
    }
    add("archive/data/" + std::to_string(i), tensor);
  }
  std::string directory;
  for (const Entry& e : entries) {
    directory += "PK\x01\x02";
    put_le(directory, 20, 2);
    put_le(directory, 20, 2);
    put_le(directory, 0, 2);
    put_le(directory, 0, 2);
    put_le(directory, 0, 4);
    put_le(directory, e.crc, 4);
    put_le(directory, e.size, 4);
    put_le(directory, e.size, 4);
    put_le(directory, e.name.size(), 2);
    put_le(directory, 0, 2);
    put_le(directory, 0, 2);
    put_le(directory, 0, 2);
    put_le(directory, 0, 2);
    put_le(directory, 0, 4);
    put_le(directory, e.offset, 4);
    directory += e.name;
  }
  std::string end = "PK\x05\x06";
  put_le(end, 0, 4);
  put_le(end, entries.size(), 2);
  put_le(end, entries.size(), 2);
  put_le(end, directory.size(), 4);
  put_le(end, offset, 4);
  put_le(end, 0, 2);
  std::fwrite(directory.data(), 1, directory.size(), out);
  std::fwrite(end.data(), 1, end.size(), out);
  std::fclose(out);
}

void BM_ScanPyTorchCheckpoint(benchmark::State& state) {
  const char* env = std::getenv("WARDEN_WEIGHTS_BENCH_MB");
  const std::uint64_t megabytes = env != nullptr ? std::strtoull(env, nullptr, 10) : 1024;
  const std::string path = (std::filesystem::temp_directory_path() / ("warden_weights_bench_" + std::to_string(getpid()) + ".pt")).string();
  write_checkpoint(path, megabytes << 20);
  const int fd = open(path.c_str(), O_RDONLY);
  const auto size = static_cast<std::size_t>(std::filesystem::file_size(path));
  void* mapped = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  std::filesystem::remove(path);  // the mapping keeps it until munmap
  if (mapped == MAP_FAILED) {
    state.SkipWithError("mmap failed");
    return;
  }
  const std::string_view bytes(static_cast<const char*>(mapped), size);
  std::size_t facts = 0;
  for (auto _ : state) {
    const warden::detail::WeightsScan scan = warden::detail::scan_weights(bytes);
    facts = scan.facts.size();
    benchmark::DoNotOptimize(scan.facts.data());
  }
  // Pages of the mapping a scan touched count in RSS as file-backed (RssFile: clean, shared with
  // the page cache, dropped under pressure); what the scan allocates is RssAnon.
  state.counters["rss_anon_MB"] = status_mib("RssAnon:");
  state.counters["rss_file_MB"] = status_mib("RssFile:");
  munmap(mapped, size);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * size));
  state.counters["file_MB"] = static_cast<double>(size) / (1 << 20);
  state.counters["peak_rss_MB"] = static_cast<double>(usage.ru_maxrss) / 1024;
  state.counters["facts"] = static_cast<double>(facts);
}
BENCHMARK(BM_ScanPyTorchCheckpoint)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

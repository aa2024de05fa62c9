// Zip archives as PyTorch reads them: the central directory's names, the data whatever the
// CRC says, every member looked at and identified by its own first bytes (never its name).
// libzip reads the archive from the mapped bytes; when it cannot open the central directory
// the members are found by walking the local file headers from the start, as a loader that
// trusts them would. Inconsistencies a loader ignores are anomalies.
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <vector>

#include "codecs.hpp"
#include "function_ref.hpp"
#include "weights_scan.hpp"

namespace warden::detail::weights {
namespace {

constexpr std::uint64_t kUnknownSize = UINT64_MAX;

// The first bytes of a member's content, as far as they were asked for and could be read.
struct MemberRead {
  std::string storage;
  std::string_view bytes;   // `storage`, or a view of the archive for a stored member
  bool crc_mismatch = false;
  std::string problem;      // why the bytes stop short of what was asked (or are missing)
};
using ReadMember = FunctionRef<MemberRead(std::uint64_t)>;

// What the members say about the kind of archive.
struct Summary {
  bool data_pkl = false, version = false, data_dir = false, config_json = false;
  std::size_t files = 0, pickles = 0, npys = 0;
  std::string config;  // config.json at the root (Keras)
};

bool ends_with_component(std::string_view name, std::string_view last) {
  return name == last || (name.size() > last.size() && name.ends_with(last) && name[name.size() - last.size() - 1] == '/');
}

void read_member(Scan& scan, const std::string& archive, const std::string& name, std::uint64_t size, ReadMember read,
                 std::uint32_t depth, Summary& summary) {
  const std::string path = joined(archive, name);
  ++summary.files;
  summary.data_pkl |= ends_with_component(name, "data.pkl");
  summary.version |= ends_with_component(name, "version");
  summary.data_dir |= name.find("/data/") != std::string::npos;
  const auto report = [&](const MemberRead& r) {
    if (r.crc_mismatch) scan.anomaly(path, 0, "zip: the member's CRC-32 does not match its data (PyTorch loads it anyway)", r.bytes);
    if (!r.problem.empty()) scan.unreadable(path, r.bytes.size(), "zip: " + r.problem, {});
  };

  if (name == "config.json") {  // Keras reads it by name; it is JSON, no weights format
    summary.config_json = true;
    const MemberRead config = read(std::min(size, scan.allowance()));
    scan.spend(config.bytes.size());
    report(config);
    summary.config = std::string(config.bytes);
    return;
  }
  MemberRead data = read(std::min<std::uint64_t>(size, kWeightSniffBytes));
  const WeightFormat format = identify(data.bytes, size);
  // Raw tensor data is never read whole: its head says it is no format that holds code.
  for (int round = 0; round < 2; ++round) {  // an .npy: its header first, then maybe all of it
    const std::uint64_t needed = bytes_needed(format, data.bytes, size);
    if (needed <= data.bytes.size() || !data.problem.empty()) break;
    const std::uint64_t allowed = scan.allowance();
    if (needed > allowed) {
      scan.unreadable(path, allowed,
                      fmt::format("zip: the member needs {} bytes, past {}; only its first {} are read",
                                  needed == kUnknownSize ? std::string("more") : std::to_string(needed),
                                  scan.binding_limit(), allowed));
    }
    data = read(std::min(needed, allowed));
    scan.spend(data.bytes.size());
  }
  report(data);
  if (format == WeightFormat::pickle) ++summary.pickles;
  if (format == WeightFormat::numpy) ++summary.npys;
  scan.read_as(format, data.bytes, path, depth + 1, size == kUnknownSize ? data.bytes.size() : size);
}

// ---- libzip ----------------------------------------------------------------------------------

struct ZipDiscard {
  void operator()(zip_t* archive) const noexcept { zip_discard(archive); }
};
struct FileClose {
  void operator()(zip_file_t* file) const noexcept { zip_fclose(file); }
};

MemberRead read_with_libzip(zip_t* archive, zip_uint64_t index, std::uint64_t want, std::uint64_t size) {
  MemberRead out;
  const std::unique_ptr<zip_file_t, FileClose> file(zip_fopen_index(archive, index, 0));
  if (!file) {
    out.problem = fmt::format("the member cannot be opened ({})", zip_strerror(archive));
    return out;
  }
  out.storage.resize(static_cast<std::size_t>(want));
  std::uint64_t got = 0;
  const auto failed = [&](zip_int64_t r) {
    if (r >= 0) return false;
    if (zip_error_code_zip(zip_file_get_error(file.get())) == ZIP_ER_CRC) {
      out.crc_mismatch = true;
    } else {
      out.problem = fmt::format("reading the member failed after {} bytes ({})", got, zip_file_strerror(file.get()));
    }
    return true;
  };
  while (got < want) {
    const zip_int64_t r = zip_fread(file.get(), out.storage.data() + got, want - got);
    if (failed(r) || r == 0) break;
    got += static_cast<std::uint64_t>(r);
  }
  // The CRC is checked when the data ends: one more read, now that all of it was asked for.
  if (got == want && want >= size && !out.crc_mismatch && out.problem.empty()) {
    char probe = 0;
    failed(zip_fread(file.get(), &probe, 1));
  }
  if (got < want && out.problem.empty() && !out.crc_mismatch) {
    out.problem = fmt::format("the member ends after {} of its {} bytes", got, size);
  }
  out.storage.resize(static_cast<std::size_t>(got));
  out.bytes = out.storage;
  return out;
}

// ---- local file headers ------------------------------------------------------------------------

struct LocalEntry {
  std::size_t header = 0;
  std::string name;
  std::uint16_t flags = 0, method = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0, size = kUnknownSize;
  std::size_t data = 0;
  bool sizes_known = true;  // else they are in a data descriptor after the data, found by search
};

struct LocalWalk {
  std::vector<LocalEntry> entries;
  bool reached_directory = false;  // the walk ended at the central directory, as it should
  std::string stopped;             // else why it stopped
};

LocalWalk walk_local_headers(std::string_view bytes, std::uint32_t max_members) {
  LocalWalk walk;
  std::size_t pos = 0;
  while (true) {
    if (bytes.size() - pos >= 4 && (bytes.compare(pos, 4, "PK\x01\x02") == 0 || bytes.compare(pos, 4, "PK\x05\x06") == 0)) {
      walk.reached_directory = true;
      break;
    }
    if (bytes.size() - pos < 30 || bytes.compare(pos, 4, "PK\x03\x04") != 0) {
      walk.stopped = fmt::format("no local file header at offset {}", pos);
      break;
    }
    if (walk.entries.size() >= max_members) {
      walk.stopped = fmt::format("more than {} members (max_members)", max_members);
      break;
    }
    LocalEntry e;
    e.header = pos;
    e.flags = static_cast<std::uint16_t>(little_endian_at(bytes, pos + 6, 2));
    e.method = static_cast<std::uint16_t>(little_endian_at(bytes, pos + 8, 2));
    e.crc = static_cast<std::uint32_t>(little_endian_at(bytes, pos + 14, 4));
    e.compressed = little_endian_at(bytes, pos + 18, 4);
    e.size = little_endian_at(bytes, pos + 22, 4);
    const std::size_t name_length = static_cast<std::size_t>(little_endian_at(bytes, pos + 26, 2));
    const std::size_t extra_length = static_cast<std::size_t>(little_endian_at(bytes, pos + 28, 2));
    if (name_length + extra_length > bytes.size() - pos - 30) {
      walk.stopped = fmt::format("the local header at offset {} runs past the end", pos);
      break;
    }
    e.name = std::string(bytes.substr(pos + 30, name_length));
    std::string_view extra = bytes.substr(pos + 30 + name_length, extra_length);
    while (extra.size() >= 4) {  // zip64: the real sizes, for those recorded as 0xFFFFFFFF
      const std::uint64_t id = little_endian_at(extra, 0, 2);
      const std::size_t length = static_cast<std::size_t>(little_endian_at(extra, 2, 2));
      if (length > extra.size() - 4) break;
      if (id == 1) {
        std::size_t at = 4;
        if (e.size == 0xFFFFFFFFu && at + 8 <= 4 + length) e.size = little_endian_at(extra, std::exchange(at, at + 8), 8);
        if (e.compressed == 0xFFFFFFFFu && at + 8 <= 4 + length) e.compressed = little_endian_at(extra, at, 8);
      }
      extra.remove_prefix(4 + length);
    }
    e.data = pos + 30 + name_length + extra_length;
    if ((e.flags & 8u) != 0 && e.compressed == 0) {
      // Sizes in a data descriptor after the data: the data runs to the next header.
      e.sizes_known = false;
      e.size = kUnknownSize;
      std::size_t next = bytes.size();
      for (const std::string_view signature : {"PK\x03\x04", "PK\x01\x02"}) {
        next = std::min(next, bytes.find(signature, e.data));
      }
      e.compressed = next - e.data;
      if (e.compressed >= 16 && bytes.compare(next - 16, 4, "PK\x07\x08") == 0) e.compressed -= 16;
    }
    const bool truncated = e.compressed > bytes.size() - e.data;
    if (truncated) e.compressed = bytes.size() - e.data;
    pos = e.data + static_cast<std::size_t>(e.compressed);
    walk.entries.push_back(std::move(e));
    if (truncated) {
      walk.stopped = fmt::format("the data of '{}' runs past the end", walk.entries.back().name);
      break;
    }
    if ((walk.entries.back().flags & 8u) != 0 && walk.entries.back().sizes_known && bytes.size() - pos >= 4 &&
        bytes.compare(pos, 4, "PK\x07\x08") == 0) {
      pos += 16;  // the data descriptor after known sizes
    }
  }
  return walk;
}

MemberRead read_local(std::string_view bytes, const LocalEntry& e, std::uint64_t want) {
  MemberRead out;
  const std::string_view raw = bytes.substr(e.data, static_cast<std::size_t>(e.compressed));
  if ((e.flags & 1u) != 0) {
    out.problem = "the member is encrypted";
    return out;
  }
  const std::size_t limit = static_cast<std::size_t>(std::min<std::uint64_t>(want, SIZE_MAX));
  if (e.method == 0) {
    out.bytes = raw.substr(0, limit);  // stored: a view, no copy
  } else if (e.method == 8 || e.method == 12) {
    codec::Result r = e.method == 8 ? codec::zlib_decompress(raw, -15, limit) : codec::bz2_decompress(raw, limit);
    if (r.status == codec::Status::invalid) {
      out.problem = e.method == 8 ? "the deflate data is corrupt or truncated" : "the bzip2 data is corrupt or truncated";
      return out;
    }
    out.storage = std::move(r.bytes);
    out.bytes = out.storage;
  } else {
    out.problem = fmt::format("compression method {} is not read", e.method);
    return out;
  }
  if (e.sizes_known && out.bytes.size() == e.size && want >= e.size && codec::crc32_of(out.bytes) != e.crc) {
    out.crc_mismatch = true;
  }
  if (e.sizes_known && out.bytes.size() < std::min(want, e.size)) {
    out.problem = fmt::format("the member ends after {} of its {} bytes", out.bytes.size(), e.size);
  }
  return out;
}

WeightFormat archive_format(Scan& scan, const Summary& summary, const std::string& member) {
  if (summary.data_pkl || (summary.pickles > 0 && (summary.version || summary.data_dir))) return WeightFormat::pytorch_zip;
  if (summary.config_json) {
    read_keras_config(scan, summary.config, joined(member, "config.json"));
    return WeightFormat::keras;
  }
  if (summary.npys > 0 && summary.npys == summary.files) return WeightFormat::numpy_zip;
  return WeightFormat::zip;
}

}  // namespace

WeightFormat read_zip(Scan& scan, std::string_view bytes, const std::string& member, std::uint32_t depth) {
  const std::uint32_t max_members = scan.limits().max_members;
  const LocalWalk walk = walk_local_headers(bytes, max_members);
  Summary summary;

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* opened = source != nullptr ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
  if (opened == nullptr) {
    const std::string reason = zip_error_strerror(&error);
    if (source != nullptr) zip_source_free(source);
    zip_error_fini(&error);
    scan.unreadable(member, 0,
                    fmt::format("zip: the central directory cannot be read ({}); the members are read from their local "
                                "headers ({} found{})",
                                reason, walk.entries.size(), walk.stopped.empty() ? "" : "; " + walk.stopped),
                    bytes);
    std::unordered_map<std::string, int> seen;
    for (const LocalEntry& e : walk.entries) {
      if (++seen[e.name] == 2) scan.anomaly(joined(member, e.name), 0, "zip: several members have this name");
      if (e.name.ends_with('/') && e.compressed == 0) continue;  // a directory
      read_member(scan, member, e.name, e.size, [&](std::uint64_t want) { return read_local(bytes, e, want); }, depth,
                  summary);
    }
    return archive_format(scan, summary, member);
  }
  zip_error_fini(&error);
  const std::unique_ptr<zip_t, ZipDiscard> archive(opened);

  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  const auto entries = static_cast<zip_uint64_t>(std::max<zip_int64_t>(count, 0));
  // The local headers must say what the central directory says: a scanner that trusts one
  // and a loader the other would read different members.
  const bool compare_local = walk.reached_directory && walk.entries.size() == entries;
  if (walk.reached_directory && walk.entries.size() != entries) {
    scan.anomaly(member, 0, fmt::format("zip: {} local file headers for {} central directory entries", walk.entries.size(), entries));
  }
  std::unordered_map<std::string, int> seen;
  for (zip_uint64_t i = 0; i < entries; ++i) {
    if (i >= max_members) {
      scan.unreadable(member, 0, fmt::format("zip: {} members, more than max_members ({}); the rest are not read", entries, max_members));
      break;
    }
    zip_stat_t stat;
    zip_stat_init(&stat);
    const char* raw_name = zip_get_name(archive.get(), i, ZIP_FL_ENC_RAW);
    if (raw_name == nullptr || zip_stat_index(archive.get(), i, ZIP_FL_ENC_RAW, &stat) != 0) {
      scan.unreadable(member, 0, fmt::format("zip: entry {} cannot be read ({})", i, zip_strerror(archive.get())));
      continue;
    }
    const std::string name = raw_name;
    const std::string path = joined(member, name);
    if (++seen[name] == 2) {
      scan.anomaly(path, 0, "zip: several members have this name (loaders differ in which one they take)");
    }
    if (compare_local && walk.entries[i].name != name) {
      scan.anomaly(path, walk.entries[i].header,
                   fmt::format("zip: the local file header names it '{}' (PyTorch goes by the central directory)",
                               walk.entries[i].name),
                   bytes.substr(walk.entries[i].header));
    }
    const std::uint64_t size = (stat.valid & ZIP_STAT_SIZE) != 0 ? stat.size : kUnknownSize;
    if (name.ends_with('/') && size == 0) continue;  // a directory
    read_member(scan, member, name, size, [&](std::uint64_t want) { return read_with_libzip(archive.get(), i, want, size); },
                depth, summary);
  }
  return archive_format(scan, summary, member);
}

}  // namespace warden::detail::weights

// Formats by content and the scan that dispatches each file, member and stream to its reader.
#include "weights_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "codecs.hpp"
#include "printable.hpp"
#include "weights_scan.hpp"

namespace warden::detail {
namespace {

bool starts_with(std::string_view bytes, std::string_view magic) noexcept {
  return bytes.size() >= magic.size() && bytes.compare(0, magic.size(), magic) == 0;
}

// Whether `head` (of a file or member `total` bytes long) starts a pickle. The reader must get
// through it: to a STOP; or to the end of the head, every length in it fitting in `total`; or,
// if it meets a malformed opcode (or a length past `total`), only after a call (a load runs
// the calls before the error) or, with PROTO, after naming a callable.
// A protocol 0/1 pickle (text, no PROTO) cut at the end of the head must also have named a
// callable (`module.name`, identifiers) and be a prefix of more: Python source, JSON,
// Markdown fail in their first line, and random tensor bytes fail within a few opcodes.
bool plausible_pickle(std::string_view head, std::uint64_t total) {
  const auto first = static_cast<unsigned char>(head.empty() ? 0 : head[0]);
  const bool proto = first == 0x80 && head.size() >= 2 && head[1] >= 2 && head[1] <= 5;
  if (!proto && (first == 0 || std::strchr("c(])}NIJKLMFGSTUVXP", first) == nullptr)) return false;
  PickleLimits limits;
  limits.max_pickles = 1;
  limits.max_depth = 0;
  const PickleScan scan = scan_pickle(head, limits);
  // Python imports only identifiers (a module "a b" does not load, so its call never runs).
  const auto identified = [](const PickleCallable& c) { return python_dotted_name(c.module) && python_dotted_name(c.name); };
  const bool named = std::any_of(scan.callables.begin(), scan.callables.end(), identified);
  const bool called = std::any_of(scan.callables.begin(), scan.callables.end(), [&](const PickleCallable& c) {
    return c.use == PickleCallable::Use::call && identified(c);
  });
  // Names that are no identifiers are random bytes read as GLOBAL's lines.
  if (std::any_of(scan.callables.begin(), scan.callables.end(),
                  [&](const PickleCallable& c) { return !c.extension && !identified(c); })) {
    return false;
  }
  // A pickle of constants must be the whole file or be followed by another pickle (PyTorch's
  // legacy format): "N." or PROTO, bytes, STOP are no pickle at the start of tensor bytes.
  if (!scan.error) {
    const std::string_view rest = head.substr(static_cast<std::size_t>(scan.end));
    const bool another = proto && rest.size() >= 2 && static_cast<unsigned char>(rest[0]) == 0x80 && rest[1] >= 2 && rest[1] <= 5;
    return scan.pickles >= 1 && (called || named || another || scan.end + 2 >= total);
  }
  if (called) return true;
  // A line (GLOBAL's module, INT's digits) that has not ended 128 bytes on is no pickle's.
  const bool long_line = scan.error->needed == head.size() + 1 && scan.error->offset + 128 < head.size();
  if (scan.error->truncated && scan.error->needed <= total && !long_line) {
    return proto || (named && head.size() >= kWeightSniffBytes && total > head.size());
  }
  return proto && named;  // malformed, or cut short of the file's own end, after naming a callable
}

bool safetensors_head(std::string_view head) noexcept {
  if (head.size() < 10 || head[8] != '{') return false;
  const std::uint64_t n = weights::little_endian_at(head, 0, 8);
  // The reference implementation refuses headers past 100 MB; JSON follows the brace.
  const char next = head[9];
  return n >= 2 && n <= 100'000'000 && (next == '"' || next == '}' || next == ' ' || next == '\n' || next == '\t' || next == '\r');
}

// A stream of a weak magic (zlib's two bytes, lzma's three) must decompress to what joblib
// compresses: a pickle (or an archive, an array). Random tensor bytes behind the magic fail.
bool decompresses(std::string_view head, bool lzma) {
  const codec::Result r = lzma ? codec::lzma_decompress(head, 64) : codec::zlib_decompress(head, 15, 64);
  if (r.status == codec::Status::invalid) return false;
  return plausible_pickle(r.bytes, UINT64_MAX) || starts_with(r.bytes, "PK\x03\x04") || starts_with(r.bytes, "\x93NUMPY");
}

bool compressed_head(std::string_view head) {
  if (head.size() < 3) return false;
  const auto b0 = static_cast<unsigned char>(head[0]);
  const auto b1 = static_cast<unsigned char>(head[1]);
  // zlib: 78 01, 5e, 9c, da are levels 1, 2-5 (joblib's default 3), 6 and 7-9.
  if (b0 == 0x78 && (b1 == 0x01 || b1 == 0x5e || b1 == 0x9c || b1 == 0xda)) return decompresses(head, false);
  if (b0 == 0x1f && b1 == 0x8b && head[2] == '\x08') return true;           // gzip
  if (starts_with(head, "BZh") && head.size() >= 4 && head[3] >= '1' && head[3] <= '9') return true;
  if (starts_with(head, std::string_view("\xfd" "7zXZ\0", 6))) return true;  // xz
  if (starts_with(head, std::string_view("\x5d\0\0", 3))) return decompresses(head, true);  // lzma "alone"
  return starts_with(head, "ZF0x");  // joblib < 0.10: 'ZF', the length in hex, then zlib
}

}  // namespace

std::string_view to_string(WeightFormat format) noexcept {
  switch (format) {
    case WeightFormat::none: return "none";
    case WeightFormat::pickle: return "pickle";
    case WeightFormat::pytorch_zip: return "pytorch_zip";
    case WeightFormat::pytorch_tar: return "pytorch_tar";
    case WeightFormat::numpy: return "numpy";
    case WeightFormat::numpy_zip: return "numpy_zip";
    case WeightFormat::joblib: return "joblib";
    case WeightFormat::keras: return "keras";
    case WeightFormat::zip: return "zip";
    case WeightFormat::safetensors: return "safetensors";
    case WeightFormat::gguf: return "gguf";
  }
  return "none";
}

WeightFormat identify_weights(std::string_view head) noexcept {
  // Fewer bytes than the sniff are the whole file.
  return weights::identify(head, head.size() < kWeightSniffBytes ? head.size() : UINT64_MAX);
}

namespace weights {

WeightFormat identify(std::string_view head, std::uint64_t total) noexcept {
  head = head.substr(0, kWeightSniffBytes);
  if (starts_with(head, "PK\x03\x04") || starts_with(head, "PK\x05\x06")) return WeightFormat::zip;
  if (head.size() >= 262 && head.compare(257, 5, "ustar") == 0) return WeightFormat::pytorch_tar;
  if (starts_with(head, "\x93NUMPY")) return WeightFormat::numpy;
  if (starts_with(head, "GGUF")) return WeightFormat::gguf;
  if (starts_with(head, "\x89HDF\r\n\x1a\n")) return WeightFormat::none;  // Keras .h5: not read (yet)
  if (safetensors_head(head)) return WeightFormat::safetensors;
  try {
    if (compressed_head(head)) return WeightFormat::joblib;
    if (plausible_pickle(head, total)) return WeightFormat::pickle;
  } catch (...) {  // std::bad_alloc only: the reader and the codecs throw nothing else
  }
  return WeightFormat::none;
}

}  // namespace weights

WeightsScan scan_weights(std::string_view bytes, const WeightLimits& limits) {
  WeightsScan out;
  weights::Scan scan(limits, out);
  try {
    out.format = scan.read(bytes, "", 0);
  } catch (const std::exception& e) {  // out of memory: what was found so far is kept
    scan.unreadable("", 0, fmt::format("the scan stopped: {}", e.what()));
  }
  return out;
}

namespace weights {

std::string joined(std::string_view member, std::string_view inner) {
  if (member.empty()) return std::string(inner);
  std::string out;
  out.reserve(member.size() + 1 + inner.size());
  out.append(member);
  out.push_back('!');
  out.append(inner);
  return out;
}

WeightFormat Scan::read(std::string_view bytes, const std::string& member, std::uint32_t depth) {
  return read_as(identify(bytes.substr(0, kWeightSniffBytes), bytes.size()), bytes, member, depth);
}

WeightFormat Scan::read_as(WeightFormat format, std::string_view bytes, const std::string& member, std::uint32_t depth,
                           std::uint64_t full_size) {
  const bool container = format == WeightFormat::zip || format == WeightFormat::pytorch_tar || format == WeightFormat::joblib;
  if (container && depth >= limits_.max_depth) {
    unreadable(member, 0, fmt::format("a {} nested {} deep is not opened (max_depth {})", to_string(format), depth,
                                      limits_.max_depth), bytes);
    return format;
  }
  switch (format) {
    case WeightFormat::pickle: read_pickle(bytes, member, 0, depth); return format;
    case WeightFormat::zip: return read_zip(*this, bytes, member, depth);
    case WeightFormat::pytorch_tar: return read_tar(*this, bytes, member, depth);
    case WeightFormat::numpy: return read_npy(*this, bytes, member, depth);
    case WeightFormat::joblib: return read_compressed(*this, bytes, member, depth);
    case WeightFormat::safetensors: return read_safetensors(*this, bytes, member, std::max<std::uint64_t>(full_size, bytes.size()));
    case WeightFormat::gguf: return read_gguf(*this, bytes, member);
    default: return WeightFormat::none;
  }
}

void Scan::read_pickle(std::string_view bytes, const std::string& member, std::uint64_t base, std::uint32_t depth) {
  PickleLimits pickle = limits_.pickle;
  pickle.max_depth = std::min(pickle.max_depth, limits_.max_depth > depth ? limits_.max_depth - depth : 0u);
  const PickleScan result = scan_pickle(bytes, pickle);
  out_.pickle_members.push_back(member);
  pickle_facts(result, bytes, member, base);
}

// The callables of `scan` and of the pickles nested in its byte strings, in offset order, then
// its error.
void Scan::pickle_facts(const PickleScan& scan, std::string_view bytes, const std::string& member, std::uint64_t base) {
  std::size_t next_nested = 0;
  const auto flush_nested = [&](std::uint64_t before) {
    while (next_nested < scan.nested.size() && scan.nested[next_nested].offset < before) {
      const NestedPickle& nested = scan.nested[next_nested++];
      const std::string inner = joined(member, fmt::format("bytes@{}", base + nested.offset));
      out_.pickle_members.push_back(inner);
      pickle_facts(nested.scan, bytes.substr(std::min<std::uint64_t>(nested.offset, bytes.size())), inner, 0);
    }
  };
  for (const PickleCallable& c : scan.callables) {
    flush_nested(c.offset);
    WeightFact fact;
    fact.kind = WeightFact::Kind::callable;
    fact.member = member;
    fact.offset = base + c.offset;
    fact.callable = c;
    add(std::move(fact), bytes.substr(std::min<std::uint64_t>(c.offset, bytes.size())));
  }
  flush_nested(UINT64_MAX);
  if (scan.error) {
    unreadable(member, base + scan.error->offset, "pickle: " + scan.error->message,
               bytes.substr(std::min<std::uint64_t>(scan.error->offset, bytes.size())));
  }
}

void Scan::add(WeightFact fact, std::string_view context) {
  fact.excerpt = printable_excerpt(context.substr(0, 64), 48);
  out_.facts.push_back(std::move(fact));
}

void Scan::add_detail(WeightFact::Kind kind, const std::string& member, std::uint64_t offset, std::string detail,
                      std::string_view context) {
  WeightFact fact;
  fact.kind = kind;
  fact.member = member;
  fact.offset = offset;
  fact.detail = std::move(detail);
  add(std::move(fact), context);
}

std::uint64_t Scan::allowance() const noexcept {
  const std::uint64_t total_left = limits_.max_total_bytes > spent_ ? limits_.max_total_bytes - spent_ : 0;
  return std::min(limits_.max_member_bytes, total_left);
}

std::string_view Scan::binding_limit() const noexcept {
  const std::uint64_t total_left = limits_.max_total_bytes > spent_ ? limits_.max_total_bytes - spent_ : 0;
  return total_left < limits_.max_member_bytes ? "max_total_bytes" : "max_member_bytes";
}

std::uint64_t bytes_needed(WeightFormat format, std::string_view head, std::uint64_t size) {
  switch (format) {
    case WeightFormat::pickle: case WeightFormat::zip: case WeightFormat::pytorch_tar: case WeightFormat::joblib:
    case WeightFormat::gguf:  // its metadata: the reader stops where they end, a prefix will do
      return size;
    case WeightFormat::safetensors: return std::min(size, 8 + weights::little_endian_at(head, 0, 8));
    case WeightFormat::numpy: {
      const NpyHeader header = parse_npy_header(head);
      if (header.incomplete) return std::min(size, header.data_offset);  // the header first, then decide
      return header.valid && header.object ? size : std::min<std::uint64_t>(size, head.size());
    }
    default: return 0;
  }
}

}  // namespace weights
}  // namespace warden::detail

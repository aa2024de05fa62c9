// Inside scan_weights: one scan as it goes (its facts, its limits, the decompressed bytes spent),
// and the readers of each format, which call back into it for what they hold. Not for other
// layers: weights_file.hpp is the interface.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "weights_file.hpp"

namespace warden::detail::weights {

// identify_weights for a head whose file or member is `total` bytes long (lengths a pickle's
// head declares must fit in it).
WeightFormat identify(std::string_view head, std::uint64_t total) noexcept;

// The `n`-byte little-endian number at `at` (the caller checks the bounds).
inline std::uint64_t little_endian_at(std::string_view bytes, std::size_t at, std::size_t n) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return v;
}

// "outer!inner", or `inner` alone at the top.
std::string joined(std::string_view member, std::string_view inner);

class Scan {
 public:
  Scan(const WeightLimits& limits, WeightsScan& out) : limits_(limits), out_(out) {}

  const WeightLimits& limits() const noexcept { return limits_; }

  // Reads `bytes` (a file, a member, a decompressed stream) as its content says, `depth`
  // containers deep; returns the format it was read as. `member` names it in the facts.
  WeightFormat read(std::string_view bytes, const std::string& member, std::uint32_t depth);
  // Reads `bytes` as `format` (identify_weights' answer for them); `full_size` is the size of
  // what `bytes` begin (a member read only as far as its header), when more.
  WeightFormat read_as(WeightFormat format, std::string_view bytes, const std::string& member, std::uint32_t depth,
                       std::uint64_t full_size = 0);
  // The pickle(s) at the start of `bytes`; offsets in the facts are `base` + the pickle's.
  void read_pickle(std::string_view bytes, const std::string& member, std::uint64_t base, std::uint32_t depth);

  // Facts. `context` holds the bytes `offset` points into, for the excerpt.
  void unreadable(const std::string& member, std::uint64_t offset, std::string detail, std::string_view context = {}) {
    add_detail(WeightFact::Kind::unreadable, member, offset, std::move(detail), context);
  }
  void anomaly(const std::string& member, std::uint64_t offset, std::string detail, std::string_view context = {}) {
    add_detail(WeightFact::Kind::anomaly, member, offset, std::move(detail), context);
  }
  // A fact of `kind` whose text is `detail` (unreadable, anomaly).
  void add_detail(WeightFact::Kind kind, const std::string& member, std::uint64_t offset, std::string detail,
                  std::string_view context);
  void add(WeightFact fact, std::string_view context);

  // Decompressed bytes: how many one more member may use (the member and total limits), and
  // spending them.
  std::uint64_t allowance() const noexcept;
  void spend(std::uint64_t n) noexcept { spent_ += n; }
  // Which limit allowance() is held by, for the unreadable fact.
  std::string_view binding_limit() const noexcept;

 private:
  void pickle_facts(const PickleScan& scan, std::string_view bytes, const std::string& member, std::uint64_t base);

  const WeightLimits& limits_;
  WeightsScan& out_;
  std::uint64_t spent_ = 0;
};

// The readers, one per container (weights_zip.cpp, weights_containers.cpp, weights_headers.cpp).
// Each reports through `scan` and returns the format the bytes turned out to be.
WeightFormat read_zip(Scan& scan, std::string_view bytes, const std::string& member, std::uint32_t depth);
WeightFormat read_tar(Scan& scan, std::string_view bytes, const std::string& member, std::uint32_t depth);
WeightFormat read_npy(Scan& scan, std::string_view bytes, const std::string& member, std::uint32_t depth);
WeightFormat read_compressed(Scan& scan, std::string_view bytes, const std::string& member, std::uint32_t depth);
void read_keras_config(Scan& scan, std::string_view json, const std::string& member);
WeightFormat read_safetensors(Scan& scan, std::string_view bytes, const std::string& member, std::uint64_t full_size);
WeightFormat read_gguf(Scan& scan, std::string_view bytes, const std::string& member);

// .npy: the header's end (where the data starts) and whether its dtype holds Python objects
// (then the data is a pickle); `valid == false` with `error` when the header is bad, and
// `incomplete` when `bytes` end inside a header that needs `data_offset` bytes.
struct NpyHeader {
  bool valid = false;
  bool incomplete = false;
  std::uint64_t data_offset = 0;
  bool object = false;
  std::string error;
};
NpyHeader parse_npy_header(std::string_view bytes);

// How many bytes of a member of this format a reader needs (its head `head` read already, the
// member `size` bytes long): all of a pickle or archive, a safetensors header, an .npy header
// (all of it for object arrays), nothing of raw tensor data.
std::uint64_t bytes_needed(WeightFormat format, std::string_view head, std::uint64_t size);

}  // namespace warden::detail::weights

// A file of serialized weights read without loading it: its format identified by content (magic
// bytes, never the file name), its containers opened (zip as PyTorch reads it, tar, NumPy, joblib,
// Keras), every pickle in it read by the pickle reader, and what a load would do listed as facts:
// the callables it imports or calls, what could not be read, archive anomalies, Keras Lambda
// layers, a GGUF chat template. Verdicts (allowed, dangerous, unknown) are the rule set's
// business, not this layer's. Nothing is imported, decompressed without bound, or executed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pickle_reader.hpp"

namespace warden::detail {

enum class WeightFormat : std::uint8_t {
  none,            // not a weights file Warden knows
  pickle,          // a pickle (or several back to back: PyTorch's legacy format, joblib)
  pytorch_zip,     // torch.save's zip (a pickle member plus tensor data)
  pytorch_tar,     // torch.save's old tar format (any ustar tar: its members are read by content)
  numpy,           // .npy
  numpy_zip,       // .npz: a zip of .npy
  joblib,          // joblib's compressed pickle (zlib, gzip, bz2, lzma/xz, old 'ZF'): whatever it decompresses to is read
  keras,           // Keras 3 .keras: a zip with config.json at its root
  zip,             // another zip: each member identified on its own
  safetensors,     // safe by design: the header is checked
  gguf,            // llama.cpp's GGUF: the header's metadata is read
};
std::string_view to_string(WeightFormat format) noexcept;

// The format of a file, from its first bytes (at most kWeightSniffBytes of them; fewer when the
// file is shorter). For a zip the members decide between pytorch_zip, numpy_zip, keras and zip,
// so identify_weights() returns `zip` and scan_weights() the exact format. A tar is recognised
// by "ustar" at 257, hence the 512 bytes. Pickles: PROTO 2-5 first; a protocol 0/1 pickle (text,
// no PROTO) when the pickle reader reads these bytes as one without a malformed opcode, to its
// STOP or to the end of the bytes given (then with a named callable, or a call when the file is
// that short): Python source, JSON, Markdown and other text fail within their first line.
// HDF5 (Keras .h5) is `none`.
inline constexpr std::size_t kWeightSniffBytes = 512;
WeightFormat identify_weights(std::string_view head) noexcept;

// One thing a load of the file would do, or that stops Warden from knowing.
struct WeightFact {
  enum class Kind : std::uint8_t {
    callable,       // a pickle imports or calls `callable` (a Keras config's module/class too)
    unreadable,     // a pickle, member or header that could not be read whole: `detail` says why
    anomaly,        // a container inconsistency a loader ignores (bad CRC, duplicate or mismatched member names)
    keras_lambda,   // a Keras Lambda layer (its function is marshalled bytecode run on load)
    chat_template,  // a GGUF chat template (Jinja, evaluated when the model is used): `detail`
  };
  Kind kind = Kind::callable;
  // Where: the archive members from the outside in, joined with '!' ("archive/data.pkl"; a
  // pickle inside a pickle's byte string adds "bytes@OFFSET"); "" for the file itself.
  std::string member;
  std::uint64_t offset = 0;           // in the innermost member's (decompressed) bytes
  // kind == callable (for Keras: module, name, use = import); a call's constant arguments are
  // in callable.arguments.
  PickleCallable callable;
  std::string detail;                 // unreadable, anomaly: the reason; keras_lambda: the layer name; chat_template: the text
  std::string excerpt;                // printable bytes at `offset` (printable_excerpt), for reports
};

struct WeightsScan {
  WeightFormat format = WeightFormat::none;
  std::vector<std::string> pickle_members;  // the members (as in WeightFact::member) read as pickles
  std::vector<WeightFact> facts;            // in file order
};

struct WeightLimits {
  std::uint64_t max_member_bytes = 512ull << 20;   // decompressed bytes of one member read
  std::uint64_t max_total_bytes = 2048ull << 20;   // decompressed bytes of all members together
  std::uint32_t max_members = 100'000;             // archive members looked at
  std::uint32_t max_depth = 4;                     // archives and pickles nested in each other
  PickleLimits pickle;
};

// Reads `bytes` (the whole file, typically mapped, not copied) as the format identify_weights
// gives; a file of format none gives an empty scan. Never throws on bad data: what cannot be
// read is an `unreadable` fact with its offset, and what came before it is kept.
WeightsScan scan_weights(std::string_view bytes, const WeightLimits& limits = {});

}  // namespace warden::detail

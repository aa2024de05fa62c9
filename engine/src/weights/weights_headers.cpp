// The headers of the formats that hold no code: safetensors (checked as the reference loader
// checks it) and GGUF (its metadata read as far as the chat templates, Jinja run at inference).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "weights_scan.hpp"

namespace warden::detail::weights {
namespace {

constexpr std::size_t kMaxHeaderFacts = 20;  // problems reported per header; the first ones say enough

// Bytes per element of a safetensors dtype; 0 when unknown (then the size is not checked).
std::uint64_t dtype_size(const std::string& dtype) {
  static const std::vector<std::pair<std::string_view, std::uint64_t>> sizes = {
      {"BOOL", 1}, {"U8", 1}, {"I8", 1}, {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"I16", 2}, {"U16", 2}, {"F16", 2},
      {"BF16", 2}, {"I32", 4}, {"U32", 4}, {"F32", 4}, {"F64", 8}, {"I64", 8}, {"U64", 8}};
  for (const auto& [name, size] : sizes) {
    if (dtype == name) return size;
  }
  return 0;
}

// A bounds-checked reader over GGUF's little-endian fields.
struct Cursor {
  std::string_view bytes;
  std::size_t pos = 0;
  bool ok = true;

  std::uint64_t number(std::size_t n) {
    if (!ok || bytes.size() - pos < n) {
      ok = false;
      return 0;
    }
    const std::uint64_t v = little_endian_at(bytes, pos, n);
    pos += n;
    return v;
  }
  std::string_view string() {
    const std::uint64_t n = number(8);
    if (!ok || n > bytes.size() - pos) {
      ok = false;
      return {};
    }
    const std::string_view s = bytes.substr(pos, static_cast<std::size_t>(n));
    pos += static_cast<std::size_t>(n);
    return s;
  }
  void skip(std::uint64_t n) {
    if (!ok || n > bytes.size() - pos) {
      ok = false;
      return;
    }
    pos += static_cast<std::size_t>(n);
  }
};

enum GgufType : std::uint32_t { u8, i8, u16, i16, u32, i32, f32, boolean, string, array, u64, i64, f64 };

std::uint64_t gguf_fixed_size(std::uint64_t type) {
  switch (type) {
    case u8: case i8: case boolean: return 1;
    case u16: case i16: return 2;
    case u32: case i32: case f32: return 4;
    case u64: case i64: case f64: return 8;
    default: return 0;
  }
}

// Skips one value of `type`; arrays of arrays are followed `depth` levels (GGUF writers nest
// at most one), each count checked against the bytes left first.
bool skip_gguf_value(Cursor& c, std::uint64_t type, int depth) {
  if (const std::uint64_t size = gguf_fixed_size(type); size != 0) {
    c.skip(size);
    return c.ok;
  }
  if (type == string) {
    c.string();
    return c.ok;
  }
  if (type != array || depth > 3) return false;
  const std::uint64_t item_type = c.number(4);
  const std::uint64_t count = c.number(8);
  if (!c.ok) return false;
  if (const std::uint64_t size = gguf_fixed_size(item_type); size != 0) {
    if (count > (c.bytes.size() - c.pos) / size) return false;
    c.skip(count * size);
    return c.ok;
  }
  if (item_type != string && item_type != array) return false;
  if (count > (c.bytes.size() - c.pos) / 8) return false;  // each item takes 8 bytes at least
  for (std::uint64_t i = 0; i < count; ++i) {
    if (!skip_gguf_value(c, item_type, depth + 1)) return false;
  }
  return true;
}

}  // namespace

WeightFormat read_safetensors(Scan& scan, std::string_view bytes, const std::string& member, std::uint64_t full_size) {
  if (bytes.size() < 8) {
    scan.unreadable(member, 0, "safetensors: shorter than the 8-byte header length", bytes);
    return WeightFormat::safetensors;
  }
  const std::uint64_t length = little_endian_at(bytes, 0, 8);
  if (length > full_size - 8 || length > bytes.size() - 8) {
    scan.unreadable(member, 0,
                    fmt::format("safetensors: the header length {} runs past the end of the file ({} bytes)", length,
                                full_size),
                    bytes);
    return WeightFormat::safetensors;
  }
  const std::string_view text = bytes.substr(8, static_cast<std::size_t>(length));
  const std::uint64_t data_size = full_size - 8 - length;  // the tensors' bytes, after the header
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    const std::uint64_t at = 8 + std::min<std::uint64_t>(e.byte > 0 ? e.byte - 1 : 0, length);
    scan.unreadable(member, at, fmt::format("safetensors: the header is not valid JSON ({})", e.what()),
                    bytes.substr(static_cast<std::size_t>(at)));
    return WeightFormat::safetensors;
  }
  if (!header.is_object()) {
    scan.unreadable(member, 8, "safetensors: the header is not a JSON object", text);
    return WeightFormat::safetensors;
  }
  std::size_t problems = 0;
  const auto problem = [&](const std::string& name, std::string detail) {
    if (problems++ >= kMaxHeaderFacts) return;
    const std::size_t at = text.find("\"" + name + "\"");
    const std::uint64_t offset = 8 + (at == std::string_view::npos ? 0 : at);
    scan.unreadable(member, offset, "safetensors: " + std::move(detail), bytes.substr(static_cast<std::size_t>(offset)));
  };
  struct Span {
    std::uint64_t begin, end;
    const std::string* name;
  };
  std::vector<Span> spans;
  for (const auto& [name, tensor] : header.items()) {
    if (name == "__metadata__") {
      const bool strings = tensor.is_object() && std::all_of(tensor.begin(), tensor.end(), [](const auto& v) { return v.is_string(); });
      if (!strings) problem(name, "__metadata__ is not a map of strings");
      continue;
    }
    const auto dtype = tensor.is_object() ? tensor.find("dtype") : tensor.end();
    const auto shape = tensor.is_object() ? tensor.find("shape") : tensor.end();
    const auto offsets = tensor.is_object() ? tensor.find("data_offsets") : tensor.end();
    if (!tensor.is_object() || dtype == tensor.end() || !dtype->is_string() || shape == tensor.end() || !shape->is_array() ||
        offsets == tensor.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
        !(*offsets)[1].is_number_unsigned()) {
      problem(name, fmt::format("tensor '{}' lacks a dtype, shape or data_offsets [begin, end]", name));
      continue;
    }
    const auto begin = (*offsets)[0].get<std::uint64_t>();
    const auto end = (*offsets)[1].get<std::uint64_t>();
    if (begin > end || end > data_size) {
      problem(name, fmt::format("tensor '{}': data_offsets [{}, {}] run outside the data ({} bytes)", name, begin, end, data_size));
      continue;
    }
    std::uint64_t elements = 1;
    bool shape_ok = true;
    for (const auto& d : *shape) {
      if (!d.is_number_unsigned()) {
        shape_ok = false;
        break;
      }
      const auto n = d.get<std::uint64_t>();
      if (n != 0 && elements > UINT64_MAX / n) {
        shape_ok = false;
        break;
      }
      elements *= n;
    }
    const std::uint64_t size = dtype_size(dtype->get<std::string>());
    if (!shape_ok) {
      problem(name, fmt::format("tensor '{}': the shape is not a list of sizes", name));
      continue;
    }
    if (size != 0 && (elements > UINT64_MAX / size || elements * size != end - begin)) {
      problem(name, fmt::format("tensor '{}': {} bytes of data for a {} of {} elements", name, end - begin,
                                dtype->get<std::string>(), elements));
      continue;
    }
    spans.push_back({begin, end, &name});
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].begin < spans[i - 1].end) {
      problem(*spans[i].name, fmt::format("tensors '{}' and '{}' overlap", *spans[i - 1].name, *spans[i].name));
    }
  }
  if (problems > kMaxHeaderFacts) {
    scan.unreadable(member, 8, fmt::format("safetensors: {} more problems in the header", problems - kMaxHeaderFacts));
  }
  return WeightFormat::safetensors;
}

WeightFormat read_gguf(Scan& scan, std::string_view bytes, const std::string& member) {
  Cursor c{bytes, 4};
  const std::uint64_t version = c.number(4);
  if (!c.ok || (version != 2 && version != 3)) {
    scan.unreadable(member, 4, c.ok ? fmt::format("gguf: unsupported version {}", version) : "gguf: truncated header", bytes);
    return WeightFormat::gguf;
  }
  c.number(8);  // tensor count
  const std::uint64_t entries = c.number(8);
  if (!c.ok || entries > (bytes.size() - c.pos) / 13) {  // a key, a type and one byte at least
    scan.unreadable(member, 16, c.ok ? fmt::format("gguf: {} metadata entries cannot fit in the file", entries)
                                     : "gguf: truncated header", bytes.substr(std::min<std::size_t>(16, bytes.size())));
    return WeightFormat::gguf;
  }
  for (std::uint64_t i = 0; i < entries; ++i) {
    const std::size_t entry_at = c.pos;
    const std::string_view key = c.string();
    const std::uint64_t type = c.number(4);
    if (!c.ok) {
      scan.unreadable(member, entry_at, fmt::format("gguf: metadata entry {} is cut off", i), bytes.substr(entry_at));
      return WeightFormat::gguf;
    }
    const bool chat_template = key == "tokenizer.chat_template" || key.starts_with("tokenizer.chat_template.");
    if (chat_template && type == string) {
      const std::size_t text_at = c.pos + 8;
      const std::string_view text = c.string();
      if (!c.ok) {
        scan.unreadable(member, entry_at, fmt::format("gguf: the chat template '{}' runs past the end of the file", key),
                        bytes.substr(entry_at));
        return WeightFormat::gguf;
      }
      WeightFact fact;
      fact.kind = WeightFact::Kind::chat_template;
      fact.member = member;
      fact.offset = text_at;
      fact.detail = std::string(text.substr(0, scan.limits().pickle.max_string));
      scan.add(std::move(fact), text);
      continue;
    }
    if (!skip_gguf_value(c, type, 0)) {
      scan.unreadable(member, entry_at,
                      fmt::format("gguf: metadata entry '{}' (type {}) runs past the end of the file or is malformed",
                                  std::string(key.substr(0, 200)), type),
                      bytes.substr(entry_at));
      return WeightFormat::gguf;
    }
  }
  return WeightFormat::gguf;
}

}  // namespace warden::detail::weights

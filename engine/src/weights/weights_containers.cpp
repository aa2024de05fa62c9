// The containers around pickles that are not zips: tar (torch.save's old format), NumPy .npy
// (object arrays are pickles), compressed joblib streams, and a Keras archive's config.json.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_set>
#include <vector>

#include "codecs.hpp"
#include "weights_scan.hpp"

namespace warden::detail::weights {
namespace {

std::string_view c_string(std::string_view field) noexcept { return field.substr(0, field.find('\0')); }

// A tar number field: octal digits (space or NUL padded), or base-256 when the top bit is set.
std::optional<std::uint64_t> tar_number(std::string_view field) {
  if (!field.empty() && (static_cast<unsigned char>(field[0]) & 0x80u) != 0) {
    std::uint64_t v = static_cast<unsigned char>(field[0]) & 0x3Fu;
    for (std::size_t i = 1; i < field.size(); ++i) {
      if (v > (UINT64_MAX >> 8)) return std::nullopt;
      v = (v << 8) | static_cast<unsigned char>(field[i]);
    }
    return v;
  }
  std::uint64_t v = 0;
  bool digits = false;
  for (const char c : field) {
    if (c == '\0' || (c == ' ' && digits)) break;
    if (c == ' ') continue;
    if (c < '0' || c > '7' || v > (UINT64_MAX >> 3)) return std::nullopt;
    v = v * 8 + static_cast<std::uint64_t>(c - '0');
    digits = true;
  }
  return digits ? std::optional<std::uint64_t>(v) : std::nullopt;
}

// The path of a pax extended header's records ("LEN path=VALUE\n" ...), or "".
std::string pax_path(std::string_view records) {
  while (!records.empty()) {
    const std::size_t space = records.find(' ');
    if (space == std::string_view::npos) break;
    std::uint64_t length = 0;
    for (std::size_t i = 0; i < space; ++i) {
      if (records[i] < '0' || records[i] > '9' || length > records.size()) return {};
      length = length * 10 + static_cast<std::uint64_t>(records[i] - '0');
    }
    if (length <= space + 1 || length > records.size()) break;
    const std::string_view record = records.substr(space + 1, static_cast<std::size_t>(length) - space - 2);
    if (record.starts_with("path=")) return std::string(record.substr(5));
    records.remove_prefix(static_cast<std::size_t>(length));
  }
  return {};
}

// Whether a dtype string of an .npy header is Python objects: 'O', '|O', '<O8', ...
bool object_dtype(std::string_view s) noexcept {
  if (!s.empty() && (s[0] == '|' || s[0] == '<' || s[0] == '>' || s[0] == '=')) s.remove_prefix(1);
  if (s.empty() || s[0] != 'O') return false;
  return std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

WeightFormat read_tar(Scan& scan, std::string_view bytes, const std::string& member, std::uint32_t depth) {
  std::size_t pos = 0;
  std::uint32_t members = 0;
  std::string next_name;  // from a GNU long-name or pax header, for the member after it
  while (bytes.size() - pos >= 512) {
    const std::string_view header = bytes.substr(pos, 512);
    if (std::all_of(header.begin(), header.end(), [](char c) { return c == '\0'; })) break;  // the end blocks
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < 512; ++i) {
      sum += i >= 148 && i < 156 ? std::uint64_t{' '} : std::uint64_t{static_cast<unsigned char>(header[i])};
    }
    const auto recorded = tar_number(header.substr(148, 8));
    if (!recorded || *recorded != sum) {  // Python's tarfile stops here too
      scan.unreadable(member, pos, "tar: a header's checksum is wrong; the members after it are not read", header);
      break;
    }
    const auto size = tar_number(header.substr(124, 12));
    if (!size) {
      scan.unreadable(member, pos, "tar: a header's size is not a number", header);
      break;
    }
    const std::size_t data_start = pos + 512;
    const std::uint64_t available = bytes.size() - data_start;
    const std::string_view data = bytes.substr(data_start, static_cast<std::size_t>(std::min(*size, available)));
    std::string name = std::string(c_string(header.substr(0, 100)));
    const std::string_view prefix = c_string(header.substr(345, 155));
    if (header.compare(257, 5, "ustar") == 0 && !prefix.empty()) name = std::string(prefix) + "/" + name;
    if (!next_name.empty()) name = std::exchange(next_name, {});
    const std::string path = joined(member, name);
    if (*size > available) scan.unreadable(path, 0, fmt::format("tar: the member's {} bytes run past the end of the file", *size));

    const char type = header[156];
    if (type == 'L') {
      next_name = std::string(c_string(data));
    } else if (type == 'x') {
      next_name = pax_path(data);
    } else if (type == '0' || type == '\0' || type == '7') {
      if (++members > scan.limits().max_members) {
        scan.unreadable(member, pos, fmt::format("tar: more than {} members (max_members); the rest are not read",
                                                 scan.limits().max_members));
        break;
      }
      scan.read(data, path, depth + 1);
    }
    if (*size > available) break;
    const std::uint64_t padded = (*size + 511) / 512 * 512;
    if (padded > bytes.size() - data_start) break;
    pos = data_start + static_cast<std::size_t>(padded);
  }
  return WeightFormat::pytorch_tar;
}

NpyHeader parse_npy_header(std::string_view bytes) {
  NpyHeader out;
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) {
    out.error = "not an .npy header";
    return out;
  }
  const auto major = static_cast<unsigned char>(bytes[6]);
  std::size_t start = 0;
  std::uint64_t length = 0;
  if (major == 1) {
    start = 10;
    length = little_endian_at(bytes, 8, 2);
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) {
      out.incomplete = true;
      out.data_offset = 12;
      out.error = "the header's length is cut off";
      return out;
    }
    start = 12;
    length = little_endian_at(bytes, 8, 4);
  } else {
    out.error = fmt::format("unsupported .npy version {}", major);
    return out;
  }
  out.data_offset = start + length;
  if (length > bytes.size() - start) {
    out.incomplete = true;
    out.error = fmt::format("the header's {} bytes run past the end of the data", length);
    return out;
  }
  const std::string_view header = bytes.substr(start, static_cast<std::size_t>(length));
  std::size_t key = header.find("'descr'");
  if (key == std::string_view::npos) key = header.find("\"descr\"");
  if (header.find('{') == std::string_view::npos || key == std::string_view::npos) {
    out.error = "the header is not a dict with 'descr'";
    return out;
  }
  // The descr value runs to the next key; structured dtypes list (name, dtype) pairs.
  std::size_t stop = header.size();
  for (const std::string_view next : {"'fortran_order'", "'shape'", "\"fortran_order\"", "\"shape\""}) {
    const std::size_t at = header.find(next, key + 7);
    if (at != std::string_view::npos) stop = std::min(stop, at);
  }
  const std::string_view descr = header.substr(key + 7, stop - key - 7);
  for (std::size_t i = 0; i < descr.size(); ++i) {
    const char quote = descr[i];
    if (quote != '\'' && quote != '"') continue;
    const std::size_t close = descr.find(quote, i + 1);
    if (close == std::string_view::npos) break;
    if (object_dtype(descr.substr(i + 1, close - i - 1))) out.object = true;
    i = close;
  }
  out.valid = true;
  return out;
}

WeightFormat read_npy(Scan& scan, std::string_view bytes, const std::string& member, std::uint32_t depth) {
  const NpyHeader header = parse_npy_header(bytes);
  if (!header.valid) {
    scan.unreadable(member, 0, "npy: " + header.error, bytes);
  } else if (header.object) {  // np.save of an object array: pickle.dump of the array after the header
    scan.read_pickle(bytes.substr(static_cast<std::size_t>(header.data_offset)), member, header.data_offset, depth);
  }
  return WeightFormat::numpy;
}

WeightFormat read_compressed(Scan& scan, std::string_view bytes, const std::string& member, std::uint32_t depth) {
  const std::size_t allowance = static_cast<std::size_t>(std::min<std::uint64_t>(scan.allowance(), SIZE_MAX));
  const auto b0 = static_cast<unsigned char>(bytes[0]);
  codec::Result result;
  std::string_view codec_name;
  if (bytes.starts_with("ZF")) {
    // joblib < 0.10: "ZF", the length in hex padded to 19 characters (sometimes one space
    // more), then a zlib stream.
    std::size_t start = std::min<std::size_t>(21, bytes.size());
    if (start < bytes.size() && bytes[start] == ' ') ++start;
    codec_name = "zlib";
    result = codec::zlib_decompress(bytes.substr(start), 15, allowance);
  } else if (b0 == 0x78) {
    codec_name = "zlib";
    result = codec::zlib_decompress(bytes, 15, allowance);
  } else if (b0 == 0x1f) {
    codec_name = "gzip";
    result = codec::gzip_decompress(bytes, allowance);
  } else if (b0 == 'B') {
    codec_name = "bz2";
    result = codec::bz2_decompress(bytes, allowance);
  } else {
    codec_name = "lzma";
    result = codec::lzma_decompress(bytes, allowance);
  }
  if (result.status == codec::Status::invalid) {
    scan.unreadable(member, 0, fmt::format("joblib: the {} stream is corrupt or truncated", codec_name), bytes);
    return WeightFormat::joblib;
  }
  if (result.status == codec::Status::too_large) {
    scan.unreadable(member, 0, fmt::format("joblib: the {} stream decompresses past {} ({} bytes); its first bytes are read",
                                           codec_name, scan.binding_limit(), allowance));
  }
  scan.spend(result.bytes.size());
  scan.read(result.bytes, member, depth + 1);
  return WeightFormat::joblib;
}

void read_keras_config(Scan& scan, std::string_view json, const std::string& member) {
  const nlohmann::ordered_json config = nlohmann::ordered_json::parse(json, nullptr, false);
  if (config.is_discarded()) {
    scan.unreadable(member, 0, "keras: config.json is not valid JSON", json);
    return;
  }
  // Offsets: where a value's text first appears after the previous one (the walk goes in
  // document order); 0 when it is written with escapes.
  std::size_t cursor = 0;
  const auto offset_of = [&](const std::string& value) -> std::uint64_t {
    const std::size_t at = json.find("\"" + value + "\"", cursor);
    if (at == std::string_view::npos) return 0;
    cursor = at;
    return at;
  };
  const auto string_at = [](const nlohmann::ordered_json& object, const char* key) -> std::string {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const auto outside_keras = [](const std::string& module) {
    return !module.starts_with("keras") && !module.starts_with("tf_keras") && !module.starts_with("tensorflow.keras");
  };
  const auto callable_fact = [&](std::string module, std::string name, WeightFact::Kind kind, std::string detail) {
    WeightFact fact;
    fact.kind = kind;
    fact.member = member;
    fact.offset = offset_of(kind == WeightFact::Kind::keras_lambda ? detail : module);
    fact.callable.module = std::move(module);
    fact.callable.name = std::move(name);
    fact.callable.opcode = "config.json";
    fact.detail = std::move(detail);
    scan.add(std::move(fact), json.substr(std::min<std::size_t>(cursor, json.size())));
  };

  std::vector<const nlohmann::ordered_json*> stack{&config};  // explicit: configs nest deeply
  std::unordered_set<const nlohmann::ordered_json*> lambda_functions;
  while (!stack.empty()) {
    const nlohmann::ordered_json& node = *stack.back();
    stack.pop_back();
    if (node.is_object()) {
      const std::string class_name = string_at(node, "class_name");
      const std::string module = string_at(node, "module");
      const std::string registered = string_at(node, "registered_name");
      if (class_name == "Lambda") {
        const auto config_it = node.find("config");
        std::string layer = "Lambda", fn_module, fn_name;
        if (config_it != node.end() && config_it->is_object()) {
          if (const std::string n = string_at(*config_it, "name"); !n.empty()) layer = n;
          const auto fn = config_it->find("function");
          if (fn != config_it->end() && fn->is_object()) {
            lambda_functions.insert(&*fn);
            // A named function: {"module": M, "class_name": "function", "config": its name};
            // a lambda ("__lambda__") is bytecode with no name to give.
            fn_module = string_at(*fn, "module");
            if (!fn_module.empty()) fn_name = string_at(*fn, "config");
          }
        }
        callable_fact(fn_module, fn_name, WeightFact::Kind::keras_lambda, layer);
      } else if (class_name == "__lambda__" && !lambda_functions.contains(&node)) {
        callable_fact({}, {}, WeightFact::Kind::keras_lambda, "__lambda__");  // a lambda's bytecode, outside a Lambda layer
      } else if (!module.empty() && outside_keras(module) && !lambda_functions.contains(&node)) {
        // A function is {"module": M, "class_name": "function", "config": its name}.
        std::string name = class_name == "function" ? string_at(node, "config") : class_name;
        if (name.empty()) name = class_name.empty() ? registered : class_name;
        callable_fact(module, name, WeightFact::Kind::callable, {});
      } else if (module.empty() && registered.find('>') != std::string::npos) {
        // register_keras_serializable's "package>name", the package outside keras.
        const std::size_t sep = registered.find('>');
        if (outside_keras(registered.substr(0, sep))) {
          callable_fact(registered.substr(0, sep), registered.substr(sep + 1), WeightFact::Kind::callable, {});
        }
      }
      for (auto it = node.crbegin(); it != node.crend(); ++it) {
        if (it->is_structured()) stack.push_back(&*it);
      }
    } else if (node.is_array()) {
      for (auto it = node.crbegin(); it != node.crend(); ++it) {
        if (it->is_structured()) stack.push_back(&*it);
      }
    }
  }
}

}  // namespace warden::detail::weights

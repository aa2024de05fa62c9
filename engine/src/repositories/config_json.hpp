// Loader configs as JSON text: what Python's json module accepts (and transformers and
// ModelScope load with), JSON pointers, and the byte offsets of values for positioned
// diagnostics. Validation and values are nlohmann's; this only finds where values are.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace warden::detail {

// Python's json module (what transformers and ModelScope load configs with) accepts NaN,
// Infinity, -Infinity and lone UTF-16 surrogate escapes; nlohmann rejects them. They are
// replaced length for length (a number, "\ufffd"), so byte offsets stay exact and a config
// that loads cannot hide its auto_map from this reader behind them.
void accept_python_json(std::string& text);
// The index of the first non-blank byte (JSON whitespace) from i.
std::size_t skip_ws(std::string_view text, std::size_t i) noexcept;
// JSON pointers (RFC 6901): one more token, escaped; a pointer from its tokens.
void append_pointer_token(std::string& pointer, std::string_view token);
std::string pointer_of(std::initializer_list<std::string_view> tokens);

// Byte offsets of the values of a JSON text (already validated by nlohmann), by JSON pointer
// ("/auto_map/AutoTokenizer/0"), for the members of the given top-level keys down to
// kMaxDepth. A duplicate key overwrites the earlier one's offsets, as nlohmann (and Python)
// keep the last value. Iterative: nesting cannot exhaust the stack.
class ValueOffsets {
 public:
  ValueOffsets(std::string_view text, const std::set<std::string, std::less<>>& top_keys) { scan(text, top_keys); }

  std::optional<std::size_t> find(const std::string& pointer) const {
    const auto it = offsets_.find(pointer);
    if (it == offsets_.end()) return std::nullopt;
    return it->second;
  }

 private:
  static constexpr std::size_t kMaxDepth = 4;
  struct Frame {
    bool object;
    std::size_t base;   // length of the container's own pointer
    std::size_t index;  // next array index
  };

  void scan(std::string_view text, const std::set<std::string, std::less<>>& top_keys);
  static std::string decode_key(std::string_view quoted);

  std::unordered_map<std::string, std::size_t> offsets_;
};

}  // namespace warden::detail

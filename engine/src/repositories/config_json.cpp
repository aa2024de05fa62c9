#include "config_json.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "hex_digit.hpp"

namespace warden::detail {

namespace {

// The code unit of "\uXXXX" at text[i] (the backslash), or -1.
long escaped_unit(std::string_view text, std::size_t i) noexcept {
  if (i + 6 > text.size() || text[i] != '\\' || text[i + 1] != 'u') return -1;
  long value = 0;
  for (std::size_t k = i + 2; k < i + 6; ++k) {
    const int digit = hex_digit(text[k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

bool word_char(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// One past the closing quote of the string that starts at text[i]; npos when unterminated.
std::size_t string_end(std::string_view text, std::size_t i) noexcept {
  for (std::size_t j = i + 1; j < text.size(); ++j) {
    if (text[j] == '\\') {
      ++j;
    } else if (text[j] == '"') {
      return j + 1;
    }
  }
  return std::string_view::npos;
}

// One past the value that starts at text[i] (scalar, string or container); no recursion.
std::size_t value_end(std::string_view text, std::size_t i) noexcept {
  if (i >= text.size()) return i;
  if (text[i] == '"') return string_end(text, i);
  if (text[i] == '{' || text[i] == '[') {
    std::size_t depth = 0;
    for (std::size_t j = i; j < text.size(); ++j) {
      const char c = text[j];
      if (c == '"') {
        j = string_end(text, j);
        if (j == std::string_view::npos) return j;
        --j;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return j + 1;
      }
    }
    return std::string_view::npos;
  }
  std::size_t j = i;
  while (j < text.size() && text[j] != ',' && text[j] != '}' && text[j] != ']' && text[j] != ' ' &&
         text[j] != '\t' && text[j] != '\n' && text[j] != '\r') {
    ++j;
  }
  return j;
}

}  // namespace

// Python's json module (what transformers and ModelScope load configs with) accepts NaN,
// Infinity, -Infinity and lone UTF-16 surrogate escapes; nlohmann rejects them. They are
// replaced length for length (a number, "\ufffd"), so byte offsets stay exact and a config
// that loads cannot hide its auto_map from this reader behind them.
void accept_python_json(std::string& text) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '"') {
        in_string = false;
      } else if (c == '\\') {
        const long unit = escaped_unit(text, i);
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          const long low = escaped_unit(text, i + 6);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            i += 11;
            continue;
          }
        }
        if (unit >= 0xD800 && unit <= 0xDFFF) text.replace(i, 6, "\\ufffd");
        i += unit >= 0 ? std::size_t{5} : std::size_t{1};
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    for (const std::string_view token : {std::string_view("-Infinity"), std::string_view("Infinity"), std::string_view("NaN")}) {
      if (std::string_view(text).substr(i, token.size()) != token) continue;
      if (i > 0 && word_char(text[i - 1])) break;
      if (i + token.size() < text.size() && word_char(text[i + token.size()])) break;
      text[i] = '0';
      for (std::size_t k = 1; k < token.size(); ++k) text[i + k] = ' ';
      i += token.size() - 1;
      break;
    }
  }
}

std::size_t skip_ws(std::string_view text, std::size_t i) noexcept {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
  return i;
}

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer += '/';
  for (const char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
}

std::string pointer_of(std::initializer_list<std::string_view> tokens) {
  std::string pointer;
  for (const std::string_view token : tokens) append_pointer_token(pointer, token);
  return pointer;
}

void ValueOffsets::scan(std::string_view text, const std::set<std::string, std::less<>>& top_keys) {
  std::size_t i = skip_ws(text, 0);
  if (i >= text.size() || text[i] != '{') return;
  offsets_[""] = i;
  std::vector<Frame> stack;
  stack.push_back(Frame{true, 0, 0});
  ++i;
  std::string pointer;
  bool after_value = false;
  while (!stack.empty()) {
    i = skip_ws(text, i);
    if (i >= text.size()) return;
    const Frame frame = stack.back();
    if (text[i] == (frame.object ? '}' : ']')) {
      stack.pop_back();
      ++i;
      after_value = true;
      continue;
    }
    if (after_value) {
      if (text[i] != ',') return;
      ++i;
      after_value = false;
      continue;
    }
    pointer.resize(frame.base);
    std::string key;
    if (frame.object) {
      if (text[i] != '"') return;
      const std::size_t end = string_end(text, i);
      if (end == std::string_view::npos) return;
      key = decode_key(text.substr(i, end - i));
      append_pointer_token(pointer, key);
      i = skip_ws(text, end);
      if (i >= text.size() || text[i] != ':') return;
      i = skip_ws(text, i + 1);
    } else {
      append_pointer_token(pointer, std::to_string(stack.back().index++));
    }
    if (i >= text.size()) return;
    const bool wanted = stack.size() > 1 || top_keys.contains(key);
    if (wanted) offsets_.insert_or_assign(pointer, i);
    if (wanted && stack.size() < kMaxDepth && (text[i] == '{' || text[i] == '[')) {
      stack.push_back(Frame{text[i] == '{', pointer.size(), 0});
      ++i;
      continue;
    }
    i = value_end(text, i);
    if (i == std::string_view::npos) return;
    after_value = true;
  }
}

std::string ValueOffsets::decode_key(std::string_view quoted) {
  if (quoted.find('\\') == std::string_view::npos) return std::string(quoted.substr(1, quoted.size() - 2));
  try {
    return nlohmann::json::parse(quoted).get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return std::string(quoted.substr(1, quoted.size() - 2));
  }
}

}  // namespace warden::detail

#include "regex.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>

namespace warden::detail {

namespace {

RE2::Options options() {
  RE2::Options o;
  o.set_log_errors(false);
  return o;
}

// Parsing finds every syntax error; only compiling finds a program over RE2's memory budget
// (8 MiB), which takes a large pattern repeated: `x{n,m}` copies x up to max(n, m) times
// and nested counts multiply; a Unicode class (`\pL`, `[^a]`) is hundreds of instructions
// (`\pL{500}` is over). Below this bound (a size for the pattern, times the product of its
// counts) the program is far under the budget, so parsing is check enough.
bool needs_compiling_to_check(const std::string& pattern) {
  constexpr double kBound = 4096, kUnicodeClass = 1000;
  double size = static_cast<double>(pattern.size());
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if ((pattern[i] == '\\' && (pattern[i + 1] == 'p' || pattern[i + 1] == 'P')) || (pattern[i] == '[' && pattern[i + 1] == '^')) {
      size += kUnicodeClass;
    }
  }
  for (std::size_t i = 0; i < pattern.size() && size <= kBound; ++i) {
    if (pattern[i] == '\\') {  // an escape; `\x{..}`, `\p{..}`, `\P{..}` hold no count
      ++i;
      if (i + 1 < pattern.size() && pattern[i + 1] == '{' && (pattern[i] == 'x' || pattern[i] == 'p' || pattern[i] == 'P')) {
        i = std::min(pattern.find('}', i), pattern.size());
      }
      continue;
    }
    if (pattern[i] != '{') continue;
    std::size_t j = i + 1;
    double count = 0, largest = 0;
    for (; j < pattern.size() && (std::isdigit(static_cast<unsigned char>(pattern[j])) || pattern[j] == ','); ++j) {
      if (pattern[j] == ',') {
        largest = std::max(largest, count);
        count = 0;
      } else {
        count = count * 10 + (pattern[j] - '0');
      }
    }
    if (j < pattern.size() && pattern[j] == '}' && j > i + 1) size *= std::max({largest, count, 1.0});
  }
  return size > kBound;
}

}  // namespace

std::shared_ptr<const Regex> Regex::make(std::string pattern, std::string& error) {
  auto regex = std::make_shared<Regex>(std::move(pattern));
  if (needs_compiling_to_check(regex->pattern_)) {
    const re2::RE2& compiled = regex->re2();
    if (!compiled.ok()) {
      error = compiled.error();
      return nullptr;
    }
    return regex;
  }
  // RE2::Set::Add parses with the options' flags and compiles nothing.
  RE2::Set parse_only(options(), RE2::UNANCHORED);
  if (parse_only.Add(regex->pattern_, &error) < 0) return nullptr;
  return regex;
}

Regex::Regex(std::string pattern) : pattern_(std::move(pattern)) {}
Regex::~Regex() = default;

const re2::RE2& Regex::re2() const {
  std::call_once(once_, [this] { re2_ = std::make_unique<re2::RE2>(pattern_, options()); });
  return *re2_;
}

bool Regex::partial_match(std::string_view text) const { return RE2::PartialMatch(text, re2()); }

}  // namespace warden::detail

#include "regex.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>

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

namespace {

// A recursive-descent reading of RE2's syntax that answers one question per piece: does
// every match of it hold a non-ASCII character. Anything it does not follow makes the whole
// answer "not certain" (unknown_).
class NonAsciiReader {
 public:
  explicit NonAsciiReader(std::string_view pattern) : p_(pattern) {}

  bool read() {
    const bool needs = alternation();
    return !unknown_ && i_ == p_.size() && needs;
  }

 private:
  // Scripts with no ASCII character (Latin and Common hold ASCII letters and punctuation).
  static bool non_ascii_script(std::string_view name) {
    static constexpr std::string_view kScripts[] = {
        "Arabic", "Armenian", "Bengali", "Cherokee", "Cyrillic", "Devanagari", "Ethiopic", "Georgian", "Greek",
        "Gujarati", "Gurmukhi", "Han", "Hangul", "Hebrew", "Hiragana", "Kannada", "Katakana", "Khmer", "Lao",
        "Malayalam", "Mongolian", "Myanmar", "Nko", "Sinhala", "Syriac", "Tamil", "Telugu", "Thaana", "Thai", "Tibetan"};
    return std::find(std::begin(kScripts), std::end(kScripts), name) != std::end(kScripts);
  }

  bool at_end() const { return i_ >= p_.size(); }
  char peek() const { return at_end() ? '\0' : p_[i_]; }

  bool alternation() {
    bool needs = concatenation();
    while (!unknown_ && peek() == '|') {
      ++i_;
      needs = concatenation() && needs;
    }
    return needs;
  }

  bool concatenation() {
    bool needs = false;
    while (!unknown_ && !at_end() && peek() != '|' && peek() != ')') {
      const bool item_needs = item();
      if (unknown_) return false;
      const bool at_least_once = quantifier();
      needs = needs || (item_needs && at_least_once);
    }
    return needs;
  }

  // Reads a repetition after an item, if any; false when it allows zero copies.
  bool quantifier() {
    bool at_least_once = true;
    const char c = peek();
    if (c == '*' || c == '?') {
      at_least_once = false;
      ++i_;
    } else if (c == '+') {
      ++i_;
    } else if (c == '{') {
      std::size_t j = i_ + 1;
      std::size_t low = 0;
      bool digits = false;
      for (; j < p_.size() && p_[j] >= '0' && p_[j] <= '9'; ++j) {
        low = std::min<std::size_t>(low * 10 + static_cast<std::size_t>(p_[j] - '0'), 100000);
        digits = true;
      }
      const std::size_t close = p_.find('}', j);
      if (!digits || close == std::string_view::npos) return true;  // a literal `{`, read as an item next
      for (std::size_t k = j; k < close; ++k) {
        if (p_[k] != ',' && (p_[k] < '0' || p_[k] > '9')) return true;
      }
      at_least_once = low > 0;
      i_ = close + 1;
    } else {
      return true;
    }
    if (peek() == '?') ++i_;  // lazy
    if (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{') unknown_ = true;  // RE2 rejects these anyway
    return at_least_once;
  }

  bool item() {
    const char c = p_[i_];
    if (c == '(') {
      ++i_;
      if (peek() == '?') {
        // Only non-capturing and named groups: a flag group (`(?i)`, `(?s:`) changes what
        // characters match.
        if (p_.substr(i_, 2) == "?:") {
          i_ += 2;
        } else if (p_.substr(i_, 3) == "?P<") {
          const std::size_t close = p_.find('>', i_);
          if (close == std::string_view::npos) return fail();
          i_ = close + 1;
        } else {
          return fail();
        }
      }
      const bool needs = alternation();
      if (peek() != ')') return fail();
      ++i_;
      return needs;
    }
    if (c == '[') return bracket_class();
    if (c == '\\') return escape().non_ascii;
    if (c == '*' || c == '+' || c == '?') return fail();
    ++i_;
    if (static_cast<unsigned char>(c) >= 0x80) {
      while (!at_end() && (static_cast<unsigned char>(p_[i_]) & 0xC0u) == 0x80u) ++i_;
      return true;
    }
    return false;  // an ASCII literal, `.`, `^`, `$`
  }

  struct Escape {
    bool non_ascii = false;  // every character it stands for is non-ASCII
    bool single = false;     // one character (can start a range in a class)
  };

  // At a backslash.
  Escape escape() {
    ++i_;
    if (at_end()) {
      fail();
      return {};
    }
    const char e = p_[i_++];
    if (e == 'x') {
      std::uint32_t value = 0;
      std::size_t digits = 0;
      if (peek() == '{') {
        const std::size_t close = p_.find('}', i_);
        if (close == std::string_view::npos) {
          fail();
          return {};
        }
        for (std::size_t k = i_ + 1; k < close; ++k, ++digits) value = value * 16 + static_cast<std::uint32_t>(hex(p_[k]));
        i_ = close + 1;
      } else {
        for (; digits < 2 && !at_end(); ++digits) value = value * 16 + static_cast<std::uint32_t>(hex(p_[i_++]));
      }
      if (unknown_ || digits == 0 || digits > 8) {
        fail();
        return {};
      }
      return {value >= 0x80, true};
    }
    if (e == 'p' || e == 'P') {
      std::string_view name;
      if (peek() == '{') {
        const std::size_t close = p_.find('}', i_);
        if (close == std::string_view::npos) {
          fail();
          return {};
        }
        name = p_.substr(i_ + 1, close - i_ - 1);
        i_ = close + 1;
      } else if (!at_end()) {
        name = p_.substr(i_++, 1);
      }
      return {e == 'p' && non_ascii_script(name), false};
    }
    if (e == 'Q' || (e >= '0' && e <= '9')) {  // quoted runs, octal and back references: not followed
      fail();
      return {};
    }
    if (static_cast<unsigned char>(e) >= 0x80) {  // an escaped non-ASCII character is itself
      while (!at_end() && (static_cast<unsigned char>(p_[i_]) & 0xC0u) == 0x80u) ++i_;
      return {true, true};
    }
    // Classes (`\d`, `\w`, `\s` and negations), assertions (`\b`, `\A`, `\z`), control
    // escapes (`\n`, `\t`) and escaped punctuation: ASCII, or nothing.
    const bool single = std::string_view("dDwWsSbBAzC").find(e) == std::string_view::npos;
    return {false, single};
  }

  // At `[`: every member a non-ASCII character, range, or script.
  bool bracket_class() {
    ++i_;
    bool negated = false;
    if (peek() == '^') {
      negated = true;
      ++i_;
    }
    bool all_non_ascii = true, first = true, any_member = false;
    while (!unknown_) {
      if (at_end()) return fail();
      const char c = p_[i_];
      if (c == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      any_member = true;
      bool member_non_ascii = false;
      if (c == '[' && p_.substr(i_, 2) == "[:") {  // [:alpha:]: ASCII
        const std::size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return fail();
        i_ = close + 2;
      } else if (c == '\\') {
        const Escape e = escape();
        member_non_ascii = e.non_ascii;
        if (e.single) range_end();
      } else {
        ++i_;
        if (static_cast<unsigned char>(c) >= 0x80) {
          while (!at_end() && (static_cast<unsigned char>(p_[i_]) & 0xC0u) == 0x80u) ++i_;
          member_non_ascii = true;
        }
        range_end();  // the low end decides: a range's high end is not below it
      }
      all_non_ascii = all_non_ascii && member_non_ascii;
    }
    return !unknown_ && !negated && any_member && all_non_ascii;
  }

  // After a class member that is one character: skip `-x` when it makes a range.
  void range_end() {
    if (peek() != '-' || i_ + 1 >= p_.size() || p_[i_ + 1] == ']') return;
    ++i_;
    if (p_[i_] == '\\') {
      escape();
      return;
    }
    ++i_;
    while (!at_end() && (static_cast<unsigned char>(p_[i_]) & 0xC0u) == 0x80u) ++i_;
  }

  int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    unknown_ = true;
    return 0;
  }

  bool fail() {
    unknown_ = true;
    return false;
  }

  std::string_view p_;
  std::size_t i_ = 0;
  bool unknown_ = false;
};

}  // namespace

bool needs_non_ascii(std::string_view pattern) { return NonAsciiReader(pattern).read(); }

}  // namespace warden::detail

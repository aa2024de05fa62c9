#include "regex.hpp"

#include "utf8.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

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

// A recursive-descent reading of RE2's syntax (default options) that tells, for each piece,
// two things every match of it has: a non-ASCII character (certain, or not known), and one of
// a few literal strings ("atoms", lowercased; none known when any could be missing). Anything
// it does not follow makes the whole answer "nothing known" (unknown_), never a wrong fact.
class RegexReader {
 public:
  explicit RegexReader(std::string_view pattern) : p_(pattern) {}

  struct Facts {
    bool non_ascii = false;                         // every match holds a non-ASCII character
    std::optional<std::vector<std::string>> atoms;  // every match contains one of these
    std::optional<std::vector<std::string>> exact;  // every match is one of these (a short list)
  };

  Facts read() {
    Facts facts = alternation(false);
    if (unknown_ || i_ != p_.size()) return {};
    if (facts.atoms) {
      // A file holding an atom that contains another holds that one too: keep the shorter.
      auto& atoms = *facts.atoms;
      std::sort(atoms.begin(), atoms.end(), [](const std::string& x, const std::string& y) {
        return x.size() != y.size() ? x.size() < y.size() : x < y;
      });
      std::vector<std::string> kept;
      for (auto& atom : atoms) {
        if (std::none_of(kept.begin(), kept.end(), [&](const std::string& k) { return atom.find(k) != std::string::npos; })) {
          kept.push_back(std::move(atom));
        }
      }
      std::sort(kept.begin(), kept.end());
      atoms = std::move(kept);
    }
    return facts;
  }

 private:
  static constexpr std::size_t kMinAtom = 3;    // shorter atoms let most texts through
  static constexpr std::size_t kMaxExact = 64;  // strings in an exact list (products are cut there)

  // Scripts with no ASCII character (Latin and Common hold ASCII letters and punctuation).
  static bool non_ascii_script(std::string_view name) {
    static constexpr std::string_view kScripts[] = {
        "Arabic", "Armenian", "Bengali", "Cherokee", "Cyrillic", "Devanagari", "Ethiopic", "Georgian", "Greek",
        "Gujarati", "Gurmukhi", "Han", "Hangul", "Hebrew", "Hiragana", "Kannada", "Katakana", "Khmer", "Lao",
        "Malayalam", "Mongolian", "Myanmar", "Nko", "Sinhala", "Syriac", "Tamil", "Telugu", "Thaana", "Thai", "Tibetan"};
    return std::find(std::begin(kScripts), std::end(kScripts), name) != std::end(kScripts);
  }
  static bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u; }
  static std::string lowered(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }
  static bool all_long(const std::vector<std::string>& list) {
    return !list.empty() && std::all_of(list.begin(), list.end(), [](const std::string& a) { return a.size() >= kMinAtom; });
  }
  // A literal character: it is its only match. (Atoms are looked for ignoring case, as RE2
  // folds it, so they are lowercased and case-insensitive regexes need nothing more.)
  static Facts literal(std::string bytes, bool ci) {
    Facts f;
    f.non_ascii = !ci && static_cast<unsigned char>(bytes.front()) >= 0x80;
    f.exact = std::vector<std::string>{lowered(std::move(bytes))};
    return f;
  }
  static Facts empty_match() {  // `^`, `$`, `\b`: zero width
    Facts f;
    f.exact = std::vector<std::string>{std::string()};
    return f;
  }

  bool at_end() const { return i_ >= p_.size(); }
  char peek() const { return at_end() ? '\0' : p_[i_]; }

  Facts alternation(bool ci) {
    Facts facts = concatenation(ci);
    while (!unknown_ && peek() == '|') {
      ++i_;
      Facts next = concatenation(ci);
      facts.non_ascii = facts.non_ascii && next.non_ascii;
      if (facts.atoms && next.atoms) {
        facts.atoms->insert(facts.atoms->end(), next.atoms->begin(), next.atoms->end());
      } else {
        facts.atoms.reset();
      }
      if (facts.exact && next.exact && facts.exact->size() + next.exact->size() <= kMaxExact) {
        facts.exact->insert(facts.exact->end(), next.exact->begin(), next.exact->end());
      } else {
        facts.exact.reset();
      }
    }
    return facts;
  }

  Facts concatenation(bool ci) {
    Facts out;
    std::vector<std::vector<std::string>> candidates;  // atom lists, each a necessary condition
    std::vector<std::string> run{std::string()};       // what the exact items since the last other one match
    bool all_exact = true;
    const auto flush = [&] {
      if (all_long(run)) candidates.push_back(run);
      run.assign(1, std::string());
    };
    while (!unknown_ && !at_end() && peek() != '|' && peek() != ')') {
      // `(?i)` alone changes the flags for the rest of the group (and matches nothing).
      if (p_.substr(i_, 2) == "(?" && standalone_flags(ci)) continue;
      Facts item = read_item(ci);
      if (unknown_) return {};
      repeat(item);
      if (unknown_) return {};
      out.non_ascii = out.non_ascii || item.non_ascii;
      if (item.exact && run.size() * item.exact->size() <= kMaxExact) {
        std::vector<std::string> product;
        for (const auto& a : run) {
          for (const auto& b : *item.exact) product.push_back(a + b);
        }
        run = std::move(product);
        continue;
      }
      all_exact = false;
      flush();
      if (item.exact) {
        run = std::move(*item.exact);
      } else if (item.atoms) {
        candidates.push_back(std::move(*item.atoms));
      }
    }
    if (all_exact) out.exact = run;
    flush();
    // The most selective list: the one whose shortest atom is longest.
    std::size_t best_shortest = 0;
    for (auto& list : candidates) {
      std::size_t shortest = SIZE_MAX;
      for (const auto& atom : list) shortest = std::min(shortest, atom.size());
      if (shortest <= best_shortest) continue;
      best_shortest = shortest;
      out.atoms = std::move(list);
    }
    return out;
  }

  // A repetition after an item, applied to what it knows.
  void repeat(Facts& f) {
    const auto [low, high] = quantifier();
    if (low == 1 && high == 1) return;
    if (low == 0) {
      f.non_ascii = false;
      f.atoms.reset();
      if (high == 1 && f.exact) {
        f.exact->push_back(std::string());
      } else {
        f.exact.reset();
      }
      return;
    }
    // At least once, perhaps more: what one copy holds is still held; the list of whole
    // matches is not.
    if (f.exact && all_long(*f.exact)) f.atoms = f.exact;
    f.exact.reset();
  }

  // Reads a repetition after an item: the least and most copies (1, 1 when there is none).
  std::pair<std::size_t, std::size_t> quantifier() {
    std::pair<std::size_t, std::size_t> count{1, 1};
    const char c = peek();
    if (c == '*') {
      count = {0, SIZE_MAX};
    } else if (c == '?') {
      count = {0, 1};
    } else if (c == '+') {
      count = {1, SIZE_MAX};
    } else if (c == '{') {
      const auto braces = repetition(i_);
      if (!braces) return count;  // a literal `{`, read as an item next
      count = {braces->first, braces->second};
      i_ = braces->end - 1;
    } else {
      return count;
    }
    ++i_;
    if (peek() == '?') ++i_;  // lazy
    if (peek() == '*' || peek() == '+' || peek() == '?' || (peek() == '{' && repetition(i_))) unknown_ = true;
    return count;
  }

  struct Count {
    std::size_t first, second, end;  // second: SIZE_MAX when unbounded
  };
  // `{n}`, `{n,}`, `{n,m}` at `at`; RE2 reads anything else (`{,3}`, `{x}`) as literal text.
  std::optional<Count> repetition(std::size_t at) const {
    std::size_t j = at + 1, low = 0, high = 0, digits = 0;
    for (; j < p_.size() && p_[j] >= '0' && p_[j] <= '9'; ++j, ++digits) low = std::min<std::size_t>(low * 10 + static_cast<std::size_t>(p_[j] - '0'), 100000);
    if (digits == 0 || j >= p_.size()) return std::nullopt;
    if (p_[j] == '}') return Count{low, low, j + 1};
    if (p_[j] != ',') return std::nullopt;
    ++j;
    digits = 0;
    for (; j < p_.size() && p_[j] >= '0' && p_[j] <= '9'; ++j, ++digits) high = std::min<std::size_t>(high * 10 + static_cast<std::size_t>(p_[j] - '0'), 100000);
    if (j >= p_.size() || p_[j] != '}') return std::nullopt;
    return Count{low, digits == 0 ? SIZE_MAX : high, j + 1};
  }

  // At `(?`: a group of flags alone (`(?i)`, `(?-i)`, `(?is)`): applies them to `ci` and
  // returns true; false (nothing read) for any other group.
  bool standalone_flags(bool& ci) {
    std::size_t j = i_ + 2;
    bool value = true, next_ci = ci;
    for (; j < p_.size() && std::string_view("imsU-").find(p_[j]) != std::string_view::npos; ++j) {
      if (p_[j] == '-') value = false;
      if (p_[j] == 'i') next_ci = value;
    }
    if (j >= p_.size() || p_[j] != ')' || j == i_ + 2) return false;
    ci = next_ci;
    i_ = j + 1;
    return true;
  }

  Facts read_item(bool ci) {
    const char c = p_[i_];
    if (c == '(') {
      ++i_;
      bool group_ci = ci;
      if (peek() == '?') {
        if (p_.substr(i_, 2) == "?P" || p_.substr(i_, 2) == "?<") {  // a named group
          const std::size_t close = p_.find('>', i_);
          if (close == std::string_view::npos) return fail();
          i_ = close + 1;
        } else {  // `(?:` or `(?flags:`
          std::size_t j = i_ + 1;
          bool value = true;
          for (; j < p_.size() && std::string_view("imsU-").find(p_[j]) != std::string_view::npos; ++j) {
            if (p_[j] == '-') value = false;
            if (p_[j] == 'i') group_ci = value;
          }
          if (j >= p_.size() || p_[j] != ':') return fail();
          i_ = j + 1;
        }
      }
      Facts group = alternation(group_ci);
      if (peek() != ')') return fail();
      ++i_;
      return group;
    }
    if (c == '[') return bracket_class(ci);
    if (c == '\\') return escape(ci).facts;
    if (c == '*' || c == '+' || c == '?' || (c == '{' && repetition(i_))) return fail();
    ++i_;
    if (c == '^' || c == '$') return empty_match();
    if (c == '.') return {};
    --i_;
    return literal(literal_at(), ci);
  }

  // The UTF-8 character at i_.
  std::string literal_at() {
    const std::size_t from = i_++;
    while (!at_end() && is_continuation(p_[i_])) ++i_;
    return std::string(p_.substr(from, i_ - from));
  }

  Facts fail() {
    unknown_ = true;
    return {};
  }

  // What an escape stands for; `character` when it is one character (a class range's end).
  struct Escape {
    Facts facts;
    std::optional<std::string> character;
  };

  // At a backslash.
  Escape escape(bool ci) {
    ++i_;
    if (at_end()) return {fail(), std::nullopt};
    const char e = p_[i_];
    const auto one = [&](std::string bytes) { return Escape{literal(bytes, ci), bytes}; };
    if (e == 'x') {
      ++i_;
      const auto value = hex_escape();
      if (!value) return {fail(), std::nullopt};
      std::string utf8;
      append_code_point(utf8, *value);
      return one(std::move(utf8));
    }
    if (e == 'p' || e == 'P') {
      ++i_;
      const std::string_view name = property_name();
      if (unknown_) return {};
      Facts f;
      f.non_ascii = e == 'p' && !ci && non_ascii_script(name);
      return {f, std::nullopt};
    }
    if (static_cast<unsigned char>(e) >= 0x80) return one(literal_at());  // an escaped character is itself
    ++i_;
    static constexpr std::string_view kControls = "ntrfva";
    static constexpr std::string_view kControlBytes = "\n\t\r\f\v\a";
    if (const auto k = kControls.find(e); k != std::string_view::npos) return one(std::string(1, kControlBytes[k]));
    if (std::string_view("bBAz").find(e) != std::string_view::npos) return {empty_match(), std::nullopt};  // assertions
    if (std::string_view("dDwWsSC").find(e) != std::string_view::npos) return {};                          // classes
    if (std::ispunct(static_cast<unsigned char>(e))) return one(std::string(1, e));
    return {fail(), std::nullopt};  // \Q...\E, octal, back references and the rest: not followed
  }

  // After `\x`: `HH` or `{H...}`.
  std::optional<std::uint32_t> hex_escape() {
    std::uint32_t value = 0;
    std::size_t digits = 0;
    const auto digit = [&](char h) -> bool {
      int d = -1;
      if (h >= '0' && h <= '9') d = h - '0';
      if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
      if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
      if (d < 0) return false;
      value = value * 16 + static_cast<std::uint32_t>(d);
      ++digits;
      return true;
    };
    if (peek() == '{') {
      const std::size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) return std::nullopt;
      for (std::size_t k = i_ + 1; k < close; ++k) {
        if (!digit(p_[k])) return std::nullopt;
      }
      i_ = close + 1;
    } else {
      for (int k = 0; k < 2; ++k) {
        if (at_end() || !digit(p_[i_])) return std::nullopt;
        ++i_;
      }
    }
    if (digits == 0 || digits > 8 || value > 0x10FFFF) return std::nullopt;
    return value;
  }

  // After `\p` or `\P`: `{Name}` or one letter.
  std::string_view property_name() {
    if (peek() == '{') {
      const std::size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) {
        unknown_ = true;
        return {};
      }
      const std::string_view name = p_.substr(i_ + 1, close - i_ - 1);
      i_ = close + 1;
      return name;
    }
    if (at_end()) {
      unknown_ = true;
      return {};
    }
    return p_.substr(i_++, 1);
  }

  // At `[`: non-ASCII when every member is a non-ASCII character, range or script; the list of
  // its characters when there are a few (`[\"']`, `[0-3]`).
  Facts bracket_class(bool ci) {
    ++i_;
    bool negated = false;
    if (peek() == '^') {
      negated = true;
      ++i_;
    }
    bool all_non_ascii = true, first = true;
    std::optional<std::vector<std::string>> members{std::in_place};
    while (!unknown_) {
      if (at_end()) return fail();
      const char c = p_[i_];
      if (c == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      bool member_non_ascii = false;
      if (p_.substr(i_, 2) == "[:") {  // [:alpha:]: ASCII
        const std::size_t close = p_.find(":]", i_ + 2);
        if (close == std::string_view::npos) return fail();
        i_ = close + 2;
        members.reset();
      } else {
        // A character, or a range from it: the low end decides non-ASCII (the high end is not below it).
        std::optional<std::string> low;
        if (c == '\\') {
          Escape e = escape(ci);
          if (unknown_) return {};
          low = e.character;
          member_non_ascii = e.facts.non_ascii;
          if (!low) members.reset();
        } else {
          low = literal_at();
        }
        if (low) member_non_ascii = static_cast<unsigned char>(low->front()) >= 0x80;
        std::optional<std::string> high;
        if (low && peek() == '-' && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
          ++i_;
          if (peek() == '\\') {
            high = escape(ci).character;
          } else {
            high = literal_at();
          }
          if (unknown_) return {};
        }
        if (members && low) {
          if (!high) {
            members->push_back(lowered(*low));
          } else if (low->size() == 1 && high && high->size() == 1 && (*high)[0] >= (*low)[0] && (*high)[0] - (*low)[0] < 8) {
            for (char x = (*low)[0]; x <= (*high)[0]; ++x) members->push_back(lowered(std::string(1, x)));
          } else {
            members.reset();
          }
        }
      }
      all_non_ascii = all_non_ascii && member_non_ascii;
    }
    Facts f;
    f.non_ascii = !unknown_ && !negated && !ci && all_non_ascii;
    if (!negated && members && !members->empty() && members->size() <= 8) {
      std::sort(members->begin(), members->end());
      members->erase(std::unique(members->begin(), members->end()), members->end());
      f.exact = std::move(members);
    }
    return f;
  }

  std::string_view p_;
  std::size_t i_ = 0;
  bool unknown_ = false;
};

}  // namespace

bool needs_non_ascii(std::string_view pattern) { return RegexReader(pattern).read().non_ascii; }

std::vector<std::string> literal_atoms(std::string_view pattern) {
  return RegexReader(pattern).read().atoms.value_or(std::vector<std::string>{});
}

}  // namespace warden::detail

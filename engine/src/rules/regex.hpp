// A rule's regular expression: checked when the rule is compiled, turned into RE2's program
// the first time a rule runs it. Most of a rule set's regexes never run on a small repository
// (their prefilter words are absent, or the call they test never appears), and compiling all
// of them was a third of start-up.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace warden::detail {

class Regex {
 public:
  // nullptr and `error` set when `pattern` is not a valid RE2 regex.
  static std::shared_ptr<const Regex> make(std::string pattern, std::string& error);
  ~Regex();

  const std::string& pattern() const noexcept { return pattern_; }
  // The compiled regex (options: no logging); compiled once, by the first caller, thread-safe.
  const re2::RE2& re2() const;
  bool partial_match(std::string_view text) const;

  explicit Regex(std::string pattern);

 private:
  std::string pattern_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<re2::RE2> re2_;
};

// True when every text in which `pattern` (RE2 syntax, default options) finds a match holds a
// non-ASCII character: each alternative needs, at least once, a literal, an escape or a class
// of characters that are all outside ASCII (`[аео]`, `\x{202E}`, `\p{Cyrillic}`). False
// whenever that is not certain (flags such as `(?i)`, negated classes, syntax not followed),
// so a file without a non-ASCII byte can skip the regex only when it cannot match there.
bool needs_non_ascii(std::string_view pattern);

// Literal strings ("atoms", ASCII-lowercased, at least 3 bytes) one of which every text in
// which `pattern` finds a match contains, read off the regex's syntax (a run of literal
// characters, or such runs in each alternative of a group); empty when there is no such list
// (`.*`, `^\d+$`, syntax not followed). Cheap: nothing is compiled.
std::vector<std::string> literal_atoms(std::string_view pattern);

}  // namespace warden::detail

// YARA signatures inside the engine (libyara 4.2). This header never includes <yara.h>: its
// macros (get_string, parent, ...) break other libraries' headers, so libyara is confined to
// signatures.cpp.
//
// libyara's model is Warden's: compile once, scan many. A SignatureSet is the compiled rules
// of every loaded `.yar` file, immutable and shared by all threads; each worker scans with its
// own SignatureScanner (a YR_SCANNER). Matches are data (rule index, string offsets); turning
// them into findings is the caller's business.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "warden/rules.hpp"

namespace warden::detail {

// One YARA rule with what Warden reads from it. `info.id` is "yara.NAMESPACE.NAME"; the
// namespace is the `.yar` file's stem. Metadata keys (all optional, documented in
// docs/rule-language.md "Signatures"): title, description, message, severity, confidence,
// cwe, reference, other tools' ids, files; the rule's tags become the check's tags.
struct SignatureRule {
  std::string ns;
  std::string name;
  std::string message;  // meta `message`, else empty (the title is used)
  // meta `files`: the file-name globs (fnmatch, of the base name) of the files the check
  // reports on, e.g. {"*.py"}; empty: every file.
  std::vector<std::string> file_globs;
  bool applies_to(std::string_view file_name) const;
  bool is_private = false;
  bool is_check = true;  // a file-level check (false: only named by `decoded($X) matches yara`)
  RuleInfo info;
};

// The compiled YARA rules of a set of `.yar` files.
class SignatureSet {
 public:
  struct File {
    std::string path;  // for errors, and the namespace (its stem)
    std::string text;
    bool checks = true;  // its rules are file-level checks (SignatureRule::is_check)
  };
  // Compiles the files, each in the namespace of its stem. Compile errors and bad metadata
  // are appended to `errors` as `file:line` errors (libyara gives no column); then the result
  // is null. `include "x.yar"` is resolved against the including file's directory.
  static std::shared_ptr<const SignatureSet> compile(const std::vector<File>& files,
                                                     std::vector<RuleFileError>& errors);
  ~SignatureSet();
  SignatureSet(const SignatureSet&) = delete;
  SignatureSet& operator=(const SignatureSet&) = delete;

  // Every rule, in libyara's order (a match's `rule` indexes this).
  const std::vector<SignatureRule>& rules() const noexcept { return rules_; }

  struct Impl;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  SignatureSet();
  std::unique_ptr<Impl> impl_;
  std::vector<SignatureRule> rules_;
};

struct SignatureMatch {
  struct String {
    std::string identifier;  // "$s1"
    std::uint64_t offset = 0;
    std::uint32_t length = 0;
  };
  std::uint32_t rule = 0;        // index into SignatureSet::rules()
  std::vector<String> strings;   // by offset; at most kMaxStringMatches
};

// A worker's scanner. Not thread-safe; one per thread. At most YR_MAX_THREADS scans run at
// once per process (libyara's limit); more wait.
class SignatureScanner {
 public:
  // String matches kept per rule (the first by offset).
  static constexpr std::size_t kMaxStringMatches = 16;

  SignatureScanner(std::shared_ptr<const SignatureSet> set, int timeout_seconds);
  ~SignatureScanner();
  SignatureScanner(const SignatureScanner&) = delete;
  SignatureScanner& operator=(const SignatureScanner&) = delete;

  enum class Status : std::uint8_t { ok, timeout, error };
  // Scans `bytes`; the matching (non-private) rules go to `matches`, in rule order. On
  // timeout or error, `error` says what happened; matches found before it are kept.
  Status scan(std::string_view bytes, std::vector<SignatureMatch>& matches, std::string& error);

  const SignatureSet& set() const noexcept { return *set_; }

 private:
  std::shared_ptr<const SignatureSet> set_;
  void* scanner_ = nullptr;  // YR_SCANNER*
};

}  // namespace warden::detail

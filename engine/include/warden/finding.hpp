// Findings, diagnostics and skipped files: what a scan produces.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden {

// Severity and confidence are separate axes: how bad if true, and how sure we are.
enum class Severity : std::uint8_t { low, medium, high, critical };
enum class Confidence : std::uint8_t { low, medium, high };

std::string_view to_string(Severity s) noexcept;
std::string_view to_string(Confidence c) noexcept;
std::optional<Severity> parse_severity(std::string_view text) noexcept;
std::optional<Confidence> parse_confidence(std::string_view text) noexcept;

// 1-based line and column. Columns count Unicode code points, so they match what an
// editor shows; SARIF output says so with columnKind "unicodeCodePoints".
struct Position {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  friend bool operator==(const Position&, const Position&) = default;
  friend auto operator<=>(const Position&, const Position&) = default;
};

// A range in a file. `end` is exclusive (one past the last character).
struct Range {
  Position start;
  Position end;
  friend bool operator==(const Range&, const Range&) = default;
};

// Where in a binary file (serialized weights) a finding is: the archive members from the
// outside in, joined with '!' ("archive/data.pkl"; "" for the file itself), and the byte offset
// in the innermost one's (decompressed) bytes. A finding or step located so has range line 0,
// and its snippet is a printable excerpt of the bytes there (\xNN escapes), never raw bytes.
struct ByteLocation {
  std::string member;
  std::uint64_t offset = 0;
  friend bool operator==(const ByteLocation&, const ByteLocation&) = default;
  friend auto operator<=>(const ByteLocation&, const ByteLocation&) = default;
};

// "file", "file!member" and "@offset" as reports write them: "model.pt!archive/data.pkl@31".
std::string byte_location_text(std::string_view file, const ByteLocation& at);

// One step of a trace (a taint path, a call chain): shown as a `note:` in text output.
struct TraceStep {
  std::string file;
  Range range;
  std::string message;
  std::string snippet;  // the source line of range.start
  std::optional<ByteLocation> bytes;  // in a binary file: the member and offset instead of a range
};

// Whether a finding's code runs when the model repository it is in loads (model-repository
// mode): unknown outside a model repository, or when the code's function is not known.
enum class OnLoad : std::uint8_t { unknown, no, yes };
std::string_view to_string(OnLoad o) noexcept;

// A file of serialized weights the scan read (identified by content, whatever its name), with
// what loading it would do as the rule set's verdict tables judge it. The worst part decides:
// dangerous, then unreadable, then unknown, then allowed; safe_format holds no pickle at all.
enum class WeightsVerdict : std::uint8_t {
  safe_format,  // safetensors, GGUF, NumPy without objects: data only, the header checked
  allowed,      // every callable a load imports or calls is on the allow-list
  unknown,      // some callable is neither allowed nor denied
  unreadable,   // part of it could not be read, so what a load does there is not known
  dangerous,    // some callable is denied, or a load runs code it holds (a Keras Lambda layer)
};
std::string_view to_string(WeightsVerdict v) noexcept;

struct WeightsFile {
  std::string file;
  std::string format;          // "pickle", "pytorch_zip", "safetensors", ...
  WeightsVerdict verdict = WeightsVerdict::safe_format;
  std::uint32_t pickles = 0;   // pickles read (members, stacked, nested in byte strings)
  std::uint32_t allowed = 0, unknown = 0, denied = 0;  // distinct callables by verdict
  OnLoad on_load = OnLoad::unknown;  // whether a model repository's loading reads it
};

// A value Warden computed statically from literals for a `where decoded($X)` condition: what
// the code would run or load, found without running anything.
struct DecodedValue {
  std::string excerpt;                  // printable and shortened (\n, \xNN escapes)
  std::size_t size = 0;                 // the whole value, in bytes
  bool is_bytes = false;                // bytes rather than str
  // How it was made, innermost first: {"base64.b64decode", "zlib.decompress"}; empty for a
  // plain literal.
  std::vector<std::string> chain;
  std::vector<std::string> signatures;  // YARA rules it matched: "namespace.rule"
  std::string kind;                     // what it is by content ("elf", "shell-script"), for `is [...]`
};

// A decoding chain as one phrase: "base64.b64decode -> zlib.decompress", "a literal" when empty.
std::string decoding_chain_text(const std::vector<std::string>& chain);

struct Finding {
  std::string rule_id;
  std::string title;
  std::string message;
  std::vector<int> cwes;
  Severity severity = Severity::medium;
  Confidence confidence = Confidence::medium;
  std::string file;       // as given on the command line, joined with the relative path
  Range range;
  std::string snippet;    // source lines of the range, without line terminators
  std::vector<TraceStep> trace;
  std::string fingerprint;  // stable when unrelated lines move (see docs/output-formats.md)
  OnLoad on_load = OnLoad::unknown;
  // With on_load == yes: the entry point first, then each call down to the finding's function.
  std::vector<TraceStep> load_chain;
  std::optional<DecodedValue> decoded;
  std::optional<ByteLocation> bytes;  // in a binary file: the member and offset instead of a range
};

// Problems with the input itself: syntax errors, encodings, unreadable files.
enum class DiagnosticLevel : std::uint8_t { note, warning, error };
std::string_view to_string(DiagnosticLevel l) noexcept;

struct Diagnostic {
  std::string file;
  Position position;         // line 0 when the problem concerns the whole file
  DiagnosticLevel level = DiagnosticLevel::error;
  std::string code;          // e.g. "syntax-error", "invalid-utf8", "nul-byte"
  std::string message;
  std::string snippet;       // the source line, when there is one
};

enum class SkipReason : std::uint8_t { binary, too_large, unreadable, not_python, symlink_outside_root, special_file };
std::string_view to_string(SkipReason r) noexcept;

struct SkippedFile {
  std::string file;
  SkipReason reason;
  std::string detail;  // e.g. the size and the limit, or the OS error
};

// Orders findings by file, position, rule id: the output order whatever the thread count.
bool finding_less(const Finding& a, const Finding& b) noexcept;

}  // namespace warden

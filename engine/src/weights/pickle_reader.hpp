// A pickle read without loading it: the opcodes of protocols 0 to 5 run on a symbolic stack
// and memo that hold what naming a callable and its arguments needs (strings, bytes, numbers,
// None/True/False, tuples, lists and dicts of those, globals, marks), so every callable a load
// would import (GLOBAL, STACK_GLOBAL, INST, EXT1/2/4) and every call it would make (REDUCE,
// NEWOBJ, NEWOBJ_EX, OBJ, INST, BUILD's __setstate__) is listed with its byte offset and, when
// they are constants, its arguments. A byte string that is itself a pickle is read too (a
// nested pickle.loads payload). Nothing is imported, constructed or evaluated. Bounded: one
// pass over the bytes, the stack and memo never hold more entries than the opcodes read,
// strings, containers and nesting are capped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::detail {

// A callable the load imports, or calls. `module` and `name` as the unpickler resolves them
// (protocol 0-2 names of Python 2, `__builtin__`, `copy_reg`, `commands`, mapped as Python 3's
// fix_imports does); `name` may be dotted (`Popen.__init__`). An EXT code names a callable
// through the copyreg registry of the loading process, unknown here: module is empty and
// `extension` holds the code.
struct PickleCallable {
  enum class Use : std::uint8_t { import, call };
  Use use = Use::import;
  std::string module, name;
  std::optional<std::uint32_t> extension;
  std::uint64_t offset = 0;   // of the opcode that imports or calls it
  std::string_view opcode;    // "GLOBAL", "STACK_GLOBAL", "REDUCE", ...
  std::uint32_t pickle = 0;   // which pickle of the file (0-based)
  // use == call: the call's arguments as Python's repr writes them ('echo hi', 3, None,
  // b'\x00', ('a', 1)), each cut to kMaxArgumentChars (ending in "..."), at most
  // kMaxArguments of them; NEWOBJ_EX's keyword arguments as name=value, BUILD's state as one.
  // Empty when the call has no arguments or when they are not all constants (an object
  // another call made, a persistent id, a global).
  std::vector<std::string> arguments;

  std::string qualified() const { return module.empty() ? name : module + "." + name; }
};

inline constexpr std::size_t kMaxArguments = 8;
inline constexpr std::size_t kMaxArgumentChars = 200;

struct PickleError {
  std::uint64_t offset = 0;
  std::string message;
  bool truncated = false;  // the data ended inside the pickle (else it is malformed)
  std::uint64_t needed = 0;  // truncated: how many bytes the data needed at least (a length's end)
};

struct NestedPickle;

struct PickleScan {
  std::vector<PickleCallable> callables;  // in the order the load meets them
  std::uint32_t pickles = 0;              // pickles read to their STOP
  int protocol = 0;                       // highest PROTO seen (0 when none)
  std::uint64_t end = 0;                  // offset just past the last STOP
  std::optional<PickleError> error;       // truncated or malformed data; what came before is kept
  // Byte strings (BINBYTES, SHORT_BINBYTES, BINBYTES8, BYTEARRAY8, and the protocol 0-2
  // STRING, BINSTRING, SHORT_BINSTRING) whose content is a pickle, read to PickleLimits::max_depth.
  std::vector<NestedPickle> nested;
};

// A pickle inside a byte string of another: `offset` is where the string's content starts in
// the outer pickle's bytes (for STRING, whose content is escaped text, the opcode's offset);
// the offsets in `scan` are within the content.
struct NestedPickle {
  std::uint64_t offset = 0;
  PickleScan scan;
};

struct PickleLimits {
  std::size_t max_pickles = 64;       // pickles read one after another (PyTorch's legacy format stacks 5)
  std::size_t max_string = 1 << 16;   // bytes of a string kept for naming; longer ones are kept cut
  std::uint32_t max_depth = 4;        // pickles inside byte strings inside pickles...; deeper ones are an error
};

// Whether `s` is a name Python imports: identifiers joined by dots ("os.path", "system").
// Random bytes read as GLOBAL's lines are not, and an import of them never runs.
bool python_dotted_name(std::string_view s) noexcept;

// Whether `bytes` (a byte string's whole content) looks like a pickle: PROTO 2-5 first, or a
// protocol 0/1 opcode first, and STOP ('.') last. Cheap; the reader then decides.
bool looks_like_pickle(std::string_view bytes) noexcept;

// Reads the pickle (or pickles, one after another: the next one starting with PROTO, or a
// protocol 0/1 one that names a callable) at the start of `bytes`. Data after the last pickle
// is left alone (`end` says where it starts): PyTorch's legacy files put raw storage bytes
// there. The arrays joblib writes inside its pickle, right after a NumpyArrayWrapper's BUILD,
// are stepped over (their size from the wrapper's constant shape and numpy.dtype) and an
// object array's own pickle read, as joblib.load does.
PickleScan scan_pickle(std::string_view bytes, const PickleLimits& limits = {});

}  // namespace warden::detail

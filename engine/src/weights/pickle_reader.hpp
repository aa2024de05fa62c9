// A pickle read without loading it: the opcodes of protocols 0 to 5 run on a symbolic stack
// and memo that hold only what naming a callable needs (strings, globals, marks), so every
// callable a load would import (GLOBAL, STACK_GLOBAL, INST, EXT1/2/4) and every call it would
// make (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, INST, BUILD's __setstate__) is listed with its byte
// offset. Nothing is imported, constructed or evaluated. Bounded: one pass over the bytes, the
// stack and memo never hold more entries than the opcodes read, strings are capped.
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

  std::string qualified() const { return module.empty() ? name : module + "." + name; }
};

struct PickleError {
  std::uint64_t offset = 0;
  std::string message;
};

struct PickleScan {
  std::vector<PickleCallable> callables;  // in the order the load meets them
  std::uint32_t pickles = 0;              // pickles read to their STOP
  int protocol = 0;                       // highest PROTO seen (0 when none)
  std::uint64_t end = 0;                  // offset just past the last STOP
  std::optional<PickleError> error;       // truncated or malformed data; what came before is kept
};

struct PickleLimits {
  std::size_t max_pickles = 64;       // pickles read one after another (PyTorch's legacy format stacks 5)
  std::size_t max_string = 1 << 16;   // bytes of a string kept for naming; longer ones are kept cut
};

// Reads the pickle (or pickles, one after another, as long as the next starts with PROTO) at
// the start of `bytes`. Data after the last pickle is left alone (`end` says where it starts).
PickleScan scan_pickle(std::string_view bytes, const PickleLimits& limits = {});

}  // namespace warden::detail

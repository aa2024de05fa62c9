// Callees named by strings the code computes: `getattr(__import__("o" + "s"), "sys" + "tem")`,
// `globals()["ev" + "al"]`, `__builtins__.__dict__[name]`, `vars(os)["system"]`,
// `operator.methodcaller("system", cmd)(os)`, `operator.attrgetter("system")(os)`,
// `sys.modules["os"].system`, `importlib.import_module(codecs.decode("bf", "rot13")).system`, and
// a name assigned one of these (`f = getattr(os, "system"); f(cmd)`). The module model reads
// names as written and leaves such calls computed; here the strings are evaluated statically
// (static_value.hpp) and the call gets the name it reaches, as NameOrigin::hidden, so every
// rule on that callee sees it and `call hidden` tells it from a plain call.
#pragma once

#include <cstdint>
#include <vector>

#include "module_model.hpp"

namespace warden::detail {

class ResolvedFile;
class StaticValueCache;

struct HiddenCallee {
  std::uint32_t call_index = 0;  // into ModuleModel::calls()
  QualifiedName callee;          // origin NameOrigin::hidden
};

// The calls of `file` that name their callee through computed strings. Cheap for a file that
// writes none of getattr, __import__, import_module, globals, locals, vars, __builtins__,
// __dict__, methodcaller, attrgetter or modules (it is not walked).
std::vector<HiddenCallee> hidden_callees(const ResolvedFile& file, StaticValueCache* cache = nullptr);

// Sets each hidden callee on the model's call (ModuleModel::set_callee).
void name_hidden_callees(ModuleModel& model, const std::vector<HiddenCallee>& callees);

}  // namespace warden::detail

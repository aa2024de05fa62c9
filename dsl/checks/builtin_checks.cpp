// Warden's first checks, written in C++ behind the call-matcher interface that compiled rule
// files will use. Each is a declarative part (the callees it can match, its metadata) and a
// condition on the call; the rule language (issue 3) replaces this file with rule files.
#include <fmt/format.h>

#include <functional>

#include "compiled_rules.hpp"

namespace warden::detail {
namespace {

using Condition = std::function<std::optional<std::string>(const CallContext&)>;

class CallCheck final : public CallMatcher {
 public:
  CallCheck(std::vector<std::string> callees, Condition condition)
      : callees_(std::move(callees)), condition_(std::move(condition)) {}
  std::vector<std::string> callees() const override { return callees_; }
  void match(const CallContext& call, MatchSink& sink) const override {
    if (auto message = condition_(call)) sink.report(call.node(), std::move(*message));
  }

 private:
  std::vector<std::string> callees_;
  Condition condition_;
};

CompiledRule make_rule(RuleInfo info, std::vector<std::string> callees, Condition condition) {
  CompiledRule rule;
  rule.info = std::move(info);
  rule.call_matcher = std::make_unique<CallCheck>(std::move(callees), std::move(condition));
  return rule;
}

std::vector<std::string> qualify(std::string_view module, std::initializer_list<std::string_view> names) {
  std::vector<std::string> out;
  for (auto name : names) out.push_back(fmt::format("{}.{}", module, name));
  return out;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The callee as the message shows it: "subprocess.run", "exec".
std::string shown(const CallContext& call) {
  std::string_view name = call.callee().name;
  if (name.starts_with("builtins.")) name.remove_prefix(9);
  return std::string(name);
}

RuleInfo info(std::string id, std::string title, std::string description, std::vector<int> cwes, Severity severity,
              Confidence confidence, std::map<std::string, std::string> xrefs, std::vector<std::string> tags) {
  RuleInfo r;
  r.id = std::move(id);
  r.title = std::move(title);
  r.description = std::move(description);
  r.cwes = std::move(cwes);
  r.severity = severity;
  r.confidence = confidence;
  r.xrefs = std::move(xrefs);
  r.tags = std::move(tags);
  for (int cwe : r.cwes) r.references.push_back(fmt::format("https://cwe.mitre.org/data/definitions/{}.html", cwe));
  return r;
}

}  // namespace

std::vector<CompiledRule> builtin_rules() {
  std::vector<CompiledRule> rules;

  rules.push_back(make_rule(
      info("py-exec-dynamic-code", "Code built at run time is executed",
           "`exec`, `eval` and `compile` run whatever code they are given. When that code is computed "
           "(downloaded, decoded, read from a file or built from strings) rather than written in the "
           "source, reviewers cannot see what runs. Replace it with explicit code, or with "
           "`ast.literal_eval` for data.",
           {95, 94}, Severity::high, Confidence::high, {{"bandit", "B102,B307"}, {"ruff", "S102,S307"}},
           {"exec", "code-injection"}),
      {"builtins.exec", "builtins.eval", "builtins.compile"}, [](const CallContext& call) -> std::optional<std::string> {
        const auto code = call.argument(0, "source");
        if (!code) return std::nullopt;
        if (call.is_literal(*code)) return std::nullopt;
        return fmt::format("{} of a computed value runs code chosen at run time", shown(call));
      }));

  rules.push_back(make_rule(
      info("py-exec-os-system", "Shell command run with os.system or os.popen",
           "`os.system` and `os.popen` hand their argument to `/bin/sh`. Code that a model repository "
           "ships should not start shells; where a process is needed, use `subprocess.run` with a list "
           "of arguments and no shell.",
           {78}, Severity::high, Confidence::high, {{"bandit", "B605"}, {"ruff", "S605"}}, {"exec", "shell"}),
      {"os.system", "os.popen", "posix.system", "nt.system"}, [](const CallContext& call) -> std::optional<std::string> {
        const auto command = call.argument(0, "command");
        if (command && !call.is_literal(*command)) {
          return fmt::format("{} runs a computed command through the shell", shown(call));
        }
        return fmt::format("{} runs a shell command", shown(call));
      }));

  rules.push_back(make_rule(
      info("py-exec-subprocess-shell", "Subprocess started through the shell",
           "With `shell=True` (and in `getoutput`/`getstatusoutput`), the command string is parsed by "
           "`/bin/sh`, so any part of it that is computed can inject commands. Pass a list of arguments "
           "without `shell=True`.",
           {78}, Severity::high, Confidence::high, {{"bandit", "B602"}, {"ruff", "S602"}}, {"exec", "shell"}),
      concat(qualify("subprocess", {"Popen", "run", "call", "check_call", "check_output"}),
             qualify("subprocess", {"getoutput", "getstatusoutput"})),
      [](const CallContext& call) -> std::optional<std::string> {
        const std::string& callee = call.callee().name;
        if (callee.ends_with("getoutput") || callee.ends_with("getstatusoutput")) {
          return fmt::format("{} always runs its command through the shell", shown(call));
        }
        const auto shell = call.keyword("shell");
        if (!shell) return std::nullopt;
        const auto truthy = call.truthiness(*shell);
        if (truthy == false) return std::nullopt;
        if (!truthy) return fmt::format("{} with shell={} may run its command through the shell", shown(call), call.text(*shell));
        return fmt::format("{} with shell={} runs its command through the shell", shown(call), call.text(*shell));
      }));

  rules.push_back(make_rule(
      info("py-deser-pickle", "Data unpickled with pickle",
           "Unpickling runs code chosen by whoever wrote the data (`__reduce__`). Never unpickle data "
           "from a model repository or the network; use safetensors, JSON or another format that "
           "cannot carry code.",
           {502}, Severity::high, Confidence::high, {{"bandit", "B301"}, {"ruff", "S301"}},
           {"deserialization"}),
      concat(concat(qualify("pickle", {"load", "loads", "Unpickler"}), qualify("_pickle", {"load", "loads", "Unpickler"})),
             qualify("cPickle", {"load", "loads", "Unpickler"})),
      [](const CallContext& call) -> std::optional<std::string> {
        return fmt::format("{} deserializes data that can run arbitrary code", shown(call));
      }));

  rules.push_back(make_rule(
      info("py-deser-torch-load", "torch.load without weights_only=True",
           "`torch.load` unpickles the file unless `weights_only=True`, so a crafted checkpoint runs "
           "code when it is loaded. Pass `weights_only=True`, or load safetensors.",
           {502}, Severity::high, Confidence::high, {{"bandit", "B614"}, {"ruff", "S614"}},
           {"deserialization", "ml"}),
      {"torch.load"}, [](const CallContext& call) -> std::optional<std::string> {
        const auto weights_only = call.keyword("weights_only");
        if (weights_only && call.truthiness(*weights_only) == true) return std::nullopt;
        if (!weights_only && call.has_unpacking()) return std::nullopt;  // may come from **kwargs
        if (weights_only) {
          return fmt::format("torch.load with weights_only={} can unpickle arbitrary objects", call.text(*weights_only));
        }
        return std::string("torch.load without weights_only=True can unpickle arbitrary objects");
      }));

  rules.push_back(make_rule(
      info("py-deser-yaml-load", "yaml.load without a safe loader",
           "PyYAML's `load` with the default, full or unsafe loader can build arbitrary Python objects. "
           "Use `yaml.safe_load`, or pass `Loader=yaml.SafeLoader`.",
           {20, 502}, Severity::medium, Confidence::high, {{"bandit", "B506"}, {"ruff", "S506"}},
           {"deserialization"}),
      {"yaml.load", "yaml.load_all", "yaml.unsafe_load", "yaml.unsafe_load_all"},
      [](const CallContext& call) -> std::optional<std::string> {
        if (call.callee().name.starts_with("yaml.unsafe_load")) {
          return fmt::format("{} can build arbitrary Python objects", shown(call));
        }
        const auto loader = call.argument(1, "Loader");
        if (!loader) return fmt::format("{} without Loader= can build arbitrary Python objects", shown(call));
        if (const auto name = call.resolve(*loader)) {
          static constexpr std::string_view kSafe[] = {"yaml.SafeLoader", "yaml.CSafeLoader", "yaml.BaseLoader",
                                                       "yaml.CBaseLoader"};
          for (auto safe : kSafe) {
            if (name->name == safe) return std::nullopt;
          }
        }
        return fmt::format("{} with Loader={} can build arbitrary Python objects", shown(call), call.text(*loader));
      }));

  rules.push_back(make_rule(
      info("py-net-tls-verify-disabled", "TLS certificate verification disabled",
           "`verify=False` accepts any certificate, so anyone on the path can replace what is "
           "downloaded, code and weights included. Keep verification on.",
           {295}, Severity::high, Confidence::high, {{"bandit", "B501"}, {"ruff", "S501"}}, {"network", "tls"}),
      concat(qualify("requests", {"get", "post", "put", "patch", "delete", "head", "options", "request"}),
             qualify("httpx", {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream",
                               "Client", "AsyncClient"})),
      [](const CallContext& call) -> std::optional<std::string> {
        const auto verify = call.keyword("verify");
        if (!verify || call.truthiness(*verify) != false) return std::nullopt;
        return fmt::format("{} with verify={} disables TLS certificate checks", shown(call), call.text(*verify));
      }));

  return rules;
}

}  // namespace warden::detail

// Load-time entry points of a model repository. What each loader does, and so what is read:
//
// transformers (dynamic_module_utils.get_class_from_dynamic_module, the Auto* classes):
//   `auto_map` maps an Auto class to a class reference "module.Class", or
//   "org/repo--module.Class" for code taken from another repository (split once on "--");
//   with trust_remote_code the module file is fetched and imported and the class taken from it.
//   Files: config.json (AutoConfig, AutoModel*, and the fallback for every other Auto class),
//   tokenizer_config.json (AutoTokenizer: a [slow, fast] pair, either may be null; legacy files
//   have the pair as auto_map itself), preprocessor_config.json (AutoImageProcessor,
//   AutoFeatureExtractor and AutoProcessor share it: FEATURE_EXTRACTOR_NAME and
//   IMAGE_PROCESSOR_NAME are both that file; image processors may be [slow, fast] pairs too),
//   processor_config.json (AutoProcessor), video_preprocessor_config.json (AutoVideoProcessor).
//   generation_config.json is not read: GenerationConfig resolves no auto_map.
//   `custom_pipelines` in config.json: {task: {"impl": "module.Class", "pt": [...], "tf": [...]}};
//   pipeline() imports `impl` the same way; "pt"/"tf" name transformers' own classes.
//   Note: transformers unpacks the reference with `module_file, class_name = ref.split(".")`,
//   so a dotted module ("pkg.mod.Class") makes it fail; such references are still listed (as
//   module "pkg.mod"), erring on the side of reporting what a loader could import.
//
// torch.hub (hub.py): `torch.hub.load(repo, name)` imports <repo>/hubconf.py (its whole top
//   level runs, `dependencies` is checked after that) and calls the module attribute `name`;
//   `torch.hub.list` lists the callables of the module whose name does not start with '_'.
//   Entries: the module itself, and each public name bound at its top level (also inside
//   top-level if/try/with/for/while blocks) by def, class or `from M import name` (re-exported
//   functions are a common hubconf idiom). Names bound by plain assignment are not listed.
//
// ModelScope (modelscope.utils.plugins, Model.from_pretrained and pipeline()): configuration.json
//   gives "model": {"type": ...} and "pipeline": {"type": ...}, which are keys of ModelScope's
//   registries, not module names, so they name no file. Custom code is reached by two switches:
//   - "allow_remote": truthy -> register_modelhub_repo -> import_module_from_model_dir walks the
//     model directory (recursively, skipping __init__.py and names starting with "__"),
//     pip-installs every file whose name contains "requirement", then imports every .py file
//     (ms_wrapper.py, where custom pipelines/models register themselves, among them). So every
//     such module is an entry, and each requirements file a remote reference.
//   - "plugins": [names] -> register_plugins_repo pip-installs and imports those packages,
//     whatever allow_remote says: remote references of kind "pip".
//   Conservatively, ms_wrapper.py is an entry even without allow_remote (it exists only to be
//   imported by ModelScope, and versions differ in how they gate it).
//
// Convention: transformers' custom-code files (modeling_*, configuration_*, tokenization_*,
//   image_processing_*, video_processing_*, processing_*, feature_extraction_*) are listed as
//   entry modules once the root looks like a model repository, since the auto_map of a
//   subfolder, a pipeline or user code may import them.
#include "model_repo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <ios>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "config_json.hpp"
#include "discovery.hpp"
#include "source.hpp"
#include "syntax.hpp"

namespace warden::detail {

std::string_view to_string(EntryPoint::Kind kind) noexcept {
  switch (kind) {
    case EntryPoint::Kind::auto_map: return "auto_map";
    case EntryPoint::Kind::custom_pipeline: return "custom_pipeline";
    case EntryPoint::Kind::hubconf: return "hubconf";
    case EntryPoint::Kind::modelscope: return "modelscope";
    case EntryPoint::Kind::convention: return "convention";
  }
  return "unknown";
}

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::string_view kCode = "model-config";
// Config files whose auto_map transformers reads, in the order they are reported.
constexpr std::array<std::string_view, 5> kAutoMapFiles = {
    "config.json", "tokenizer_config.json", "preprocessor_config.json", "processor_config.json",
    "video_preprocessor_config.json"};
constexpr std::string_view kModelScopeFile = "configuration.json";
constexpr std::string_view kHubconfFile = "hubconf.py";
constexpr std::array<std::string_view, 7> kConventionPrefixes = {
    "modeling_", "configuration_", "tokenization_", "image_processing_", "video_processing_",
    "processing_", "feature_extraction_"};
constexpr std::size_t kMaxSnippet = 300;          // longer lines (minified JSON) get no snippet
constexpr std::size_t kMaxWalkedEntries = 100000;  // bound on the requirements-file walk

void add_diagnostic(std::vector<Diagnostic>& out, std::string_view file, Position position,
                    DiagnosticLevel level, std::string message, std::string_view snippet = {}) {
  Diagnostic diagnostic;
  diagnostic.file = std::string(file);
  diagnostic.position = position;
  diagnostic.level = level;
  diagnostic.code = std::string(kCode);
  diagnostic.message = std::move(message);
  if (snippet.size() <= kMaxSnippet) diagnostic.snippet = std::string(snippet);
  out.push_back(std::move(diagnostic));
}

// Whether `path` (canonical) lies inside `root` (canonical).
bool inside(const fs::path& path, const fs::path& root) {
  if (root.empty()) return false;
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

std::string_view trim_message(std::string_view what) {
  // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..." -> "syntax error ..."
  const std::size_t column = what.find(", column ");
  if (column != std::string_view::npos) {
    const std::size_t colon = what.find(": ", column);
    if (colon != std::string_view::npos) return what.substr(colon + 2);
  }
  const std::size_t bracket = what.find("] ");
  return bracket == std::string_view::npos ? what : what.substr(bracket + 2);
}

// A config file as read: its text (BOM dropped), line index, value and value offsets.
struct JsonFile {
  std::string name;
  SourceFile source;
  Json value;
  std::optional<ValueOffsets> offsets;

  Position position(const std::string& pointer) const {
    if (!offsets) return {};
    const auto offset = offsets->find(pointer);
    if (!offset) return {};
    return source.position_at(static_cast<std::uint32_t>(*offset));
  }
  std::string_view line(Position position) const { return source.line(position.line); }
};

// Python truthiness of a JSON value (ModelScope tests `cfg.get('allow_remote', False)`).
bool truthy(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return false;
    case Json::value_t::boolean: return value.get<bool>();
    case Json::value_t::number_integer: return value.get<std::int64_t>() != 0;
    case Json::value_t::number_unsigned: return value.get<std::uint64_t>() != 0;
    case Json::value_t::number_float: return value.get<double>() != 0.0;
    case Json::value_t::string: return !value.get_ref<const std::string&>().empty();
    case Json::value_t::array:
    case Json::value_t::object: return !value.empty();
    default: return true;
  }
}

std::string_view type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "a list";
    case Json::value_t::object: return "an object";
    default: return "an unexpected value";
  }
}

class Reader {
 public:
  Reader(const fs::path& root, const std::vector<std::string>& modules, const ModelRepoOptions& options)
      : root_(root), options_(options), modules_(modules.begin(), modules.end()) {
    std::error_code error;
    canonical_root_ = fs::canonical(root, error);
    if (error) canonical_root_.clear();
  }

  ModelRepo run() {
    for (const std::string_view name : kAutoMapFiles) {
      FileOutput file;
      if (std::optional<JsonFile> json = load_json(name, file)) read_transformers_config(*json, file);
      append(std::move(file));
    }
    {
      FileOutput file;
      if (std::optional<JsonFile> json = load_json(kModelScopeFile, file)) read_modelscope(*json, file);
      if (present_.contains(std::string(kModelScopeFile))) repo_.detected = true;
      append(std::move(file));
    }
    {
      FileOutput file;
      read_hubconf(file);
      append(std::move(file));
    }
    if (!repo_.detected) repo_.detected = conventions_next_to_config();
    if (repo_.detected) add_conventions();
    return std::move(repo_);
  }

 private:
  // What one declaring file yields, sorted by position before it is appended.
  struct FileOutput {
    std::vector<EntryPoint> entries;
    std::vector<RemoteReference> remote;
    std::vector<Diagnostic> diagnostics;
  };

  void append(FileOutput file) {
    const auto by_position = [](const auto& a, const auto& b) { return a.position < b.position; };
    std::stable_sort(file.entries.begin(), file.entries.end(), by_position);
    std::stable_sort(file.remote.begin(), file.remote.end(), by_position);
    std::stable_sort(file.diagnostics.begin(), file.diagnostics.end(), by_position);
    std::move(file.entries.begin(), file.entries.end(), std::back_inserter(repo_.entries));
    std::move(file.remote.begin(), file.remote.end(), std::back_inserter(repo_.remote));
    // As for the other codes: at most kMaxDiagnosticsPerCode per file, the rest counted in a note.
    const std::size_t shown = std::min(file.diagnostics.size(), kMaxDiagnosticsPerCode);
    std::move(file.diagnostics.begin(), file.diagnostics.begin() + static_cast<std::ptrdiff_t>(shown),
              std::back_inserter(repo_.diagnostics));
    if (file.diagnostics.size() > shown) {
      add_diagnostic(repo_.diagnostics, file.diagnostics[shown].file, {}, DiagnosticLevel::note,
                     fmt::format("{} more [{}] diagnostics in this file not shown", file.diagnostics.size() - shown,
                                 kCode));
    }
  }

  // The bytes of root/relative, or nullopt (absent: silently; unreadable, oversized, a
  // symlink out of the root, not a regular file: with a warning). `present_` records every
  // name that exists, read or not.
  std::optional<std::string> read_file(std::string_view relative, FileOutput& out) {
    const fs::path path = root_ / fs::path(std::string(relative));
    std::error_code error;
    const fs::file_status link = fs::symlink_status(path, error);
    if (link.type() == fs::file_type::not_found) return std::nullopt;
    present_.insert(std::string(relative));
    if (error) {
      add_diagnostic(out.diagnostics, relative, {}, DiagnosticLevel::warning,
                     fmt::format("{} cannot be read: {}", relative, error.message()));
      return std::nullopt;
    }
    if (fs::is_symlink(link)) {
      const fs::path target = fs::canonical(path, error);
      if (error) {
        add_diagnostic(out.diagnostics, relative, {}, DiagnosticLevel::warning,
                       fmt::format("{} is a broken symlink; not read", relative));
        return std::nullopt;
      }
      if (!inside(target, canonical_root_)) {
        add_diagnostic(out.diagnostics, relative, {}, DiagnosticLevel::warning,
                       fmt::format("{} is a symlink to a file outside the repository; not read", relative));
        return std::nullopt;
      }
    }
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::is_regular_file(status)) {
      add_diagnostic(out.diagnostics, relative, {}, DiagnosticLevel::warning,
                     fmt::format("{} is not a regular file; not read", relative));
      return std::nullopt;
    }
    const std::uintmax_t size = fs::file_size(path, error);
    if (!error && size > options_.max_config_size) {
      add_diagnostic(out.diagnostics, relative, {}, DiagnosticLevel::warning,
                     fmt::format("{} not read: {}", relative, too_large_detail(size, options_.max_config_size)));
      return std::nullopt;
    }
    // At most one byte past the limit: a file that grew since it was measured is caught below.
    std::ifstream in(path, std::ios::binary);
    std::string bytes;
    if (in) {
      bytes.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(error ? options_.max_config_size : size,
                                                                     options_.max_config_size)) + 1);
      in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      bytes.resize(static_cast<std::size_t>(in.gcount()));
    }
    if (!in.is_open() || in.bad()) {
      add_diagnostic(out.diagnostics, relative, {}, DiagnosticLevel::warning,
                     fmt::format("{} cannot be read", relative));
      return std::nullopt;
    }
    if (bytes.size() > options_.max_config_size) {  // grew since it was measured
      add_diagnostic(out.diagnostics, relative, {}, DiagnosticLevel::warning,
                     fmt::format("{} not read: {}", relative, too_large_detail(bytes.size(), options_.max_config_size)));
      return std::nullopt;
    }
    return bytes;
  }

  std::optional<JsonFile> load_json(std::string_view name, FileOutput& out) {
    std::optional<std::string> bytes = read_file(name, out);
    if (!bytes) return std::nullopt;
    if (bytes->starts_with("\xEF\xBB\xBF")) bytes->erase(0, 3);
    accept_python_json(*bytes);
    JsonFile file;
    file.name = std::string(name);
    file.source = SourceFile(file.name, std::move(*bytes));
    const std::string& text = file.source.text();
    try {
      file.value = Json::parse(text);
    } catch (const Json::parse_error& error) {
      // `byte` is the 1-based index of the last character read: the offending one, or one
      // past the end for a truncated file.
      const std::size_t offset = std::min<std::size_t>(error.byte == 0 ? 0 : error.byte - 1, text.size());
      const Position position = file.source.position_at(static_cast<std::uint32_t>(offset));
      add_diagnostic(out.diagnostics, name, position, DiagnosticLevel::error,
                     fmt::format("malformed JSON at line {}, column {}: {}; {} is not read", position.line,
                                 position.column, trim_message(error.what()), name),
                     file.source.line(position.line));
      return std::nullopt;
    } catch (const Json::exception& error) {
      add_diagnostic(out.diagnostics, name, {}, DiagnosticLevel::error,
                     fmt::format("{}: malformed JSON: {}; the file is not read", name, trim_message(error.what())));
      return std::nullopt;
    }
    if (!file.value.is_object()) {
      add_diagnostic(out.diagnostics, name, file.source.position_at(static_cast<std::uint32_t>(skip_ws(text, 0))),
                     DiagnosticLevel::warning,
                     fmt::format("{} holds {}, not a JSON object; skipped", name, type_name(file.value)));
      return std::nullopt;
    }
    static const std::set<std::string, std::less<>> kTopKeys = {"auto_map", "custom_pipelines", "allow_remote",
                                                                 "plugins"};
    file.offsets.emplace(text, kTopKeys);
    return file;
  }

  void warn(FileOutput& out, const JsonFile& file, const std::string& pointer, std::string message) {
    const Position position = file.position(pointer);
    add_diagnostic(out.diagnostics, file.name, position, DiagnosticLevel::warning, std::move(message),
                   file.line(position));
  }

  // A class reference ("module.Class" or "org/repo--module.Class") found at `key`.
  void add_reference(FileOutput& out, const JsonFile& file, EntryPoint::Kind kind, const std::string& key,
                     const std::string& pointer, std::string_view value) {
    const Position position = file.position(pointer);
    const std::size_t dashes = value.find("--");
    if (dashes != std::string_view::npos) {
      const std::string_view repo = value.substr(0, dashes);
      const std::string_view reference = value.substr(dashes + 2);
      if (repo.empty() || reference.find("--") != std::string_view::npos || reference.find('.') == 0 ||
          reference.find('.') == std::string_view::npos || reference.back() == '.') {
        warn(out, file, pointer,
             fmt::format("{} in {}: '{}' is not a class reference of the form org/repo--module.Class; skipped", key,
                         file.name, value));
        return;
      }
      RemoteReference remote;
      remote.kind = "repo";
      remote.target = std::string(repo);
      remote.detail = std::string(reference);
      remote.declared_in = file.name;
      remote.key = key;
      remote.position = position;
      out.remote.push_back(std::move(remote));
      return;
    }
    const std::size_t dot = value.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == value.size()) {
      warn(out, file, pointer,
           fmt::format("{} in {}: '{}' is not a class reference of the form module.Class; skipped", key, file.name,
                       value));
      return;
    }
    std::string module(value.substr(0, dot));
    std::replace(module.begin(), module.end(), '/', '.');
    if (!modules_.contains(module)) {
      warn(out, file, pointer,
           fmt::format("{} names module '{}', which is not in the repository", key, module));
    }
    EntryPoint entry;
    entry.kind = kind;
    entry.module = std::move(module);
    entry.symbol = std::string(value.substr(dot + 1));
    entry.declared_in = file.name;
    entry.key = key;
    entry.position = position;
    out.entries.push_back(std::move(entry));
  }

  // A list of class references ([slow, fast]; null items are allowed).
  void add_reference_list(FileOutput& out, const JsonFile& file, const Json& list, const std::string& key,
                          const std::string& pointer) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& item = list[i];
      const std::string item_key = fmt::format("{}[{}]", key, i);
      std::string item_pointer = pointer;
      append_pointer_token(item_pointer, std::to_string(i));
      if (item.is_null()) continue;
      if (!item.is_string()) {
        warn(out, file, item_pointer,
             fmt::format("{} in {} is {}, not a class reference; skipped", item_key, file.name, type_name(item)));
        continue;
      }
      add_reference(out, file, EntryPoint::Kind::auto_map, item_key, item_pointer, item.get_ref<const std::string&>());
    }
  }

  void read_transformers_config(const JsonFile& file, FileOutput& out) {
    const Json& json = file.value;
    if (const auto it = json.find("auto_map"); it != json.end()) {
      repo_.detected = true;
      const std::string pointer = pointer_of({"auto_map"});
      if (it->is_array() && file.name == "tokenizer_config.json") {
        // Legacy tokenizer configs: auto_map is the [slow, fast] pair itself.
        add_reference_list(out, file, *it, "auto_map", pointer);
      } else if (!it->is_object()) {
        warn(out, file, pointer,
             fmt::format("auto_map in {} is {}, not an object; skipped", file.name, type_name(*it)));
      } else {
        for (const auto& [name, value] : it->items()) {
          const std::string key = fmt::format("auto_map.{}", name);
          const std::string value_pointer = pointer_of({"auto_map", name});
          if (value.is_string()) {
            add_reference(out, file, EntryPoint::Kind::auto_map, key, value_pointer, value.get_ref<const std::string&>());
          } else if (value.is_array()) {
            add_reference_list(out, file, value, key, value_pointer);
          } else if (!value.is_null()) {
            warn(out, file, value_pointer,
                 fmt::format("{} in {} is {}, not a class reference or a list of them; skipped", key, file.name,
                             type_name(value)));
          }
        }
      }
    }
    if (file.name != "config.json") return;
    const auto pipelines = json.find("custom_pipelines");
    if (pipelines == json.end()) return;
    repo_.detected = true;
    if (!pipelines->is_object()) {
      warn(out, file, pointer_of({"custom_pipelines"}),
           fmt::format("custom_pipelines in {} is {}, not an object; skipped", file.name, type_name(*pipelines)));
      return;
    }
    for (const auto& [task, info] : pipelines->items()) {
      const std::string task_pointer = pointer_of({"custom_pipelines", task});
      if (!info.is_object()) {
        warn(out, file, task_pointer,
             fmt::format("custom_pipelines.{} in {} is {}, not an object; skipped", task, file.name, type_name(info)));
        continue;
      }
      const auto impl = info.find("impl");
      if (impl == info.end()) {
        warn(out, file, task_pointer,
             fmt::format("custom_pipelines.{} in {} has no impl (transformers refuses such a pipeline); skipped", task,
                         file.name));
        continue;
      }
      const std::string key = fmt::format("custom_pipelines.{}.impl", task);
      const std::string impl_pointer = pointer_of({"custom_pipelines", task, "impl"});
      if (!impl->is_string()) {
        warn(out, file, impl_pointer,
             fmt::format("{} in {} is {}, not a class reference; skipped", key, file.name, type_name(*impl)));
        continue;
      }
      add_reference(out, file, EntryPoint::Kind::custom_pipeline, key, impl_pointer, impl->get_ref<const std::string&>());
    }
  }

  // The path of a module's .py file, if that is what it is (not a package's __init__.py).
  std::optional<std::string> module_py_file(const std::string& module) const {
    if (module.empty()) return std::nullopt;
    std::string relative = module;
    std::replace(relative.begin(), relative.end(), '.', '/');
    relative += ".py";
    std::error_code error;
    const fs::file_status link = fs::symlink_status(root_ / relative, error);
    if (error || (!fs::is_regular_file(link) && !fs::is_symlink(link))) return std::nullopt;
    return relative;
  }

  // Files whose name contains "requirement", as ModelScope's directory walk collects them.
  std::vector<std::string> requirement_files() const {
    std::vector<std::string> found;
    std::error_code error;
    fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, error);
    std::size_t walked = 0;
    for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (++walked > kMaxWalkedEntries) break;
      const std::string name = it->path().filename().string();
      std::error_code type_error;
      const fs::file_status link = it->symlink_status(type_error);
      if (type_error) continue;
      if (fs::is_directory(link)) {
        if (name == ".git" || name.starts_with("__")) it.disable_recursion_pending();
        continue;
      }
      if (name.starts_with("__") || name.ends_with(".json") || name.ends_with(".md")) continue;
      if (name.find("requirement") == std::string::npos) continue;
      if (!fs::is_regular_file(link) && !fs::is_symlink(link)) continue;
      found.push_back(it->path().lexically_relative(root_).generic_string());
    }
    std::sort(found.begin(), found.end());
    return found;
  }

  void read_modelscope(const JsonFile& file, FileOutput& out) {
    const Json& json = file.value;
    bool allow_remote = false;
    if (const auto it = json.find("allow_remote"); it != json.end()) allow_remote = truthy(*it);
    if (allow_remote) {
      const std::string pointer = pointer_of({"allow_remote"});
      const Position position = file.position(pointer);
      std::vector<std::string> sorted(modules_.begin(), modules_.end());
      for (const std::string& module : sorted) {
        bool dunder = false;
        for (std::size_t start = 0; start <= module.size();) {
          const std::size_t end = std::min(module.find('.', start), module.size());
          if (module.compare(start, 2, "__") == 0) dunder = true;
          start = end + 1;
        }
        if (dunder || !module_py_file(module)) continue;
        EntryPoint entry;
        entry.kind = EntryPoint::Kind::modelscope;
        entry.module = module;
        entry.declared_in = file.name;
        entry.key = "allow_remote";
        entry.position = position;
        out.entries.push_back(std::move(entry));
      }
      for (std::string& requirements : requirement_files()) {
        RemoteReference remote;
        remote.kind = "requirements";
        remote.target = std::move(requirements);
        remote.detail = "pip-installed by ModelScope before the repository's code is imported";
        remote.declared_in = file.name;
        remote.key = "allow_remote";
        remote.position = position;
        out.remote.push_back(std::move(remote));
      }
    } else if (modules_.contains("ms_wrapper")) {
      EntryPoint entry;
      entry.kind = EntryPoint::Kind::modelscope;
      entry.module = "ms_wrapper";
      entry.declared_in = file.name;
      out.entries.push_back(std::move(entry));
    }
    const auto plugins = json.find("plugins");
    if (plugins == json.end() || plugins->is_null()) return;
    const auto add_plugin = [&](const std::string& key, const std::string& pointer, const std::string& name) {
      RemoteReference remote;
      remote.kind = "pip";
      remote.target = name;
      remote.detail = "ModelScope plugin: pip-installed and imported";
      remote.declared_in = file.name;
      remote.key = key;
      remote.position = file.position(pointer);
      out.remote.push_back(std::move(remote));
    };
    if (plugins->is_string()) {
      add_plugin("plugins", pointer_of({"plugins"}), plugins->get<std::string>());
    } else if (plugins->is_array()) {
      for (std::size_t i = 0; i < plugins->size(); ++i) {
        const Json& item = (*plugins)[i];
        const std::string key = fmt::format("plugins[{}]", i);
        const std::string pointer = pointer_of({"plugins", std::to_string(i)});
        if (item.is_string()) {
          add_plugin(key, pointer, item.get<std::string>());
        } else {
          warn(out, file, pointer, fmt::format("{} in {} is {}, not a package name; skipped", key, file.name, type_name(item)));
        }
      }
    } else {
      warn(out, file, pointer_of({"plugins"}),
           fmt::format("plugins in {} is {}, not a list of package names; skipped", file.name, type_name(*plugins)));
    }
  }

  void read_hubconf(FileOutput& out) {
    std::optional<std::string> bytes = read_file(kHubconfFile, out);
    if (!present_.contains(std::string(kHubconfFile))) return;
    repo_.detected = true;
    EntryPoint module_entry;
    module_entry.kind = EntryPoint::Kind::hubconf;
    module_entry.module = "hubconf";
    module_entry.declared_in = std::string(kHubconfFile);
    out.entries.push_back(module_entry);
    if (!bytes) return;
    std::vector<Diagnostic> ignored;  // the scan reports the file's own problems
    const SourceFile source = decode_source(std::string(kHubconfFile), std::move(*bytes), ignored);
    PythonParser parser;
    const Tree tree = parser.parse(source.text());
    if (!tree) {
      add_diagnostic(out.diagnostics, kHubconfFile, {}, DiagnosticLevel::warning,
                     "hubconf.py could not be parsed in time; its entry points are not listed");
      return;
    }
    const std::string_view text = source.text();
    std::set<std::string, std::less<>> seen;
    const auto add = [&](TSNode name, std::string_view how) {
      if (ts_node_is_null(name)) return;
      const std::string_view symbol = text_of(name, text);
      if (symbol.empty() || symbol.front() == '_' || seen.contains(symbol)) return;
      seen.insert(std::string(symbol));
      const TSPoint start = ts_node_start_point(name);
      EntryPoint entry;
      entry.kind = EntryPoint::Kind::hubconf;
      entry.module = "hubconf";
      entry.symbol = std::string(symbol);
      entry.declared_in = std::string(kHubconfFile);
      entry.key = std::string(how);
      entry.position = source.position_at(start.row, start.column);
      out.entries.push_back(std::move(entry));
    };
    const auto add_definition = [&](TSNode definition) {
      if (ts_node_is_null(definition)) return;
      const Kind kind = kind_of(definition);
      if (kind == Kind::function_definition) add(child(definition, Field::name), "def");
      if (kind == Kind::class_definition) add(child(definition, Field::name), "class");
    };
    const TSNode root = ts_tree_root_node(tree.get());
    const TSFieldId name_field = PythonGrammar::get().field(Field::name);
    for_each_node(root, [&](TSNode node) -> Walk {
      switch (kind_of(node)) {
        case Kind::module:
        case Kind::block:
        case Kind::except_clause:
          return Walk::descend;
        case Kind::function_definition:
        case Kind::class_definition:
          add_definition(node);
          return Walk::skip_children;
        case Kind::decorated_definition:
          add_definition(child(node, Field::definition));
          return Walk::skip_children;
        case Kind::import_from_statement: {
          TSTreeCursor cursor = ts_tree_cursor_new(node);
          for (bool more = ts_tree_cursor_goto_first_child(&cursor); more; more = ts_tree_cursor_goto_next_sibling(&cursor)) {
            if (ts_tree_cursor_current_field_id(&cursor) != name_field) continue;
            const TSNode imported = ts_tree_cursor_current_node(&cursor);
            if (kind_of(imported) == Kind::aliased_import) {
              add(child(imported, Field::alias), "import");
            } else if (kind_of(imported) == Kind::dotted_name) {
              add(imported, "import");
            }
          }
          ts_tree_cursor_delete(&cursor);
          return Walk::skip_children;
        }
        default: break;
      }
      // Compound statements at the top level bind module-level names in their blocks.
      static const std::set<std::string, std::less<>> kCompound = {
          "if_statement", "elif_clause",  "else_clause",     "try_statement",  "except_group_clause",
          "finally_clause", "with_statement", "for_statement", "while_statement"};
      return kCompound.contains(std::string_view(ts_node_type(node))) ? Walk::descend : Walk::skip_children;
    });
  }

  bool is_convention(std::string_view module, std::string_view& pattern) const {
    const std::size_t dot = module.rfind('.');
    const std::string_view last = dot == std::string_view::npos ? module : module.substr(dot + 1);
    for (const std::string_view prefix : kConventionPrefixes) {
      if (last.size() > prefix.size() && last.starts_with(prefix)) {
        pattern = prefix;
        return true;
      }
    }
    return false;
  }

  // Convention-named files in a directory that also holds one of the config files.
  bool conventions_next_to_config() const {
    for (const std::string& module : modules_) {
      std::string_view pattern;
      if (!is_convention(module, pattern)) continue;
      const std::size_t dot = module.rfind('.');
      fs::path directory = root_;
      if (dot != std::string::npos) {
        std::string relative = module.substr(0, dot);
        std::replace(relative.begin(), relative.end(), '.', '/');
        directory /= relative;
      }
      for (const std::string_view name : kAutoMapFiles) {
        std::error_code error;
        const fs::file_status status = fs::symlink_status(directory / std::string(name), error);
        if (!error && status.type() != fs::file_type::not_found) return true;
      }
    }
    return false;
  }

  void add_conventions() {
    for (const std::string& module : modules_) {  // std::set: by name
      std::string_view pattern;
      if (!is_convention(module, pattern)) continue;
      EntryPoint entry;
      entry.kind = EntryPoint::Kind::convention;
      entry.module = module;
      entry.key = fmt::format("{}*", pattern);
      repo_.entries.push_back(std::move(entry));
    }
  }

  fs::path root_;
  fs::path canonical_root_;
  const ModelRepoOptions& options_;
  std::set<std::string, std::less<>> modules_;
  std::set<std::string, std::less<>> present_;
  ModelRepo repo_;
};

}  // namespace

ModelRepo read_model_repo(const fs::path& root, const std::vector<std::string>& modules, const ModelRepoOptions& options) {
  return Reader(root, modules, options).run();
}

}  // namespace warden::detail

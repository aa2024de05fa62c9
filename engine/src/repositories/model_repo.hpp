// What a model repository runs when it is loaded: its load-time entry points, read from the
// files the loaders read (transformers' config files and custom pipelines, torch.hub's
// hubconf.py, ModelScope's configuration.json) and from the file-naming conventions of
// custom-code repositories. A reader only: nothing is imported or evaluated, and nothing is
// wired into the scan here (reachability and on-load marking use its result).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "warden/finding.hpp"

namespace warden::detail {

struct EntryPoint {
  enum class Kind : std::uint8_t { auto_map, custom_pipeline, hubconf, modelscope, convention };
  Kind kind = Kind::convention;
  // Dotted module name as discovery names it, relative to the repository root
  // ("modeling_tiny", "models.resnet"). For auto_map and custom_pipelines it is the module
  // part of the class reference ('/' read as '.'), listed even when no such module was
  // discovered (a warning says so).
  std::string module;
  // Class or function ("TinyModel"); empty: the whole module (its top level runs on import).
  std::string symbol;
  // The file that declares the entry, relative to the root ("config.json", "hubconf.py",
  // "configuration.json"); empty for convention entries (the module's own name is the reason).
  std::string declared_in;
  // Where in that file: the JSON path of the value, dot-joined, list items as [i]
  // ("auto_map.AutoModel", "auto_map.AutoTokenizer[1]", "custom_pipelines.pair-classification.impl",
  // "allow_remote"); for hubconf entries how the name is bound ("def", "class", "import");
  // for convention entries the pattern matched ("modeling_*"); empty for a module itself.
  std::string key;
  Position position;  // of the value (JSON) or the bound name (hubconf.py); {0,0} when none
};

std::string_view to_string(EntryPoint::Kind kind) noexcept;

struct RemoteReference {
  // "repo": code from another hub repository ("org/repo--module.Class" in auto_map or a
  //         custom pipeline's impl): target "org/repo", detail "module.Class";
  // "pip":  a ModelScope plugin, pip-installed and imported: target the requirement as written;
  // "requirements": a requirements file ModelScope pip-installs before importing the
  //         repository's code (allow_remote): target the file's path relative to the root.
  std::string kind;
  std::string target;
  std::string detail;
  std::string declared_in;
  std::string key;  // as EntryPoint::key
  Position position;
};

struct ModelRepo {
  bool detected = false;            // the root looks like a model repository
  std::vector<EntryPoint> entries;  // in a stable order (see read_model_repo)
  std::vector<RemoteReference> remote;
  // Malformed JSON, unexpected shapes, missing modules, unreadable or oversized config files.
  // Code "model-config"; `file` relative to the root ('/'-separated), positioned when there
  // is a position (line 0 otherwise), with the source line as snippet when it is short.
  std::vector<Diagnostic> diagnostics;
};

struct ModelRepoOptions {
  std::uint64_t max_config_size = 10u << 20;  // config files larger than this are not read
};

// Reads the model repository at `root` (the scanned directory). `modules`: the dotted names of
// the Python files discovered in it (DiscoveredFile::module), used to map class references to
// modules and to find convention files. Never throws for the content of the repository; files
// that are symlinks to outside the root are not read.
//
// Order: entries of config.json, tokenizer_config.json, preprocessor_config.json,
// processor_config.json, video_preprocessor_config.json, configuration.json, hubconf.py (each
// in source order), then convention entries by module name. Remote references and
// diagnostics in the same file order.
ModelRepo read_model_repo(const std::filesystem::path& root, const std::vector<std::string>& modules,
                          const ModelRepoOptions& options = {});

}  // namespace warden::detail

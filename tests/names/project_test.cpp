// Cross-file name resolution through the modules of the scanned tree.
#include <gtest/gtest.h>

#include "project.hpp"

namespace warden::detail {
namespace {

QualifiedName imported(std::string name) { return {std::move(name), NameOrigin::imported}; }

TEST(ProjectIndex, ModulePrefixIsTheLongestModuleOfTheTree) {
  const ProjectIndex index({"pkg", "pkg.utils", "top"});
  EXPECT_EQ(index.module_prefix("pkg.utils.run"), 9u);
  EXPECT_EQ(index.module_prefix("pkg.other"), 3u);
  EXPECT_EQ(index.module_prefix("pkg"), 3u);
  EXPECT_EQ(index.module_prefix("pkgx.run"), 0u);
  EXPECT_EQ(index.module_prefix("os.system"), 0u);
  EXPECT_EQ(index.module_prefix(""), 0u);
}

TEST(ProjectIndex, FollowsReExportChains) {
  ProjectIndex index({"pkg", "pkg.a", "pkg.b"});
  index.set_exports("pkg.a", {{"run", imported("os.system")}, {"os", imported("os")}}, {});
  index.set_exports("pkg.b", {{"shell", imported("pkg.a.run")}}, {});
  index.set_exports("pkg", {{"go", imported("pkg.b.shell")}}, {});
  EXPECT_EQ(index.resolve("pkg.go")->name, "os.system");
  EXPECT_EQ(index.resolve("pkg.a.os.popen")->name, "os.popen");
  EXPECT_FALSE(index.resolve("os.system"));  // not in the tree: unchanged
}

TEST(ProjectIndex, DefinitionsAndUnknownNamesStop) {
  ProjectIndex index({"pkg.a"});
  index.set_exports("pkg.a", {{"helper", {"pkg.a.helper", NameOrigin::definition}}}, {});
  EXPECT_FALSE(index.resolve("pkg.a.helper"));
  EXPECT_FALSE(index.resolve("pkg.a.missing"));
}

TEST(ProjectIndex, StarImportsOfAModule) {
  ProjectIndex index({"pkg.a"});
  index.set_exports("pkg.a", {}, {"subprocess"});
  EXPECT_EQ(index.resolve("pkg.a.Popen")->name, "subprocess.Popen");
}

TEST(ProjectIndex, CyclesTerminate) {
  ProjectIndex index({"a", "b"});
  index.set_exports("a", {{"f", imported("b.f")}}, {});
  index.set_exports("b", {{"f", imported("a.f")}}, {});
  const auto resolved = index.resolve("a.f");  // bounded hops; whatever it ends on, it ends
  ASSERT_TRUE(resolved);
  EXPECT_TRUE(resolved->name == "a.f" || resolved->name == "b.f");
}

}  // namespace
}  // namespace warden::detail

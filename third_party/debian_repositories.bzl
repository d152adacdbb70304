"""Repository rules that bring Debian's Bazel rule sets and system libraries into the workspace.

Nothing here downloads: every repository is made from files that Debian packages installed.
When a package is missing, the rule fails naming it (tools/setup.sh installs them all).
"""

def _require(rctx, path, package):
    if not rctx.path(path).exists:
        fail("%s is missing: install the Debian package '%s' (tools/setup.sh does)" % (path, package))

def _patched_rules_cc_impl(rctx):
    # Debian ships rules_cc 0.0.4, which calls use_cpp_toolchain(); Bazel 4.2.3's @bazel_tools lacks
    # it. Copy the rule set and spell out the toolchain type it stands for.
    src = "/usr/share/bazel/rules/cc"
    _require(rctx, src, "bazel-rules-cc")
    result = rctx.execute(["cp", "-r", src + "/.", "."])
    if result.return_code != 0:
        fail("copying %s failed: %s" % (src, result.stderr))
    for f in ["cc/private/rules_impl/compiler_flag.bzl", "cc/private/rules_impl/cc_flags_supplier.bzl"]:
        text = rctx.read(f)
        text = text.replace(', "use_cpp_toolchain")', ")")
        text = text.replace("use_cpp_toolchain()", '["@bazel_tools//tools/cpp:toolchain_type"]')
        rctx.file(f, text)

patched_rules_cc = repository_rule(implementation = _patched_rules_cc_impl, local = True)

def _coverage_tools_standin_impl(rctx):
    # `bazel test` resolves @remote_coverage_tools even when coverage is off; offline there is
    # nothing to fetch, so these targets only explain that coverage is not available.
    rctx.file("refuse.sh", "#!/bin/sh\necho 'coverage is not available in this offline build' >&2\nexit 1\n", executable = True)
    rctx.file("BUILD.bazel", """
package(default_visibility = ["//visibility:public"])
sh_binary(name = "coverage_report_generator", srcs = ["refuse.sh"])
sh_binary(name = "lcov_merger", srcs = ["refuse.sh"])
""")

coverage_tools_standin = repository_rule(implementation = _coverage_tools_standin_impl)

def _debian_library_impl(rctx):
    for path, package in rctx.attr.requires.items():
        _require(rctx, path, package)
    for target, name in rctx.attr.symlinks.items():
        rctx.symlink(target, name)
    rctx.symlink(rctx.attr.build_file, "BUILD.bazel")

debian_library = repository_rule(
    implementation = _debian_library_impl,
    attrs = {
        "build_file": attr.label(mandatory = True, allow_single_file = True),
        # file that must exist -> Debian package that provides it
        "requires": attr.string_dict(),
        # system path -> name inside the repository, for headers outside the default include path
        "symlinks": attr.string_dict(),
    },
    local = True,
)

"""The repository @onnx_node_tests: ONNX's backend node tests, as tools/fetch_onnx_node_tests.sh
unpacks them into third_party/onnx_node_tests/data/node (ignored by git).

The repository links to that folder and globs it, so it loads whether or not the folder exists:
before the fetch the filegroup is empty and //tests:onnx_node_conformance_test fails saying to run
the script. The glob follows the link, so files fetched later are seen without refetching.
"""

def _onnx_node_tests_impl(rctx):
    workspace_root = rctx.path(Label("//:WORKSPACE")).dirname
    rctx.symlink(str(workspace_root) + "/" + rctx.attr.path, "node")
    rctx.file("BUILD.bazel", """package(default_visibility = ["//visibility:public"])

# Each test's folder: model.onnx and test_data_set_*/{input,output}_N.pb.
filegroup(name = "node_tests", srcs = glob(["node/**"]))
""")

onnx_node_tests_repository = repository_rule(
    implementation = _onnx_node_tests_impl,
    attrs = {
        # The folder holding one folder per node test, relative to the workspace root.
        "path": attr.string(mandatory = True),
    },
    local = True,
)

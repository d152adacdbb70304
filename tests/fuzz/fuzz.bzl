"""One libFuzzer harness (NAME.cc, defining LLVMFuzzerTestOneInput) as two targets:

NAME: the fuzzer, built with clang under ASan and UBSan (`bazel build --config=fuzz`, .bazelrc;
      tools/fuzz.sh runs it); `manual`, so that the default build skips it.
NAME_replay_test: the harness over every file of corpus/NAME/ (seeds and the findings fixed so
      far) through replay_main.cc, in the default build: the README's test command runs it.
"""

load("@rules_cc//cc:defs.bzl", "cc_binary", "cc_library", "cc_test")

def sentio_fuzz_target(name, deps):
    cc_library(
        name = name + "_harness",
        srcs = [name + ".cc"],
        deps = deps + [":fuzz_support"],
        alwayslink = 1,
        testonly = 1,
    )
    cc_binary(
        name = name,
        deps = [":" + name + "_harness"],
        linkopts = ["-fsanitize=fuzzer"],
        tags = ["manual"],
        testonly = 1,
    )
    cc_test(
        name = name + "_replay_test",
        size = "small",
        srcs = ["replay_main.cc"],
        deps = [":" + name + "_harness"],
        data = native.glob(["corpus/" + name + "/**"]),
        args = ["tests/fuzz/corpus/" + name],
    )

"""sentio_pipeline: a runnable binary for one graph config, linking only the stages it names."""

load("@rules_cc//cc:defs.bzl", "cc_binary")

def sentio_pipeline(name, graph, stages, data = [], **kwargs):
    """Builds `name`, which runs `graph` (a .pbtxt in this package) with `stages`.

    The binary takes --graph=F to run another config with the same stages and --threads=N.
    Relative paths, the graph's own included, are read from the working directory: run it from
    the repository root.

    Args:
      name: the binary's name.
      graph: the graph config file, relative to this package.
      stages: the stage libraries (alwayslink = 1) the graph's nodes use.
      data: files the graph reads besides its data set (models, class names), to keep with it.
      **kwargs: passed to cc_binary (visibility, tags, ...).
    """
    graph_path = (native.package_name() + "/" + graph) if native.package_name() else graph
    native.genrule(
        name = name + "_graph_path",
        outs = [name + "_graph_path.cc"],
        cmd = "echo 'extern const char kPipelineGraph[]; const char kPipelineGraph[] = \"%s\";' > $@" % graph_path,
    )
    cc_binary(
        name = name,
        srcs = [":" + name + "_graph_path"],
        data = [graph] + data,
        deps = ["//sensing:pipeline_main"] + stages,
        **kwargs
    )

// The `sentio` command line (contract in docs/ARCHITECTURE.md): `sentio <command> --flag=value
// ...`. Each command prints a human summary whose last line is the `key=value` figure scripts read.
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "apps/cnn_bench_command.h"
#include "apps/cnn_command.h"
#include "apps/cnn_convert_command.h"
#include "apps/cnn_decompose_command.h"
#include "apps/cnn_detect_command.h"
#include "apps/command_line.h"
#include "apps/eval_command.h"
#include "apps/features_command.h"
#include "apps/mfcc_command.h"
#include "apps/predict_command.h"
#include "apps/run_command.h"
#include "apps/train_command.h"
#include "classifiers/classifier_registry.h"

namespace {

struct Command {
  const char* name;  // one word, or two for a group ("cnn eval")
  const char* usage;
  absl::Status (*run)(sentio::CommandLine& flags, std::ostream& out);
};

// Add a command here; its flags are parsed for it and it prints to standard output.
constexpr Command kCommands[] = {
    {"eval",
     "--data=F [--test=F2] [--classifier=knn] [--folds=10] [--seed=1]\n"
     "      [--class=C] [--ignore=A,B] [--group=G (leave-one-group-out)] (.arff, .csv, .tsv)\n"
     "      [--time=T [--time_unit=s|ms|us|ns] [--max_gap_periods=3] [--resample_hz=R]] (a\n"
     "      timestamped CSV log: windows of cases) [--window=N --hop=N] [--rate_hz=R\n"
     "      --groups=F (.ts)] [--report=DIR (HTML)] [classifier options, e.g. --k=3]\n"
     "      train and measure a classifier on tables or recordings; last line accuracy=",
     &sentio::RunEvalCommand},
    {"train",
     "--data=F --out=M [--classifier=knn] [classifier options, e.g. --k=3] [--class=C]\n"
     "      [--ignore=A,B] [--time=T ... [--group=G] --set=stats (a timestamped CSV log, as\n"
     "      eval)]  train a classifier on .arff, .csv or .tsv data, or window features of a log, "
     "and\n"
     "      save it as a model file (text format when M ends in .pbtxt, else binary protobuf);\n"
     "      last line model=",
     &sentio::RunTrainCommand},
    {"predict",
     "--model=M --data=F [--format=text|csv|json --out=R] [--class=C] [--ignore=A,B]\n"
     "      [--time=T ... --set=stats (a timestamped CSV log, windowed as in training)]\n"
     "      classify every instance of F (the model's header) with a saved model (csv/json: "
     "records\n"
     "      with every class's probability written to R); last line\n"
     "      accuracy= (when F has classes) or predictions=",
     &sentio::RunPredictCommand},
    {"features",
     "--data=F.ts --set=stats|time|wisdm --out=F.arff|.csv|.npy [--window=N --hop=N --rate_hz=R]\n"
     "      [--time=T [--class=C] [--ignore=A,B] [--group=G (each subject's rows a recording)]\n"
     "      [--time_unit=U] [--max_gap_periods=3] [--resample_hz=R] (CSV log)]\n"
     "      [--model=M (declare its classes)]  |  --wav_dir=D --set=mfcc-stats|fbank-stats\n"
     "      --out=F.arff|.csv|.npy [--files=REGEX] [--label_regex=R] [the options of mfcc/fbank:\n"
     "      --channel, --num_ceps, --cepstral_lifter, --num_mel_bins, --frame_length_ms,\n"
     "      --frame_shift_ms, --low_freq, --high_freq, --use_energy, --raw_energy,\n"
     "      --preemphasis_coefficient, --remove_dc_offset, --window_type, --snip_edges]\n"
     "      window features of UEA .ts recordings or timestamped CSV logs, or per-file pooled\n"
     "      Kaldi features of a directory of WAVs, written as Weka ARFF, CSV or NumPy (by the\n"
     "      name of --out); last line instances=",
     &sentio::RunFeaturesCommand},
    {"mfcc",
     "--wav=F [--wav=F2 ...] [--wav_list=SCP (\"ID PATH\" per line)] [--out=F.ark.txt|.csv|.npy]\n"
     "      [--channel=0] [--num_ceps=13] [--cepstral_lifter=22] [--num_mel_bins=23]\n"
     "      [--frame_length_ms=25] [--frame_shift_ms=10] [--low_freq=20] [--high_freq=0]\n"
     "      [--use_energy=true] [--raw_energy=true] [--preemphasis_coefficient=0.97]\n"
     "      [--remove_dc_offset=true] [--window_type=povey] [--snip_edges=true]\n"
     "      [--report=DIR (HTML: the MFCC image)]\n"
     "      Kaldi compute-mfcc-feats (dither 0): one frame per line, or to --out (Kaldi text\n"
     "      archive, CSV, .npy; several WAVs need it); last line frames=",
     &sentio::RunMfccCommand},
    {"fbank",
     "--wav=F [--wav=F2 ...] [--wav_list=SCP] [--out=F.ark.txt|.csv|.npy] [--channel=0]\n"
     "      [--num_mel_bins=23] [--frame_length_ms=25] [--frame_shift_ms=10]\n"
     "      [--low_freq=20] [--high_freq=0] [--use_energy=false] [--raw_energy=true]\n"
     "      [--preemphasis_coefficient=0.97] [--remove_dc_offset=true] [--window_type=povey]\n"
     "      [--snip_edges=true] [--report=DIR (HTML: the log mel spectrogram)]\n"
     "      Kaldi compute-fbank-feats (dither 0): one frame per line or to --out, as mfcc; last\n"
     "      line frames=",
     &sentio::RunFbankCommand},
    {"run",
     "--graph=F.pbtxt [--threads=0 (all cores)] [--set=NODE.OPTION=VALUE ...]\n"
     "      [--report=DIR (HTML: decisions against the truth over time)]\n"
     "      run a streaming graph config (relative paths from the working directory), options\n"
     "      overridden by --set (repeatable); Ctrl-C cancels; last line: the graph's report,\n"
     "      e.g. accuracy=",
     &sentio::RunRunCommand},
    {"stages",
     "\n      list the stage types a graph may name: ports, payload types, options; last "
     "line stages=",
     &sentio::RunStagesCommand},
    {"cnn eval",
     "--model=M [--weights=W] --images=IDX --labels=IDX [--scale=1] [--mean=0]\n"
     "      [--engine=cpu|opencl|reference] [--no_fallback] [--threads=1]\n"
     "      [--precision=fp32|fp16]  a CNN (.onnx, Caffe .prototxt +\n"
     "      .caffemodel, native model) on labelled IDX images, input (pixel - mean) * scale;\n"
     "      last line accuracy=",
     &sentio::RunCnnEvalCommand},
    {"cnn run",
     "--model=M [--weights=W] --input=F.npy --output_dir=D [--engine=cpu|opencl|reference]\n"
     "      [--no_fallback]  run a CNN on one NumPy array, each output written as D/<name>.npy; "
     "last line outputs=",
     &sentio::RunCnnRunCommand},
    {"cnn bench",
     "--model=M [--weights=W] [--engine=cpu|opencl|reference] [--no_fallback] [--threads=1]\n"
     "      [--precision=fp32|fp16] [--iters=10] [--warmup=3] [--seed=1]  time a CNN on a random "
     "input of its input shape\n"
     "      (fp16: weights rounded through half storage); last line median_ms=",
     &sentio::RunCnnBenchCommand},
    {"cnn profile",
     "--model=M [--weights=W] [--engine=cpu|opencl] [--no_fallback] [--threads=1] [--iters=10]\n"
     "      [--warmup=3] [--seed=1] [--precision=fp32|fp16] [--json=F] [--report=DIR]\n"
     "      time each step of a CNN (ms, GFLOPS, share, op\n"
     "      with any fused activation, kernel or fallback, output shape, node), slowest first,\n"
     "      then the time per op; last line total_ms=",
     &sentio::RunCnnProfileCommand},
    {"cnn convert",
     "--model=M [--weights=W] --out=F [--precision=fp32|fp16]\n"
     "      write any model the importers read as the native model file (text when F ends in\n"
     "      .pbtxt; fp16 stores the weights as halves); last line bytes=",
     &sentio::RunCnnConvertCommand},
    {"cnn decompose",
     "--model=M [--weights=W] --out=F --ranks=vbmf|energy:X|R1,R2[;R1,R2...]\n"
     "      [--layers=NAME,...]  Tucker-2 decomposition of the KxK convolutions (1x1, KxK core,\n"
     "      1x1), written as the native model file; one line per layer with its ranks, FLOPs and\n"
     "      weight error; last line flops_ratio= (decomposed / original convolution FLOPs)",
     &sentio::RunCnnDecomposeCommand},
    {"cnn detect",
     "--model=M [--weights=W] --video=F.y4m [--threshold=0.25] [--nms=0.45] [--start=0]\n"
     "      [--frames=all] [--engine=cpu|opencl|reference] [--no_fallback] [--threads=1]\n"
     "      [--names=F] [--json=F.jsonl] [--out_video=F.y4m] [--timing] [--report=DIR]\n"
     "      [--precision=fp32|fp16] [--cache=CHI2 [--cache_layers=auto|N]\n"
     "      [--cache_refresh=30]]  YOLO\n"
     "      boxes (e.g. Darknet .cfg with .weights) on each frame: time frame=N ms=T, then one "
     "line per box;\n      last line detections=",
     &sentio::RunCnnDetectCommand},
};

// The closest command name to `name`, for "did you mean".
const Command* ClosestCommand(const std::string& name) {
  const Command* closest = nullptr;
  size_t best = 0;
  for (const Command& command : kCommands) {
    const std::string candidate = command.name;
    size_t common = 0;
    while (common < name.size() && common < candidate.size() && name[common] == candidate[common]) {
      ++common;
    }
    if (common > best) {
      best = common;
      closest = &command;
    }
  }
  return best >= 2 ? closest : nullptr;
}

void PrintUsage() {
  std::cerr << "usage: sentio <command> [--flag=value ...]\ncommands:\n";
  for (const Command& command : kCommands) {
    std::cerr << "  " << command.name << " " << command.usage << "\n";
  }
  std::cerr << "known classifiers: " << absl::StrJoin(sentio::ClassifierNames(), ", ") << "\n";
}

// The command named by the first one or two arguments, and how many arguments its name took.
const Command* FindCommand(const std::vector<std::string>& args, size_t& name_words) {
  for (const Command& command : kCommands) {
    const std::string name = command.name;
    if (args.size() >= 2 && name == args[0] + " " + args[1]) {
      name_words = 2;
      return &command;
    }
    if (name == args[0]) {
      name_words = 1;
      return &command;
    }
  }
  return nullptr;
}

}  // namespace

// `sentio help CMD` and `sentio CMD --help`: the command's usage on stdout.
int PrintCommandHelp(const Command& command) {
  std::cout << "usage: sentio " << command.name << " " << command.usage << "\n";
  if (std::string(command.name) == "eval" || std::string(command.name) == "train") {
    std::cout << "known classifiers: " << absl::StrJoin(sentio::ClassifierNames(), ", ")
              << "; a classifier's options are further flags, and one it does not know is\n"
                 "reported with the ones it accepts\n";
  }
  return 0;
}

int UnknownCommand(const std::string& name) {
  std::cerr << "sentio: unknown command '" << name << "'";
  if (const Command* closest = ClosestCommand(name)) {
    std::cerr << " (did you mean '" << closest->name << "'?)";
  }
  std::cerr << "\n";
  PrintUsage();
  return 2;
}

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || (args[0] == "help" && args.size() == 1)) {
    PrintUsage();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "help") {
    const std::vector<std::string> name(args.begin() + 1, args.end());
    size_t name_words = 0;
    const Command* command = FindCommand(name, name_words);
    return command != nullptr ? PrintCommandHelp(*command) : UnknownCommand(name[0]);
  }
  size_t name_words = 0;
  const Command* command = FindCommand(args, name_words);
  if (command == nullptr) return UnknownCommand(args[0]);
  if (args.size() > name_words && args[name_words] == "--help") return PrintCommandHelp(*command);
  absl::StatusOr<sentio::CommandLine> flags =
      sentio::CommandLine::Parse({args.begin() + name_words, args.end()});
  absl::Status status = flags.ok() ? command->run(*flags, std::cout) : flags.status();
  if (!status.ok()) {
    std::cerr << "sentio " << command->name << ": " << status.message() << "\n";
    return 1;
  }
  return 0;
}

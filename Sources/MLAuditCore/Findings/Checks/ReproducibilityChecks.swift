import Foundation
import MLAuditPython

/// Reproducibility of training runs: seeds, deterministic kernels, pinned Hub revisions.

enum Seeding {
    static let seedCalls: Set<String> = ["torch.manual_seed", "torch.cuda.manual_seed", "torch.cuda.manual_seed_all", "random.seed",
                                         "numpy.random.seed", "transformers.set_seed", "accelerate.utils.set_seed",
                                         "lightning.seed_everything", "pytorch_lightning.seed_everything", "lightning.pytorch.seed_everything",
                                         "tensorflow.random.set_seed", "keras.utils.set_random_seed", "jax.random.PRNGKey", "jax.random.key"]
    static let seedMethods: Set<String> = ["manual_seed", "manual_seed_all", "set_seed", "seed_everything", "set_random_seed", "seed_all"]

    /// A trainer or training-arguments object given `seed=` (HF `TrainingArguments`, TRL configs, `Trainer`) seeds
    /// every RNG itself. A `seed=` on a data split or sampler does not seed training.
    static func seededByFramework(_ context: FindingContext) -> Bool {
        context.productModules.contains { m in
            m.calls.contains { c in
                let last = FindingContext.lastSegment(c.callee)
                return c.keywords.contains("seed") && ["Arguments", "Args", "Config", "Trainer"].contains { last.hasSuffix($0) }
            }
        }
    }

    /// Seed calls in product code (library calls, or the repository's own `set_seed`-style helper).
    static func sites(_ context: FindingContext) -> [(PythonModule, PythonCall)] {
        var out = context.calls(seedCalls)
        let seen = Set(out.map { "\($0.0.path):\($0.1.line):\($0.1.column)" })
        out += context.methodCalls(seedMethods).filter { !seen.contains("\($0.0.path):\($0.1.line):\($0.1.column)") }
        return out
    }
}

struct MissingSeedCheck: FindingCheck {
    let code = "MLA109"
    let severity = Severity.high
    let summary = "Training code never sets a random seed."
    let why = "Unseeded initialisation, shuffling and dropout make two runs of the same commit differ; regressions cannot be told apart from noise."
    let fix = "Add a `seed_everything(seed)` helper (random, numpy, torch, torch.cuda) and call it first thing in every training entry point, with the seed in the config."
    var triggering: [FindingExample] {
        [FindingExample(["train.py": "import torch\nfor x in data:\n    loss = model(x)\n    loss.backward()\n    optimizer.step()\n",
                         "prepare.py": "split = ds.train_test_split(test_size=0.1, seed=2357)\n"], needsPythonReader: true)]
    }
    var clean: [FindingExample] {
        [FindingExample(["train.py": "import torch\ntorch.manual_seed(1337)\nfor x in data:\n    loss = model(x)\n    loss.backward()\n"], needsPythonReader: true),
         FindingExample(["train.py": "from transformers import set_seed\nset_seed(args.seed)\ntrainer.train()\n"], needsPythonReader: true),
         FindingExample(["train.py": "from transformers import Trainer, TrainingArguments\nargs = TrainingArguments(output_dir='o', seed=7)\ntrainer = Trainer(model=m, args=args)\ntrainer.train()\n"], needsPythonReader: true)]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let training = context.trainingModules
        guard !training.isEmpty, Seeding.sites(context).isEmpty else { return [] }
        if Seeding.seededByFramework(context) { return [] }
        let evidence = training.compactMap { m in m.calls.first { FindingContext.isTrainingCall($0.callee) }.map { context.evidence(m, $0) } }
        return [FindingHit(title: "no seed is set in \(training.count) training module(s) (\(evidence.citationSummary))", evidence: evidence, strength: .absence)]
    }
}

struct NondeterministicKernelsCheck: FindingCheck {
    let code = "MLA125"
    let severity = Severity.low
    let summary = "Training uses torch without deterministic kernels (`torch.use_deterministic_algorithms`, `cudnn.deterministic`)."
    let why = "cuDNN autotuning and non-deterministic CUDA kernels make results differ run to run even with a fixed seed."
    let fix = "Offer a `--deterministic` switch that calls `torch.use_deterministic_algorithms(True)`, sets `torch.backends.cudnn.benchmark = False` and exports CUBLAS_WORKSPACE_CONFIG=:4096:8."
    var triggering: [FindingExample] {
        [FindingExample(["train.py": "import torch\ntorch.backends.cudnn.benchmark = True\nloss.backward()\n"], needsPythonReader: true)]
    }
    var clean: [FindingExample] {
        [FindingExample(["train.py": "import torch\ntorch.use_deterministic_algorithms(True)\nloss.backward()\n"], needsPythonReader: true)]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let torchTraining = context.trainingModules.filter { m in m.imports.contains { $0.module == "torch" || $0.module.hasPrefix("torch.") } }
        guard !torchTraining.isEmpty else { return [] }
        let modules = context.productModules
        let deterministic = !context.calls(["torch.use_deterministic_algorithms", "transformers.enable_full_determinism"]).isEmpty
            || modules.contains { $0.assignments.contains { $0.target.hasSuffix("cudnn.deterministic") && $0.valueText == "True" } }
            || modules.contains { $0.calls.contains { $0.keywords.contains("full_determinism") || $0.keywords.contains("deterministic") } }
        if deterministic { return [] }
        var evidence: [Evidence] = []
        for m in modules {
            for a in m.assignments where a.target.hasSuffix("cudnn.benchmark") && a.valueText == "True" { evidence.append(context.facts.evidence(m.path, a.line)) }
            for a in m.assignments where a.target.hasSuffix("allow_tf32") && a.valueText == "True" { evidence.append(context.facts.evidence(m.path, a.line)) }
        }
        return [FindingHit(title: "no deterministic-kernel option" + (evidence.isEmpty ? "" : "; autotuning/TF32 enabled at \(evidence.citationSummary)"),
                           evidence: evidence, strength: evidence.isEmpty ? .absence : .code)]
    }
}

struct UnpinnedHubRevisionCheck: FindingCheck {
    let code = "MLA121"
    let severity = Severity.medium
    let summary = "Models or datasets are pulled from the Hub by name without a pinned `revision=`."
    let why = "A Hub repository's main branch can be rewritten: the same code then trains or evaluates on different weights or data."
    let fix = "Pass `revision=\"<commit sha>\"` (from the Hub's history) to `from_pretrained` / `load_dataset` / `hf_hub_download`, or make it a config value."
    static let loaders: Set<String> = ["from_pretrained", "load_dataset", "hf_hub_download", "snapshot_download"]
    var triggering: [FindingExample] {
        [FindingExample(["m.py": "from transformers import AutoModel\nm = AutoModel.from_pretrained(\"meta-llama/Llama-2-7b-hf\")\n"], needsPythonReader: true),
         FindingExample(["recipes/sft.yaml": "model_name_or_path: org/model\nmodel_revision: main\n"])]
    }
    var clean: [FindingExample] {
        [FindingExample(["m.py": "from transformers import AutoModel\nm = AutoModel.from_pretrained(\"org/model\", revision=\"3f2a\")\nn = AutoModel.from_pretrained(\"./local/ckpt\")\n",
                         "recipes/sft.yaml": "model_name_or_path: org/model\nmodel_revision: 9b1c2d3\n"], needsPythonReader: true)]
    }

    /// `"owner/name"` as a string literal (not a relative or absolute path).
    static func isHubID(_ text: String) -> Bool {
        guard text.count > 4, let q = text.first, q == "\"" || q == "'", text.last == q else { return false }
        let inner = text.dropFirst().dropLast()
        let parts = inner.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }), !inner.hasPrefix("."), !inner.contains(" "),
              !inner.contains("{") else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } }
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.methodCalls(Self.loaders).filter { _, c in
            guard let first = c.positionalArguments.first ?? c.keywordValues["pretrained_model_name_or_path"] ?? c.keywordValues["path"] ?? c.keywordValues["repo_id"] else { return false }
            return Self.isHubID(first) && !c.keywords.contains("revision")
        }
        let evidence = sites.map { context.evidence($0.0, $0.1) } + Self.configSites(context)
        guard !evidence.isEmpty else { return [] }
        return [FindingHit(title: "\(evidence.count) Hub model/dataset reference(s) without a pinned revision (\(evidence.citationSummary))", evidence: evidence, strength: .code)]
    }

    /// Training configs (YAML) naming a Hub model with no revision, or with a branch (`main`) as the revision.
    static func configSites(_ context: FindingContext) -> [Evidence] {
        var out: [Evidence] = []
        for f in context.files({ $0.kind == .yaml && !$0.isTest }) where context.contains(f.path, "model_name_or_path") {
            let lines = context.facts.lines(f.path)
            var modelLine: Int?, revision: (Int, String)?
            for (i, raw) in lines.enumerated() where !raw.hasPrefix(" ") && !raw.hasPrefix("#") {
                let parts = raw.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { continue }
                let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if parts[0] == "model_name_or_path" && isHubID("\"" + value + "\"") { modelLine = i + 1 }
                if parts[0] == "model_revision" || parts[0] == "revision" { revision = (i + 1, value) }
            }
            guard let m = modelLine else { continue }
            if let (line, value) = revision {
                if ["main", "master", ""].contains(value) { out.append(context.facts.evidence(f.path, line)) }
            } else {
                out.append(context.facts.evidence(f.path, m))
            }
        }
        return out
    }
}

import Foundation
import MLAuditPython

/// Code that turns untrusted bytes into executed code: unpickling loaders, remote code, eval/exec, shells.

struct TorchLoadWithoutWeightsOnlyCheck: FindingCheck {
    let code = "MLA102"
    let severity = Severity.high
    let summary = "`torch.load` is called without `weights_only=True`."
    let why = "`torch.load` unpickles by default: a checkpoint from a shared drive or the Hub can run arbitrary code when loaded."
    let fix = "Pass `weights_only=True` (store plain dicts of tensors and primitives in checkpoints; `torch.serialization.add_safe_globals` for the rest)."
    var triggering: [FindingExample] {
        [FindingExample(["train.py": "import torch\nckpt = torch.load(path, map_location='cpu')\n"], needsPythonReader: true),
         FindingExample(["eval.py": "from torch import load\nstate = load('m.pt', weights_only=False)\n"], needsPythonReader: true)]
    }
    var clean: [FindingExample] { [FindingExample(["train.py": "import torch\nckpt = torch.load(path, map_location='cpu', weights_only=True)\n"], needsPythonReader: true)] }

    static func isUnsafe(_ call: PythonCall) -> Bool { call.keywordValues["weights_only"] != "True" }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.evidence($0.0, $0.1) }
        return [FindingHit(title: "\(sites.count) `torch.load` call(s) can unpickle arbitrary code (\(evidence.citationSummary))",
                           evidence: evidence, strength: .code)]
    }
}

struct PickleLoadCheck: FindingCheck {
    let code = "MLA103"
    let severity = Severity.medium
    let summary = "Data or models are read with pickle-based loaders (`pickle.load`, `joblib.load`, `np.load(allow_pickle=True)`)."
    let why = "Unpickling executes code chosen by whoever wrote the file; a swapped dataset cache or model file becomes code execution."
    let fix = "Store arrays as .npy/.safetensors/parquet and metadata as JSON; if pickle must stay, only load files the run itself produced and verify a checksum."
    static let loaders: Set<String> = ["pickle.load", "pickle.loads", "cPickle.load", "dill.load", "dill.loads", "cloudpickle.load",
                                       "cloudpickle.loads", "joblib.load", "pandas.read_pickle", "_pickle.load"]
    var triggering: [FindingExample] { [FindingExample(["data.py": "import pickle\nwith open(p, 'rb') as f:\n    meta = pickle.load(f)\n"], needsPythonReader: true)] }
    var clean: [FindingExample] { [FindingExample(["data.py": "import json\nwith open(p) as f:\n    meta = json.load(f)\n"], needsPythonReader: true)] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var sites = context.calls(Self.loaders)
        sites += context.calls(["numpy.load"]).filter { $0.1.keywordValues["allow_pickle"] == "True" }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.sorted { ($0.0.path, $0.1.line) < ($1.0.path, $1.1.line) }.map { context.evidence($0.0, $0.1) }
        return [FindingHit(title: "\(sites.count) pickle-based load(s) of files (\(evidence.citationSummary))", evidence: evidence, strength: .code)]
    }
}

struct TrustRemoteCodeCheck: FindingCheck {
    let code = "MLA104"
    let severity = Severity.high
    let summary = "`trust_remote_code=True` runs Python downloaded from the model/dataset repository."
    let why = "Whatever code the Hub repository holds at download time runs with your credentials; an unpinned revision can change it under you."
    let fix = "Default `trust_remote_code` to False and expose it as an explicit flag; when it must be on, pin `revision=` to a reviewed commit."
    var triggering: [FindingExample] {
        [FindingExample(["m.py": "from transformers import AutoModel\nm = AutoModel.from_pretrained(name, trust_remote_code=True)\n"], needsPythonReader: true),
         FindingExample(["recipes/sft.yaml": "model_name_or_path: x/y\ntrust_remote_code: true\n"])]
    }
    var clean: [FindingExample] {
        [FindingExample(["m.py": "from transformers import AutoModel\nm = AutoModel.from_pretrained(name, trust_remote_code=args.trust_remote_code)\n",
                         "recipes/sft.yaml": "trust_remote_code: false\n"], needsPythonReader: true)]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        for m in context.productModules {
            for c in m.calls where c.keywordValues["trust_remote_code"] == "True" { evidence.append(context.evidence(m, c)) }
        }
        let configEvidence = context.grep({ ($0.kind == .yaml || $0.kind == .json) && !$0.isTest }, containing: "trust_remote_code") { line in
            let l = line.lowercased().replacingOccurrences(of: " ", with: "")
            return l.contains("trust_remote_code:true") || l.contains("\"trust_remote_code\":true")
        }
        evidence += configEvidence
        guard !evidence.isEmpty else { return [] }
        return [FindingHit(title: "`trust_remote_code` enabled at \(evidence.count) site(s) (\(evidence.citationSummary))",
                           evidence: evidence, strength: .code)]
    }
}

struct DynamicExecCheck: FindingCheck {
    let code = "MLA105"
    let severity = Severity.high
    let summary = "`exec`/`eval` run text read at run time (config files, command-line values)."
    let why = "Executing config or CLI text as Python lets any config file run code, hides typos until run time, and defeats static checking of configuration."
    let fix = "Parse configuration with a real format (YAML/TOML/dataclasses + argparse) and `ast.literal_eval` for literal values."
    var triggering: [FindingExample] { [FindingExample(["configurator.py": "import sys\nexec(open(sys.argv[1]).read())\n"], needsPythonReader: true)] }
    var clean: [FindingExample] { [FindingExample(["m.py": "import ast\nmodel.eval()\nv = ast.literal_eval(s)\n"], needsPythonReader: true)] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        for m in context.productModules {
            let shadowed = m.functions.contains { $0.enclosingClass == nil && ($0.name == "eval" || $0.name == "exec") }
            if shadowed { continue }
            for c in m.calls where (c.callee == "exec" || c.callee == "eval" || c.callee == "builtins.exec" || c.callee == "builtins.eval") {
                evidence.append(context.evidence(m, c))
            }
        }
        guard !evidence.isEmpty else { return [] }
        return [FindingHit(title: "\(evidence.count) `exec`/`eval` call(s) on dynamic text (\(evidence.citationSummary))", evidence: evidence, strength: .code)]
    }
}

struct UnsafeYAMLLoadCheck: FindingCheck {
    let code = "MLA120"
    let severity = Severity.high
    let summary = "`yaml.load` is called without a safe Loader."
    let why = "`yaml.load` with the default/unsafe loader constructs arbitrary Python objects from tags in the file; PyYAML 6 also rejects the call without a Loader."
    let fix = "Use `yaml.safe_load` (or `Loader=yaml.SafeLoader`)."
    var triggering: [FindingExample] { [FindingExample(["cfg.py": "import yaml\ncfg = yaml.load(open(p))\n"], needsPythonReader: true)] }
    var clean: [FindingExample] { [FindingExample(["cfg.py": "import yaml\na = yaml.safe_load(open(p))\nb = yaml.load(s, Loader=yaml.SafeLoader)\n"], needsPythonReader: true)] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.calls(["yaml.load", "yaml.load_all"]).filter { _, c in
            let loader = c.keywordValues["Loader"] ?? (c.positionalArguments.count > 1 ? c.positionalArguments[1] : nil)
            guard let l = loader else { return true }
            return !(l.contains("Safe") || l.contains("BaseLoader"))
        }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.evidence($0.0, $0.1) }
        return [FindingHit(title: "\(sites.count) unsafe `yaml.load` call(s) (\(evidence.citationSummary))", evidence: evidence, strength: .code)]
    }
}

struct ShellInjectionCheck: FindingCheck {
    let code = "MLA124"
    let severity = Severity.medium
    let summary = "Commands run through a shell (`shell=True`, `os.system`, `os.popen`)."
    let why = "Paths and config values interpolated into a shell string can inject commands and break on spaces; failures are often ignored."
    let fix = "Call `subprocess.run([...], check=True)` with an argument list and no shell."
    var triggering: [FindingExample] { [FindingExample(["prep.py": "import os\nos.system(f'wget {url}')\n"], needsPythonReader: true)] }
    var clean: [FindingExample] { [FindingExample(["prep.py": "import subprocess\nsubprocess.run(['wget', url], check=True)\n"], needsPythonReader: true)] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var sites = context.calls(["os.system", "os.popen"])
        let sub: Set<String> = ["subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"]
        sites += context.calls(sub).filter { $0.1.keywordValues["shell"] == "True" }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.sorted { ($0.0.path, $0.1.line) < ($1.0.path, $1.1.line) }.map { context.evidence($0.0, $0.1) }
        return [FindingHit(title: "\(sites.count) shell command(s) built from strings (\(evidence.citationSummary))", evidence: evidence, strength: .code)]
    }
}

struct BareExceptCheck: FindingCheck {
    let code = "MLA115"
    let severity = Severity.medium
    let summary = "Bare `except:` clauses swallow every error, including KeyboardInterrupt and CUDA OOM."
    let why = "A bare except around training or data loading hides crashes as silently wrong results (skipped batches, default values) and blocks Ctrl-C."
    let fix = "Catch the specific exception (`except FileNotFoundError:`), log it, and re-raise what you cannot handle."
    var triggering: [FindingExample] { [FindingExample(["train.py": "try:\n    loss.backward()\nexcept:\n    pass\n"])] }
    var clean: [FindingExample] { [FindingExample(["train.py": "try:\n    loss.backward()\nexcept RuntimeError as e:\n    raise\n# except: never\n"])] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let evidence = context.grep({ $0.kind == .python && !$0.isTest && (context.contains($0.path, "except:") || context.contains($0.path, "except :")) }) { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            guard t.hasPrefix("except") else { return false }
            let rest = t.dropFirst(6).drop { $0 == " " }
            return rest.hasPrefix(":")
        }
        guard !evidence.isEmpty else { return [] }
        let training = Set(context.trainingModules.map(\.path))
        let inTraining = evidence.filter { training.contains($0.path) }.count
        return [FindingHit(title: "\(evidence.count) bare `except:` clause(s)" + (inTraining > 0 ? ", \(inTraining) in training code" : "") + " (\(evidence.citationSummary))",
                           evidence: evidence, strength: .code)]
    }
}

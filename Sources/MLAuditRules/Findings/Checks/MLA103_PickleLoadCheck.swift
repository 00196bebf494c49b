import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PickleLoadCheck: FindingCheck {
    package let code = FindingCode.mla103
    package let severity = Severity.medium
    package let capability: Capability? = .securitySafety
    package let summary =
        "Data or models are read with pickle-based loaders (`pickle.load`, `joblib.load`, `np.load(allow_pickle=True)`)."
    package let why =
        "Unpickling executes code chosen by whoever wrote the file; a swapped dataset cache or model file becomes code execution."
    package let fix =
        "Store arrays as .npy/.safetensors/parquet and metadata as JSON; if pickle must stay, only load files the run itself produced and verify a checksum."
    package static let loaders: Set<String> = [
        "pickle.load", "pickle.loads", "cPickle.load", "dill.load", "dill.loads", "cloudpickle.load",
        "cloudpickle.loads", "joblib.load", "pandas.read_pickle", "_pickle.load",
    ]
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["data.py": "import pickle\nwith open(p, 'rb') as f:\n    meta = pickle.load(f)\n"],
                needsPythonReader: true)
        ]
    }
    /// Not triggering: JSON; `pickle.loads` of bytes received from a collective (no file is read); a cache the same
    /// file writes with the matching dumper (a round trip); a file another module of the repository writes under the
    /// same file name (`meta.pkl` from the data preparation script).
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "utils/cache.py":
                        "import numpy as np\n\n\ndef save(path, x):\n    np.save(path, x)\n\n\ndef load(path):\n    return np.load(path, allow_pickle=True).item()\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "data/prepare.py":
                        "import os\nimport pickle\nwith open(os.path.join(os.path.dirname(__file__), 'meta.pkl'), 'wb') as f:\n    pickle.dump(meta, f)\n",
                    "sample.py":
                        "import os\nimport pickle\nmeta_path = os.path.join('data', name, 'meta.pkl')\nwith open(meta_path, 'rb') as f:\n    meta = pickle.load(f)\n",
                ], needsPythonReader: true),
            FindingExample(
                ["data.py": "import json\nwith open(p) as f:\n    meta = json.load(f)\n"], needsPythonReader: true),
            FindingExample(
                [
                    "utils/operations.py":
                        "import pickle\n\n\ndef gather(obj_bytes):\n    obj = pickle.loads(obj_bytes)\n    return obj\n"
                ], needsPythonReader: true),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        // `loads` of bytes received in memory (a torch.distributed collective, a socket, a cache dict) reads no file.
        var sites = context.calls(Self.loaders).filter { _, c in
            guard c.callee.hasSuffix("loads") else { return true }
            let arg = c.positionalArguments.first ?? ""
            return ["open(", ".read(", "read_bytes(", "read_binary(", "urlopen(", "requests.get("].contains(
                where: arg.contains)
        }
        sites += context.calls(["numpy.load"]).filter { $0.1.keywordValues["allow_pickle"] == "True" }
        // A file the repository writes itself (a cache, an index, a vocabulary) is as trusted as its code: only a
        // load of bytes from elsewhere is a way in.
        let written = SelfWrittenPickles(context)
        sites.removeAll { written.covers($0.0.path, callee: context.resolved($0.1, in: $0.0)) }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.sorted { ($0.0.path, $0.1.line) < ($1.0.path, $1.1.line) }.map {
            context.evidence($0.0, $0.1)
        }
        return [
            FindingHit(
                title: "\(sites.count) pickle-based load(s) of files (\(evidence.citationSummary))", evidence: evidence,
                strength: .code)
        ]
    }
}

/// Where the repository writes pickle-based files itself: the files holding a dumper call of each family, and the
/// pickle-like file names (`meta.pkl`, `clf.joblib`) those files spell.
struct SelfWrittenPickles {
    enum Family { case pickle, numpy }
    static let dumpers: [String: Family] = [
        "pickle.dump": .pickle, "pickle.dumps": .pickle, "cPickle.dump": .pickle, "_pickle.dump": .pickle,
        "dill.dump": .pickle, "dill.dumps": .pickle, "cloudpickle.dump": .pickle, "cloudpickle.dumps": .pickle,
        "joblib.dump": .pickle, "numpy.save": .numpy, "numpy.savez": .numpy, "numpy.savez_compressed": .numpy,
    ]
    static let extensions = [".pkl", ".pickle", ".joblib", ".npy", ".npz", ".dill"]
    private var writers: [String: Set<Family>] = [:]
    private var names: Set<String> = []
    private let context: FindingContext

    init(_ context: FindingContext) {
        self.context = context
        for (module, call) in context.calls(Set(Self.dumpers.keys)) {
            guard let family = Self.dumpers[context.resolved(call, in: module)] else { continue }
            writers[module.path, default: []].insert(family)
        }
        for path in writers.keys {
            for line in context.facts.lines(path) { names.formUnion(Self.fileNames(in: line)) }
        }
    }

    /// True when the load at `path` reads what the repository writes: the same file holds a dumper of the loader's
    /// family, or the file spells a pickle-like file name that a writing file spells too.
    func covers(_ path: String, callee: String) -> Bool {
        let family: Family = callee == "numpy.load" ? .numpy : .pickle
        if writers[path]?.contains(family) == true { return true }
        guard !names.isEmpty else { return false }
        return names.contains { name in
            let bare = name.dropFirst()
            return context.contains(path, name) || context.contains(path, "/" + bare)
        }
    }

    /// Quoted file names with a pickle-like extension on the line: `'meta.pkl'`, `"cache/labels.npy"` (the last path
    /// component with its quotes, so the match in another file is a whole literal or its last `/component'`).
    static func fileNames(in line: Substring) -> [String] {
        var out: [String] = []
        for quote in ["'", "\""] {
            let parts = line.split(separator: Character(quote), omittingEmptySubsequences: false)
            guard parts.count >= 3 else { continue }
            for (i, part) in parts.enumerated() where i % 2 == 1 {
                let name = part.split(separator: "/").last.map(String.init) ?? ""
                guard name.count > 4, extensions.contains(where: { name.lowercased().hasSuffix($0) }),
                    name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) })
                else { continue }
                out.append(quote + name + quote)
            }
        }
        return out
    }
}

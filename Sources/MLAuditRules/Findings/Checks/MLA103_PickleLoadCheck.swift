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
    /// Not triggering: JSON, and `pickle.loads` of bytes received from a collective (no file is read).
    package var clean: [FindingExample] {
        [
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

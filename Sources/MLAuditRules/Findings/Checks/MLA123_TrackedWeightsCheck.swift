import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct TrackedWeightsCheck: FindingCheck {
    package let code = FindingCode.mla123
    package let severity = Severity.low
    package let summary = "Model weights or pickles over 5 MB are committed to git without Git LFS."
    package let why =
        "Binary weights bloat every clone and history forever, and their provenance (which code and data produced them) is lost."
    package let fix =
        "Publish weights to a model registry or release assets (or track them with Git LFS) and record their checksum and source commit."
    package static let threshold = 5 << 20
    package static let extensions = [
        "pt", "pth", "bin", "ckpt", "safetensors", "h5", "onnx", "pkl", "pickle", "joblib", "npz", "gguf",
    ]
    package var triggering: [FindingExample] {
        [FindingExample(["model.ckpt": String(repeating: "w", count: Self.threshold + 10)])]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "model.ckpt": String(repeating: "w", count: Self.threshold + 10),
                ".gitattributes": "*.ckpt filter=lfs diff=lfs merge=lfs -text\n",
            ]),
            FindingExample(["tiny.pt": "w"]),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        // .gitattributes is not an analysed kind; read it directly (a small regular file at the root).
        let attributes =
            SafeFileReader.text(root: context.facts.root.path, relative: ".gitattributes", limit: 1 << 20) ?? ""
        let lfs = Set(
            attributes.split(separator: "\n").compactMap { line -> String? in
                guard line.contains("filter=lfs"), let pattern = line.split(separator: " ").first,
                    pattern.hasPrefix("*.")
                else { return nil }
                return String(pattern.dropFirst(2)).lowercased()
            })
        let big = context.files { f in
            let ext = f.path.split(separator: ".").last.map { $0.lowercased() } ?? ""
            return f.size > Self.threshold && Self.extensions.contains(ext) && !lfs.contains(ext)
        }.sorted { $0.size > $1.size }
        guard !big.isEmpty else { return [] }
        let mb = big.reduce(0) { $0 + $1.size } >> 20
        return [
            FindingHit(
                title: "\(big.count) weight/pickle file(s), \(mb) MB, committed without LFS (largest: \(big[0].path))",
                evidence: big.map { Evidence(path: $0.path, line: 1, text: "\($0.size >> 20) MB") },
                strength: .configuration)
        ]
    }
}

import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Absolute paths of one machine (`/home/<user>/…`, `/mnt/…`, `/data/…`, `C:\…`) used as the value or default of a
/// data, checkpoint or output location in product code: on any other machine the default fails or, worse, writes
/// somewhere unexpected. Only whole string literals that are paths (no spaces: not prose or help text), on an
/// assignment, keyword or parameter default (`x = "/home/…"`, `default="/mnt/…"`), outside tests, examples and docs.
/// System locations (`/tmp`, `/dev`, `/proc`, `/usr`, `/etc`, `/opt`, `/var`) are not machine-specific.
package struct HardcodedMachinePathCheck: FindingCheck {
    package let code = FindingCode.mla132
    package let severity = Severity.medium
    package let capability: Capability? = .configurationManagement
    package let summary = "A data, checkpoint or output location defaults to an absolute path of one machine."
    package let why =
        "On any other machine the default points nowhere (FileNotFoundError after the model is built) or writes into a folder the user did not choose."
    package let fix =
        "Make the location a required argument or a config value, or derive it from an environment variable or a path relative to the repository."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py":
                        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--data', default='/home/alice/datasets/imagenet')\nCKPT_DIR = \"/mnt/nfs/ckpts/run1\"\n"
                ], needsPythonReader: true),
            FindingExample(
                ["pkg/tasks.py": "p.add_argument('--save_dir', default='/data/local/cat/harness/out')\n"],
                needsPythonReader: true),
            FindingExample(
                ["pkg/config.py": "def load(root=r\"C:\\Users\\bob\\data\"):\n    return root\n"],
                needsPythonReader: true
            ),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py":
                        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--data', default='data/', help='e.g. /home/you/data')\nout = '/tmp/run'\nnull = '/dev/null'\nif path.startswith('/home/'):\n    pass\nprint('/mnt/data/x')\n",
                    "tests/test_io.py": "ROOT = '/home/ci/fixtures'\n",
                    "examples/demo.py": "DATA = '/data/coco'\n",
                    "docs/conf.py": "HTML = '/home/docs/html'\n",
                    "pkg/launch.py": "executor = Executor(dir=\"/checkpoints/llava\", workdir='/workspace/job')\n",
                    "scripts/convert_original_to_hf.py": "CKPT = '/Users/alice/ckpt/model.pt'\n",
                    "pkg/jobs.py": "def mount(bucket_id):\n    path = f\"/mnt/buckets/{bucket_id}\"\n    return path\n",
                ], needsPythonReader: true)
        ]
    }

    static let machinePrefixes = [
        "/home/", "/Users/", "/mnt/", "/data/", "/datasets/", "/scratch/", "/nfs/", "/checkpoint/", "/checkpoints/",
        "/storage/", "/media/", "/raid/", "/lustre/", "/gpfs/", "/fsx/", "/shared/", "/workspace/",
    ]

    /// True when `value` is a path on one machine: a machine prefix followed by at least one more name, or a
    /// Windows drive path; no whitespace (prose), no format placeholder at the start of the remainder.
    package static func isMachinePath(_ value: String) -> Bool {
        // Checks run this on every string literal: an ASCII text (one Character per byte, "\r\n" being whitespace)
        // is measured on its bytes; the ASCII whitespace Characters are U+0009-U+000D and the space.
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            guard value.utf8.count >= 4, !value.utf8.contains(where: { $0 == 0x20 || (0x09...0x0D).contains($0) })
            else { return false }
        } else {
            guard !value.contains(where: \.isWhitespace), value.count >= 4 else { return false }
        }
        // A template filled per value (`f"/mnt/buckets/{bucket_id}"`) is a mount convention of the system it runs on,
        // unless it sits in one person's home folder.
        if value.fastContains("{") && !(value.hasPrefix("/home/") || value.hasPrefix("/Users/")) { return false }
        // `C:\Users\...`, `D:/data/...`: only the first four Characters are read.
        let chars = Array(value.prefix(4))
        if chars.count > 3, chars[0].isLetter, chars[1] == ":", chars[2] == "\\" || chars[2] == "/",
            chars[3].isLetter
        {
            return true
        }
        for p in machinePrefixes where value.hasPrefix(p) {
            let rest = value.dropFirst(p.count)
            // A container's conventional mount (`/checkpoints/llava`, `/workspace/out`) names no machine: only a
            // deeper path under it (`/data/local/cat/...`) is one checkout's layout.
            if containerRoots.contains(p), rest.split(separator: "/").count < 2 { return false }
            return rest.first.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false
        }
        return false
    }

    /// Roots container images and job templates mount by convention.
    static let containerRoots: Set<String> = ["/checkpoint/", "/checkpoints/", "/workspace/", "/data/", "/datasets/"]

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        // One-off checkpoint conversion scripts (`convert_*.py`) are run once, by hand, by whoever converts: their
        // defaults are that person's paths by nature, not a default anyone else relies on.
        for m in UndeclaredImportCheck.modules(context, packagesOnly: false)
        where !(m.path.split(separator: "/").last ?? "").lowercased().hasPrefix("convert") {
            // The module's lines are read only for a module with a machine path literal.
            var read: [Substring]? = nil
            var seen = Set<Int>()
            for s in m.strings where !s.isDocstring && Self.isMachinePath(s.value) && !seen.contains(s.line) {
                let lines = read ?? context.facts.lines(m.path)
                read = lines
                guard s.line >= 1, s.line <= lines.count else { continue }
                let line = lines[s.line - 1]
                // The literal is a value given to a name: `=` (not `==`) before its first occurrence on the line.
                guard let at = line.range(of: s.value) else { continue }
                let before = line[..<at.lowerBound].replacingOccurrences(of: "==", with: "")
                    .replacingOccurrences(of: "!=", with: "")
                guard before.contains("="), !before.contains("startswith"), !before.contains("help=") else { continue }
                seen.insert(s.line)
                evidence.append(context.facts.evidence(m.path, s.line))
            }
        }
        guard !evidence.isEmpty else { return [] }
        return [
            FindingHit(
                title:
                    "\(evidence.count) location default(s) hard-code one machine's absolute path (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

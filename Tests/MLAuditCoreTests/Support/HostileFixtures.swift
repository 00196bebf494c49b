import Foundation

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

#if canImport(Glibc)
    import Glibc
#endif

/// The hostile fixtures. Each builder returns a repository and what the audit must do with what it planted.
enum HostileFixtures {
    static let pngHeader: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52,
    ]

    /// Binary files under text names, invalid UTF-8, UTF-16 and a NUL byte in Python.
    static func binaryAndEncodings() throws -> HostileRepository {
        var r = try HostileRepository(name: "encodings")
        try r.write(
            "model/weights.py", bytes: pngHeader + [UInt8](repeating: 0, count: 512) + Array("def f(): pass\n".utf8))
        try r.write("configs/blob.yaml", bytes: [0x00, 0x01, 0x02, 0xFF] + pngHeader)
        try r.write(
            "src/latin.py",
            bytes: Array("def caf".utf8) + [0xE9] + Array("():\n    return '".utf8) + [0xFF, 0xFE] + Array("'\n".utf8))
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("import os\nprint('hi')\n".utf8).flatMap { [$0, 0] }
        try r.write("src/utf16.py", bytes: utf16)
        try r.write("src/nul.py", bytes: Array("x = 1\n".utf8) + [0] + Array("y = 2\n".utf8))
        try r.write("src/ok.py", "def train():\n    return 1\n")
        r.skipped = ["model/weights.py", "configs/blob.yaml", "src/utf16.py", "src/nul.py"]
        return r
    }

    /// Size extremes: a 200 MB sparse file, a 5 MB single line, a million lines (100,000 unless `heavy`: a million
    /// two-byte lines take about a minute in a debug build), brackets nested 100,000 deep, an unterminated
    /// triple-quoted string opening a large file.
    static func sizeExtremes(heavy: Bool = false) throws -> HostileRepository {
        var r = try HostileRepository(name: "sizes")
        try r.sparse("data/huge_dataset.py", size: 200 << 20)
        try r.writeRepeated(
            "static/bundle.min.py", prefix: Array("x=[".utf8), chunk: Array("1,".utf8), count: 5 << 19,
            suffix: Array("0]".utf8))
        try r.writeRepeated("gen/million_lines.py", chunk: Array("x\n".utf8), count: heavy ? 1_000_000 : 100_000)
        try r.write(
            "gen/deep_brackets.py",
            "x = " + String(repeating: "([{", count: 33_334) + String(repeating: "}])", count: 33_334) + "\n")
        try r.write("gen/deep_unclosed.py", "y = " + String(repeating: "(", count: 100_000) + "\n")
        try r.writeRepeated(
            "gen/unterminated.py", prefix: Array("\"\"\"never closed\n".utf8),
            chunk: Array("def f(): return 'inside a string'\n".utf8), count: 40_000)
        r.skipped = ["data/huge_dataset.py", "static/bundle.min.py"]
        r.broken = ["gen/unterminated.py", "gen/deep_unclosed.py"]
        return r
    }

    /// Malformed configuration and notebooks, and a YAML alias bomb.
    static func malformedConfigs() throws -> HostileRepository {
        var r = try HostileRepository(name: "configs")
        try r.write("configs/tabs.yaml", "model:\n\tlr: 0.1\n\tbatch: 32\n")
        try r.write("configs/bad_alias.yaml", "base: &base {lr: 1}\ntrain:\n  <<: *missing\n  epochs: [1, 2\n")
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var prev = "a"
        for n in names {
            bomb += "\(n): &\(n) [*\(prev),*\(prev),*\(prev),*\(prev),*\(prev),*\(prev),*\(prev),*\(prev),*\(prev)]\n"
            prev = n
        }
        try r.write("configs/billion_laughs.yaml", bomb)
        try r.write("pyproject.toml", "[project\nname = \"x\"\nversion = 1.0.0\n[tool.x]\na = 1\na = 2\n")
        try r.write("configs/broken.json", "{\"lr\": 0.1, \"layers\": [1, 2,}")
        let notebook =
            "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"source\": [\"import torch\\n\", \"model = torch.nn.Linear(2, 2)\\n\"], \"outputs\": [], \"execution_count\": 1}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}"
        try r.write("notebooks/truncated.ipynb", String(notebook.prefix(notebook.count / 2)))
        try r.write("notebooks/ok.ipynb", notebook)
        r.broken = [
            "configs/tabs.yaml", "configs/bad_alias.yaml", "pyproject.toml", "configs/broken.json",
            "notebooks/truncated.ipynb",
        ]
        return r
    }

    /// A notebook whose outputs hold 50 MB of base64.
    static func hugeNotebook() throws -> HostileRepository {
        var r = try HostileRepository(name: "notebook")
        let head =
            "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"execution_count\": 1, \"source\": [\"plot()\\n\"], \"outputs\": [{\"output_type\": \"display_data\", \"metadata\": {}, \"data\": {\"image/png\": \""
        try r.writeRepeated(
            "notebooks/plots.ipynb", prefix: Array(head.utf8), chunk: Array("iVBORw0KGgoAAAANSUhEUgAA".utf8),
            count: (50 << 20) / 24,
            suffix: Array("\"}}]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}".utf8))
        try r.write("train.py", "import torch\n")
        r.skipped = ["notebooks/plots.ipynb"]
        return r
    }

    /// Symbolic links (loop, outside the root, to the parent, dangling), a FIFO, an unreadable file and folder.
    static func linksAndSpecialFiles() throws -> HostileRepository {
        var r = try HostileRepository(name: "links")
        try r.write("train.py", "import os\n")
        try r.symlink("loop_a.py", to: "loop_b.py")
        try r.symlink("loop_b.py", to: "loop_a.py")
        try r.symlink("passwd.py", to: "/etc/passwd")
        try r.symlink("etc_folder", to: "/etc")
        try r.symlink("parent", to: "..")
        try r.symlink("dangling.yaml", to: "does/not/exist.yaml")
        try r.fifo("pipe.py")
        try r.write("private/unreadable.py", "SECRET_FLAG = 1\n")
        try r.write("locked/inside.py", "print('locked')\n")
        r.chmod("private/unreadable.py", 0)
        r.chmod("locked", 0)
        r.skipped = ["loop_a.py", "loop_b.py", "passwd.py", "etc_folder", "parent", "dangling.yaml", "pipe.py"]
        if HostileRepository.isRoot {
            r.notes.append(
                "running as root: chmod 000 does not stop reads here (the binary is re-run as nobody to check them)")
        } else {
            r.broken = ["private/unreadable.py", "locked"]
        }
        if let passwd = try? String(contentsOfFile: "/etc/passwd", encoding: .utf8),
            let first = passwd.split(separator: "\n").first
        {
            r.forbidden.append(String(first))
        }
        return r
    }

    /// File names with spaces, newlines, pipes, backticks, HTML and non-UTF-8 bytes, in a git repository.
    static func hostileNames() throws -> HostileRepository {
        let r = try HostileRepository(name: "names")
        try r.git(["init", "-q"])
        let names = [
            "with space.py", "new\nline.py", "pipe|name.py", "back`tick`.py", "<script>alert(1)</script>.py",
            "# heading.py", "[link](http%3A%2F%2Fevil).py",
        ]
        for n in names { try r.write("src/" + n, "def run():\n    pass\n") }
        try r.writeRawName(Array("src/".utf8) + [0x6D, 0x6F, 0x64, 0xFF, 0xFE, 0x2E, 0x70, 0x79], "x = 1\n")
        try r.git(["add", "-A"])
        try r.git(["commit", "-q", "-m", "names <script>alert(1)</script> | `tick`"])
        return r
    }

    /// Credentials planted in many file types and in a commit message.
    static func plantedSecrets() throws -> HostileRepository {
        var r = try HostileRepository(name: "secrets")
        let p = SecretFixtures.all(seed: 2026)
        let byKind = Dictionary(grouping: p, by: \.kind).mapValues { $0 }
        func line(_ kind: String, _ k: Int = 0) -> String { byKind[kind]![min(k, byKind[kind]!.count - 1)].line }
        try r.git(["init", "-q"])
        try r.write(
            "train.py",
            "import os\n\(line("Hugging Face token"))\n\(line("OpenAI API key", 1))\ndef broken(:\n    \(line("password"))\n"
        )
        try r.write("configs/train.yaml", "wandb:\n  project: demo\n\(line("GitLab token"))\n")
        try r.write("configs/keys.json", "{\"client_secret\": \"\(byKind["high-entropy secret"]![0].value)\"}\n")
        try r.write("scripts/setup.sh", "#!/bin/sh\nexport \(line("GitHub token"))\n\(line("AWS secret key"))\n")
        try r.write("pyproject.toml", "[tool.app]\n\(line("URL password"))\n")
        try r.write(
            "Dockerfile", "FROM python:3.11\nENV \(line("Slack token").replacingOccurrences(of: " = ", with: "="))\n")
        try r.write(
            "README.md", "# Demo\n\nRun with `\(line("AWS access key"))`.\n\n```\n\(line("OpenAI API key"))\n```\n")
        try r.write("setup.cfg", "[auth]\n\(line("W&B API key"))\n")
        try r.write("keys/deploy_key.txt", byKind["private key"]![0].value + "\n")
        let nbLine = line("GitHub token", 1).replacingOccurrences(of: "\"", with: "\\\"")
        try r.write(
            "notebooks/explore.ipynb",
            "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [], \"execution_count\": 1, \"source\": [\"\(nbLine)\\n\"]}], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}\n"
        )
        try r.git(["add", "-A"])
        let ghp = byKind["GitHub token"]![0].value
        try r.git(["commit", "-q", "-m", "add deploy token \(ghp)"])
        r.forbidden = SecretFixtures.forbiddenFragments(p)
        return r
    }

    /// 100,000 empty files in 100 folders.
    static func manyEmptyFiles() throws -> HostileRepository {
        let r = try HostileRepository(name: "many")
        for d in 0..<100 {
            let dir = r.root.appendingPathComponent("pkg\(d)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            for f in 0..<1000 {
                _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("m\(f).py").path, contents: nil)
            }
        }
        return r
    }
}

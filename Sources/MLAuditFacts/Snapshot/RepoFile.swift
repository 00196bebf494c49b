import MLAuditKit
import MLAuditPython
import MLAuditReport

/// One file of the audited repository, as the snapshot lists it.
public struct RepoFile: Sendable, Hashable {
    public var path: String  // repository-relative, "/"-separated
    public var size: Int
    public var kind: FileKind
    public var isVendored: Bool  // third_party/, vendor/, site-packages/ ...
    public var isTest: Bool  // tests/, test_*.py, *_test.py, conftest.py
    /// The last path component; computed once, the analyses ask for it in tight loops.
    public let name: Substring
    public init(path: String, size: Int, kind: FileKind, isVendored: Bool, isTest: Bool) {
        self.path = path
        self.size = size
        self.kind = kind
        self.isVendored = isVendored
        self.isTest = isTest
        self.name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? Substring(path)
    }
    public var components: [Substring] { path.split(separator: "/") }
    /// Counts as repository content for capabilities other than Internal CI/Test.
    public var countsAsProduct: Bool { !isVendored && !isTest }
}

public enum FileKind: String, Sendable, Hashable, CaseIterable {
    case python, notebook, yaml, toml, json, markdown, restructuredText, requirements, dockerfile, compose
    case shell, makefile, ini, text, image, other

    /// Classifies by name alone; content is never needed.
    public static func classify(path: String) -> FileKind {
        let name = String(path.split(separator: "/").last ?? "")
        let lower = name.lowercased()
        let ext = lower.contains(".") ? String(lower.split(separator: ".").last!) : ""
        if lower == "dockerfile" || lower.hasPrefix("dockerfile.") || lower.hasSuffix(".dockerfile")
            || lower == "containerfile"
        {
            return .dockerfile
        }
        if lower.hasPrefix("docker-compose") || lower.hasPrefix("compose.") && (ext == "yml" || ext == "yaml") {
            return .compose
        }
        if lower == "makefile" || lower == "gnumakefile" || ext == "mk" { return .makefile }
        if (lower.hasPrefix("requirements") || lower.hasSuffix("requirements.txt") || lower == "constraints.txt")
            && (ext == "txt" || ext == "in")
        {
            return .requirements
        }
        if path.contains("requirements/") && ext == "txt" { return .requirements }
        // Credential-bearing files are read as text so the secret scanner sees them (their values are never printed).
        if [
            ".env", ".envrc", ".netrc", ".pypirc", ".npmrc", ".git-credentials", "credentials", "id_rsa", "id_dsa",
            "id_ecdsa", "id_ed25519",
        ].contains(lower)
            || lower.hasPrefix(".env.") || ["pem", "key"].contains(ext)
        {
            return .text
        }
        // INI-style tool configs named by a dotfile alone: their settings (`fail_under`, ...) must be read.
        if [".coveragerc", ".flake8", ".pylintrc", ".editorconfig", ".bandit", ".isort.cfg", ".pydocstyle"].contains(
            lower)
        {
            return .ini
        }
        switch ext {
        case "py", "pyi": return .python
        case "ipynb": return .notebook
        case "yml", "yaml": return .yaml
        case "toml": return .toml
        case "json", "jsonl": return .json
        case "md", "markdown": return .markdown
        case "rst": return .restructuredText
        case "sh", "bash", "zsh", "slurm": return .shell
        case "cfg", "ini": return .ini
        case "txt", "lock", "in": return .text
        case "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp": return .image
        default: return .other
        }
    }

    /// Kinds whose text the analyses read (others are listed and counted only).
    public var isAnalysed: Bool {
        switch self {
        case .image, .other: return false
        default: return true
        }
    }
}

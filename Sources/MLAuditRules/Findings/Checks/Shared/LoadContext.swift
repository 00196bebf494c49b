import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// What a reviewer reads around a `torch.load` before calling it unsafe: the torch version the repository
/// declares (>= 2.6 loads weights only by default; < 1.13 has no `weights_only`), a wrapper function that sets
/// `weights_only=True` for the `**kwargs` it forwards, and a `safe_mode` / `weights_only` guard that raises before
/// the line is reached.
package enum LoadContext {
    /// The lowest torch version the repository's requirements allow ((major, minor)), nil when none is declared.
    package static func torchFloor(_ facts: RepositoryFacts) -> (Int, Int)? {
        let config = facts.builtConfig
        var floors: [(Int, Int)] = []
        for r in config.requirements where r.name.lowercased() == "torch" {
            for clause in r.specifier.split(separator: ",") {
                let c = clause.trimmingCharacters(in: .whitespaces)
                guard c.hasPrefix(">=") || c.hasPrefix("==") || c.hasPrefix("~=") || c.hasPrefix(">") else { continue }
                let digits = c.drop { !$0.isNumber }.split(separator: ".").prefix(2).compactMap {
                    Int($0.prefix { $0.isNumber })
                }
                if digits.count == 2 { floors.append((digits[0], digits[1])) }
            }
        }
        return floors.max { $0 < $1 }
    }

    /// The highest torch version allowed, when a `==` pin or `<` bound caps it.
    package static func torchCeiling(_ facts: RepositoryFacts) -> (Int, Int)? {
        let config = facts.builtConfig
        var caps: [(Int, Int)] = []
        for r in config.requirements where r.name.lowercased() == "torch" {
            for clause in r.specifier.split(separator: ",") {
                let c = clause.trimmingCharacters(in: .whitespaces)
                guard c.hasPrefix("==") || c.hasPrefix("<") else { continue }
                let digits = c.drop { !$0.isNumber }.split(separator: ".").prefix(2).compactMap {
                    Int($0.prefix { $0.isNumber })
                }
                if digits.count == 2 { caps.append((digits[0], digits[1])) }
            }
        }
        return caps.min { $0 < $1 }
    }

    /// torch >= 2.6 is required: `torch.load` already defaults to `weights_only=True`.
    package static func torchLoadsWeightsOnlyByDefault(_ facts: RepositoryFacts) -> Bool {
        guard let f = torchFloor(facts) else { return false }
        return f >= (2, 6)
    }

    /// The declared torch cannot take `weights_only` (capped below 1.13).
    package static func torchLacksWeightsOnly(_ facts: RepositoryFacts) -> Bool {
        guard let c = torchCeiling(facts) else { return false }
        return c < (1, 13)
    }

    /// The repository says it supports a torch older than 1.13 (which has no `weights_only`): a declared floor below
    /// it, a runtime check in setup.py (`assert torch_ver >= [1, 8]`), or an install page that says so
    /// (`PyTorch ≥ 1.8` in INSTALL.md / README.md / docs/**/install*). Adding the argument would break those installs.
    package static func supportsTorchBeforeWeightsOnly(_ facts: RepositoryFacts) -> Bool {
        if let f = torchFloor(facts), f < (1, 13) { return true }
        let patterns = [
            #"(?i)torch\w*\s*>=?\s*[\[(]\s*1\s*,\s*(\d+)"#,
            #"(?i)\b(?:py)?torch\s*(?:≥|>=|version\s*>=?)\s*v?1\.(\d+)\b"#,
        ]
        let docs = facts.snapshot.files.map(\.path).filter { p in
            let lower = p.lowercased()
            let name = lower.split(separator: "/").last.map(String.init) ?? lower
            return name == "setup.py" && !lower.contains("/")
                || ["install.md", "installation.md", "readme.md", "install.rst", "installation.rst"].contains(name)
                    && lower.split(separator: "/").count <= 3
        }
        for path in docs.sorted() {
            guard let text = facts.text(path) else { continue }
            for p in patterns {
                guard let regex = try? NSRegularExpression(pattern: p) else { continue }
                let ns = text as NSString
                for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                    if let minor = Int(ns.substring(with: m.range(at: 1))), minor < 13 { return true }
                }
            }
        }
        return false
    }

    /// The call forwards `**kwargs` from a function that sets `kwargs["weights_only"] = True` (or defaults it) first.
    package static func wrapperSetsWeightsOnly(_ call: PythonCall, in module: PythonModule, lines: [Substring]) -> Bool
    {
        guard call.keywords.contains("**"),
            let fn = module.functions.first(where: { $0.qualifiedName == call.enclosingFunction })
        else { return false }
        for n in fn.span.start..<min(call.line, lines.count + 1) {
            let l = lines[n - 1]
            if l.contains("weights_only") && (l.contains("= True") || l.contains("=True") || l.contains("setdefault")) {
                return true
            }
        }
        return false
    }

    /// Above the call in its function: a `safe_mode` / `weights_only` test followed by a `raise` (the unsafe path
    /// is reached only when the user explicitly opted in).
    package static func guardedByOptIn(_ call: PythonCall, in module: PythonModule, lines: [Substring]) -> Bool {
        guard let fn = module.functions.first(where: { $0.qualifiedName == call.enclosingFunction }) else {
            return false
        }
        let raises = module.raises.filter { $0.line > fn.span.start && $0.line < call.line }
        guard !raises.isEmpty else { return false }
        for n in fn.span.start..<min(call.line, lines.count + 1) {
            let l = lines[n - 1].lowercased()
            if (l.contains("if ") || l.contains("elif "))
                && (l.contains("safe_mode") || l.contains("allow_pickle") || l.contains("trust"))
            {
                return true
            }
        }
        return false
    }
}

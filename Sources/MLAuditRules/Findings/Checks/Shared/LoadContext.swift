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

import Foundation
import MLAuditPython

/// The sites a check reports and a diff fixes, computed once in one place so a finding and its diff always
/// agree on the evidence.
extension TorchLoadWithoutWeightsOnlyCheck {
    /// `torch.load` calls that can unpickle: no `weights_only=True`, not inside a wrapper that sets it for the
    /// `**kwargs` it forwards, not behind an explicit opt-in guard; with torch >= 2.6 declared, only the calls that
    /// pass `weights_only=False`.
    static func sites(_ context: FindingContext) -> [(PythonModule, PythonCall)] {
        let defaultSafe = LoadContext.torchLoadsWeightsOnlyByDefault(context.facts)
        return context.calls(["torch.load"]).filter { m, c in
            let value = c.keywordValues["weights_only"]
            if value == "True" { return false }
            if defaultSafe && value != "False" { return false }
            let lines = context.facts.lines(m.path)
            return !LoadContext.wrapperSetsWeightsOnly(c, in: m, lines: lines) && !LoadContext.guardedByOptIn(c, in: m, lines: lines)
        }
    }
}

extension BareExceptCheck {
    /// `except:` lines in product Python (tests and vendored code excluded).
    static func sites(_ context: FindingContext) -> [Evidence] {
        context.grep({ $0.kind == .python && !$0.isTest && (context.contains($0.path, "except:") || context.contains($0.path, "except :")) }) { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            guard t.hasPrefix("except") else { return false }
            return t.dropFirst(6).drop { $0 == " " }.hasPrefix(":")
        }
    }
}

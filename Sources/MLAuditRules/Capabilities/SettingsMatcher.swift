import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `.mlaudit.toml` `[subfeatures."name"]` paths and patterns as extra evidence.
package enum SettingsMatcher {
    /// Seconds each `.mlaudit.toml` pattern may run over the whole repository.
    static let patternBudget: Double = 2

    package static func candidates(_ s: SubfeatureSettings, _ ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for glob in s.paths {
            // only readable files can be cited by line
            for f in ctx.facts.files
            where ctx.isProductPath(f.path) && ctx.facts.text(f.path) != nil && PathGlob.matches(glob, f.path) {
                out.append(
                    RuleCandidate(
                        ctx.ev(f.path, ctx.firstLine(f.path)), strength: 9,
                        note: "matches `.mlaudit.toml` path `\(glob)`"))
                if out.count > 20 { break }
            }
        }
        for pattern in s.patterns {
            // the settings file is repository content: refuse nested quantifiers, which can backtrack for ever
            if pattern.range(of: #"\([^)]*[+*}][^)]*\)\s*[+*{]"#, options: .regularExpression) != nil {
                ctx.facts.errors.record(
                    step: .settings, error: "pattern `\(pattern)` nests quantifiers",
                    context:
                        "the .mlaudit.toml sub-feature pattern was ignored: nested quantifiers can make matching run for ever"
                )
                continue
            }
            guard let regex = try? NSRegularExpression(pattern: pattern) else {
                ctx.facts.errors.record(
                    step: .settings, error: "invalid pattern `\(pattern)`",
                    context: "the .mlaudit.toml sub-feature pattern was ignored")
                continue
            }
            var hits = 0
            // Repository-supplied regexes run under a time limit: each pattern gets `patternBudget` seconds over
            // the whole tree (lines capped at 400 UTF-16 units); a pattern that runs out is dropped and reported.
            let limit = BoundedRegex(regex, seconds: Self.patternBudget)
            var found: [RuleCandidate] = []
            scan: for f in ctx.facts.files where f.kind.isAnalysed && ctx.isProductPath(f.path) && hits < 5 {
                for (i, line) in ctx.facts.lines(f.path).enumerated() {
                    let t = line.trimmingCharacters(in: .whitespaces)
                    if t.isEmpty || t.hasPrefix("#") || t.hasPrefix("//") { continue }
                    switch limit.matches(t, maxLength: 400) {
                    case .some(true):
                        found.append(
                            RuleCandidate(
                                ctx.ev(f.path, i + 1), strength: 9, note: "matches `.mlaudit.toml` pattern `\(pattern)`"
                            ))
                        hits += 1
                        if hits >= 5 { break scan }
                    case .some(false): continue
                    case .none:
                        ctx.facts.errors.record(
                            step: .settings,
                            error: "pattern `\(pattern)` ran past its \(Int(Self.patternBudget)) s time limit",
                            context:
                                "the .mlaudit.toml sub-feature pattern was ignored: it backtracks too much on this repository's lines"
                        )
                        found = []
                        break scan
                    }
                }
            }
            out += found
        }
        return out
    }
}

/// A regular expression with a wall-clock budget. `NSRegularExpression`'s `.reportProgress` calls the block
/// periodically during a long match, which is where the budget is checked and the match stopped.
final class BoundedRegex {
    let regex: NSRegularExpression
    private let end: UInt64
    private(set) var exhausted = false

    init(_ regex: NSRegularExpression, seconds: Double) {
        self.regex = regex
        end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    }

    /// true/false, or nil once the budget is spent (then always nil).
    func matches(_ text: String, maxLength: Int) -> Bool? {
        if exhausted { return nil }
        let ns = text as NSString
        var found = false
        let end = self.end
        var over = false
        regex.enumerateMatches(
            in: text, options: [.reportProgress], range: NSRange(location: 0, length: min(ns.length, maxLength))
        ) { m, _, stop in
            if m != nil {
                found = true
                stop.pointee = true
                return
            }
            if DispatchTime.now().uptimeNanoseconds > end {
                over = true
                stop.pointee = true
            }
        }
        if !found && (over || DispatchTime.now().uptimeNanoseconds > end) {
            exhausted = true
            return nil
        }
        return found
    }
}

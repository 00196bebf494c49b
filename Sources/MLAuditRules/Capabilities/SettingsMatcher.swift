import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts

/// `.mlaudit.toml` `[subfeatures."name"]` paths and patterns as extra evidence.
package enum SettingsMatcher {
    package static func candidates(_ s: SubfeatureSettings, _ ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for glob in s.paths {
            // only readable files can be cited by line
            for f in ctx.facts.files where ctx.isProductPath(f.path) && ctx.facts.text(f.path) != nil && Glob.matches(glob, f.path) {
                out.append(RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 9,
                                         note: "matches `.mlaudit.toml` path `\(glob)`"))
                if out.count > 20 { break }
            }
        }
        for pattern in s.patterns {
            // the settings file is repository content: refuse nested quantifiers, which can backtrack for ever
            if pattern.range(of: #"\([^)]*[+*}][^)]*\)\s*[+*{]"#, options: .regularExpression) != nil {
                ctx.facts.errors.record(step: .settings, error: "pattern `\(pattern)` nests quantifiers",
                                        context: "the .mlaudit.toml sub-feature pattern was ignored: nested quantifiers can make matching run for ever")
                continue
            }
            guard let regex = try? NSRegularExpression(pattern: pattern) else {
                ctx.facts.errors.record(step: .settings, error: "invalid pattern `\(pattern)`",
                                        context: "the .mlaudit.toml sub-feature pattern was ignored")
                continue
            }
            var hits = 0
            for f in ctx.facts.files where f.kind.isAnalysed && ctx.isProductPath(f.path) && hits < 5 {
                for (i, line) in ctx.facts.lines(f.path).enumerated() {
                    let t = line.trimmingCharacters(in: .whitespaces)
                    if t.isEmpty || t.hasPrefix("#") || t.hasPrefix("//") { continue }
                    let ns = t as NSString
                    if regex.firstMatch(in: t, range: NSRange(location: 0, length: min(ns.length, 400))) != nil {
                        out.append(RuleCandidate(ctx.ev(f.path, i + 1), strength: 9, note: "matches `.mlaudit.toml` pattern `\(pattern)`"))
                        hits += 1
                        if hits >= 5 { break }
                    }
                }
            }
        }
        return out
    }
}

/// Minimal glob: `**` any depth, `*` within a segment, `?` one character.
package enum Glob {
    package static func matches(_ glob: String, _ path: String) -> Bool {
        var regex = "^"
        var chars = Array(glob)
        var i = 0
        if chars.first == "/" { chars.removeFirst() }
        while i < chars.count {
            let c = chars[i]
            if c == "*" {
                if i + 1 < chars.count && chars[i + 1] == "*" {
                    regex += ".*"; i += 2
                    if i < chars.count && chars[i] == "/" { regex += "/?"; i += 1 }
                    continue
                }
                regex += "[^/]*"
            } else if c == "?" { regex += "[^/]" }
            else { regex += NSRegularExpression.escapedPattern(for: String(c)) }
            i += 1
        }
        regex += "$"
        return path.range(of: regex, options: .regularExpression) != nil
    }
}

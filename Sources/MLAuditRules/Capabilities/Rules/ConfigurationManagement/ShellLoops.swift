import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Shell `for VAR in VALUES` loops over literal values (words, or an array defined with literal items) whose body
/// launches a run using `$VAR`: a grid over config values. Loops over files or parsed arguments do not count.
package enum ShellLoops {
    package static let launch = #"\b(python3?|accelerate|torchrun|sbatch|deepspeed|srun)\b"#

    package static func sweepLoops(_ ctx: RuleContext) -> [ShellCommandLine] {
        var out: [ShellCommandLine] = []
        let byFile = Dictionary(
            grouping: ctx.productCommands.filter { $0.path.imatches(#"\.(sh|bash|slurm)$"#) }, by: \.path)
        for (_, lines) in byFile {
            let sorted = lines.sorted { $0.line < $1.line }
            var arrays: [String: Int] = [:]  // name -> literal item count
            for l in sorted {
                if let r = l.text.range(of: #"^(\w+)=\((.*)\)\s*$"#, options: .regularExpression) {
                    let text = String(l.text[r])
                    let name = String(text.prefix { $0 != "=" })
                    let body = text.drop { $0 != "(" }.dropFirst().dropLast()
                    if !body.contains("$") { arrays[name] = body.split(separator: " ").count }
                }
            }
            for (i, l) in sorted.enumerated() {
                guard let r = l.text.range(of: #"^for\s+(\w+)\s+in\s+"#, options: .regularExpression) else { continue }
                let v = l.text[r].split(separator: " ").dropFirst().first.map(String.init) ?? ""
                var list = String(l.text[r.upperBound...])
                if let semi = list.range(of: ";") { list = String(list[..<semi.lowerBound]) }
                let literal: Bool
                if let arr = list.range(of: #"\$\{(\w+)\[@\]\}"#, options: .regularExpression) {
                    let name = list[arr].dropFirst(2).prefix { $0 != "[" }
                    literal = (arrays[String(name)] ?? 0) >= 2
                } else {
                    literal =
                        !list.contains("$") && !list.contains("*") && !list.contains("`")
                        && list.split(separator: " ").count >= 2
                }
                guard literal else { continue }
                // body up to the matching `done`
                var depth = 0
                for b in sorted[i...].prefix(300) {
                    if b.text.matches(#"^(for|while|until)\b"#) { depth += 1 }
                    if b.text.matches(launch) && (b.text.contains("$" + v) || b.text.contains("${" + v)) {
                        out.append(l)
                        break
                    }
                    if b.text.matches(#"^done\b"#) || b.text.hasSuffix("; done") {
                        depth -= 1
                        if depth <= 0 { break }
                    }
                }
            }
        }
        return out.sorted { ($0.path, $0.line) < ($1.path, $1.line) }
    }
}

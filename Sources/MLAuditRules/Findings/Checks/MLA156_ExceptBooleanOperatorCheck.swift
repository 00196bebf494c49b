import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `except ImportError or ModuleNotFoundError:` / `except (KeyError or ValueError) as e:`: `A or B` evaluates to `A`
/// (a class is truthy), `A and B` to `B`, so the handler catches one of the exceptions and the other propagates.
/// Read from tokens: an `except` clause whose exception expression has `or`/`and` at its top level (or inside the one
/// pair of parentheses around it).
package struct ExceptBooleanOperatorCheck: FindingCheck {
    package let code = FindingCode.mla156
    package let severity = Severity.medium
    package let summary = "`except A or B:` catches only `A` (`A and B` only `B`): the other exception escapes."
    package let why =
        "`or`/`and` between exception classes is evaluated as a boolean expression before matching: `A or B` is `A`, `A and B` is `B`, so the handler silently ignores the other class and that error propagates where the code meant to handle it."
    package let fix = "List the classes in a tuple: `except (A, B):`."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/strategy.py":
                        "def setup():\n    try:\n        import apex\n    except ImportError or ModuleNotFoundError:\n        apex = None\n    try:\n        run()\n    except (KeyError or ValueError) as e:\n        print(e)\n"
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/strategy.py":
                        "def setup(errors):\n    try:\n        import apex\n    except (ImportError, ModuleNotFoundError):\n        apex = None\n    except errors[0] if errors else Exception:\n        pass\n    except Exception as e:\n        ok = e or None\n"
                ], needsPythonReader: true)
        ]
    }

    package struct Site: Sendable {
        package var path: String
        package var line: Int
        /// The operator (`or` / `and`).
        package var op: String
        /// The operand classes as written, when each is a dotted name and only one operator kind is used.
        package var classes: [String]?
    }

    /// Sites of one file's logical lines.
    package static func sites(path: String, _ lines: [PythonStatementTokens]) -> [Site] {
        var out: [Site] = []
        for line in lines {
            let t = line.tokens
            guard line.isName(0, "except") else { continue }
            var a = 1
            if line.isOp(a, "*") { a += 1 }
            var end = a
            while end < t.count, !(line.depth[end] == 0 && (line.isOp(end, ":") || line.isName(end, "as"))) {
                end += 1
            }
            guard end > a else { continue }
            var b = end
            var level = 0
            if line.isOp(a, "("), line.closing(a) == end - 1 {
                a += 1
                b -= 1
                level = 1
            }
            let ops = (a..<b).filter { line.depth[$0] == level && (line.isName($0, "or") || line.isName($0, "and")) }
            guard let first = ops.first else { continue }
            // Conditional expressions choose a class on purpose.
            if (a..<b).contains(where: { line.isName($0, "if") || line.isName($0, "lambda") }) { continue }
            let op = t[first].text
            var classes: [String]? = nil
            if ops.allSatisfy({ t[$0].text == op }) {
                var names: [String] = []
                var current = ""
                var ok = true
                for k in a..<b {
                    if ops.contains(k) {
                        names.append(current)
                        current = ""
                    } else if t[k].kind == .name || line.isOp(k, ".") {
                        current += t[k].text
                    } else {
                        ok = false
                    }
                }
                names.append(current)
                if ok, names.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.hasSuffix(".") }) { classes = names }
            }
            out.append(Site(path: path, line: t[0].start.line, op: op, classes: classes))
        }
        return out
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        context.statementSites.exceptBooleanOperator
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        return [
            FindingHit(
                title:
                    "\(sites.count) `except` clause(s) joining exception classes with `or`/`and`, which catch only one of them (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

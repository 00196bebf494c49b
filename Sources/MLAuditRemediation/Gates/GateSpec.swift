import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// A discovered (or proposed) gate before it becomes a report `Gate`: its argv steps, what it runs and where it is defined.
package struct GateSpec: Hashable {
    package enum Kind: Int, Comparable {
        case pytest, coverage, nox, tox, make, preCommit, documented, proposed
        package static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }
    /// Which tests a gate runs: every test file, those under some paths, or none (a lint/format gate).
    package enum Selection: Hashable {
        case allTests
        case paths([String])
        case none
    }

    package var kind: Kind
    /// Program invocations run in order, stopping at the first failure (rendered joined by " && ").
    package var steps: [[String]]
    package var purpose: String
    package var selection: Selection
    package var source: Evidence?
    /// Categories fixed by the gate itself (lint gates: infrastructure); test gates add what their tests exercise.
    package var baseCategories: [MLTestScoreCategory] = []
    /// The gate's tests need a GPU (skipped or failing on a CPU-only machine).
    package var needsGPU = false
    /// The gate selects test paths the repository does not have.
    package var selectsAbsentPaths = false

    package var command: String { steps.map { GateSpec.shellJoin($0) }.joined(separator: " && ") }

    package static func shellJoin(_ argv: [String]) -> String {
        argv.map { a -> String in
            if !a.isEmpty && a.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,@+%".contains($0) }) { return a }
            return "'" + a.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// Splits a recipe or `session.run` command line into argv (single/double quotes honoured, no expansion).
    package static func split(_ line: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quote: Character? = nil
        var has = false
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { cur.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch
                has = true
            } else if ch == " " || ch == "\t" {
                if has || !cur.isEmpty {
                    out.append(cur)
                    cur = ""
                    has = false
                }
            } else {
                cur.append(ch)
            }
        }
        if has || !cur.isEmpty { out.append(cur) }
        return out
    }
}

/// What a command line does, judged by the programs it names.
package enum CommandRole {
    case tests([String])  // runs tests; the path arguments it names
    case lint
    case mutating  // rewrites files (formatters, --fix): not a gate
    case other

    package static let testRunners = ["pytest", "py.test", "unittest", "nose2", "tox", "nox", "coverage"]
    /// Options whose next word is their value, never a path.
    package static let valueOptions: Set<String> = [
        "-m", "-k", "-n", "-p", "-c", "-o", "-e", "--report-log", "--cov", "--junitxml", "--rootdir",
    ]
    package static let linters = [
        "ruff", "flake8", "pylint", "mypy", "black", "isort", "pyright", "bandit",
        "pre-commit", "codespell", "pydocstyle", "doc-builder", "interrogate", "yamllint",
    ]

    package static func of(_ line: String) -> CommandRole {
        let words = GateSpec.split(line)
        let names = words.map { w -> String in String(w.split(separator: "/").last ?? Substring(w)) }
        if names.contains(where: { testRunners.contains($0) }) {
            var paths: [String] = []
            for (i, w) in words.enumerated() {
                if i > 0, valueOptions.contains(words[i - 1]) { continue }
                guard !w.hasPrefix("-"), !w.contains("="), !w.contains("$"), !w.contains("{"), !testRunners.contains(w)
                else { continue }
                if w.contains("/") || w.hasSuffix(".py") || w == "tests" || w == "test" {
                    paths.append(w.hasSuffix("/") ? String(w.dropLast()) : w)
                }
            }
            return .tests(paths)
        }
        if names.contains(where: { linters.contains($0) }) {
            let mutates =
                words.contains("--fix") || words.contains("-i")
                || (names.contains("black") && !words.contains("--check"))
                || (names.contains("isort") && !words.contains("--check") && !words.contains("--check-only"))
                || (names.contains("ruff") && words.contains("format") && !words.contains("--check"))
                || (names.contains("doc-builder") && !words.contains("--check_only"))
            return mutates ? .mutating : .lint
        }
        return .other
    }
}

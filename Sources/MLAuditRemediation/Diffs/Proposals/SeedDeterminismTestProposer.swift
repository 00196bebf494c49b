import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Scaffold: a test that the repository's own seeding function makes random draws repeat (seed, draw, seed, draw,
/// compare), for the generators it seeds. Only for a top-level function of an importable package module taking
/// the seed first.
package struct SeedDeterminismTestProposer: DiffProposer {
    package let code = DiffCode.mld215
    package let findings: [FindingCode] = []
    package let subfeatures: [Subfeature] = []

    package static let names: Set<String> = [
        "seed_everything", "set_seed", "seed_all", "set_random_seed", "init_seeds", "seed_all_rng", "fix_seed",
        "setup_seed",
    ]

    /// Leading blanks of 1-based line `n` (nil past the end).
    static func indent(ofLine n: Int, _ lines: [Substring]) -> Int? {
        guard n >= 1, n <= lines.count else { return nil }
        return lines[n - 1].prefix { $0 == " " || $0 == "\t" }.count
    }

    /// The indentation of the function's own statements: that of the first code line after its signature and
    /// docstring (blank and comment lines skipped).
    static func bodyIndent(_ f: PythonFunction, lines: [Substring]) -> Int? {
        let defIndent = indent(ofLine: f.span.start, lines) ?? 0
        var n = f.span.start + 1
        while n <= min(f.span.end, lines.count) {
            let t = lines[n - 1].drop { $0 == " " || $0 == "\t" }
            if let i = indent(ofLine: n, lines), !t.isEmpty, !t.hasPrefix("#"), i > defIndent { return i }
            n += 1
        }
        return nil
    }

    /// True when a test module calls a function named `name` (`set_random_seed(0)`, `utils.set_random_seed(0)`).
    static func testsCall(_ name: String, _ context: FindingContext) -> Bool {
        context.facts.code.tests.contains { m in m.calls.contains { FindingContext.lastSegment($0.callee) == name } }
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        for m in context.productModules where m.path.hasSuffix(".py") {
            for f in m.functions
            where f.enclosingClass == nil && !f.qualifiedName.contains(".") && Self.names.contains(f.name)
                && f.bodyKind == .implemented
            {
                // The repository's tests already call the function: its own test of it is the one to extend.
                guard !Self.testsCall(f.name, context),
                    let first = f.parameters.first, first.lowercased().contains("seed") || first == "s",
                    let module = ScaffoldPlace.importPath(m.path, context)
                else { continue }
                // Only generators the function seeds on every call: a seed under `if backend == "torch":` (or in a
                // try/with block) is not one the test may draw from, nor one whose library it may import.
                let lines = context.facts.lines(m.path)
                let bodyIndent = Self.bodyIndent(f, lines: lines)
                let calls = m.calls.filter {
                    $0.enclosingFunction == f.qualifiedName
                        && Self.indent(ofLine: $0.line, lines) == bodyIndent
                }.map { context.resolved($0, in: m) }
                let torch = calls.contains { $0.hasPrefix("torch.") }
                let numpy = calls.contains { $0.hasPrefix("numpy.") }
                let python = calls.contains { $0 == "random.seed" }
                guard torch || numpy || python else { continue }
                let dir = ScaffoldPlace.testsDirectory(context)
                let path = "\(dir)/test_\(f.name)_determinism.py"
                guard context.isFree(path) else { continue }
                let sample = QualityGates.testFiles(context).first?.path ?? m.path
                let style = ScaffoldPlace.style(context, sample: sample)
                let q = style.quote
                let u = style.indent
                var imports = [String]()
                if python { imports.append("import random") }
                if numpy { imports.append("import numpy as np") }
                if torch { imports.append("import torch") }
                var draws = [String]()
                if python { draws.append("random.random()") }
                if numpy { draws.append("np.random.rand(3).tolist()") }
                if torch { draws.append("torch.rand(3).tolist()") }
                let body =
                    ([
                        "\(q)\(q)\(q)`\(f.name)` makes every generator it seeds repeat its draws.\(q)\(q)\(q)"
                    ] + imports + [
                        "", "from \(module) import \(f.name)", "", "",
                        "def draws():",
                        u + "return [\(draws.joined(separator: ", "))]", "", "",
                        "def test_\(f.name)_repeats_draws():",
                        u + "\(f.name)(1234)",
                        u + "first = draws()",
                        u + "\(f.name)(1234)",
                        u + "assert draws() == first",
                    ]).joined(separator: "\n") + "\n"
                let seeded = [python ? "Python" : nil, numpy ? "NumPy" : nil, torch ? "torch" : nil].compactMap { $0 }
                    .joined(separator: ", ")
                return DiffProposal(
                    title: "Add `\(path)`: `\(f.name)` repeats \(seeded) draws",
                    why:
                        "`\(f.name)` (\(m.path):\(f.span.start)) is what makes runs reproducible, and no test calls it; this one seeds twice and compares the draws, so a change that drops a generator from it fails here.",
                    risk:
                        "None for the code (a new test). It imports \(module) and \(seeded); on a machine without them it fails at import.",
                    rollback: FindingContext.rollback(modified: [], created: [path]),
                    testsDocs: "This is the test: `python -m pytest -q \(path)`.",
                    files: [DiffProposal.File(path: path, original: nil, updated: body)],
                    // The first test target of a repository without tests adds its pytest target.
                    subfeatures: QualityGates.testFiles(context).isEmpty ? [.pytestTargets] : [])
            }
        }
        return nil
    }
}

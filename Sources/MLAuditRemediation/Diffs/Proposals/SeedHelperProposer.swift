import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// A `seed_everything` helper next to the training entry point, its call at the start of training, and a test.
package struct SeedHelperProposer: DiffProposer {
    package let code = DiffCode.mld202
    package let findings: [FindingCode] = [.mla109]
    package let subfeatures: [Subfeature] = []

    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard !context.trainingModules.isEmpty, Seeding.sites(context).isEmpty, !Seeding.seededByFramework(context)
        else { return nil }
        // The entry point: a training module run as a script first, then one that writes checkpoints, then the
        // longest (the main training script rather than a benchmark).
        func rank(_ m: PythonModule) -> (Int, Int, Int, String) {
            let checkpoints = m.calls.contains { c in
                context.resolved(c, in: m) == "torch.save"
                    || ["save_pretrained", "save_model", "save_checkpoint", "save_state"].contains(
                        FindingContext.lastSegment(c.callee))
            }
            return (m.mainBlocks.isEmpty ? 1 : 0, checkpoints ? 0 : 1, -m.lineCount, m.path)
        }
        let candidates = context.trainingModules.filter { $0.path.hasSuffix(".py") }.sorted { rank($0) < rank($1) }
        guard let module = candidates.first, var editor = context.editor(module.path) else { return nil }
        let usesTorch = context.productModules.contains { m in
            m.imports.contains { $0.module == "torch" || $0.module.hasPrefix("torch.") }
        }
        let usesNumpy = context.productModules.contains { m in
            m.imports.contains { $0.module == "numpy" || $0.module.hasPrefix("numpy.") }
        }
        guard usesTorch || usesNumpy else { return nil }

        let dir = module.path.split(separator: "/").dropLast().joined(separator: "/")
        let helperPath = dir.isEmpty ? "seeding.py" : dir + "/seeding.py"
        guard context.isFree(helperPath) else { return nil }
        let isPackage = context.facts.snapshot.file(dir.isEmpty ? "__init__.py" : dir + "/__init__.py") != nil
        let usesRelative = module.imports.contains { $0.level > 0 }
        let packageName = Self.dottedPackage(dir)
        let importLine: String
        if isPackage && usesRelative {
            importLine = "from .seeding import seed_everything"
        } else if isPackage, let pkg = packageName {
            importLine = "from \(pkg).seeding import seed_everything"
        } else {
            importLine = "from seeding import seed_everything"
        }

        // Where training starts: the first statement of the function holding the training calls, else module level.
        let trainingCall = module.calls.first { FindingContext.isTrainingCall($0.callee) }
        let function = trainingCall?.enclosingFunction.flatMap { name in
            module.functions.first { $0.qualifiedName == name }
        }
        let outer = function.flatMap { f in Self.outermost(f, in: module) }
        let importIndex = editor.importInsertionIndex(module)
        editor.insert([importLine], before: importIndex)
        var seedExpr = "42"
        if let f = outer {
            if let parsed = Self.parsedArguments(module, in: f) {
                // After `args = parser.parse_args()`, seeded from the command line's --seed.
                seedExpr = parsed.target + ".seed"
                let end = editor.statementEnd(parsed.line - 1)
                editor.insert(
                    [SourceEditor.indentation(editor.line(parsed.line)) + "seed_everything(\(seedExpr))"], after: end)
            } else {
                guard let body = Self.bodyStart(f, editor) else { return nil }
                editor.insert([body.indent + "seed_everything(\(seedExpr))"], before: body.index)
            }
        } else {
            editor.insert(["seed_everything(\(seedExpr))"], before: importIndex)
        }
        if isPackage && packageName == nil { return nil }

        let unit = editor.indentUnit
        let q = editor.quote
        var helper = [
            "\"\"\"Seed every random number generator the training code draws from.\"\"\"", "import os",
            "import random", "",
        ]
        if usesNumpy { helper.append("import numpy as np") }
        if usesTorch { helper.append("import torch") }
        helper += [
            "", "", "def seed_everything(seed):",
            unit
                + "\"\"\"Seed Python, hashing\(usesNumpy ? ", NumPy" : "")\(usesTorch ? " and PyTorch (CPU and every GPU)" : ""); call before building data or models.\"\"\"",
            unit + "os.environ[\(q)PYTHONHASHSEED\(q)] = str(seed)", unit + "random.seed(seed)",
        ]
        if usesNumpy { helper.append(unit + "np.random.seed(seed)") }
        if usesTorch { helper += [unit + "torch.manual_seed(seed)", unit + "torch.cuda.manual_seed_all(seed)"] }

        let testDir = Self.testDirectory(context)
        let testPath = testDir + "/test_seeding.py"
        guard context.isFree(testPath) else { return nil }
        var test: [String] = []
        if !isPackage {
            let depth = testDir.split(separator: "/").count
            let target =
                dir.isEmpty ? "" : " / \(q)" + dir.split(separator: "/").joined(separator: "\(q) / \(q)") + "\(q)"
            test += [
                "import random", "import sys", "from pathlib import Path", "",
                "sys.path.insert(0, str(Path(__file__).resolve().parents[\(depth)]\(target)))", "",
                "from seeding import seed_everything  # noqa: E402", "",
            ]
        } else {
            test += [
                "import random", "",
                importLine.replacingOccurrences(of: "from .seeding", with: "from \(packageName ?? "").seeding"), "",
            ]
        }
        let draw =
            usesTorch ? "(random.random(), torch.rand(3).tolist())" : "(random.random(), np.random.rand(3).tolist())"
        if usesTorch {
            test.insert("import torch", at: test.firstIndex(of: "") ?? 0)
        } else {
            test.insert("import numpy as np", at: test.firstIndex(of: "") ?? 0)
        }
        test += [
            "", "def test_seed_everything_repeats_random_streams():", unit + "seed_everything(1234)",
            unit + "first = \(draw)",
            unit + "seed_everything(1234)", unit + "assert \(draw) == first",
        ]

        let helperText = helper.joined(separator: "\n") + "\n"
        let testText = test.joined(separator: "\n") + "\n"
        return DiffProposal(
            title: "Seed every RNG at the start of training (`\(helperPath)`)",
            why:
                "\(module.path) trains\(trainingCall.map { " (line \($0.line))" } ?? "") without seeding Python\(usesNumpy ? ", NumPy" : "")\(usesTorch ? " or PyTorch" : ""): initialisation, shuffling and dropout differ on every run, so results cannot be reproduced or compared.",
            risk:
                "Runs become repeatable, which changes results relative to earlier unseeded runs; GPU kernels may still be non-deterministic (see torch.use_deterministic_algorithms). The seed is \(seedExpr == "42" ? "fixed at 42 until it is made a config value" : "read from `\(seedExpr)`").",
            rollback: FindingContext.rollback(modified: [module.path], created: [helperPath, testPath]),
            testsDocs:
                "Adds \(testPath) (same seed gives the same random streams); document the seed option in the README's training section.",
            files: [
                DiffProposal.File(editor), DiffProposal.File(path: helperPath, original: nil, updated: helperText),
                DiffProposal.File(path: testPath, original: nil, updated: testText),
            ])
    }

    /// `src/pkg/sub` -> `pkg.sub` (src layout stripped); nil when a part is not an identifier.
    package static func dottedPackage(_ dir: String) -> String? {
        var parts = dir.split(separator: "/").map(String.init)
        if parts.first == "src" { parts.removeFirst() }
        guard !parts.isEmpty,
            parts.allSatisfy({ p in
                p.first.map { $0.isLetter || $0 == "_" } == true
                    && p.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            })
        else { return nil }
        return parts.joined(separator: ".")
    }

    /// The top-level function enclosing `f` (for nested functions), never a method.
    package static func outermost(_ f: PythonFunction, in module: PythonModule) -> PythonFunction? {
        guard f.enclosingClass == nil else { return nil }
        let head = String(f.qualifiedName.split(separator: ".").first ?? "")
        return module.functions.first { $0.qualifiedName == head && $0.enclosingClass == nil }
    }

    /// `args = parser.parse_args()` directly in `f` when the module declares a `--seed` option.
    package static func parsedArguments(_ module: PythonModule, in f: PythonFunction) -> PythonAssignment? {
        let hasOption = module.calls.contains { c in
            FindingContext.lastSegment(c.callee) == "add_argument"
                && c.positionalArguments.contains { $0 == "\"--seed\"" || $0 == "'--seed'" }
        }
        guard hasOption else { return nil }
        return module.assignments.first { a in
            a.enclosingFunction == f.qualifiedName && a.valueText.contains("parse_args(")
                && a.target.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        }
    }

    /// First body line after the signature and docstring, with its indentation.
    package static func bodyStart(_ f: PythonFunction, _ editor: SourceEditor) -> (index: Int, indent: String)? {
        var i = f.span.start - 1
        guard i < editor.lines.count else { return nil }
        // Signature end: the line whose code ends with ":" at bracket depth 0.
        if let open = Array(editor.lines[i]).firstIndex(of: "("),
            let close = editor.matchingClose(line: i, offset: open)
        {
            i = close.line
        }
        guard SourceEditor.codePart(editor.lines[i]).trimmingCharacters(in: .whitespaces).hasSuffix(":") else {
            return nil
        }
        i += 1
        while i < editor.lines.count && editor.lines[i].trimmingCharacters(in: .whitespaces).isEmpty { i += 1 }
        guard i < editor.lines.count, i < f.span.end else { return nil }
        let indent = SourceEditor.indentation(editor.lines[i])
        if f.docstring != nil {
            let t = editor.lines[i].trimmingCharacters(in: .whitespaces)
            let mark = t.contains("\"\"\"") ? "\"\"\"" : t.contains("'''") ? "'''" : nil
            if let mark, t.components(separatedBy: mark).count < 3 {
                i += 1
                while i < editor.lines.count && !editor.lines[i].contains(mark) { i += 1 }
            }
            i += 1
        }
        guard i < editor.lines.count, editor.startsStatement(i) else { return nil }
        return (i, indent)
    }

    /// The folder of the existing tests, else `tests`.
    package static func testDirectory(_ context: FindingContext) -> String {
        let dirs = QualityGates.testFiles(context).map {
            $0.path.split(separator: "/").dropLast().joined(separator: "/")
        }.filter { !$0.isEmpty }
        return dirs.min { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) } ?? "tests"
    }
}

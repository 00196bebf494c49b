import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct BareExceptCheck: FindingCheck {
    package let code = FindingCode.mla115
    package let severity = Severity.medium
    package let summary = "Bare `except:` clauses swallow every error, including KeyboardInterrupt and CUDA OOM."
    package let why =
        "A bare except around training or data loading hides crashes as silently wrong results (skipped batches, default values) and blocks Ctrl-C."
    package let fix =
        "Catch the specific exception (`except FileNotFoundError:`), log it, and re-raise what you cannot handle."
    package var triggering: [FindingExample] {
        [
            FindingExample(["train.py": "try:\n    loss.backward()\nexcept:\n    pass\n"]),
            // A suppression of another code does not exempt the bare except.
            FindingExample(["train.py": "try:\n    loss.backward()\nexcept:  # noqa: F401\n    pass\n"]),
            // Selecting rules without E722, or ignoring other codes, or a per-file ignore of another file, is no
            // decision about bare excepts.
            FindingExample([
                "pyproject.toml":
                    "[tool.ruff.lint]\nselect = [\"F\"]\nignore = [\"E741\", \"E501\"]\n\n[tool.ruff.lint.per-file-ignores]\n\"tests/*.py\" = [\"E722\"]\n",
                "setup.cfg": "[flake8]\nignore = W503,E203\n",
                "train.py": "try:\n    loss.backward()\nexcept:\n    pass\n",
            ]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "train.py": "try:\n    loss.backward()\nexcept RuntimeError as e:\n    raise\n# except: never\n"
            ]),
            // Handlers that re-raise or report the traceback hide nothing.
            FindingExample([
                "worker.py":
                    "import traceback\n\n\ndef task():\n    try:\n        run()\n    except:\n        traceback.print_exc()\n    done()\n\n\ndef cleanup():\n    try:\n        a()\n    except:\n        # undo, then propagate\n        raise\n"
            ]),
            // The catch-all of a worker thread's body, which must reach the sentinel its consumer waits for.
            FindingExample(
                [
                    "utils/stream.py":
                        "from threading import Thread\n\n\nclass Stream:\n    def start(self):\n        def gentask():\n            try:\n                self.run()\n            except:\n                pass\n            self.q.put(self.sentinel)\n\n        self.thread = Thread(target=gentask)\n        self.thread.start()\n"
                ], needsPythonReader: true),
            // A file-level ruff exemption covers every line of the file.
            FindingExample(["prepare.py": "# ruff: noqa\ntry:\n    a()\nexcept:\n    pass\n"]),
            // The project ignores E722 for every file (ruff), or for the file (a ruff per-file ignore, flake8), or
            // disables pylint's bare-except: a decision, not an oversight.
            FindingExample([
                "pyproject.toml":
                    "[tool.ruff.lint]\nselect = [\"E\", \"F\"]\nignore = [\n    \"E722\",  # bare except\n]\n",
                "train.py": "try:\n    loss.backward()\nexcept:\n    pass\n",
            ]),
            FindingExample([
                "pyproject.toml": "[tool.ruff.lint.per-file-ignores]\n\"scripts/*.py\" = [\"E7\"]\n",
                "setup.cfg": "[flake8]\nper-file-ignores =\n    tools/*.py: E722,F401\n",
                "scripts/convert.py": "try:\n    a()\nexcept:\n    pass\n",
                "tools/export.py": "try:\n    a()\nexcept:\n    pass\n",
            ]),
            FindingExample([
                ".pylintrc": "[MESSAGES CONTROL]\ndisable=missing-docstring,\n    bare-except\n",
                "train.py": "try:\n    loss.backward()\nexcept:\n    pass\n",
            ]),
            // Sites the maintainers exempted from their linter's bare-except rule on purpose.
            FindingExample([
                "convert.py":
                    "try:\n    a()\nexcept:  # noqa: E722\n    pass\ntry:\n    b()\nexcept:  # noqa\n    pass\ntry:\n    c()\nexcept:  # pylint: disable=bare-except\n    pass\n"
            ]),
        ]
    }

    /// `except:` lines in product Python (tests and vendored code excluded); the MLA115 diff fixes exactly these.
    /// A project that ignores the rule in its linter settings (ruff/flake8 `ignore` of E722, a `per-file-ignores`
    /// entry for the file, pylint `disable=bare-except`) has decided bare excepts are acceptable: none is reported.
    /// Taken once per audit: the check and its diff (MLD214) both ask.
    package static func sites(_ context: FindingContext) -> [Evidence] {
        context.facts.memo("MLA115.sites") { computeSites(context) }
    }

    private static func computeSites(_ context: FindingContext) -> [Evidence] {
        bareExcepts(context).filter { e in
            LintSetup.ignoring(LintSetup.bareExcept, for: e.path, facts: context.facts) == nil
                && !reportsTheError(context.facts.lines(e.path), line: e.line)
                && !inWorkerBody(e.line, context.facts.python[e.path])
        }
    }

    /// The handler is in the body of a worker thread or process (`Thread(target=gentask)`): KeyboardInterrupt is
    /// only ever raised in the main thread, and the catch-all there is what guarantees the code after it (a queue
    /// sentinel, a cleanup the consumer waits for) runs whatever the work raised.
    static func inWorkerBody(_ line: Int, _ module: PythonModule?) -> Bool {
        guard let module,
            let fn = module.functions.filter({ $0.span.start < line && line <= $0.span.end }).max(by: {
                $0.span.start < $1.span.start
            })
        else { return false }
        return module.calls.contains { c in
            ["Thread", "Process"].contains(c.callee.lastComponent)
                && [fn.name, "self.\(fn.name)"].contains(c.keywordValues["target"] ?? "")
        }
    }

    /// The handler's first statement re-raises or reports the error with its traceback (`raise`,
    /// `traceback.print_exc()`, `logger.exception(...)`): nothing is hidden, and the except is the handler of last
    /// resort its author meant (a worker thread's body, a cleanup that must run).
    static func reportsTheError(_ lines: [Substring], line: Int) -> Bool {
        guard line >= 1, line <= lines.count else { return false }
        var statement: Substring = lines[line - 1].split(separator: ":", maxSplits: 1).dropFirst().first ?? ""
        statement = statement.drop { $0 == " " || $0 == "\t" }
        var n = line
        while statement.isEmpty || statement.hasPrefix("#") {
            guard n < lines.count else { return false }
            statement = lines[n].drop { $0 == " " || $0 == "\t" }
            n += 1
        }
        return statement.hasPrefix("raise") || statement.contains("traceback.print_exc(")
            || statement.contains("traceback.format_exc(") || statement.contains(".exception(")
    }

    static func bareExcepts(_ context: FindingContext) -> [Evidence] {
        context.grep({
            $0.kind == .python && !$0.isTest
                && (context.contains($0.path, "except:") || context.contains($0.path, "except :"))
                && !fileExempted(context.facts.lines($0.path))
        }) { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            guard t.hasPrefix("except") else { return false }
            return t.dropFirst(6).drop { $0 == " " }.hasPrefix(":") && !exemptedByLinter(line)
        }
    }

    /// A file-level exemption: `# ruff: noqa` (ruff reads it on any line as covering the whole file), with no codes or
    /// with E722, or `# flake8: noqa`.
    static func fileExempted(_ lines: [Substring]) -> Bool {
        lines.contains { line in
            let t = line.drop { $0 == " " || $0 == "\t" }.lowercased()
            if t.hasPrefix("# flake8: noqa") { return true }
            guard t.hasPrefix("# ruff: noqa") else { return false }
            let rest = t.dropFirst("# ruff: noqa".count).drop { $0 == " " }
            guard rest.hasPrefix(":") else { return true }
            return rest.dropFirst().split(whereSeparator: { $0 == "," || $0 == " " }).contains { $0 == "e722" }
        }
    }

    /// The maintainers exempted the line from their linter's bare-except rule on purpose: `# noqa` (all codes),
    /// `# noqa: E722` (flake8/ruff), `# pylint: disable=bare-except` (or W0702).
    package static func exemptedByLinter(_ line: Substring) -> Bool {
        guard let hash = line.firstIndex(of: "#") else { return false }
        let comment = line[hash...].lowercased()
        if comment.contains("bare-except") || comment.contains("w0702") { return true }
        guard let r = comment.range(of: "noqa") else { return false }
        let rest = comment[r.upperBound...].drop { $0 == " " }
        guard rest.hasPrefix(":") else { return true }  // a bare `# noqa` silences every code
        return rest.dropFirst().split(whereSeparator: { $0 == "," || $0 == " " }).contains { $0 == "e722" }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let evidence = Self.sites(context)
        guard !evidence.isEmpty else { return [] }
        let training = Set(context.trainingModules.map(\.path))
        let inTraining = evidence.filter { training.contains($0.path) }.count
        return [
            FindingHit(
                title: "\(evidence.count) bare `except:` clause(s)"
                    + (inTraining > 0 ? ", \(inTraining) in training code" : "") + " (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `raise NotImplemented` / `raise NotImplemented("...")`: `NotImplemented` is the constant binary operators return,
/// not an exception. Raising it (or calling it) raises `TypeError` instead, whose message ("exceptions must derive
/// from BaseException" / "'NotImplementedType' object is not callable") hides the intended one, and an
/// `except NotImplementedError` never catches it. Product code and tests.
package struct RaiseNotImplementedCheck: FindingCheck {
    package let code = FindingCode.mla149
    package let severity = Severity.medium
    package let summary = "`raise NotImplemented` raises the comparison constant, not `NotImplementedError`."
    package let why =
        "`NotImplemented` is not an exception: `raise NotImplemented(...)` fails with `TypeError: 'NotImplementedType' object is not callable` (`raise NotImplemented` with `TypeError: exceptions must derive from BaseException`), so the intended message is lost and `except NotImplementedError` handlers never see it."
    package let fix = "Raise `NotImplementedError` (with the same message)."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "tools/convert.py":
                        "def convert(kind):\n    if kind == 'a':\n        return 1\n    else:\n        raise NotImplemented(\"{} is not supported\".format(kind))\n",
                    "pkg/server.py": "class S:\n    def run(self):\n        raise NotImplemented\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/ops.py":
                        "class V:\n    def __add__(self, o):\n        return NotImplemented\n    def run(self):\n        raise NotImplementedError('run')\n    def go(self):\n        raise NotImplementedError\n",
                    "third_party/x/a.py": "def f():\n    raise NotImplemented\n",
                ], needsPythonReader: true)
        ]
    }

    /// Every `raise NotImplemented[...]`, with its module, in path then line order.
    package static func sites(_ context: FindingContext) -> [(PythonModule, PythonRaise)] {
        context.productAndTestSources.flatMap { m in
            m.raises.filter { $0.exception == "NotImplemented" }.map { (m, $0) }
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.0.path, $0.1.line) }.productFirst
        return [
            FindingHit(
                title:
                    "\(sites.count) `raise NotImplemented` statement(s): a TypeError is raised instead of NotImplementedError (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

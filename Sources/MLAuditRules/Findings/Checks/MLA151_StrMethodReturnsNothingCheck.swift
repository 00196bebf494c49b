import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// A `__str__` or `__repr__` method with an implemented body that never returns a value (it prints, or only
/// computes): `str(obj)`, `repr(obj)`, `print(obj)`, an f-string or a logging call with the object then raises
/// `TypeError: __str__ returned non-string (type NoneType)`. Stub bodies (`pass`, `...`, `raise`) and bodies with any
/// `return <value>` or `raise` are not reported.
package struct StrMethodReturnsNothingCheck: FindingCheck {
    package let code = FindingCode.mla151
    package let severity = Severity.low
    package let summary = "`__str__` / `__repr__` never returns a value, so `str(obj)` raises TypeError."
    package let why =
        "Python requires `__str__` and `__repr__` to return a `str`: a body that prints or computes and falls off the end returns None, and `str(obj)`, `print(obj)`, `f\"{obj}\"` or logging the object raise `TypeError: __str__ returned non-string (type NoneType)`."
    package let fix = "Return the text (build it and `return` it; print at the call site if printing was meant)."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/evaluation.py":
                        "class Evaluator:\n    def summarize(self):\n        print('AP')\n\n    def __str__(self):\n        self.summarize()\n"
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/evaluation.py":
                        "class A:\n    def __str__(self):\n        lines = [1]\n        return '\\n'.join(map(str, lines))\n\n    def __repr__(self): return 'A()'\n\nclass B:\n    def __str__(self):\n        raise TypeError('no text')\n\n    def __repr__(self):\n        pass\n\nclass C:\n    def __repr__(self):\n        def inner():\n            return 1\n        if inner():\n            return 'C'\n        return super().__repr__()\n"
                ], needsPythonReader: true)
        ]
    }

    package static let methods: Set<String> = ["__str__", "__repr__"]
    static let returnsValue = try! NSRegularExpression(pattern: #"(^|:)\s*(return\s*[^\s#;]|raise\b)"#)
    static let returnsNone = try! NSRegularExpression(pattern: #"(^|:)\s*return\s+None\s*(#.*)?$"#)

    /// (module, method) of every `__str__`/`__repr__` whose body has no `return <value>` and no `raise`.
    package static func sites(_ context: FindingContext) -> [(PythonModule, PythonFunction)] {
        context.productAndTestSources.flatMap { m -> [(PythonModule, PythonFunction)] in
            m.functions.compactMap { f -> (PythonModule, PythonFunction)? in
                guard methods.contains(f.name), f.enclosingClass != nil, f.bodyKind == .implemented,
                    !f.decorators.contains(where: { $0.hasSuffix("abstractmethod") })
                else { return nil }
                let nested = m.functions.filter {
                    $0 != f && $0.span.start > f.span.start && $0.span.end <= f.span.end
                }.map(\.span)
                let lines = context.facts.lines(m.path)
                guard f.span.start >= 1, f.span.end <= lines.count else { return nil }
                for n in f.span.start...f.span.end where !nested.contains(where: { n >= $0.start && n <= $0.end }) {
                    let text = String(lines[n - 1])
                    let range = NSRange(text.startIndex..., in: text)
                    if returnsValue.firstMatch(in: text, range: range) != nil
                        && returnsNone.firstMatch(in: text, range: range) == nil
                    {
                        return nil
                    }
                }
                return (m, f)
            }
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.0.path, $0.1.span.start) }.productFirst
        let names = sites.prefix(3).map { "`\($0.1.qualifiedName)`" }.joined(separator: ", ")
        return [
            FindingHit(
                title:
                    "\(sites.count) `__str__`/`__repr__` method(s) that return nothing, so `str()` of the object raises TypeError (\(names); \(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

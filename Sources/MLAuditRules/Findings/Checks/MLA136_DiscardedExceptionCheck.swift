import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Statements that do nothing although they read as if they act:
/// - an exception built and dropped: `ValueError("unsupported mode")` as a whole statement, without `raise` (the
///   callee a builtin exception or a class of the repository deriving from one);
/// - a training method named and not called: `model.eval`, `optimizer.zero_grad`, `loss.backward` without `()`.
/// Product code and tests (a dropped exception in a test is an assertion that never fails).
package struct DiscardedExceptionCheck: FindingCheck {
    package let code = FindingCode.mla136
    package let severity = Severity.high
    package let summary =
        "An exception is constructed but not raised, or a method such as `model.eval` is named but not called."
    package let why =
        "The statement has no effect: the error case falls through and the code continues with an unsupported value (a test that should fail passes), or the model stays in training mode, gradients accumulate, the step never happens."
    package let fix = "Add `raise` before the exception, or `()` after the method."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "model.py":
                        "def build(mode):\n    if mode == 'a':\n        return 1\n    else:\n        ValueError(f'unsupported mode {mode}')\n",
                    "train.py": "def evaluate(model):\n    model.eval\n    return model(1)\n",
                    "tests/test_x.py":
                        "from pkg.errors import ConfigError\ndef test_x():\n    if bad():\n        ConfigError('bad')\n",
                    "pkg/errors.py": "class ConfigError(ValueError):\n    pass\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "model.py":
                        "def build(mode):\n    if mode == 'a':\n        return 1\n    raise ValueError(f'unsupported mode {mode}')\n\nerr = ValueError('x')\nerrors.append(ValueError('y'))\nmodel.eval()\nfn = model.train\nWarning = print\nlogger.exception('x')\nFoo(1)\n",
                    "train.py": "def run(model):\n    model.train()\n    opt.step()\n    return model.eval\n",
                ], needsPythonReader: true)
        ]
    }

    package static let builtinExceptions: Set<String> = [
        "Exception", "BaseException", "ArithmeticError", "AssertionError", "AttributeError", "BufferError",
        "EOFError", "FileExistsError", "FileNotFoundError", "FloatingPointError", "IOError", "ImportError",
        "IndexError", "IsADirectoryError", "KeyError", "LookupError", "MemoryError", "ModuleNotFoundError",
        "NameError", "NotADirectoryError", "NotImplementedError", "OSError", "OverflowError", "PermissionError",
        "RecursionError", "ReferenceError", "RuntimeError", "StopIteration", "SystemError", "TimeoutError",
        "TypeError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "ValueError", "ZeroDivisionError",
        "ConnectionError", "EnvironmentError",
    ]
    /// Methods whose bare mention as a statement is certainly a forgotten call.
    package static let actions: Set<String> = ["eval", "train", "zero_grad", "step", "backward"]

    package enum Kind: Sendable { case exception, uncalledMethod }

    /// Exception classes the repository defines: derived, through product classes, from a builtin exception.
    static func repositoryExceptions(_ context: FindingContext) -> Set<String> {
        context.facts.memo("repositoryExceptionClasses") {
            var out: Set<String> = []
            for b in builtinExceptions { out.formUnion(context.facts.code.subclassNames(of: b)) }
            return out
        }
    }

    /// Every dropped exception and uncalled action, in path then line order; taken once per audit (the check and its
    /// diff, MLD223, both ask).
    package static func sites(_ context: FindingContext) -> [(PythonModule, PythonExpressionStatement, Kind)] {
        context.facts.memo("MLA136.sites") { computeSites(context) }
    }

    private static func computeSites(_ context: FindingContext) -> [(PythonModule, PythonExpressionStatement, Kind)] {
        let own = repositoryExceptions(context)
        var out: [(PythonModule, PythonExpressionStatement, Kind)] = []
        for m in context.productAndTestSources where !m.expressionStatements.isEmpty {
            let shadowed = Set(m.assignments.map(\.target)).union(m.functions.map(\.name)).union(m.classes.map(\.name))
            for s in m.expressionStatements {
                let last = s.expression.lastComponent
                switch s.shape {
                case .call:
                    let isBuiltin = s.expression == last && builtinExceptions.contains(last) && !shadowed.contains(last)
                    guard isBuiltin || own.contains(last) else { continue }
                    out.append((m, s, .exception))
                case .reference:
                    guard actions.contains(last), s.expression.contains(".") else { continue }
                    out.append((m, s, .uncalledMethod))
                }
            }
        }
        return out.sorted { ($0.0.path, $0.1.line) < ($1.0.path, $1.1.line) }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.0.path, $0.1.line) }.productFirst
        let exceptions = sites.filter { $0.2 == .exception }.count
        let methods = sites.count - exceptions
        var parts: [String] = []
        if exceptions > 0 { parts.append("\(exceptions) exception(s) constructed but never raised") }
        if methods > 0 { parts.append("\(methods) method(s) named but never called") }
        return [
            FindingHit(
                title: parts.joined(separator: " and ") + " (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

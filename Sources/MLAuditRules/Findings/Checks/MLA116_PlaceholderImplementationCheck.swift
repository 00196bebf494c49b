import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PlaceholderImplementationCheck: FindingCheck {
    package let code = FindingCode.mla116
    package let severity = Severity.medium
    package let summary =
        "Product code has placeholder implementations (`raise NotImplementedError`, `pass`-only bodies, placeholder messages) that are not abstract declarations."
    package let why =
        "A placeholder on a reachable path fails (or silently does nothing) only when that path is first exercised, often deep into a run."
    package let fix =
        "Implement the function or delete it and its callers; mark genuine interfaces `@abstractmethod` so they read as declarations."
    package var triggering: [FindingExample] {
        [FindingExample(["model.py": "def evaluate(model):\n    raise NotImplementedError\n"], needsPythonReader: true)]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "model.py":
                        "from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def forward(self):\n        raise NotImplementedError\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "data.py":
                        "def load(name):\n    if name == 'a':\n        return 1\n    else:\n        raise NotImplementedError\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "accelerator.py":
                        "def prepare_pippy(self):\n    raise NotImplementedError('Pipeline parallelism is currently not supported in Accelerate.')\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "hooks.py":
                        "class Hook:\n    def after_step(self):\n        pass\n\n\nclass Checker:\n    def __init__(self):\n        pass\n"
                ], needsPythonReader: true),
            FindingExample(
                ["ds.py": "def backward(loss):\n    pass  # accelerator.backward(loss) does this automatically\n"],
                needsPythonReader: true),
            FindingExample(
                [
                    "rnn.py":
                        "def bidirectional_gru(*args, **kwargs):\n    # No fused kernel on this backend: fall through to the generic path.\n    raise NotImplementedError\n"
                ], needsPythonReader: true),
        ]
    }

    /// Bodies a maintainer wrote on purpose: an unsupported-feature guard ("not supported"), a hook or callback
    /// left empty for subclasses (`on_*`, `after_*`, `before_*`, `setup`, `teardown`, `log_message`), an empty
    /// `__init__` or dunder, a method of an abstract base (ABC, a `Base*`/`*Base`/`*Mixin`/`*Interface` class,
    /// a class other classes subclass), and a `pass` whose line or the line above explains it in a comment.
    static func isIntentional(_ f: PythonFunction, text: String, in module: PythonModule, lines: [Substring]) -> Bool {
        let lower = text.lowercased()
        if [
            "not supported", "unsupported", "is not available", "not implemented for", "only supported",
            "does not support",
        ].contains(where: lower.contains) {
            return true
        }
        let name = f.name
        if name.hasPrefix("on_") || name.hasPrefix("after_") || name.hasPrefix("before_") || name.hasPrefix("_on_")
            || [
                "setup", "teardown", "log_message", "reset_parameters", "close", "flush",
                "initialize_options", "finalize_options",
            ].contains(name)
        {
            return true
        }  // setuptools Command hooks
        if name.hasPrefix("__") && name.hasSuffix("__") { return true }
        if let cls = f.enclosingClass, let c = module.classes.first(where: { $0.qualifiedName == cls }) {
            if c.bases.contains(where: { $0.hasSuffix("ABC") || $0.contains("Protocol") })
                || c.keywords["metaclass"]?.contains("ABC") == true
            {
                return true
            }
            if c.name.hasPrefix("Base") || c.name.hasSuffix("Base") || c.name.hasSuffix("Mixin")
                || c.name.hasSuffix("Interface") || c.name.hasPrefix("Abstract")
            {
                return true
            }
            if module.classes.contains(where: { $0.bases.contains { FindingContext.lastSegment($0) == c.name } }) {
                return true
            }
        }
        // A documented no-op: the docstring says what the empty body is for (a hook left for subclasses), unless it
        // says the work is still to do.
        if f.bodyKind == .pass || f.bodyKind == .docstringOnly, let doc = f.docstring?.lowercased(), !doc.isEmpty,
            !["todo", "implement", "placeholder", "stub", "fixme"].contains(where: doc.contains)
        {
            return true
        }
        if let marker = f.bodyMarkerLine, marker >= 1, marker <= lines.count {
            // A comment on or right above the marker explains the empty or raising body (a deliberate fallback).
            if f.bodyKind == .pass && lines[marker - 1].contains("#") { return true }
            if marker >= 2, lines[marker - 2].trimmingCharacters(in: .whitespaces).hasPrefix("#") { return true }
        }
        return false
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        // Whole-function placeholders only: a `raise NotImplementedError` in an unsupported-option branch of a
        // working function is a guard, not a placeholder.
        let sites = context.facts.stubs.filter { s in
            guard !s.declaration, s.kind != .todoComment, context.facts.snapshot.file(s.path)?.countsAsProduct == true,
                !context.isCopied(s.path),
                let f = context.facts.python[s.path]?.functions.first(where: { $0.qualifiedName == s.symbol })
            else { return false }
            return f.bodyKind != .implemented
                && !Self.isIntentional(
                    f, text: s.text, in: context.facts.python[s.path]!, lines: context.facts.lines(s.path))
        }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }
        let symbols = sites.prefix(3).map(\.symbol).joined(separator: ", ")
        return [
            FindingHit(
                title:
                    "\(sites.count) placeholder implementation(s) in product code (\(symbols)\(sites.count > 3 ? ", ..." : ""))",
                evidence: evidence, strength: .code)
        ]
    }
}

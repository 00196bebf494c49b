import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `return`, `break` or `continue` directly inside a `finally:` block (not inside a function, class or loop nested in
/// it): leaving the `finally` that way discards the exception in flight, so a failure in the `try` (a crashed step,
/// a KeyboardInterrupt, an error thrown into a `@contextmanager` generator at its `yield`) is silently swallowed.
/// Python 3.14 warns about it (PEP 765). Read from tokens of the files that contain `finally:`.
package struct ControlFlowInFinallyCheck: FindingCheck {
    package let code = FindingCode.mla150
    package let severity = Severity.medium
    package let summary = "`return` / `break` / `continue` inside `finally:` silently swallows the exception in flight."
    package let why =
        "Leaving a `finally` block with `return`, `break` or `continue` discards any exception raised in the `try` (KeyboardInterrupt and SystemExit included): the failure is silently dropped and the caller continues as if it succeeded. Python 3.14 emits a SyntaxWarning for it (PEP 765)."
    package let fix =
        "Move the `return`/`break`/`continue` after the `try` statement (or into an `else:`), keeping only clean-up in `finally`."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/timing.py":
                        "from contextlib import contextmanager\n@contextmanager\ndef timed(threshold):\n    start = 0\n    try:\n        yield\n    finally:\n        if start < threshold:\n            return\n        print(start)\n",
                    "tools/sweep.py":
                        "def run(items):\n    for x in items:\n        try:\n            work(x)\n        finally: continue\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/io.py":
                        "def read(p):\n    try:\n        return load(p)\n    finally:\n        close(p)\n        for h in handlers:\n            if h:\n                break\n            continue\n        def cb():\n            return 1\n        cleanup(cb, [x for x in p if x])\n    return None\n",
                    "pkg/s.py": "s = 'finally: return'\n# finally:\n#     return\n",
                ], needsPythonReader: true)
        ]
    }

    package enum BlockKind: Sendable { case finally, loop, function }

    /// (line, keyword) of each `return`/`break`/`continue` that leaves a `finally` block, in source order.
    package static func sites(in tokens: [PythonToken]) -> [(line: Int, keyword: String)] {
        struct Block {
            var kind: BlockKind
            var level: Int
            var inline: Bool
        }
        var stack: [Block] = []
        var level = 0
        var depth = 0
        var header: BlockKind? = nil
        var afterColon: BlockKind? = nil
        var awaitingBody: BlockKind? = nil
        var out: [(Int, String)] = []
        for t in tokens {
            if t.kind == .comment || t.kind == .nl { continue }
            if let kind = afterColon {
                afterColon = nil
                if t.kind == .newline {
                    awaitingBody = kind
                    continue
                }
                stack.append(Block(kind: kind, level: level, inline: true))
            }
            switch t.kind {
            case .indent:
                level += 1
                if let kind = awaitingBody { stack.append(Block(kind: kind, level: level, inline: false)) }
                awaitingBody = nil
            case .dedent:
                level -= 1
                while let top = stack.last, !top.inline, top.level > level { stack.removeLast() }
            case .newline:
                while let top = stack.last, top.inline { stack.removeLast() }
                header = nil
            case .op:
                if ["(", "[", "{"].contains(t.text) { depth += 1 }
                if [")", "]", "}"].contains(t.text) { depth = max(0, depth - 1) }
                if t.text == ":", depth == 0, let kind = header {
                    afterColon = kind
                    header = nil
                }
            case .name where depth == 0:
                switch t.text {
                case "finally": header = .finally
                case "for", "while": header = .loop
                case "def", "class": header = .function
                case "lambda": header = nil
                case "return", "break", "continue":
                    let leaves = stack.last { b in
                        b.kind == .function || b.kind == .finally || (t.text != "return" && b.kind == .loop)
                    }
                    if leaves?.kind == .finally { out.append((t.start.line, t.text)) }
                default: break
                }
            default: break
            }
        }
        return out
    }

    /// One file's sites, taken in the read pass (`SourceAnalysis`): only a file that mentions `finally` is
    /// tokenized.
    package struct Analysis: SourceAnalysis {
        package let name = "MLA150.finallyExits"
        package init() {}
        package func encode(_ v: [Exit], into w: inout FactCodec.Writer) -> Bool {
            w.list(v) { w, e in
                w.int(e.line)
                w.str(e.keyword)
            }
            return true
        }

        package func decode(_ r: inout FactCodec.Reader) -> [Exit]? {
            r.list { r -> Exit? in
                guard let line = r.int(), line >= 1, let keyword = r.str() else { return nil }
                return Exit(line: line, keyword: keyword)
            }
        }

        package func analyze(_ source: PythonSource) -> [Exit] {
            guard source.content.containsBytes("finally") else { return [] }
            return ControlFlowInFinallyCheck.sites(in: source.tokenization.tokens).map {
                Exit(line: $0.line, keyword: $0.keyword)
            }
        }
    }

    package struct Exit: Sendable {
        package var line: Int
        package var keyword: String
    }

    /// Every site, with its module path, in path then line order.
    package static func sites(_ context: FindingContext) -> [(path: String, line: Int, keyword: String)] {
        let analysis = Analysis()
        return context.productAndTestSources.flatMap { m -> [(path: String, line: Int, keyword: String)] in
            (context.facts.analysis(analysis, of: m.path) ?? []).map { (m.path, $0.line, $0.keyword) }
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        let keywords = Set(sites.map(\.keyword)).sorted().map { "`\($0)`" }.joined(separator: "/")
        return [
            FindingHit(
                title:
                    "\(sites.count) \(keywords) inside a `finally:` block, which discards any exception raised in the `try` (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

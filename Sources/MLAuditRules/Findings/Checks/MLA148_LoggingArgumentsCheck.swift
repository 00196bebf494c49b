import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `logger.info("Command Line Args:", args)`, `logger.warning("got {} items", n)`, `logging.error("%s and %s", a)`:
/// a logging call whose `%` placeholders do not match its arguments. `logging` formats `msg % args` only when the
/// record is emitted, so the call raises inside the handler: it prints `--- Logging error ---` with a traceback to
/// stderr and the message is lost. Receivers read: the `logging` module (`import logging`) and names bound at module
/// level to `getLogger(...)` / a `get_logger(...)` wrapper (not structlog or loguru, which format differently).
/// Calls without arguments, with `*args`, or whose message is not a plain literal are not read.
package struct LoggingArgumentsCheck: FindingCheck {
    package let code = FindingCode.mla148
    package let severity = Severity.medium
    package let summary = "A logging call passes arguments its message's `%` placeholders do not consume (or too few)."
    package let why =
        "`logging` applies `msg % args` when the record is emitted: with more arguments than `%s` (a `print`-style call, or `{}` placeholders) or fewer, formatting raises inside the handler, which prints `--- Logging error ---` and a traceback to stderr instead of the message."
    package let fix = "Give the message one `%s` per argument (`logger.info(\"Args: %s\", args)`), or format it first."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "tools/train.py":
                        "import logging\nlogger = logging.getLogger(__name__)\n\ndef main(args):\n    logger.info(\"Command Line Args:\", args)\n    logger.warning(\"got {} items from {}\", len(args), 'x')\n    logging.error(\"%s and %s\", args)\n",
                    "pkg/pipe.py":
                        "from .utils import logging\nlogger = logging.get_logger(__name__)\n\ndef run(i):\n    logger.info(\n        \"Generated segment\",\n        i,\n    )\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "tools/train.py":
                        "import logging\nimport structlog\nlogger = logging.getLogger(__name__)\nslog = structlog.get_logger()\n\ndef main(args, parts):\n    logger.info(\"Args: %s\", args)\n    logger.info(\"100%% of %d done {}\", 3)\n    logger.info(\"%(a)s\", {'a': 1})\n    logger.info(\"{} items\")\n    logger.info(f\"{args}\", exc_info=True)\n    logger.log(logging.INFO, \"%s=%.*f\", 'x', 3, 1.0)\n    logger.info(\"%s %s\", *parts)\n    slog.info(\"event\", key=1)\n    other.info(\"x\", 1)\n",
                    "pkg/log.py": "from nemo.utils import logging\n\ndef run(i):\n    logging.info('step', i)\n",
                ], needsPythonReader: true)
        ]
    }

    package static let methods: Set<String> = [
        "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
    ]

    /// One mismatched call: where, its message literal as written, placeholders and arguments counted.
    package struct Site: Sendable {
        package var path: String
        package var line: Int
        package var message: PythonStringText
        package var placeholders: Int
        package var arguments: Int
    }

    /// Module-level names bound to a logger: `name = <x>.getLogger(...)` or `name = <x>.get_logger(...)`, not from
    /// a library whose loggers format otherwise.
    static func loggerNames(_ m: PythonModule) -> Set<String> {
        var out = Set<String>()
        for a in m.assignments where a.enclosingFunction == nil && !a.target.contains(".") && !a.target.contains("[") {
            let v = a.valueText
            guard v.contains("getLogger(") || v.contains("get_logger(") else { continue }
            if ["structlog", "loguru", "logbook", "eliot"].contains(where: v.contains) { continue }
            out.insert(a.target)
        }
        return out
    }

    /// True when `logging` in this module is the standard library's module (`import logging`, never rebound by a
    /// `from ... import logging`).
    static func usesStdlibLogging(_ m: PythonModule) -> Bool {
        var stdlib = false
        for i in m.imports {
            if i.isFrom {
                if i.names.contains(where: { ($0.alias ?? $0.name) == "logging" }) { return false }
            } else if i.module == "logging", i.alias == nil {
                stdlib = true
            } else if i.alias == "logging" {
                return false
            }
        }
        return stdlib
    }

    /// Taken once per audit: the check and its diff (MLD234) both ask.
    package static func sites(_ context: FindingContext) -> [Site] {
        context.facts.memo("MLA148.sites") { computeSites(context) }
    }

    private static func computeSites(_ context: FindingContext) -> [Site] {
        var loggers: [String: Set<String>] = [:]
        var stdlib: [String: Bool] = [:]
        var out: [Site] = []
        for (m, call) in context.methodCalls(methods) where m.path.hasSuffix(".py") {
            let parts = call.callee.split(separator: ".")
            guard parts.count == 2 else { continue }
            let receiver = String(parts[0])
            if loggers[m.path] == nil { loggers[m.path] = loggerNames(m) }
            if stdlib[m.path] == nil { stdlib[m.path] = usesStdlibLogging(m) }
            let isLogger = loggers[m.path]!.contains(receiver) || (receiver == "logging" && stdlib[m.path]!)
            guard isLogger else { continue }
            var positional = call.positionalArguments
            if parts[1] == "log" {
                guard !positional.isEmpty else { continue }
                positional.removeFirst()
            }
            guard positional.count >= 2, !positional.contains(where: { $0.hasPrefix("*") }),
                let message = PythonStringText.parse(positional[0]), !message.isBytes,
                let placeholders = message.percentArgumentCount
            else { continue }
            let arguments = positional.count - 1
            guard placeholders != arguments else { continue }
            out.append(
                Site(path: m.path, line: call.line, message: message, placeholders: placeholders, arguments: arguments))
        }
        return out
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        let first = sites.first { $0.path == evidence[0].path && $0.line == evidence[0].line } ?? sites[0]
        return [
            FindingHit(
                title:
                    "\(sites.count) logging call(s) whose arguments do not match the message's `%` placeholders, so the record fails to format and is lost (\(first.path):\(first.line): \(first.placeholders) placeholder(s), \(first.arguments) argument(s); \(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

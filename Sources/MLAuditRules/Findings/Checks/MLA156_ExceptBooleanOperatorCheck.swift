import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `except ImportError or ModuleNotFoundError:` / `except (KeyError or ValueError) as e:`: `A or B` evaluates to `A`
/// (a class is truthy), `A and B` to `B`, so the handler catches one of the exceptions and the other propagates.
/// Read from tokens: an `except` clause whose exception expression has `or`/`and` at its top level (or inside the one
/// pair of parentheses around it).
package struct ExceptBooleanOperatorCheck: FindingCheck {
    package let code = FindingCode.mla156
    package let severity = Severity.medium
    package let summary = "`except A or B:` catches only `A` (`A and B` only `B`): the other exception escapes."
    package let why =
        "`or`/`and` between exception classes is evaluated as a boolean expression before matching: `A or B` is `A`, `A and B` is `B`, so the handler silently ignores the other class and that error propagates where the code meant to handle it."
    package let fix = "List the classes in a tuple: `except (A, B):`."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/strategy.py":
                        "def setup():\n    try:\n        import apex\n    except ImportError or RuntimeError:\n        apex = None\n    try:\n        run()\n    except (KeyError or ValueError) as e:\n        print(e)\n"
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/strategy.py":
                        "def setup(errors):\n    try:\n        import apex\n    except (ImportError, ModuleNotFoundError):\n        apex = None\n    except errors[0] if errors else Exception:\n        pass\n    except Exception as e:\n        ok = e or None\n"
                ], needsPythonReader: true),
            // The class `or` keeps already catches the other (ModuleNotFoundError is an ImportError): nothing escapes.
            FindingExample(
                [
                    "pkg/lib.py":
                        "try:\n    import apex\nexcept ImportError or ModuleNotFoundError:\n    apex = None\ntry:\n    open('x')\nexcept FileNotFoundError and OSError:\n    pass\n"
                ], needsPythonReader: true),
        ]
    }

    package struct Site: Sendable {
        package var path: String
        package var line: Int
        /// The operator (`or` / `and`).
        package var op: String
        /// The operand classes as written, when each is a dotted name and only one operator kind is used.
        package var classes: [String]?
    }

    /// Sites of one file's logical lines.
    package static func sites(path: String, _ lines: [PythonStatementTokens]) -> [Site] {
        var out: [Site] = []
        for line in lines {
            let t = line.tokens
            guard line.isName(0, "except") else { continue }
            var a = 1
            if line.isOp(a, "*") { a += 1 }
            var end = a
            while end < t.count, !(line.depth[end] == 0 && (line.isOp(end, ":") || line.isName(end, "as"))) {
                end += 1
            }
            guard end > a else { continue }
            var b = end
            var level = 0
            if line.isOp(a, "("), line.closing(a) == end - 1 {
                a += 1
                b -= 1
                level = 1
            }
            let ops = (a..<b).filter { line.depth[$0] == level && (line.isName($0, "or") || line.isName($0, "and")) }
            guard let first = ops.first else { continue }
            // Conditional expressions choose a class on purpose.
            if (a..<b).contains(where: { line.isName($0, "if") || line.isName($0, "lambda") }) { continue }
            let op = t[first].text
            var classes: [String]? = nil
            if ops.allSatisfy({ t[$0].text == op }) {
                var names: [String] = []
                var current = ""
                var ok = true
                for k in a..<b {
                    if ops.contains(k) {
                        names.append(current)
                        current = ""
                    } else if t[k].kind == .name || line.isOp(k, ".") {
                        current += t[k].text
                    } else {
                        ok = false
                    }
                }
                names.append(current)
                if ok, names.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") && !$0.hasSuffix(".") }) { classes = names }
            }
            // `A or B` is `A`, `A and B` is `B`: when that class is a built-in base of every other one, the handler
            // already catches them all.
            if let names = classes, let caught = op == "or" ? names.first : names.last,
                names.allSatisfy({ Self.builtinSubclass($0, of: caught) })
            {
                continue
            }
            out.append(Site(path: path, line: t[0].start.line, op: op, classes: classes))
        }
        return out
    }

    /// Built-in exception classes and their base (the hierarchy of the `builtins` module, aliases resolved).
    static let builtinBase: [String: String] = [
        "ModuleNotFoundError": "ImportError", "ImportError": "Exception", "FileNotFoundError": "OSError",
        "FileExistsError": "OSError", "PermissionError": "OSError", "IsADirectoryError": "OSError",
        "NotADirectoryError": "OSError", "TimeoutError": "OSError", "ConnectionError": "OSError",
        "BrokenPipeError": "ConnectionError", "ConnectionResetError": "ConnectionError",
        "ConnectionRefusedError": "ConnectionError", "ConnectionAbortedError": "ConnectionError",
        "InterruptedError": "OSError", "BlockingIOError": "OSError", "ChildProcessError": "OSError",
        "ProcessLookupError": "OSError", "IOError": "OSError", "EnvironmentError": "OSError", "OSError": "Exception",
        "KeyError": "LookupError", "IndexError": "LookupError", "LookupError": "Exception",
        "ZeroDivisionError": "ArithmeticError", "OverflowError": "ArithmeticError",
        "FloatingPointError": "ArithmeticError", "ArithmeticError": "Exception", "UnicodeError": "ValueError",
        "UnicodeDecodeError": "UnicodeError", "UnicodeEncodeError": "UnicodeError",
        "UnicodeTranslateError": "UnicodeError", "ValueError": "Exception", "NotImplementedError": "RuntimeError",
        "RecursionError": "RuntimeError", "RuntimeError": "Exception", "UnboundLocalError": "NameError",
        "NameError": "Exception", "TypeError": "Exception", "AttributeError": "Exception",
        "AssertionError": "Exception", "StopIteration": "Exception", "Exception": "BaseException",
        "KeyboardInterrupt": "BaseException", "SystemExit": "BaseException", "GeneratorExit": "BaseException",
    ]

    /// `child` is `base` or derives from it among the built-in exceptions (names as written, `builtins.` dropped).
    static func builtinSubclass(_ child: String, of base: String) -> Bool {
        let strip = { (n: String) in n.hasPrefix("builtins.") ? String(n.dropFirst("builtins.".count)) : n }
        let target = strip(base)
        var current: String? = strip(child)
        // IOError and EnvironmentError are OSError itself.
        if current == "IOError" || current == "EnvironmentError" { current = "OSError" }
        let goal = target == "IOError" || target == "EnvironmentError" ? "OSError" : target
        while let c = current {
            if c == goal { return true }
            current = builtinBase[c]
        }
        return false
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        context.statementSites.exceptBooleanOperator
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        return [
            FindingHit(
                title:
                    "\(sites.count) `except` clause(s) joining exception classes with `or`/`and`, which catch only one of them (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

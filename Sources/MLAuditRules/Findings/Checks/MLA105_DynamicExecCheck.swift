import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DynamicExecCheck: FindingCheck {
    package let code = FindingCode.mla105
    package let severity = Severity.high
    package let capability: Capability? = .securitySafety
    package let summary = "`exec`/`eval` run text read at run time (config files, command-line values)."
    package let why =
        "Executing config or CLI text as Python lets any config file run code, hides typos until run time, and defeats static checking of configuration."
    package let fix =
        "Parse configuration with a real format (YAML/TOML/dataclasses + argparse) and `ast.literal_eval` for literal values."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["configurator.py": "import sys\nexec(open(sys.argv[1]).read())\n"], needsPythonReader: true),
            // A module-level name rebound from a file is not a constant.
            FindingExample(
                ["cfg.py": "import sys\nsrc = ''\nsrc = open(sys.argv[1]).read()\n\n\ndef run():\n    exec(src)\n"],
                needsPythonReader: true),
        ]
    }
    /// Not triggering: literal evaluation, exec of a file the repository ships, a benchmark's sandboxed execution
    /// of generated programs, and `eval` of a value a strict whitelist regex matched first.
    package var clean: [FindingExample] {
        [
            FindingExample(["m.py": "import ast\nmodel.eval()\nv = ast.literal_eval(s)\n"], needsPythonReader: true),
            FindingExample(
                ["train.py": "batch_size = 12\nexec(open('configurator.py').read())\n"], needsPythonReader: true),
            FindingExample(
                [
                    "env.py":
                        "def make_tool(name):\n    src = (\n        f\"def {name}(self, **kw):\\n\"\n        f\"    return self.call({name!r}, kw)\\n\"\n    )\n    ns = {}\n    exec(src, ns)\n    return ns[name]\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "tasks/utils.py":
                        "def check(program):\n    with time_limit(3.0):\n        reliability_guard()\n        exec(program, {})\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "convert.py":
                        "enum_code = '''\nimport enum\nclass ModelType(enum.Enum):\n    a = 1\n'''\n\n\ndef load(mod):\n    exec(enum_code, mod.__dict__)\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "harness/kernel_server.py":
                        "def _exec(code):\n    try:\n        compiled = compile(code, '<cell>', 'single')\n    except SyntaxError:\n        compiled = compile(code, '<cell>', 'exec')\n    exec(compiled, G)\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "args.py":
                        "import re\n\n\ndef parse(pattern):\n    if not re.fullmatch(r'[0-9*+ ()]+', pattern):\n        raise ValueError(pattern)\n    return eval(pattern)\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "arguments.py":
                        "import re\n\n\ndef _eval_pattern(pattern):\n    if bool(re.compile(r'[^,\\d\\[\\]]').search(pattern)):\n        raise ValueError(pattern)\n    return eval(pattern)\n"
                ], needsPythonReader: true),
        ]
    }

    /// Code a reviewer would not call "dynamic text": `exec(open('configurator.py').read())` of a file the
    /// repository ships (a literal path), a sandboxed run of generated programs (`reliability_guard`, `time_limit`,
    /// a sandbox in the enclosing function), or `eval` of a value a strict regex whitelist just matched.
    package static func runsOwnOrGuardedCode(_ c: PythonCall, in m: PythonModule, lines: [Substring]) -> Bool {
        if let arg = c.positionalArguments.first,
            arg.range(of: #"^open\(\s*['"][\w./-]+\.py['"]\s*\)\.read\(\)$"#, options: .regularExpression) != nil
        {
            return true
        }
        let fn = m.functions.filter { $0.span.start <= c.line && c.line <= $0.span.end }.min {
            $0.span.end - $0.span.start < $1.span.end - $1.span.start
        }
        let from = fn?.span.start ?? max(1, c.line - 15)
        let before = lines[max(0, from - 1)..<min(lines.count, c.line)].joined(separator: "\n").lowercased()
        if ["reliability_guard", "time_limit(", "sandbox", "resource.setrlimit"].contains(where: before.contains) {
            return true
        }
        // Source the repository builds itself from a string template in the same function (a generated method), or
        // a module-level string constant the file never rebinds (a stub module's code kept as text).
        let literal = ["f\"", "\"", "'", "f'", "(f\"", "(\"", "(f'", "('", "textwrap.dedent("]
        if let arg = c.positionalArguments.first, arg.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            let bindings = m.assignments.filter { $0.target == arg }
            if bindings.contains(where: { a in
                a.enclosingFunction == c.enclosingFunction && a.line < c.line
                    && literal.contains(where: a.valueText.hasPrefix)
            }) {
                return true
            }
            if !bindings.isEmpty,
                bindings.allSatisfy({ $0.enclosingFunction == nil && literal.contains(where: $0.valueText.hasPrefix) }),
                !m.functions.contains(where: { $0.parameters.contains(arg) })
            {
                return true
            }
        }
        // An interactive interpreter (a notebook kernel, a REPL, an agent's code tool): executing the code it is
        // given is its purpose. Told by `compile(..., "single")` (interactive mode) in the function, or by its name.
        if c.callee.hasSuffix("exec") {
            let names = ((fn?.name ?? "") + " " + m.path).lowercased()
            if before.contains("\"single\")") || before.contains("'single')")
                || ["repl", "kernel", "interpreter", "run_cell", "execute_cell"].contains(where: names.contains)
            {
                return true
            }
        }
        if c.callee.hasSuffix("eval"), let arg = c.positionalArguments.first,
            arg.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
            before.range(
                of:
                    "re\\.(fullmatch|match|search)\\([^\\n]*\\b\(arg.lowercased())\\b|re\\.compile\\([^\\n]*\\)\\.(fullmatch|match|search)\\(\\s*\(arg.lowercased())\\b",
                options: .regularExpression) != nil,
            before.contains("raise")
        {
            return true
        }
        return false
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        for m in context.productModules {
            let shadowed = m.functions.contains { $0.enclosingClass == nil && ($0.name == "eval" || $0.name == "exec") }
            if shadowed { continue }
            // The module's lines are read only for a module that calls exec/eval.
            var lines: [Substring]? = nil
            for c in m.calls
            where
                (c.callee == "exec" || c.callee == "eval" || c.callee == "builtins.exec" || c.callee == "builtins.eval")
            {
                let read = lines ?? context.facts.lines(m.path)
                lines = read
                if Self.runsOwnOrGuardedCode(c, in: m, lines: read) { continue }
                evidence.append(context.evidence(m, c))
            }
        }
        guard !evidence.isEmpty else { return [] }
        return [
            FindingHit(
                title: "\(evidence.count) `exec`/`eval` call(s) on dynamic text (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Names a patch's added Python lines use that nothing binds where they stand: the check that keeps a diff from
/// saving `scheduler.state_dict()` in a function with no `scheduler`. It reads what the structure reader saw
/// (imports, definitions, assignments, parameters) plus the loop, `with`/`except ... as` and walrus targets of the
/// enclosing function's lines; a star import binds everything.
package enum ScopeCheck {
    package static let builtins: Set<String> = [
        "abs", "all", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr",
        "classmethod",
        "compile", "complex", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "filter", "float",
        "format",
        "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance",
        "issubclass",
        "iter", "len", "list", "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord",
        "pow",
        "print", "property", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod",
        "str",
        "sum", "super", "tuple", "type", "vars", "zip", "__import__", "__name__", "__file__", "__doc__", "True",
        "False",
        "None", "Exception", "BaseException", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError",
        "OSError", "IOError", "FileNotFoundError", "ImportError", "ModuleNotFoundError", "NotImplementedError",
        "AttributeError", "StopIteration", "KeyboardInterrupt", "SystemExit", "AssertionError", "NotImplemented",
        "Ellipsis",
        "self", "cls",
    ]

    /// Unbound names used on `lines` (1-based) of `module`, sorted.
    package static func unbound(module: PythonModule, text: String, lines: Set<Int>) -> [String] {
        guard !lines.isEmpty, !module.imports.contains(where: { $0.names.contains { $0.name == "*" } }) else {
            return []
        }
        let source = text.componentsSeparatedByNewline()
        var missing = Set<String>()
        // every added line reads the targets of the module's lines and of its enclosing function's: each line's
        // targets are taken once for all of them (a diff with 80 sites in a 2,000-line file read them 80 times)
        var lineTargets = LineTargets(source)
        for n in lines {
            let scope = bound(module: module, at: n, source: source, targets: &lineTargets)
            for name in used(module: module, line: n) where !scope.contains(name) && !builtins.contains(name) {
                missing.insert(name)
            }
        }
        return missing.sorted()
    }

    /// `name` is used somewhere in `original` where nothing binds it: unbound before the diff too.
    package static func alreadyUnbound(_ name: String, in original: String, path: String) -> Bool {
        let module = PythonReader.read(source: Array(original.utf8), path: path)
        let source = original.componentsSeparatedByNewline()
        for (i, line) in source.enumerated() where line.contains(name) {
            if used(module: module, line: i + 1).contains(name)
                && !bound(module: module, at: i + 1, source: source).contains(name)
            {
                return true
            }
        }
        return false
    }

    /// Root names read on line `n`: callee roots and simple (dotted) argument and assigned values.
    package static func used(module: PythonModule, line n: Int) -> Set<String> {
        var out = Set<String>()
        for c in module.calls where c.line == n {
            out.insert(root(c.callee))
            for v in c.positionalArguments + Array(c.keywordValues.values) where isDotted(v) { out.insert(root(v)) }
        }
        for a in module.assignments where a.line == n && isDotted(a.valueText) { out.insert(root(a.valueText)) }
        return out.filter { !$0.isEmpty && ($0.first!.isLetter || $0.first == "_") }
    }

    /// Names bound at line `n`: module level, then every enclosing function (parameters, assignments, nested
    /// definitions, imports, loop/with/except/walrus targets on its lines).
    package static func bound(module: PythonModule, at n: Int, source: [String]) -> Set<String> {
        var lineTargets = LineTargets(source)
        return bound(module: module, at: n, source: source, targets: &lineTargets)
    }

    /// `targets(in:)` of each line of one text, taken when first asked for.
    package struct LineTargets {
        private let source: [String]
        private var taken: [Set<String>?]
        package init(_ source: [String]) {
            self.source = source
            taken = Array(repeating: nil, count: source.count)
        }
        /// `targets(in: source[i])`.
        package mutating func callAsFunction(_ i: Int) -> Set<String> {
            if let t = taken[i] { return t }
            let t = ScopeCheck.targets(in: source[i])
            taken[i] = t
            return t
        }
    }

    static func bound(module: PythonModule, at n: Int, source: [String], targets lineTargets: inout LineTargets)
        -> Set<String>
    {
        var names = Set<String>()
        for imp in module.imports {
            if imp.isFrom {
                for i in imp.names { names.insert(i.alias ?? i.name) }
            } else {
                names.insert(imp.alias ?? String(imp.module.split(separator: ".").first ?? ""))
            }
        }
        let enclosing = module.functions.filter { $0.span.start <= n && n <= $0.span.end }
        let scopes = Set(enclosing.map(\.qualifiedName))
        for f in module.functions where f.enclosingClass == nil && !f.qualifiedName.contains(".") {
            names.insert(f.name)
        }
        for f in module.functions where f.qualifiedName.contains(".") && scopes.contains(parent(f.qualifiedName)) {
            names.insert(f.name)
        }
        for c in module.classes where !c.qualifiedName.contains(".") { names.insert(c.name) }
        for a in module.assignments where a.enclosingFunction == nil || scopes.contains(a.enclosingFunction!) {
            for t in a.target.split(separator: ",") {
                names.insert(root(t.trimmingCharacters(in: CharacterSet(charactersIn: " ()[]*"))))
            }
        }
        var spans = enclosing.map(\.span)
        spans.append(LineSpan(start: 1, end: source.count))  // module-level loop and with targets
        for f in enclosing { names.formUnion(f.parameters) }
        if n >= 1 && n <= source.count { names.formUnion(lineTargets(n - 1)) }  // comprehension variables
        // A comprehension split over lines (`p` / `for p in xs` / `if ok(p)`): its `for` clause lines just above.
        for k in 1...3 where n - k >= 1 && n - k <= source.count {
            let above = source[n - k - 1].trimmingCharacters(in: .whitespaces)
            if above.hasPrefix("for ") || above.hasPrefix("async for ") { names.formUnion(targets(in: above)) }
        }
        for span in spans {
            for i in max(1, span.start)...max(1, min(span.end, source.count)) where i - 1 < source.count {
                let line = source[i - 1]
                if span.end == source.count && span.start == 1 && line.first.map({ $0 == " " || $0 == "\t" }) == true {
                    continue
                }
                names.formUnion(lineTargets(i - 1))
            }
        }
        return names
    }

    package static let targetPatterns: [NSRegularExpression] = [
        #"\bfor\s+([A-Za-z_][\w\s,()*]*?)\s+in\b"#, #"\bas\s+([A-Za-z_]\w*)"#, #"([A-Za-z_]\w*)\s*:="#,
        #"^\s*(?:global|nonlocal)\s+([\w\s,]+)"#, #"\blambda\s+([A-Za-z_][\w\s,*]*?)\s*:"#,
    ].compactMap { try? NSRegularExpression(pattern: $0) }

    package static func targets(in line: String) -> Set<String> {
        var out = Set<String>()
        let ns = line as NSString
        for rx in targetPatterns {
            for m in rx.matches(in: line, range: NSRange(location: 0, length: ns.length))
            where m.range(at: 1).location != NSNotFound {
                for part in ns.substring(with: m.range(at: 1)).split(whereSeparator: { ",() *".contains($0) }) {
                    out.insert(String(part))
                }
            }
        }
        return out
    }

    package static func root(_ dotted: String) -> String {
        String(dotted.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    package static func isDotted(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_" else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }

    package static func parent(_ qualified: String) -> String {
        qualified.split(separator: ".").dropLast().joined(separator: ".")
    }
}

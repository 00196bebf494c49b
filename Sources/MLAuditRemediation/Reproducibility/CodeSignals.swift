import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Calls, assignments and imports of one Python file, as the remediation analyses query them.
/// Taken from the structure reader's `PythonModule` when it has read the file; otherwise read
/// from the file's text line by line (comments skipped), so the analyses work on config/text facts too.
package struct CodeSignals {
    /// A call with its argument text made on demand from the reader's (shared) argument lists: the signals of a
    /// large tree hold no second copy of every call's arguments.
    package struct Call: Hashable {
        package var callee: String
        package var line: Int
        private var positional: [String] = []
        private var keywords: [String] = []
        private var keywordValues = KeywordValues()
        /// The text read after the callee, for a call found in text (no reader facts).
        private var text: String? = nil

        /// Positional arguments, then `keyword=value` pairs, comma-separated (or the text after the callee).
        package var arguments: String {
            if let text { return text }
            let kw = keywords.map { k in "\(k)=\(keywordValues[k] ?? "")" }
            return (positional + kw).joined(separator: ", ")
        }

        /// `arguments.fastContains(needle)` without building `arguments`: a needle with no ",", "=" or " " cannot
        /// span two pieces of the joined text, so each positional argument, keyword and value is searched alone.
        package func argumentsContain(_ needle: String) -> Bool {
            if let text { return text.fastContains(needle) }
            guard !needle.utf8.contains(where: { $0 == 0x2C || $0 == 0x3D || $0 == 0x20 }) else {
                return arguments.fastContains(needle)
            }
            return positional.contains { $0.fastContains(needle) }
                || keywords.contains { k in k.fastContains(needle) || (keywordValues[k] ?? "").fastContains(needle) }
        }

        package init(callee: String, line: Int, arguments: String) {
            self.callee = callee
            self.line = line
            self.text = arguments
        }

        package init(_ c: PythonCall) {
            callee = c.callee
            line = c.line
            positional = c.positionalArguments
            keywords = c.keywords
            keywordValues = c.keywordValues
        }

        package static func == (a: Call, b: Call) -> Bool {
            a.callee == b.callee && a.line == b.line && a.arguments == b.arguments
        }

        package func hash(into h: inout Hasher) {
            h.combine(callee)
            h.combine(line)
            h.combine(arguments)
        }
    }
    package struct Assignment: Hashable {
        package var target: String
        package var value: String
        package var line: Int
    }
    package struct Import: Hashable {
        package var module: String
        package var names: [String]
        package var line: Int
    }

    package var path: String
    /// The structure reader's facts of the file, shared with `facts.python` (not copied): the signals of every
    /// product and test file are kept for the rest of the audit, and per-file copies of every call, assignment and
    /// import were tens of megabytes on a large tree. Nil when the file was read from its text.
    private let module: PythonModule?
    private var textCalls: [Call] = []
    private var textAssignments: [Assignment] = []
    private var textImports: [Import] = []

    /// The file's calls, in source order (made on access from the reader's facts).
    package var calls: FactList<Call> { module.map { FactList($0.calls, Call.init) } ?? FactList(textCalls) }
    /// The file's assignments, in source order.
    package var assignments: FactList<Assignment> {
        module.map { FactList($0.assignments) { Assignment(target: $0.target, value: $0.valueText, line: $0.line) } }
            ?? FactList(textAssignments)
    }
    /// The file's imports, in source order.
    package var imports: FactList<Import> {
        module.map { FactList($0.imports) { Import(module: $0.module, names: $0.names.map(\.name), line: $0.line) } }
            ?? FactList(textImports)
    }
    /// Where the file's text comes from: not held here (the facts stage releases Python texts once read; signals
    /// are kept for the whole audit, and holding every file's text here would bring them all back).
    private let facts: RepositoryFacts

    /// Non-comment source lines (1-based line, text), for textual markers: slices of the file's one text, made on
    /// each access (each analysis reads them once) rather than held for every file of the tree.
    package var lines: [(Int, Substring)] { Self.codeLines(facts.text(path) ?? "") }

    package init(path: String, facts: RepositoryFacts) {
        self.path = path
        self.facts = facts
        if let m = facts.python[path], !(m.calls.isEmpty && m.imports.isEmpty && m.assignments.isEmpty) {
            module = m
        } else {
            module = nil
            readText()
        }
    }

    private static func codeLines(_ text: String) -> [(Int, Substring)] {
        var out: [(Int, Substring)] = []
        for (i, l) in RepositoryFacts.splitLines(text).enumerated() where !CodeSignals.isBlankOrComment(l) {
            out.append((i + 1, l))
        }
        return out
    }

    /// `t = l.trimmingCharacters(in: .whitespaces); t.isEmpty || t.hasPrefix("#")`, byte-level for ASCII lines.
    package static func isBlankOrComment(_ l: Substring) -> Bool {
        let fast =
            l.utf8.withContiguousStorageIfAvailable { b -> Bool? in
                var i = 0
                while i < b.count && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
                if i == b.count { return true }
                // "#" followed by ASCII (or nothing) is a lone "#" Character; anything else takes the exact path.
                if b[i] == 0x23 { return i + 1 == b.count || b[i + 1] < 0x80 ? true : nil }
                return b[i] < 0x80 ? false : nil
            } ?? nil
        if let fast { return fast }
        let t = l.trimmingCharacters(in: .whitespaces)
        return t.isEmpty || t.hasPrefix("#")
    }

    private static let callRegex = try! NSRegularExpression(pattern: #"([A-Za-z_][A-Za-z0-9_.]*)\s*\("#)
    private static let assignRegex = try! NSRegularExpression(
        pattern: #"^\s*([A-Za-z_][A-Za-z0-9_.]*(?:\[[^\]]*\])?)\s*(?::[^=]+)?=(?!=)\s*(.+)$"#)
    private static let importRegex = try! NSRegularExpression(
        pattern: #"^\s*(?:from\s+([A-Za-z0-9_.]+)\s+import\s+(.+)|import\s+([A-Za-z0-9_.]+(?:\s*,\s*[A-Za-z0-9_.]+)*))"#
    )

    private mutating func readText() {
        for (n, l) in lines {
            let l = String(l)
            let ns = l as NSString
            let whole = NSRange(location: 0, length: ns.length)
            for m in CodeSignals.callRegex.matches(in: l, range: whole) {
                let callee = ns.substring(with: m.range(at: 1))
                let before = ns.substring(to: m.range.location).trimmingCharacters(in: .whitespaces)
                if before.hasSuffix("def") || before.hasSuffix("class") { continue }
                if ["if", "for", "while", "return", "and", "or", "not", "in", "elif", "print", "def", "class"].contains(
                    callee)
                {
                    continue
                }
                let rest = ns.substring(from: m.range.location + m.range.length)
                textCalls.append(Call(callee: callee, line: n, arguments: String(rest.prefix(200))))
            }
            if let m = CodeSignals.assignRegex.firstMatch(in: l, range: whole) {
                textAssignments.append(
                    Assignment(
                        target: ns.substring(with: m.range(at: 1)),
                        value: String(ns.substring(with: m.range(at: 2)).prefix(200)), line: n))
            }
            if let m = CodeSignals.importRegex.firstMatch(in: l, range: whole) {
                if m.range(at: 1).location != NSNotFound {
                    let names = ns.substring(with: m.range(at: 2)).split(separator: ",")
                        .map {
                            $0.trimmingCharacters(in: CharacterSet(charactersIn: " ()\\")).split(separator: " ").first
                                .map(String.init) ?? ""
                        }
                    textImports.append(
                        Import(module: ns.substring(with: m.range(at: 1)), names: names.filter { !$0.isEmpty }, line: n)
                    )
                } else {
                    for mod in ns.substring(with: m.range(at: 3)).split(separator: ",") {
                        textImports.append(Import(module: mod.trimmingCharacters(in: .whitespaces), names: [], line: n))
                    }
                }
            }
        }
    }

    /// Whether the module imports `module` or one of its submodules.
    package func importsModule(_ module: String) -> Bool {
        imports.contains { $0.module == module || $0.module.hasPrefix(module + ".") }
    }

    /// Names bound by `from module import name` (the bare names).
    package func namesImported(from module: String) -> Set<String> {
        Set(imports.filter { $0.module == module || $0.module.hasPrefix(module + ".") }.flatMap(\.names))
    }

    /// The last component of a dotted callee: "torch.cuda.manual_seed_all" -> "manual_seed_all".
    package static func leaf(_ callee: String) -> String {
        let u = callee.utf8
        guard let dot = u.lastIndex(of: 0x2E) else { return callee }
        let after = u.index(after: dot)
        // An ASCII neighbour on each side makes the dot its own Character, so this is what `split` would cut.
        if after != u.endIndex && u[after] < 0x80 && (dot == u.startIndex || u[u.index(before: dot)] < 0x80) {
            return String(callee[after...])
        }
        return String(callee.split(separator: ".").last ?? Substring(callee))
    }
}

extension RepositoryFacts {
    /// Signals of every Python file of product code (the code index's definition), sorted by path.
    package func productSignals() -> [CodeSignals] {
        memo("CodeSignals.product") {
            files.filter { $0.kind == .python && code.isProduct($0.path, file: $0) }.map {
                CodeSignals(path: $0.path, facts: self)
            }
        }
    }

    /// Signals of every Python test file (not vendored), sorted by path.
    package func testSignals() -> [CodeSignals] {
        memo("CodeSignals.test") {
            files.filter { $0.kind == .python && $0.isTest && !$0.isVendored }.map {
                CodeSignals(path: $0.path, facts: self)
            }
        }
    }
}

/// A read-only list whose elements are made on access from another array (or held, for facts read from text).
package struct FactList<Element>: RandomAccessCollection {
    package let startIndex = 0
    package let endIndex: Int
    private let element: (Int) -> Element

    init<Source>(_ source: [Source], _ make: @escaping (Source) -> Element) {
        endIndex = source.count
        element = { make(source[$0]) }
    }

    init(_ items: [Element]) {
        endIndex = items.count
        element = { items[$0] }
    }

    package subscript(position: Int) -> Element { element(position) }
}

import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// A key given twice in one YAML mapping: PyYAML and OmegaConf keep the last value without a word, so the first
/// line a reader sees is not the one that runs. Read from the text (block mappings, list items, `---` documents),
/// not from a parser that would refuse the file; block scalars, flow collections, merge keys (`<<`) and templated
/// YAML (`{% … %}`, `{{ … }}` keys) are left alone. Hosted-CI files are not read.
package struct DuplicateYAMLKeyCheck: FindingCheck {
    package let code = FindingCode.mla133
    package let severity = Severity.medium
    package let capability: Capability? = .configurationManagement
    package let summary = "A YAML config sets the same key twice in one mapping; the last value silently wins."
    package let why =
        "PyYAML, OmegaConf and Hydra keep the second value without a warning: the run uses a setting other than the one a reader sees first, and an edit to the first line does nothing."
    package let fix = "Delete the line that should not apply (or merge the two), so each key appears once per mapping."
    package var triggering: [FindingExample] {
        [
            FindingExample([
                "configs/train.yaml":
                    "model:\n  name: gpt2\n  layers: 12\n  name: gpt2-medium\ntest_split: test\nlr: 1e-4\ntest_split: validation\n"
            ]),
            FindingExample(["task.yml": "tasks:\n  - name: a\n    split: x\n    split: y\n"]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "configs/a.yaml":
                    "samples:\n- q: \"l&#39;essieu ?\"\n  a: 1\n- q: \"b\"\n  a: 2\ndebug: false\nmode: x\ndebug: false\nprompt: \"Step 1: a\\n\\\n  \\ 3: b\\n\\\n  \\ 3: c\"\nmodel:\n  name: a\ndata:\n  name: b\nlist:\n  - name: x\n  - name: y\ntext: |\n  name: 1\n  name: 2\n---\nmodel: again\n<<: *base\n<<: *other\n",
                ".github/workflows/ci.yml": "on: push\non: pull_request\n",
                "chart/templates/d.yaml": "{% if x %}\na: 1\n{% else %}\na: 2\n{% endif %}\n",
            ])
        ]
    }

    private struct Frame {
        var indent: Int
        var keys: [String: (line: Int, value: String)]
    }

    /// (key, first line, repeated line) for each key repeated in one mapping of `lines`.
    package static func duplicates(_ lines: [Substring]) -> [(key: String, first: Int, again: Int)] {
        if lines.contains(where: { $0.fastContains("{%") }) { return [] }
        var out: [(String, Int, Int)] = []
        var stack: [Frame] = []
        var blockIndent: Int? = nil  // inside a block scalar whose key sits at this indent
        func record(_ key: String, value: String, indent: Int, line: Int, newItem: Bool) {
            while let top = stack.last, top.indent > indent || (newItem && top.indent == indent) { stack.removeLast() }
            if stack.last?.indent == indent {
                if let first = stack[stack.count - 1].keys[key] {
                    // The same one-line value twice changes nothing: only a different value is silently overridden.
                    if key != "<<" && (value.isEmpty || value != first.value) { out.append((key, first.line, line)) }
                } else {
                    stack[stack.count - 1].keys[key] = (line, value)
                }
            } else {
                stack.append(Frame(indent: indent, keys: [key: (line, value)]))
            }
        }
        var openQuote: Character? = nil  // inside a quoted scalar that spans lines
        for (i, raw) in lines.enumerated() {
            if let q = openQuote {
                if Self.closes(raw[...], quote: q) { openQuote = nil }
                continue
            }
            let indent = raw.prefix { $0 == " " }.count
            let body = raw.dropFirst(indent)
            if body.isEmpty || body.hasPrefix("#") { continue }
            if let b = blockIndent {
                if indent > b { continue }
                blockIndent = nil
            }
            if indent == 0 && (body.hasPrefix("---") || body.hasPrefix("...")) {
                stack.removeAll()
                continue
            }
            var content = body
            var keyIndent = indent
            var newItem = false
            while content.hasPrefix("- ") || content == "-" {
                newItem = true
                let rest = content.dropFirst(1)
                let pad = rest.prefix { $0 == " " }.count
                keyIndent += 1 + pad
                content = rest.dropFirst(pad)
            }
            if newItem { while let top = stack.last, top.indent >= keyIndent { stack.removeLast() } }
            guard let (key, value) = keyValue(content) else {
                if !newItem { while let top = stack.last, top.indent > indent { stack.removeLast() } }
                continue
            }
            // A comment starts at ` #` outside quotes; `#` inside a quoted value (`&#39;`) is text.
            let full = value.fastTrimmingWhitespaces()
            let quoted = full.first == "\"" || full.first == "'"
            let v =
                quoted
                ? full
                // (`fastContains` answers as `range(of:)` would, without Foundation on the lines without " #")
                : ((full.fastContains(" #") ? full.range(of: " #") : nil).map { String(full[..<$0.lowerBound]) }
                    ?? full).fastTrimmingWhitespaces()
            record(key, value: v, indent: keyIndent, line: i + 1, newItem: newItem)
            if v.hasPrefix("|") || v.hasPrefix(">") { blockIndent = keyIndent }
            if let q = full.first, quoted, !Self.closes(full.dropFirst(), quote: q) { openQuote = q }
        }
        return out
    }

    /// True when `text` holds the closing quote of a quoted scalar (`"` not escaped by `\`; `'` not doubled).
    static func closes(_ text: Substring, quote: Character) -> Bool {
        var escaped = false
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quote == "\"" {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == quote {
                    return true
                }
            } else if c == quote {
                if i + 1 < chars.count && chars[i + 1] == quote {
                    i += 1
                } else {
                    return true
                }
            }
            i += 1
        }
        chars.removeAll()
        return false
    }

    /// `key: value` (or `key:`) of a block mapping line; nil for scalars, flow collections and templated keys.
    package static func keyValue(_ content: Substring) -> (String, Substring)? {
        guard let first = content.first, !"[{&*!|>%@`".contains(first) else { return nil }
        var key: Substring
        var rest: Substring
        if first == "\"" || first == "'" {
            guard let close = content.dropFirst().firstIndex(of: first) else { return nil }
            key = content[content.index(after: content.startIndex)..<close]
            rest = content[content.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
        } else {
            guard let colon = content.firstIndex(of: ":") else { return nil }
            key = content[..<colon]
            rest = content[colon...]
            if key.fastContains(" #") || key.fastContains("{{") || key.hasSuffix(" ") { return nil }
        }
        let after = rest.dropFirst()
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return (String(key), after)
    }

    /// The YAML files read (hosted-CI definitions left out).
    package static func files(_ context: FindingContext) -> [RepoFile] {
        context.files { ($0.kind == .yaml || $0.kind == .compose) && !$0.path.hasPrefix(".github/") }
            .filter { context.contains($0.path, ":") }
    }

    /// The YAML files read that set a key twice, with the duplicates, in path order; taken once per audit (the check
    /// and its diff, MLD221, both ask).
    package static func found(_ context: FindingContext) -> [(
        file: RepoFile, duplicates: [(key: String, first: Int, again: Int)]
    )] {
        context.facts.memo("MLA133.found") {
            files(context).compactMap { f in
                let found = duplicates(context.facts.lines(f.path))
                return found.isEmpty ? nil : (f, found)
            }
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        var keys: [String] = []
        var files = 0
        for (f, found) in Self.found(context) {
            files += 1
            for d in found {
                evidence.append(context.facts.evidence(f.path, d.again))
                if !keys.contains(d.key) { keys.append(d.key) }
            }
        }
        guard !evidence.isEmpty else { return [] }
        let shown = keys.prefix(3).map { "`\($0)`" }.joined(separator: ", ")
        return [
            FindingHit(
                title:
                    "\(evidence.count) key(s) set twice in \(files) YAML file(s) (\(shown)\(keys.count > 3 ? ", ..." : "")), "
                    + "the second silently wins (\(evidence.citationSummary))",
                evidence: evidence, strength: .configuration)
        ]
    }
}

import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// `type=bool` on the `add_argument` calls MLA135 cites becomes `type=<converter>`: the string-to-bool function the
/// file already defines or imports (`str2bool`, `str_to_bool`, ...) when the repository defines it and it returns
/// bools, else a small `str2bool` added above the file's first top-level definition. A file that binds a converter
/// returning ints (or one defined outside the repository) is left alone: a second converter beside it duplicates a
/// mechanism, and switching to the int one changes what the value reads downstream (`str(1)` is not "True"). `--flag False` / `--flag 0` then give False; `--flag True` and the
/// defaults behave as before. Product files first (examples after), at most `maxFiles` files.
package struct ArgparseStrToBoolProposer: DiffProposer {
    package let code = DiffCode.mld222
    package let findings: [FindingCode] = [.mla135]
    package let subfeatures: [Subfeature] = []

    package static let maxFiles = 6
    /// Names of string-to-bool converters a repository may already have.
    package static let converterNames: Set<String> = [
        "str2bool", "str_to_bool", "string_to_bool", "strtobool", "str2boolean", "boolean_string", "bool_flag",
        "parse_bool", "to_bool", "t_or_f", "_str2bool", "_str_to_bool", "_parse_bool", "_to_bool",
    ]
    static let typeBool = try! NSRegularExpression(pattern: #"\btype(\s*)=(\s*)bool\b"#)

    /// The converter names the module binds at top level (defined or imported by name).
    static func boundConverters(_ m: PythonModule) -> [String] {
        var out = m.functions.filter { $0.qualifiedName == $0.name && converterNames.contains($0.name) }.map(\.name)
        for i in m.imports where i.isFrom {
            for n in i.names where converterNames.contains(n.alias ?? n.name) { out.append(n.alias ?? n.name) }
        }
        return out
    }

    /// True when the repository defines `name` (top level of a product module) and every definition returns
    /// `True`/`False`, never `1`/`0` (`distutils.util.strtobool` and look-alikes return ints, which change what a
    /// value printed or compared later reads).
    static func returnsBool(_ name: String, imported: String, _ context: FindingContext) -> Bool {
        let defs = context.facts.code.product.flatMap { m in
            m.functions.filter { $0.qualifiedName == $0.name && $0.name == imported }.map { (m, $0) }
        }
        guard !defs.isEmpty else { return false }
        return defs.allSatisfy { m, f in
            let body = ShadowedDefinitionCheck.body(f, context.facts.lines(m.path))
            return body.contains { $0.hasPrefix("return True") || $0.hasPrefix("return False") }
                && !body.contains { $0.hasPrefix("return 1") || $0.hasPrefix("return 0") || $0.contains(" 1 if ") }
        }
    }

    /// The converter to use in `m`: one it binds that returns bools; nil with `reusable: false` when it binds one
    /// that does not (or whose definition is not in the repository), so no second converter is added beside it.
    static func existingConverter(_ m: PythonModule, _ context: FindingContext) -> (name: String?, reusable: Bool) {
        let bound = boundConverters(m)
        guard !bound.isEmpty else { return (nil, true) }
        for name in bound {
            let original =
                m.imports.flatMap(\.names).first { ($0.alias ?? $0.name) == name }?.name ?? name
            if returnsBool(name, imported: original, context) { return (name, true) }
        }
        return (nil, false)
    }

    /// The attribute an `add_argument` call stores (`dest=`, else the first long option with `-` as `_`).
    static func destination(_ call: PythonCall) -> String? {
        func unquote(_ s: String) -> String { s.trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")) }
        if let d = call.keywordValues["dest"] { return unquote(d) }
        let options = call.positionalArguments.map(unquote)
        guard let option = options.first(where: { $0.hasPrefix("--") }) ?? options.first(where: { !$0.hasPrefix("-") })
        else { return nil }
        let name = option.drop { $0 == "-" }.replacingOccurrences(of: "-", with: "_")
        return name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? nil : name
    }

    /// The destinations some Python file reads (`args.onnx_safe`, `getattr(args, "onnx_safe")`, `cfg["onnx_safe"]`):
    /// a flag nothing reads is dead code to delete, not to convert. Each Python file is searched once for every
    /// destination still unread (not once per destination), and the search stops when all are read.
    static func readDestinations(_ destinations: Set<String>, _ context: FindingContext) -> Set<String> {
        var unread = destinations.sorted()
        var read: Set<String> = []
        for f in context.facts.snapshot.files where f.kind == .python {
            guard !unread.isEmpty else { break }
            unread.removeAll { dest in
                let found = [".\(dest)", "\"\(dest)\"", "'\(dest)'"].contains { context.contains(f.path, $0) }
                if found { read.insert(dest) }
                return found
            }
        }
        return read
    }

    /// How much the `type=bool` options of a file matter: 4 when the file trains (an optimizer step, a backward
    /// pass), 2 when one of its options appears in the repository's documentation or shell scripts (a switch users
    /// pass: `--prodigy_decouple False`), 1 when one defaults to off (`default=False` or none), so that passing it
    /// is how users turn it on.
    static func stakes(path: String, lines: [Int], documents: [RepoFile], _ context: FindingContext) -> Int {
        guard let m = context.facts.python[path] else { return 0 }
        let calls = lines.compactMap { n in m.calls.first { $0.line == n && $0.callee.hasSuffix("add_argument") } }
        var score = context.trainingModules.contains { $0.path == path } ? 4 : 0
        let options = calls.flatMap {
            $0.positionalArguments.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"' ")) }
        }
        .filter { $0.hasPrefix("--") && $0.count > 3 }
        if options.contains(where: { option in documents.contains { context.contains($0.path, option) } }) {
            score += 2
        }
        if calls.contains(where: { c in
            c.keywordValues["default"].map { ["False", "None", "0"].contains($0.trimmingCharacters(in: .whitespaces)) }
                ?? true
        }) {
            score += 1
        }
        return score
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let sites = ArgparseTypeBoolCheck.sites(context).map { e in
            let call = context.facts.python[e.path]?.calls.first {
                $0.line == e.line && $0.callee.hasSuffix("add_argument")
            }
            return (evidence: e, destination: call.flatMap(Self.destination))
        }
        let read = Self.readDestinations(Set(sites.compactMap(\.destination)), context)
        var byPath: [String: [Int]] = [:]
        for (e, dest) in sites {
            if let dest, !read.contains(dest) { continue }
            byPath[e.path, default: []].append(e.line)
        }
        // The file whose options matter most gets the one helper: options of a training script, passed by users as
        // the documentation shows, that default to off (then product before examples, and by path).
        let documents = context.files { $0.kind == .markdown || $0.kind == .shell || $0.path.hasSuffix(".rst") }
        let stakes = Dictionary(
            uniqueKeysWithValues: byPath.map { path, lines in
                (path, Self.stakes(path: path, lines: lines, documents: documents, context))
            })
        let ordered = byPath.keys.sorted {
            (-stakes[$0]!, FindingRelevance.isPeripheral($0) ? 1 : 0, $0)
                < (-stakes[$1]!, FindingRelevance.isPeripheral($1) ? 1 : 0, $1)
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        var added: [String] = []
        // One new helper per diff: the same function pasted into several files is not what a maintainer merges.
        // Files that would need a second copy are named in the text as having the same fix to make.
        var sameFix: [String] = []
        for path in ordered {
            guard files.count < Self.maxFiles, let m = context.facts.code.productModule(path),
                var editor = context.editor(path)
            else { continue }
            let existing = Self.existingConverter(m, context)
            guard existing.reusable else { continue }
            // Every edited option line must stay within the repository's line length, or be one the verifier can
            // re-wrap as black would (else the next file is taken).
            let limit = LineLengthPolicy.read(context.facts)?.limit
            let fits = byPath[path]!.allSatisfy { n in
                let line = editor.line(n)
                let ns = line as NSString
                guard let match = Self.typeBool.firstMatch(in: line, range: NSRange(location: 0, length: ns.length))
                else { return true }
                let edited = ns.replacingCharacters(in: match.range, with: "type=\(existing.name ?? "str2bool")")
                return LineLengthPolicy.allows(edited, replacing: line, in: context.facts)
                    || limit.map { LineLengthPolicy.wrap(edited, limit: $0) != nil } == true
            }
            guard fits else {
                sameFix.append(path)  // it needs the same change, made by hand within the line length
                continue
            }
            var converter = existing.name
            if converter == nil, !added.isEmpty {
                sameFix.append(path)
                continue
            }
            if converter == nil {
                // A top-level definition to put the helper above (decorators included); none: no safe place.
                let bound = Set(m.functions.map(\.name)).union(m.assignments.map(\.target))
                    .union(m.imports.flatMap { i in i.names.map { $0.alias ?? $0.name } })
                guard !bound.contains("str2bool"),
                    let first =
                        (m.functions.filter { $0.qualifiedName == $0.name }.map(\.span.start)
                        + m.classes.filter { $0.qualifiedName == $0.name }.map(\.span.start)).min(),
                    SourceEditor.indentation(editor.line(first)).isEmpty
                else { continue }
                var at = first
                while at > 1, editor.line(at - 1).hasPrefix("@") { at -= 1 }
                // A site above the helper runs at import, before the helper exists: no safe place.
                guard byPath[path]!.allSatisfy({ $0 > at }) else { continue }
                let i = editor.indentUnit
                editor.insert(
                    [
                        "def str2bool(value):",
                        "\(i)\"\"\"Parse a command-line boolean (`type=bool` would read \"False\" as True).\"\"\"",
                        "\(i)if isinstance(value, bool):",
                        "\(i)\(i)return value",
                        "\(i)if value.lower() in (\(editor.q("true")), \(editor.q("t")), \(editor.q("yes")), \(editor.q("y")), \(editor.q("1"))):",
                        "\(i)\(i)return True",
                        "\(i)if value.lower() in (\(editor.q("false")), \(editor.q("f")), \(editor.q("no")), \(editor.q("n")), \(editor.q("0"))):",
                        "\(i)\(i)return False",
                        "\(i)raise ValueError(f\(editor.q("expected a boolean, got {value!r}")))",
                        "",
                        "",
                    ], before: at - 1)
                converter = "str2bool"
                added.append(path)
            }
            guard let converter else { continue }
            for n in byPath[path]! {
                let line = editor.line(n)
                let ns = line as NSString
                guard let match = Self.typeBool.firstMatch(in: line, range: NSRange(location: 0, length: ns.length))
                else { continue }
                editor.replace(line: n - 1, with: ns.replacingCharacters(in: match.range, with: "type=\(converter)"))
                cited.append("\(path):\(n)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty, !cited.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Parse \(cited.count) boolean command-line option(s) with a string-to-bool converter instead of `type=bool` (\(FindingContext.fileSummary(paths)))",
            why:
                "`type=bool` at \(cited.prefix(3).joined(separator: ", ")) calls `bool(text)`, which is True for every non-empty string: `--option False` turns the option on."
                + (added.isEmpty
                    ? ""
                    : " \(added.count == 1 ? "The file has" : "These files have") no converter of its own, so a small `str2bool` is added above the first definition of \(added.prefix(2).joined(separator: ", ")); it accepts true/false, yes/no, t/f, y/n, 1/0 in any case.")
                + (sameFix.isEmpty
                    ? ""
                    : " \(sameFix.count) other file(s) have the same `type=bool` (\(sameFix.prefix(3).joined(separator: ", "))\(sameFix.count > 3 ? ", ..." : "")) and need the same change; it is left out so the helper is not pasted into each file (where one shared helper should live is the maintainers' call)."),
            risk:
                "Values other than those spellings now stop argparse with `invalid str2bool value` instead of silently meaning True; defaults (not strings) are unchanged.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "Run each script with `--option False`: the parsed value is now False.",
            files: files)
    }
}

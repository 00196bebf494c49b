import Foundation

/// Builds the repository's stub inventory from its modules (resolving declarations across files).
///
/// Sites (rubric "Stubs"):
/// - function bodies that, after an optional docstring, are only `pass` / `...` / the docstring /
///   `raise NotImplementedError` / a placeholder message (`FunctionBodyKind`), at the marker line;
/// - every other `raise NotImplementedError` (kind not_implemented) and every raise or return whose message
///   says not implemented / placeholder / TODO / stub / coming soon (placeholder_message);
/// - real comments with a TODO/FIXME/XXX/HACK marker (`StubMarkers`), and in notebooks markdown lines with an
///   uppercase marker (todo_comment, symbol `<module>`).
/// Strings, docstrings, `except: pass` and `class E(Exception): pass` are never function stubs.
/// `declaration` is set for pass/ellipsis/docstring-only/not-implemented bodies of abstract declarations
/// (`AbstractDeclarations`) and for a `raise NotImplementedError` inside an explicitly abstract function.
public enum StubInventory {
    public static func build(modules: [PythonModule]) -> [StubSite] {
        let abstract = AbstractDeclarations(modules: modules)
        var sites: [StubSite] = []
        var seen: Set<SiteKey> = []
        func add(_ s: StubSite) {
            if seen.insert(SiteKey(path: s.path, line: s.line, kind: s.kind)).inserted { sites.append(s) }
        }
        for (m, module) in modules.enumerated() {
            let path = module.path
            for f in module.functions where f.bodyKind != .implemented {
                guard let line = f.bodyMarkerLine, let kind = kind(of: f.bodyKind) else { continue }
                let declaration = kind != .placeholderMessage && abstract.isDeclaration(f, module: m)
                add(
                    StubSite(
                        path: path, line: line, kind: kind, symbol: f.qualifiedName, declaration: declaration,
                        text: trimmed(f.bodyMarkerText ?? "")))
            }
            for r in module.raises {
                let owner = function(named: r.enclosingFunction, containing: r.line, in: module)
                let symbol = owner?.qualifiedName ?? symbolAt(r.line, in: module)
                if StatementReader.isNotImplemented(r.exception) {
                    var declaration = false
                    if let f = owner {
                        declaration =
                            f.bodyKind == .raisesNotImplemented
                            ? abstract.isDeclaration(f, module: m) : abstract.isExplicitlyAbstract(f, module: m)
                    }
                    add(
                        StubSite(
                            path: path, line: r.line, kind: .notImplemented, symbol: symbol,
                            declaration: declaration, text: trimmed(r.text)))
                } else if StubMarkers.isPlaceholderMessage(r.message, bareKeywordCounts: true) {
                    add(
                        StubSite(
                            path: path, line: r.line, kind: .placeholderMessage, symbol: symbol,
                            declaration: false, text: trimmed(r.text)))
                }
            }
            for r in module.stringReturns where StubMarkers.isPlaceholderMessage(r.message) {
                let symbol =
                    function(named: r.enclosingFunction, containing: r.line, in: module)?.qualifiedName
                    ?? symbolAt(r.line, in: module)
                add(
                    StubSite(
                        path: path, line: r.line, kind: .placeholderMessage, symbol: symbol, declaration: false,
                        text: trimmed(r.text)))
            }
            for c in module.comments {
                guard let marker = StubMarkers.commentMarker(c.text) else { continue }
                add(
                    StubSite(
                        path: path, line: c.line, kind: .todoComment, symbol: symbolAt(c.line, in: module),
                        declaration: false, text: trimmed(c.text), borderline: !marker.uppercase))
            }
            for p in module.proseLines where StubMarkers.commentMarker(p.text, uppercaseOnly: true) != nil {
                add(
                    StubSite(
                        path: path, line: p.line, kind: .todoComment, symbol: "<module>", declaration: false,
                        text: trimmed(p.text)))
            }
        }
        return sites.sorted { a, b in
            if a.path != b.path { return a.path < b.path }
            if a.line != b.line { return a.line < b.line }
            return a.kind.rawValue < b.kind.rawValue
        }
    }

    private struct SiteKey: Hashable {
        var path: String
        var line: Int
        var kind: StubKind
    }

    static func kind(of body: FunctionBodyKind) -> StubKind? {
        switch body {
        case .implemented: return nil
        case .pass: return .pass
        case .ellipsis: return .ellipsis
        case .docstringOnly: return .docstringOnly
        case .raisesNotImplemented: return .notImplemented
        case .placeholderMessage: return .placeholderMessage
        }
    }

    /// The function called `name` whose span holds `line` (the innermost when names repeat).
    static func function(named name: String?, containing line: Int, in module: PythonModule) -> PythonFunction? {
        guard let name = name else { return nil }
        return module.functions.last { $0.qualifiedName == name && $0.span.start <= line && line <= $0.span.end }
    }

    /// Qualified name of the innermost function or class whose span holds `line`, else "<module>".
    static func symbolAt(_ line: Int, in module: PythonModule) -> String {
        var bestStart = Int.min
        var bestName = "<module>"
        for f in module.functions where f.span.start <= line && line <= f.span.end && f.span.start >= bestStart {
            bestStart = f.span.start
            bestName = f.qualifiedName
        }
        for c in module.classes where c.span.start <= line && line <= c.span.end && c.span.start > bestStart {
            bestStart = c.span.start
            bestName = c.qualifiedName
        }
        return bestName
    }

    static func trimmed(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count > 200 ? String(t.prefix(200)) : t
    }
}

import Foundation

/// A JSON rendering of `PythonModule` (for `mlaudit debug structure` and the differential check against
/// CPython's `ast`, scripts/structure_diff.py). Keys are snake_case; objects serialize with sorted keys.
extension PythonModule {
    public func jsonObject() -> [String: Any] {
        func span(_ s: LineSpan) -> [String: Any] { ["start": s.start, "end": s.end] }
        func opt(_ s: String?) -> Any { s.map { $0 as Any } ?? NSNull() }
        return [
            "path": path,
            "line_count": lineCount,
            "imports": imports.map { i -> [String: Any] in
                [
                    "module": i.module, "level": i.level, "is_from": i.isFrom, "line": i.line, "alias": opt(i.alias),
                    "names": i.names.map { ["name": $0.name, "alias": opt($0.alias)] as [String: Any] },
                ]
            },
            "classes": classes.map { c -> [String: Any] in
                [
                    "name": c.name, "qualified_name": c.qualifiedName, "bases": c.bases, "keywords": c.keywords,
                    "decorators": c.decorators, "span": span(c.span), "docstring": opt(c.docstring),
                ]
            },
            "functions": functions.map { f -> [String: Any] in
                [
                    "name": f.name, "qualified_name": f.qualifiedName, "enclosing_class": opt(f.enclosingClass),
                    "decorators": f.decorators, "parameters": f.parameters, "is_async": f.isAsync, "span": span(f.span),
                    "docstring": opt(f.docstring), "body_kind": f.bodyKind.rawValue,
                    "body_marker_line": f.bodyMarkerLine.map { $0 as Any } ?? NSNull(),
                    "body_marker_text": opt(f.bodyMarkerText),
                ]
            },
            "calls": calls.map { c -> [String: Any] in
                [
                    "callee": c.callee, "line": c.line, "column": c.column, "keywords": c.keywords,
                    "keyword_values": c.keywordValues.dictionary, "positional_arguments": c.positionalArguments,
                    "enclosing_function": opt(c.enclosingFunction),
                ]
            },
            "assignments": assignments.map { a -> [String: Any] in
                [
                    "target": a.target, "value": a.valueText, "line": a.line,
                    "enclosing_function": opt(a.enclosingFunction),
                ]
            },
            "strings": strings.map {
                ["value": $0.value, "line": $0.line, "is_docstring": $0.isDocstring] as [String: Any]
            },
            "comments": comments.map { ["text": $0.text, "line": $0.line] as [String: Any] },
            "prose_lines": proseLines.map { ["text": $0.text, "line": $0.line] as [String: Any] },
            "main_blocks": mainBlocks.map(span),
            "raises": raises.map { r -> [String: Any] in
                [
                    "exception": r.exception, "message": r.message, "text": r.text, "line": r.line,
                    "enclosing_function": opt(r.enclosingFunction),
                ]
            },
            "string_returns": stringReturns.map { r -> [String: Any] in
                ["message": r.message, "text": r.text, "line": r.line, "enclosing_function": opt(r.enclosingFunction)]
            },
            "problems": problems.map { ["line": $0.line, "message": $0.message] as [String: Any] },
        ]
    }

    /// One line of JSON (sorted keys), no trailing newline.
    public func jsonLine() -> String {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: jsonObject(), options: options) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}

extension StubSite {
    public func jsonObject() -> [String: Any] {
        [
            "path": path, "line": line, "kind": kind.rawValue, "symbol": symbol, "declaration": declaration,
            "text": text, "borderline": borderline,
        ]
    }
}

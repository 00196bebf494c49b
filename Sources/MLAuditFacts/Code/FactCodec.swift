import MLAuditKit
import MLAuditPython

/// The fact cache's entry layout: a magic, then every field of a `PythonModule` except its path, as LEB128
/// integers and length-prefixed UTF-8 strings. Decoding is defensive: every count and length is checked against
/// the bytes left, every string must be valid UTF-8, every enum a known value, and the entry must end exactly
/// where its last field does; anything else gives nil (the caller recomputes the facts).
public enum FactCodec {
    static let magic: [UInt8] = Array("MLAF4\n".utf8)

    static func encode(_ m: PythonModule) -> [UInt8] {
        var w = Writer()
        w.out += magic
        w.int(m.lineCount)
        w.list(m.imports) { w, i in
            w.str(i.module)
            w.int(i.level)
            w.bool(i.isFrom)
            w.int(i.line)
            w.opt(i.alias)
            w.list(i.names) { w, n in
                w.str(n.name)
                w.opt(n.alias)
            }
        }
        w.list(m.classes) { w, c in
            w.str(c.name)
            w.str(c.qualifiedName)
            w.strs(c.bases)
            w.dict(c.keywords)
            w.strs(c.decorators)
            w.span(c.span)
            w.opt(c.docstring)
        }
        w.list(m.functions) { w, f in
            w.str(f.name)
            w.str(f.qualifiedName)
            w.opt(f.enclosingClass)
            w.strs(f.decorators)
            w.strs(f.parameters)
            w.bool(f.isAsync)
            w.span(f.span)
            w.opt(f.docstring)
            w.str(f.bodyKind.rawValue)
            w.optInt(f.bodyMarkerLine)
            w.opt(f.bodyMarkerText)
        }
        w.list(m.calls) { w, c in
            w.str(c.callee)
            w.int(c.line)
            w.int(c.column)
            w.strs(c.keywords)
            w.strs(c.keywordTexts)
            w.strs(c.positionalArguments)
            w.opt(c.enclosingFunction)
        }
        w.list(m.assignments) { w, a in
            w.str(a.target)
            w.str(a.valueText)
            w.int(a.line)
            w.opt(a.enclosingFunction)
        }
        w.list(m.strings) { w, s in
            w.str(s.value)
            w.int(s.line)
            w.bool(s.isDocstring)
        }
        w.list(m.comments) { w, c in
            w.str(c.text)
            w.int(c.line)
        }
        w.list(m.mainBlocks) { w, s in w.span(s) }
        w.list(m.problems) { w, p in
            w.int(p.line)
            w.str(p.message)
        }
        w.list(m.raises) { w, r in
            w.str(r.exception)
            w.str(r.message)
            w.str(r.text)
            w.int(r.line)
            w.opt(r.enclosingFunction)
        }
        w.list(m.stringReturns) { w, r in
            w.str(r.message)
            w.str(r.text)
            w.int(r.line)
            w.opt(r.enclosingFunction)
        }
        w.list(m.proseLines) { w, c in
            w.str(c.text)
            w.int(c.line)
        }
        w.list(m.expressionStatements) { w, e in
            w.str(e.shape.rawValue)
            w.str(e.expression)
            w.int(e.line)
            w.opt(e.enclosingFunction)
        }
        w.list(m.literalIdentities) { w, l in
            w.str(l.literal)
            w.bool(l.negated)
            w.int(l.line)
        }
        w.list(m.syntaxUses) { w, u in
            w.str(u.feature.rawValue)
            w.int(u.line)
        }
        return w.out
    }

    static func decode(_ bytes: [UInt8], path: String) -> PythonModule? {
        var r = Reader(bytes: bytes)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else { return nil }
        r.at = magic.count
        guard let lineCount = r.int() else { return nil }
        var m = PythonModule(path: path, lineCount: lineCount)
        guard
            let imports = r.list({ r -> PythonImport? in
                guard let module = r.str(), let level = r.int(), let isFrom = r.bool(), let line = r.int(),
                    let alias = r.opt(),
                    let names = r.list({ r -> ImportedName? in
                        guard let n = r.str(), let a = r.opt() else { return nil }
                        return ImportedName(name: n, alias: a)
                    })
                else { return nil }
                return PythonImport(
                    module: module, level: level, isFrom: isFrom, names: names, line: line, alias: alias)
            }),
            let classes = r.list({ r -> PythonClass? in
                guard let name = r.str(), let q = r.str(), let bases = r.strs(), let kw = r.dict(), let dec = r.strs(),
                    let span = r.span(), let doc = r.opt()
                else { return nil }
                return PythonClass(
                    name: name, qualifiedName: q, bases: bases, keywords: kw, decorators: dec, span: span,
                    docstring: doc)
            }),
            let functions = r.list({ r -> PythonFunction? in
                guard let name = r.str(), let q = r.str(), let cls = r.opt(), let dec = r.strs(), let params = r.strs(),
                    let isAsync = r.bool(), let span = r.span(), let doc = r.opt(),
                    let kind = r.str().flatMap(FunctionBodyKind.init(rawValue:)), let marker = r.optInt(),
                    let markerText = r.opt()
                else { return nil }
                return PythonFunction(
                    name: name, qualifiedName: q, enclosingClass: cls, decorators: dec, parameters: params,
                    isAsync: isAsync, span: span, docstring: doc, bodyKind: kind,
                    bodyMarkerLine: marker, bodyMarkerText: markerText)
            }),
            let calls = r.list({ r -> PythonCall? in
                guard let callee = r.str(), let line = r.int(), let column = r.int(), let kws = r.strs(),
                    let texts = r.strs(), texts.count == kws.count,
                    let positional = r.strs(), let enclosing = r.opt()
                else { return nil }
                return PythonCall(
                    callee: callee, line: line, column: column, keywords: kws, keywordTexts: texts,
                    positionalArguments: positional, enclosingFunction: enclosing)
            }),
            let assignments = r.list({ r -> PythonAssignment? in
                guard let t = r.str(), let v = r.str(), let line = r.int(), let e = r.opt() else { return nil }
                return PythonAssignment(target: t, valueText: v, line: line, enclosingFunction: e)
            }),
            let strings = r.list({ r -> PythonStringLiteral? in
                guard let v = r.str(), let line = r.int(), let doc = r.bool() else { return nil }
                return PythonStringLiteral(value: v, line: line, isDocstring: doc)
            }),
            let comments = r.list({ r -> PythonComment? in
                guard let t = r.str(), let line = r.int() else { return nil }
                return PythonComment(text: t, line: line)
            }),
            let mainBlocks = r.list({ $0.span() }),
            let problems = r.list({ r -> PythonReadProblem? in
                guard let line = r.int(), let message = r.str() else { return nil }
                return PythonReadProblem(line: line, message: message)
            }),
            let raises = r.list({ r -> PythonRaise? in
                guard let e = r.str(), let msg = r.str(), let t = r.str(), let line = r.int(), let f = r.opt() else {
                    return nil
                }
                return PythonRaise(exception: e, message: msg, text: t, line: line, enclosingFunction: f)
            }),
            let returns = r.list({ r -> PythonReturn? in
                guard let msg = r.str(), let t = r.str(), let line = r.int(), let f = r.opt() else { return nil }
                return PythonReturn(message: msg, text: t, line: line, enclosingFunction: f)
            }),
            let prose = r.list({ r -> PythonComment? in
                guard let t = r.str(), let line = r.int() else { return nil }
                return PythonComment(text: t, line: line)
            }),
            let statements = r.list({ r -> PythonExpressionStatement? in
                guard let shape = r.str().flatMap(PythonExpressionStatement.Shape.init(rawValue:)), let e = r.str(),
                    let line = r.int(), let f = r.opt()
                else { return nil }
                return PythonExpressionStatement(shape: shape, expression: e, line: line, enclosingFunction: f)
            }),
            let identities = r.list({ r -> PythonLiteralIdentity? in
                guard let l = r.str(), let negated = r.bool(), let line = r.int() else { return nil }
                return PythonLiteralIdentity(literal: l, negated: negated, line: line)
            }),
            let syntaxUses = r.list({ r -> PythonSyntaxFeature.Use? in
                guard let f = r.str().flatMap(PythonSyntaxFeature.init(rawValue:)), let line = r.int() else {
                    return nil
                }
                return PythonSyntaxFeature.Use(feature: f, line: line)
            }),
            r.at == bytes.count
        else { return nil }
        m.imports = imports
        m.classes = classes
        m.functions = functions
        m.calls = calls
        m.assignments = assignments
        m.strings = strings
        m.comments = comments
        m.mainBlocks = mainBlocks
        m.problems = problems
        m.raises = raises
        m.stringReturns = returns
        m.proseLines = prose
        m.expressionStatements = statements
        m.literalIdentities = identities
        m.syntaxUses = syntaxUses
        return m
    }

    public struct Writer {
        public var out: [UInt8] = []
        public init() {}
        public mutating func uint(_ v: UInt64) {
            var v = v
            while v >= 0x80 {
                out.append(UInt8(v & 0x7f) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        /// zig-zag, so negative numbers stay short
        public mutating func int(_ v: Int) { uint(UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))) }
        public mutating func bool(_ b: Bool) { out.append(b ? 1 : 0) }
        public mutating func str(_ s: String) {
            uint(UInt64(s.utf8.count))
            out += s.utf8
        }
        public mutating func opt(_ s: String?) {
            if let s {
                out.append(1)
                str(s)
            } else {
                out.append(0)
            }
        }
        public mutating func optInt(_ v: Int?) {
            if let v {
                out.append(1)
                int(v)
            } else {
                out.append(0)
            }
        }
        public mutating func span(_ s: LineSpan) {
            int(s.start)
            int(s.end)
        }
        public mutating func strs(_ a: [String]) {
            uint(UInt64(a.count))
            for s in a { str(s) }
        }
        public mutating func dict(_ d: [String: String]) {
            uint(UInt64(d.count))
            for k in d.keys.sorted() {
                str(k)
                str(d[k]!)
            }
        }
        /// Length-prefixed raw bytes.
        public mutating func raw(_ b: [UInt8]) {
            uint(UInt64(b.count))
            out += b
        }
        public mutating func list<T>(_ a: [T], _ each: (inout Writer, T) -> Void) {
            uint(UInt64(a.count))
            for x in a { each(&self, x) }
        }
    }

    public struct Reader {
        public let bytes: [UInt8]
        public var at = 0
        public init(bytes: [UInt8]) { self.bytes = bytes }

        public mutating func uint() -> UInt64? {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while at < bytes.count {
                let b = bytes[at]
                at += 1
                guard shift < 64 else { return nil }
                v |= UInt64(b & 0x7f) << shift
                if b < 0x80 { return v }
                shift += 7
            }
            return nil
        }
        public mutating func int() -> Int? {
            guard let u = uint() else { return nil }
            return Int(Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1))))
        }
        /// A count of items, each taking at least one byte: never more than the bytes left.
        public mutating func count() -> Int? {
            guard let u = uint(), u <= UInt64(bytes.count - at) else { return nil }
            return Int(u)
        }
        public mutating func bool() -> Bool? {
            guard at < bytes.count, bytes[at] <= 1 else { return nil }
            defer { at += 1 }
            return bytes[at] == 1
        }
        public mutating func str() -> String? {
            guard let n = count() else { return nil }
            defer { at += n }
            return String(validating: bytes[at..<(at + n)], as: UTF8.self)
        }
        public mutating func opt() -> String?? {
            guard let present = bool() else { return nil }
            if !present { return .some(nil) }
            guard let s = str() else { return nil }
            return .some(s)
        }
        public mutating func optInt() -> Int?? {
            guard let present = bool() else { return nil }
            if !present { return .some(nil) }
            guard let v = int() else { return nil }
            return .some(v)
        }
        public mutating func span() -> LineSpan? {
            guard let s = int(), let e = int() else { return nil }
            return LineSpan(start: s, end: e)
        }
        public mutating func strs() -> [String]? { list { $0.str() } }
        public mutating func dict() -> [String: String]? {
            guard let n = count() else { return nil }
            var d: [String: String] = [:]
            d.reserveCapacity(n)
            for _ in 0..<n {
                guard let k = str(), let v = str(), d[k] == nil else { return nil }
                d[k] = v
            }
            return d
        }
        /// Length-prefixed raw bytes, within the bytes left.
        public mutating func raw() -> [UInt8]? {
            guard let n = count() else { return nil }
            defer { at += n }
            return Array(bytes[at..<(at + n)])
        }
        /// True when every byte was read.
        public var atEnd: Bool { at == bytes.count }
        public mutating func list<T>(_ each: (inout Reader) -> T?) -> [T]? {
            guard let n = count() else { return nil }
            var out: [T] = []
            out.reserveCapacity(n)
            for _ in 0..<n {
                guard let x = each(&self) else { return nil }
                out.append(x)
            }
            return out
        }
    }
}

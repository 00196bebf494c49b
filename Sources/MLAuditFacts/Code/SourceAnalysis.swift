import MLAuditKit
import MLAuditPython

/// A reading of one Python source file that an analysis needs beyond the module's structure facts (name bindings,
/// per-line markers, token-level patterns). Given to `RepositoryFacts.build`, it runs once per file it applies to in
/// the read pass, while the file's bytes are in hand, so a later stage asks for the compact result instead of
/// reading the released text again. The value must be a pure function of the file's content: asked for a file the
/// read pass did not analyse, `RepositoryFacts.analysis(_:of:)` computes it then from the content, and both ways
/// give the same value.
public protocol SourceAnalysis: Sendable {
    associatedtype Value: Sendable
    /// Unique among the analyses of one audit.
    var name: String { get }
    /// The files the read pass analyses (default: `.py` files that are not vendored copies).
    func applies(to file: RepoFile) -> Bool
    func analyze(_ source: PythonSource) -> Value
    /// The value as fact-cache bytes, so a re-audit takes it without reading the file again; nil (the default):
    /// not cached, computed every audit. The value must be a pure function of the file's bytes.
    func encode(_ value: Value, into w: inout FactCodec.Writer) -> Bool
    /// `encode`'s bytes read back (hostile data: checked, nil when invalid).
    func decode(_ r: inout FactCodec.Reader) -> Value?
}

extension SourceAnalysis {
    public func applies(to file: RepoFile) -> Bool {
        file.kind == .python && file.path.hasSuffix(".py") && !file.isVendored
    }

    public func encode(_ value: Value, into w: inout FactCodec.Writer) -> Bool { false }
    public func decode(_ r: inout FactCodec.Reader) -> Value? { nil }

    /// Type-erased, for the read pass's table.
    func erasedAnalyze(_ source: PythonSource) -> any Sendable { analyze(source) }

    /// Type-erased `encode`: the value's bytes, or nil when the analysis is not cached.
    func erasedEncode(_ value: any Sendable) -> [UInt8]? {
        guard let v = value as? Value else { return nil }
        var w = FactCodec.Writer()
        return encode(v, into: &w) ? w.out : nil
    }

    /// Type-erased `decode`: the value, or nil when the bytes are not one whole valid value.
    func erasedDecode(_ bytes: [UInt8]) -> (any Sendable)? {
        var r = FactCodec.Reader(bytes: bytes)
        guard let v = decode(&r), r.atEnd else { return nil }
        return v
    }
}

/// One Python file as the analyses read it: its content, and its lines and tokens, each taken once when first
/// asked for (the read pass hands over the tokens the structure reader took). Used by one thread at a time.
public final class PythonSource {
    public let content: FileContent
    private var tokens: PythonTokenization?
    private var split: [Substring]?
    private var facts: PythonModule?

    /// `module`: the structure reader's facts of these bytes, when already taken (its path is not part of what an
    /// analysis may depend on).
    public init(_ content: FileContent, tokenization: PythonTokenization? = nil, module: PythonModule? = nil) {
        self.content = content
        tokens = tokenization
        facts = module
    }

    /// The structure reader's facts of the file (`PythonReader.read`), read now when not handed over; the path is
    /// empty then (a value must not depend on it).
    public var module: PythonModule {
        if let facts { return facts }
        let m = PythonReader.read(source: content.bytes, path: "", tokenization: tokenization)
        facts = m
        return m
    }

    /// `PythonTokenizer.tokenize` of the file's bytes.
    public var tokenization: PythonTokenization {
        if let tokens { return tokens }
        let t = content.withBytes { PythonTokenizer.tokenize(buffer: $0) }
        tokens = t
        return t
    }

    /// The lines `RepositoryFacts.lines` gives for the file.
    public var lines: [Substring] {
        if let split { return split }
        let l = RepositoryFacts.splitLines(content.text)
        split = l
        return l
    }
}

/// The read pass's results: per analysis name, per path. Filled once by `RepositoryFacts.build`, read-only after.
struct SourceAnalysisTable: Sendable {
    var byName: [String: [String: any Sendable]] = [:]
}

extension FileContent {
    /// Whether the file's bytes contain `needle` (a plain byte search, as `FindingContext.contains` does); false for
    /// a binary file.
    public func containsBytes(_ needle: String) -> Bool {
        guard !isBinary else { return false }
        var n = needle
        return n.withUTF8 { nd in
            withBytes { ByteSearch.occurs(UnsafeRawBufferPointer(nd), in: UnsafeRawBufferPointer($0)) }
        }
    }
}

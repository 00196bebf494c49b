/// The result of tokenizing one file: every token up to the first error, and that error if any.
public struct PythonTokenization: Sendable {
    public var tokens: [PythonToken]
    public var error: PythonTokenizeError?
    public init(tokens: [PythonToken], error: PythonTokenizeError?) { self.tokens = tokens; self.error = error }
}

public struct PythonTokenizeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public init(line: Int, column: Int, message: String) { self.line = line; self.column = column; self.message = message }
    public var description: String { "\(line):\(column): \(message)" }
}

/// Python tokenizer, exact against CPython 3.11's `tokenize` module.
public enum PythonTokenizer {
    public static func tokenize(_ source: [UInt8]) -> PythonTokenization {
        PythonTokenization(tokens: [], error: PythonTokenizeError(line: 1, column: 0, message: "tokenizer not available yet"))
    }
}

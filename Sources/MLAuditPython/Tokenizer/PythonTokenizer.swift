/// The result of tokenizing one file: every token up to the first error, and that error if any.
public struct PythonTokenization: Sendable {
    public var tokens: [PythonToken]
    public var error: PythonTokenizeError?
    /// The tokens cut into logical lines, when a caller cut them (`cutLines()`) for several readers to share.
    package var logicalLines: PythonLogicalLines? = nil
    public init(tokens: [PythonToken], error: PythonTokenizeError?) {
        self.tokens = tokens
        self.error = error
    }
}

public struct PythonTokenizeError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String { "\(line):\(column): \(message)" }
}

/// Python tokenizer, exact against CPython 3.11's `tokenize` module (`tokenize.tokenize(readline)` over
/// the file's bytes): same tokens, texts, positions and errors, including ERRORTOKENs, the NEWLINE it
/// synthesises at a missing final newline and the ENCODING token.
public enum PythonTokenizer {
    public static func tokenize(_ source: [UInt8]) -> PythonTokenization {
        source.withUnsafeBufferPointer { tokenize(buffer: $0) }
    }

    /// Tokenizes bytes in place (no copy unless the file declares Latin-1).
    public static func tokenize(buffer: UnsafeBufferPointer<UInt8>) -> PythonTokenization {
        let detected: DetectedEncoding
        switch SourceEncodingDetector.detect(buffer) {
        case .failure(let error):
            return PythonTokenization(tokens: [], error: error)
        case .success(let found):
            detected = found
        }
        let body = UnsafeBufferPointer(rebasing: buffer[detected.bodyStart...])
        switch detected.codec {
        case .utf8:
            var scanner = TokenScanner(text: body, validation: .utf8)
            return scanner.run(encodingName: detected.name)
        case .ascii:
            var scanner = TokenScanner(text: body, validation: .ascii)
            return scanner.run(encodingName: detected.name)
        case .latin1:
            let utf8 = transcodeLatin1(body)
            return utf8.withUnsafeBufferPointer { text in
                var scanner = TokenScanner(text: text, validation: .none)
                return scanner.run(encodingName: detected.name)
            }
        case .singleByte(let codec):
            // Undefined bytes become 0xFF, never valid UTF-8, so the scanner rejects their line as
            // CPython's decoder does.
            let utf8 = transcode(body, upperHalf: codec.upperHalf)
            return utf8.withUnsafeBufferPointer { text in
                var scanner = TokenScanner(text: text, validation: .utf8)
                return scanner.run(encodingName: detected.name)
            }
        }
    }

    private static func transcode(_ bytes: UnsafeBufferPointer<UInt8>, upperHalf: [UInt16]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
                continue
            }
            let index = Int(byte) - 0x80
            let scalar = index < upperHalf.count ? upperHalf[index] : 0xFFFE
            if scalar == 0xFFFE {
                out.append(0xFF)
            } else if scalar < 0x800 {
                out.append(0xC0 | UInt8(truncatingIfNeeded: scalar >> 6))
                out.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
            } else {
                out.append(0xE0 | UInt8(truncatingIfNeeded: scalar >> 12))
                out.append(0x80 | UInt8(truncatingIfNeeded: (scalar >> 6) & 0x3F))
                out.append(0x80 | UInt8(truncatingIfNeeded: scalar & 0x3F))
            }
        }
        return out
    }

    private static func transcodeLatin1(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else {
                out.append(0xC0 | (byte >> 6))
                out.append(0x80 | (byte & 0x3F))
            }
        }
        return out
    }
}

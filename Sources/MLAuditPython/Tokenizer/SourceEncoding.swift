/// How the source bytes are decoded, as `tokenize.detect_encoding` (CPython 3.11) decides it.
enum SourceCodec: Sendable {
    case utf8
    case ascii
    case latin1
    case singleByte(SingleByteCodec)
}

struct DetectedEncoding: Sendable {
    /// The name the ENCODING token carries (`utf-8`, `iso-8859-1`, `latin1`, `ascii`, ...).
    var name: String
    var codec: SourceCodec
    /// Where the text starts: 3 past a UTF-8 BOM, else 0.
    var bodyStart: Int
}

/// Mirrors `detect_encoding`: UTF-8 BOM, then a PEP 263 cookie on line 1, or on line 2 when line 1 is
/// blank or a comment. Only codecs that tokenize with identical line splitting are supported
/// (UTF-8, ASCII, Latin-1, the single-byte codecs of `SingleByteCodec`, and their aliases); any other
/// cookie is reported as an error.
enum SourceEncodingDetector {
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<DetectedEncoding, PythonTokenizeError> {
        var bodyStart = 0
        var bomFound = false
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            bomFound = true
            bodyStart = 3
        }
        let utf8Default = DetectedEncoding(name: "utf-8", codec: .utf8, bodyStart: bodyStart)
        let firstEnd = lineEnd(bytes, from: bodyStart)
        if firstEnd == bodyStart { return .success(utf8Default) }
        switch findCookie(bytes, bodyStart, firstEnd, line: 1, bomFound: bomFound, bodyStart: bodyStart) {
        case .failure(let error): return .failure(error)
        case .success(let found?): return .success(found)
        case .success(nil): break
        }
        if !isBlankOrComment(bytes, bodyStart, firstEnd) { return .success(utf8Default) }
        let secondEnd = lineEnd(bytes, from: firstEnd)
        if secondEnd == firstEnd { return .success(utf8Default) }
        switch findCookie(bytes, firstEnd, secondEnd, line: 2, bomFound: bomFound, bodyStart: bodyStart) {
        case .failure(let error): return .failure(error)
        case .success(let found?): return .success(found)
        case .success(nil): return .success(utf8Default)
        }
    }

    /// End (exclusive, past the `\n`) of the line starting at `start`.
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            if bytes[index] == 0x0A { return index + 1 }
            index += 1
        }
        return bytes.count
    }

    /// `blank_re`: `^[ \t\f]*(?:[#\r\n]|$)`.
    private static func isBlankOrComment(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var index = start
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0C { index += 1 }
        if index == end { return true }
        let byte = bytes[index]
        return byte == 0x23 || byte == 0x0D || byte == 0x0A
    }

    private static func findCookie(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, line: Int,
        bomFound: Bool, bodyStart: Int
    ) -> Result<DetectedEncoding?, PythonTokenizeError> {
        guard UnicodeClasses.isValidUTF8(bytes, from: start, to: end) else {
            return .failure(
                PythonTokenizeError(line: line, column: 0, message: "invalid or missing encoding declaration"))
        }
        guard let raw = cookieName(bytes, start, end) else { return .success(nil) }
        let name = normalName(raw)
        guard let codec = codec(named: name) else {
            return .failure(
                PythonTokenizeError(line: line, column: 0, message: "unknown or unsupported encoding: \(name)"))
        }
        if bomFound {
            if name != "utf-8" {
                return .failure(PythonTokenizeError(line: line, column: 0, message: "encoding problem: utf-8"))
            }
            return .success(DetectedEncoding(name: "utf-8", codec: .utf8, bodyStart: bodyStart))
        }
        return .success(DetectedEncoding(name: name, codec: codec, bodyStart: bodyStart))
    }

    /// `cookie_re`: `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` (ASCII), on one line.
    private static func cookieName(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        var index = start
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0C { index += 1 }
        guard index < end, bytes[index] == 0x23 else { return nil }
        index += 1
        let coding: [UInt8] = Array("coding".utf8)
        while index + 6 < end {
            if bytes[index] == 0x0A { return nil }
            var matches = true
            for offset in 0..<6 where bytes[index + offset] != coding[offset] {
                matches = false
                break
            }
            if matches, bytes[index + 6] == 0x3A || bytes[index + 6] == 0x3D {
                var cursor = index + 7
                while cursor < end, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                let nameStart = cursor
                while cursor < end, isCookieNameByte(bytes[cursor]) { cursor += 1 }
                if cursor > nameStart {
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<cursor]), as: UTF8.self)
                }
            }
            index += 1
        }
        return nil
    }

    private static func isCookieNameByte(_ byte: UInt8) -> Bool {
        UnicodeClasses.isASCIIWord(byte) || byte == 0x2D || byte == 0x2E
    }

    /// `_get_normal_name`.
    static func normalName(_ original: String) -> String {
        let encoding = String(String(original.prefix(12)).lowercased().map { $0 == "_" ? "-" : $0 })
        if encoding == "utf-8" || encoding.hasPrefix("utf-8-") { return "utf-8" }
        if ["latin-1", "iso-8859-1", "iso-latin-1"].contains(encoding)
            || ["latin-1-", "iso-8859-1-", "iso-latin-1-"].contains(where: { encoding.hasPrefix($0) })
        {
            return "iso-8859-1"
        }
        return original
    }

    /// `codecs.lookup` restricted to the supported codecs: lower-case, collapse punctuation runs to `_`
    /// (`encodings.normalize_encoding`), then the alias table.
    static func codec(named name: String) -> SourceCodec? {
        var normalized = ""
        var punctuation = false
        for character in name.lowercased().unicodeScalars {
            let isAlnum = (character >= "a" && character <= "z") || (character >= "0" && character <= "9")
            if isAlnum || character == "." {
                if punctuation && !normalized.isEmpty { normalized.append("_") }
                normalized.unicodeScalars.append(character)
                punctuation = false
            } else {
                punctuation = true
            }
        }
        let candidates = [normalized, String(normalized.map { $0 == "." ? "_" : $0 })]
        for candidate in candidates {
            if let codec = codecAliases[candidate] { return codec }
            if let codec = SingleByteCodec.aliases[candidate] { return .singleByte(codec) }
        }
        return nil
    }

    private static let codecAliases: [String: SourceCodec] = [
        "utf_8": .utf8, "u8": .utf8, "utf": .utf8, "utf8": .utf8, "utf8_ucs2": .utf8, "utf8_ucs4": .utf8,
        "cp65001": .utf8,
        "ascii": .ascii, "646": .ascii, "ansi_x3.4_1968": .ascii, "ansi_x3.4_1986": .ascii, "ansi_x3_4_1968": .ascii,
        "cp367": .ascii, "csascii": .ascii, "ibm367": .ascii, "iso646_us": .ascii, "iso_646.irv_1991": .ascii,
        "iso_ir_6": .ascii, "us": .ascii, "us_ascii": .ascii,
        "latin_1": .latin1, "8859": .latin1, "cp819": .latin1, "csisolatin1": .latin1, "ibm819": .latin1,
        "iso8859": .latin1, "iso8859_1": .latin1, "iso_8859_1": .latin1, "iso_8859_1_1987": .latin1,
        "iso_ir_100": .latin1, "l1": .latin1, "latin": .latin1, "latin1": .latin1,
    ]
}

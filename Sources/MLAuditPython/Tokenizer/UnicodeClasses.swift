/// Character classes the 3.11 tokenizer relies on, answered from the generated Unicode 14.0 tables,
/// and UTF-8 helpers for scanning already-validated text.
enum UnicodeClasses {
    /// Whether `table` (sorted inclusive range pairs) contains `scalar`.
    static func contains(_ table: [UInt32], _ scalar: UInt32) -> Bool {
        var low = 0
        var high = table.count / 2 - 1
        while low <= high {
            let mid = (low + high) / 2
            if scalar < table[2 * mid] {
                high = mid - 1
            } else if scalar > table[2 * mid + 1] {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// `re`'s `\w` in Unicode mode: alphanumeric or underscore.
    static func isWord(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return isASCIIWord(UInt8(scalar)) }
        return contains(UnicodeWordTables.word, scalar)
    }

    /// `[0-9A-Za-z_]`, as two 64-bit membership masks.
    @inline(__always)
    static func isASCIIWord(_ byte: UInt8) -> Bool {
        let digits: UInt64 = 0x03FF_0000_0000_0000  // 0x30...0x39
        let letters: UInt64 = 0x07FF_FFFE_87FF_FFFE  // 0x41...0x5A, 0x5F, 0x61...0x7A (bit = byte - 64)
        if byte < 64 { return (digits >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (letters >> UInt64(byte - 64)) & 1 == 1 }
        return false
    }

    /// `str.isidentifier()` for a single character (XID_Start or underscore).
    static func isIdentifierStart(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 {
            return (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x41 && scalar <= 0x5A) || scalar == 0x5F
        }
        return contains(UnicodeWordTables.identifierStart, scalar)
    }

    /// `str.isspace()`.
    static func isSpace(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return (scalar >= 0x09 && scalar <= 0x0D) || (scalar >= 0x1C && scalar <= 0x20) }
        return contains(UnicodePrintTables.whitespace, scalar)
    }

    /// `str.isprintable()` for one character.
    static func isPrintable(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return scalar >= 0x20 && scalar < 0x7F }
        return !contains(UnicodePrintTables.nonPrintable, scalar)
    }

    /// Length of the UTF-8 sequence that starts with `lead` (1 for ASCII and for stray bytes).
    @inline(__always)
    static func sequenceLength(_ lead: UInt8) -> Int {
        if lead < 0xC0 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    /// Decodes the scalar at `index` of valid UTF-8 `bytes` (bounded by `end`); returns it and its length.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (scalar: UInt32, length: Int) {
        let lead = bytes[index]
        let length = min(sequenceLength(lead), end - index)
        if length <= 1 { return (UInt32(lead), 1) }
        var scalar: UInt32
        switch length {
        case 2: scalar = UInt32(lead & 0x1F)
        case 3: scalar = UInt32(lead & 0x0F)
        default: scalar = UInt32(lead & 0x07)
        }
        var offset = 1
        while offset < length {
            scalar = (scalar << 6) | UInt32(bytes[index + offset] & 0x3F)
            offset += 1
        }
        return (scalar, length)
    }

    /// Whether `bytes[start..<end]` is UTF-8 that Python's strict decoder accepts
    /// (no overlongs, no surrogates, nothing above U+10FFFF, no truncated sequence).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            var length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return false
            }
            if end - index < length { return false }
            let second = bytes[index + 1]
            if second < low || second > high { return false }
            var offset = 2
            while offset < length {
                let next = bytes[index + offset]
                if next < 0x80 || next > 0xBF { return false }
                offset += 1
            }
            index += length
        }
        return true
    }
}

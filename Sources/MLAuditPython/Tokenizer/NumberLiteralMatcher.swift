/// The `Number` pattern of CPython 3.11's `tokenize`, alternatives in the regex's order:
/// `Imagnumber | Floatnumber | Intnumber`. Each helper returns the end of its match or nil.
enum NumberLiteralMatcher {
    typealias Text = UnsafeBufferPointer<UInt8>

    static func match(_ text: Text, at start: Int, lineEnd: Int) -> Int? {
        let first = text[start]
        let startsWithDigit = isDigit(first)
        guard startsWithDigit || (first == 0x2E && start + 1 < lineEnd && isDigit(text[start + 1])) else { return nil }
        if let end = imaginary(text, start, lineEnd) { return end }
        if let end = float(text, start, lineEnd) { return end }
        return integer(text, start, lineEnd)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `[0-9](?:_?[0-9])*`, or a custom digit class.
    private static func digits(_ text: Text, _ start: Int, _ end: Int, _ isMember: (UInt8) -> Bool = isDigit) -> Int? {
        guard start < end, isMember(text[start]) else { return nil }
        var index = start + 1
        while index < end {
            if isMember(text[index]) {
                index += 1
            } else if text[index] == 0x5F && index + 1 < end && isMember(text[index + 1]) {
                index += 2
            } else {
                break
            }
        }
        return index
    }

    /// `[eE][-+]?[0-9](?:_?[0-9])*`.
    private static func exponent(_ text: Text, _ start: Int, _ end: Int) -> Int? {
        guard start < end, text[start] | 0x20 == 0x65 else { return nil }
        var index = start + 1
        if index < end && (text[index] == 0x2B || text[index] == 0x2D) { index += 1 }
        return digits(text, index, end)
    }

    private static func isImaginarySuffix(_ text: Text, _ index: Int, _ end: Int) -> Bool {
        index < end && text[index] | 0x20 == 0x6A
    }

    /// `[0-9](?:_?[0-9])*[jJ] | Floatnumber[jJ]`.
    private static func imaginary(_ text: Text, _ start: Int, _ end: Int) -> Int? {
        if let digitsEnd = digits(text, start, end), isImaginarySuffix(text, digitsEnd, end) { return digitsEnd + 1 }
        if let pointEnd = pointFloat(text, start, end), isImaginarySuffix(text, pointEnd, end) { return pointEnd + 1 }
        if let expEnd = exponentFloat(text, start, end), isImaginarySuffix(text, expEnd, end) { return expEnd + 1 }
        return nil
    }

    /// `Pointfloat | Expfloat`.
    private static func float(_ text: Text, _ start: Int, _ end: Int) -> Int? {
        pointFloat(text, start, end) ?? exponentFloat(text, start, end)
    }

    /// `([0-9](?:_?[0-9])*\.(?:[0-9](?:_?[0-9])*)? | \.[0-9](?:_?[0-9])*) Exponent?`.
    private static func pointFloat(_ text: Text, _ start: Int, _ end: Int) -> Int? {
        var index: Int
        if let whole = digits(text, start, end) {
            guard whole < end, text[whole] == 0x2E else { return nil }
            index = digits(text, whole + 1, end) ?? whole + 1
        } else {
            guard start < end, text[start] == 0x2E, let fraction = digits(text, start + 1, end) else { return nil }
            index = fraction
        }
        return exponent(text, index, end) ?? index
    }

    /// `[0-9](?:_?[0-9])* Exponent`.
    private static func exponentFloat(_ text: Text, _ start: Int, _ end: Int) -> Int? {
        guard let whole = digits(text, start, end) else { return nil }
        return exponent(text, whole, end)
    }

    /// `Hexnumber | Binnumber | Octnumber | Decnumber`.
    private static func integer(_ text: Text, _ start: Int, _ end: Int) -> Int? {
        if text[start] == 0x30 && start + 1 < end {
            let marker = text[start + 1] | 0x20
            let isMember: ((UInt8) -> Bool)?
            switch marker {
            case 0x78: isMember = { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66) }
            case 0x62: isMember = { $0 == 0x30 || $0 == 0x31 }
            case 0x6F: isMember = { $0 >= 0x30 && $0 <= 0x37 }
            default: isMember = nil
            }
            if let isMember = isMember, let end = prefixedDigits(text, start + 2, end, isMember) { return end }
        }
        return decimal(text, start, end)
    }

    /// `(?:_?[class])+` after a `0x`/`0b`/`0o` marker.
    private static func prefixedDigits(_ text: Text, _ start: Int, _ end: Int, _ isMember: (UInt8) -> Bool) -> Int? {
        var index = start
        while index < end {
            if isMember(text[index]) {
                index += 1
            } else if text[index] == 0x5F && index + 1 < end && isMember(text[index + 1]) {
                index += 2
            } else {
                break
            }
        }
        return index > start ? index : nil
    }

    /// `0(?:_?0)* | [1-9](?:_?[0-9])*`.
    private static func decimal(_ text: Text, _ start: Int, _ end: Int) -> Int? {
        guard start < end, isDigit(text[start]) else { return nil }
        if text[start] == 0x30 { return digits(text, start, end) { $0 == 0x30 } }
        return digits(text, start, end)
    }
}

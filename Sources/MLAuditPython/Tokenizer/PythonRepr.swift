/// Python's `repr()` of a `str`, as CPython 3.11 writes it (quote choice, escapes, printable test).
enum PythonRepr {
    /// Appends `repr(text)` as UTF-8 to `out`; returns its length in code points.
    @discardableResult
    static func appendRepr(of text: String, to out: inout [UInt8]) -> Int {
        var hasSingle = false
        var hasDouble = false
        for byte in text.utf8 {
            if byte == 0x27 { hasSingle = true } else if byte == 0x22 { hasDouble = true }
        }
        let quote: UInt8 = hasSingle && !hasDouble ? 0x22 : 0x27
        out.append(quote)
        var width = 1
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case UInt32(quote), 0x5C:
                out.append(0x5C)
                out.append(UInt8(value))
                width += 2
            case 0x09:
                out.append(0x5C)
                out.append(0x74)
                width += 2
            case 0x0A:
                out.append(0x5C)
                out.append(0x6E)
                width += 2
            case 0x0D:
                out.append(0x5C)
                out.append(0x72)
                width += 2
            case 0x20..<0x7F:
                out.append(UInt8(value))
                width += 1
            default:
                if value >= 0x80 && UnicodeClasses.isPrintable(value) {
                    out.append(contentsOf: String(scalar).utf8)
                    width += 1
                } else if value <= 0xFF {
                    width += appendEscape(value, digits: 2, marker: 0x78, to: &out)
                } else if value <= 0xFFFF {
                    width += appendEscape(value, digits: 4, marker: 0x75, to: &out)
                } else {
                    width += appendEscape(value, digits: 8, marker: 0x55, to: &out)
                }
            }
        }
        out.append(quote)
        return width + 1
    }

    private static func appendEscape(_ value: UInt32, digits: Int, marker: UInt8, to out: inout [UInt8]) -> Int {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(0x5C)
        out.append(marker)
        var shift = (digits - 1) * 4
        while shift >= 0 {
            out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
            shift -= 4
        }
        return digits + 2
    }
}

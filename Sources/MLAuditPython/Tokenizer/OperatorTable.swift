/// The operators of CPython 3.11's `token.EXACT_TOKEN_TYPES` and their exact type names.
/// `tokenize` tries them longest first, so matching is longest-match.
enum OperatorTable {
    /// Exact type names by code: code 1 is `OP` (an OP token that is no operator, e.g. a `\w+` match
    /// such as `½` that does not start like an identifier); code 0 means "no exact type".
    static let names: [String] = [
        "OP", "NOTEQUAL", "PERCENT", "PERCENTEQUAL", "AMPER", "AMPEREQUAL", "LPAR", "RPAR", "STAR", "DOUBLESTAR",
        "DOUBLESTAREQUAL", "STAREQUAL", "PLUS", "PLUSEQUAL", "COMMA", "MINUS", "MINEQUAL", "RARROW", "DOT",
        "ELLIPSIS", "SLASH", "DOUBLESLASH", "DOUBLESLASHEQUAL", "SLASHEQUAL", "COLON", "COLONEQUAL", "SEMI",
        "LESS", "LEFTSHIFT", "LEFTSHIFTEQUAL", "LESSEQUAL", "EQUAL", "EQEQUAL", "GREATER", "GREATEREQUAL",
        "RIGHTSHIFT", "RIGHTSHIFTEQUAL", "AT", "ATEQUAL", "LSQB", "RSQB", "CIRCUMFLEX", "CIRCUMFLEXEQUAL",
        "LBRACE", "VBAR", "VBAREQUAL", "RBRACE", "TILDE",
    ]

    /// The name of `code` (nil for 0 or an unknown code).
    static func name(code: UInt8) -> String? {
        let index = Int(code) - 1
        return index >= 0 && index < names.count ? names[index] : nil
    }

    /// The code of an exact type name (0 for nil; names outside the table are stored as `OP`).
    static func code(name: String?) -> UInt8 {
        guard let name = name else { return 0 }
        return UInt8(truncatingIfNeeded: (names.firstIndex(of: name) ?? 0) + 1)
    }

    /// The exact type code of the OP token `text[start..<end]`.
    static func exactTypeCode(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8 {
        let length = end - start
        guard length >= 1 && length <= 3 else { return 1 }
        var key = UInt32(text[start])
        if length > 1 { key |= UInt32(text[start + 1]) << 8 }
        if length > 2 { key |= UInt32(text[start + 2]) << 16 }
        return exactTypeCode(key: key)
    }

    /// The exact type code of an operator given as up to three bytes packed first byte lowest
    /// (1, `OP`, when they are not an operator).
    static func exactTypeCode(key: UInt32) -> UInt8 {
        switch key {
        case 0x003D21: return 2  // != NOTEQUAL
        case 0x000025: return 3  // % PERCENT
        case 0x003D25: return 4  // %= PERCENTEQUAL
        case 0x000026: return 5  // & AMPER
        case 0x003D26: return 6  // &= AMPEREQUAL
        case 0x000028: return 7  // ( LPAR
        case 0x000029: return 8  // ) RPAR
        case 0x00002A: return 9  // * STAR
        case 0x002A2A: return 10  // ** DOUBLESTAR
        case 0x3D2A2A: return 11  // **= DOUBLESTAREQUAL
        case 0x003D2A: return 12  // *= STAREQUAL
        case 0x00002B: return 13  // + PLUS
        case 0x003D2B: return 14  // += PLUSEQUAL
        case 0x00002C: return 15  // , COMMA
        case 0x00002D: return 16  // - MINUS
        case 0x003D2D: return 17  // -= MINEQUAL
        case 0x003E2D: return 18  // -> RARROW
        case 0x00002E: return 19  // . DOT
        case 0x2E2E2E: return 20  // ... ELLIPSIS
        case 0x00002F: return 21  // / SLASH
        case 0x002F2F: return 22  // // DOUBLESLASH
        case 0x3D2F2F: return 23  // //= DOUBLESLASHEQUAL
        case 0x003D2F: return 24  // /= SLASHEQUAL
        case 0x00003A: return 25  // : COLON
        case 0x003D3A: return 26  // := COLONEQUAL
        case 0x00003B: return 27  // ; SEMI
        case 0x00003C: return 28  // < LESS
        case 0x003C3C: return 29  // << LEFTSHIFT
        case 0x3D3C3C: return 30  // <<= LEFTSHIFTEQUAL
        case 0x003D3C: return 31  // <= LESSEQUAL
        case 0x00003D: return 32  // = EQUAL
        case 0x003D3D: return 33  // == EQEQUAL
        case 0x00003E: return 34  // > GREATER
        case 0x003D3E: return 35  // >= GREATEREQUAL
        case 0x003E3E: return 36  // >> RIGHTSHIFT
        case 0x3D3E3E: return 37  // >>= RIGHTSHIFTEQUAL
        case 0x000040: return 38  // @ AT
        case 0x003D40: return 39  // @= ATEQUAL
        case 0x00005B: return 40  // [ LSQB
        case 0x00005D: return 41  // ] RSQB
        case 0x00005E: return 42  // ^ CIRCUMFLEX
        case 0x003D5E: return 43  // ^= CIRCUMFLEXEQUAL
        case 0x00007B: return 44  // { LBRACE
        case 0x00007C: return 45  // | VBAR
        case 0x003D7C: return 46  // |= VBAREQUAL
        case 0x00007D: return 47  // } RBRACE
        case 0x00007E: return 48  // ~ TILDE
        default: return 1
        }
    }

    /// Length of the longest operator at `start`, or nil.
    static func matchLength(_ text: UnsafeBufferPointer<UInt8>, at start: Int, lineEnd: Int) -> Int? {
        let first = text[start]
        let second: UInt8 = start + 1 < lineEnd ? text[start + 1] : 0
        let third: UInt8 = start + 2 < lineEnd ? text[start + 2] : 0
        let equal: UInt8 = 0x3D
        switch first {
        case 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3B, 0x7E:  // ( ) [ ] { } , ; ~
            return 1
        case 0x2E:  // .
            return second == 0x2E && third == 0x2E ? 3 : 1
        case 0x3A:  // :
            return second == equal ? 2 : 1
        case 0x21:  // !
            return second == equal ? 2 : nil
        case 0x2D:  // -
            return second == 0x3E || second == equal ? 2 : 1
        case 0x2B, 0x25, 0x26, 0x40, 0x5E, 0x7C, 0x3D:  // + % & @ ^ | =
            return second == equal ? 2 : 1
        case 0x2A, 0x2F, 0x3C, 0x3E:  // * / < > (doubled forms and their augmented assignments)
            if second == first { return third == equal ? 3 : 2 }
            return second == equal ? 2 : 1
        default:
            return nil
        }
    }
}

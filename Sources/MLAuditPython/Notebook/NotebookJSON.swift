/// A position-aware reader for .ipynb JSON that materializes only what the notebook reader needs:
/// each cell's type and its source strings with the raw file line each string starts on.
/// Everything else (outputs, metadata, base64 images) is validated and skipped byte-wise without being
/// decoded. Iterative: nesting depth is tracked with a counter, capped at `maxDepth`.
struct NotebookJSON {
    struct SourcePiece: Equatable {
        var text: String
        var line: Int
    }
    struct Cell: Equatable {
        var type: String
        var pieces: [SourcePiece]
        var sourceIsArray: Bool
    }
    struct Failure: Error {
        var message: String
        var line: Int
    }

    static let maxDepth = 512

    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var line = 1

    private init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    /// The cells of an nbformat 4 (`cells`) or nbformat 3 (`worksheets[].cells`, `input`) notebook.
    static func cells(_ bytes: [UInt8]) -> Result<[Cell], Failure> {
        bytes.withUnsafeBufferPointer { buf in
            var s = NotebookJSON(buf)
            do {
                if buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { s.i = 3 }
                let cells = try s.topLevel()
                s.skipWhitespace()
                if s.i < buf.count { throw s.fail("unexpected content after the notebook object") }
                return .success(cells)
            } catch let f as Failure {
                return .failure(f)
            } catch {
                return .failure(Failure(message: "\(error)", line: s.line))
            }
        }
    }

    private func fail(_ message: String) -> Failure { Failure(message: message, line: line) }

    private mutating func topLevel() throws -> [Cell] {
        var cells: [Cell]? = nil
        try object { s, key in
            switch key {
            case "cells": cells = (cells ?? []) + (try s.cellArray())
            case "worksheets":
                try s.array { s in
                    try s.object { s, k in
                        if k == "cells" { cells = (cells ?? []) + (try s.cellArray()) } else { try s.skipValue() }
                    }
                }
            default: try s.skipValue()
            }
        }
        guard let found = cells else { throw fail("not a notebook: no \"cells\" array") }
        return found
    }

    private mutating func cellArray() throws -> [Cell] {
        var out: [Cell] = []
        try array { s in
            var cell = Cell(type: "", pieces: [], sourceIsArray: false)
            try s.object { s, key in
                switch key {
                case "cell_type": cell.type = try s.string()
                case "source", "input": (cell.pieces, cell.sourceIsArray) = try s.source()
                default: try s.skipValue()
                }
            }
            out.append(cell)
        }
        return out
    }

    private mutating func source() throws -> ([SourcePiece], Bool) {
        skipWhitespace()
        if peek() == UInt8(ascii: "\"") {
            let l = line
            return ([SourcePiece(text: try string(), line: l)], false)
        }
        var pieces: [SourcePiece] = []
        try array { s in
            s.skipWhitespace()
            let l = s.line
            pieces.append(SourcePiece(text: try s.string(), line: l))
        }
        return (pieces, true)
    }

    // MARK: structure

    private mutating func object(_ member: (inout NotebookJSON, String) throws -> Void) throws {
        skipWhitespace()
        guard peek() == UInt8(ascii: "{") else { throw fail("expected an object") }
        i += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipWhitespace()
            let key = try string()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after an object key") }
            i += 1
            try member(&self, key)
            skipWhitespace()
            let c = peek()
            i += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "}") { return }
            throw fail("expected ',' or '}' in an object")
        }
    }

    private mutating func array(_ element: (inout NotebookJSON) throws -> Void) throws {
        skipWhitespace()
        guard peek() == UInt8(ascii: "[") else { throw fail("expected an array") }
        i += 1
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            i += 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            let c = peek()
            i += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "]") { return }
            throw fail("expected ',' or ']' in an array")
        }
    }

    /// Skips one JSON value of any shape, checking its syntax, without recursion.
    private mutating func skipValue() throws {
        var stack: [UInt8] = []  // expected closers
        var expectValue = true
        while true {
            skipWhitespace()
            guard i < b.count else { throw fail("unexpected end of file") }
            let c = b[i]
            if expectValue {
                switch c {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard stack.count < NotebookJSON.maxDepth else { throw fail("JSON nested too deeply") }
                    stack.append(c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                    i += 1
                    skipWhitespace()
                    if peek() == stack.last {
                        i += 1
                        stack.removeLast()
                        expectValue = false
                        break
                    }
                    if c == UInt8(ascii: "{") { try skipKey() }
                    continue
                case UInt8(ascii: "\""): try skipString()
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
                case UInt8(ascii: "t"): try literal("true")
                case UInt8(ascii: "f"): try literal("false")
                case UInt8(ascii: "n"): try literal("null")
                default: throw fail("unexpected character in a value")
                }
                expectValue = false
            } else {
                guard let closer = stack.last else { return }
                if c == UInt8(ascii: ",") {
                    i += 1
                    if closer == UInt8(ascii: "}") { try skipKey() }
                    expectValue = true
                } else if c == closer {
                    i += 1
                    stack.removeLast()
                } else {
                    throw fail("expected ',' or a closing bracket")
                }
            }
            if !expectValue, stack.isEmpty { return }
        }
    }

    private mutating func skipKey() throws {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw fail("expected an object key") }
        try skipString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw fail("expected ':' after an object key") }
        i += 1
    }

    // MARK: scalars

    private func peek() -> UInt8? { i < b.count ? b[i] : nil }

    private mutating func skipWhitespace() {
        while i < b.count {
            let c = b[i]
            if c == 0x0A { line += 1 } else if c != 0x20 && c != 0x09 && c != 0x0D { return }
            i += 1
        }
    }

    private mutating func literal(_ word: String) throws {
        let u = Array(word.utf8)
        guard i + u.count <= b.count else { throw fail("unexpected end of file") }
        for k in 0..<u.count where b[i + k] != u[k] { throw fail("invalid literal") }
        i += u.count
    }

    private mutating func skipNumber() throws {
        let start = i
        while i < b.count, let c = Optional(b[i]),
            (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45
        { i += 1 }
        if i == start { throw fail("invalid number") }
    }

    private mutating func skipString() throws {
        i += 1
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                i += 1
                return
            }
            if c == 0x5C {
                i += 2
                continue
            }
            if c == 0x0A { line += 1 }
            i += 1
        }
        throw fail("unterminated string")
    }

    /// A JSON string, decoded.
    private mutating func string() throws -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string") }
        i += 1
        var out: [UInt8] = []
        while i < b.count {
            let c = b[i]
            if c == 0x22 {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == 0x0A { line += 1 }
            if c != 0x5C {
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < b.count else { break }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < b.count, b[i] == 0x5C, b[i + 1] == UInt8(ascii: "u") {
                    let save = i
                    i += 2
                    let low = hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        i = save
                    }
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8))
            default: out.append(e)
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < b.count else { return 0xFFFD }
            let c = b[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return 0xFFFD
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}

import MLAuditKit
import MLAuditReport

/// A secret found in a byte buffer: the byte range of its VALUE (what redaction replaces) and its kind.
package struct SecretHit: Hashable, Sendable {
    package var range: Range<Int>
    package var kind: SecretKind
}

/// The kinds of secret the scanner knows. The raw value is the text shown in findings and redaction markers.
package enum SecretKind: String, CaseIterable, Sendable {
    case awsAccessKey = "AWS access key"
    case awsSecretKey = "AWS secret key"
    case githubToken = "GitHub token"
    case gitlabToken = "GitLab token"
    case huggingFaceToken = "Hugging Face token"
    case wandbKey = "W&B API key"
    case openAIKey = "OpenAI API key"
    case slackToken = "Slack token"
    case privateKey = "private key"
    case urlPassword = "URL password"
    case password = "password"
    case genericSecret = "high-entropy secret"

    package var marker: String { "[REDACTED:\(rawValue)]" }
}

/// Byte classes used by every detector. Work on UTF-8 bytes: linear, no regular-expression backtracking.
package enum SecretBytes {
    package static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    package static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    package static func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    package static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isUpper(b) || isLower(b) }
    package static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == UInt8(ascii: "_") }
    package static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) }
    package static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    package static func isNewline(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
    package static func isBase64(_ b: UInt8) -> Bool {
        isAlnum(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "/") || b == UInt8(ascii: "=")
    }

    /// True when `bytes[at...]` starts with `prefix` (ASCII, exact case).
    package static func hasPrefix(_ bytes: [UInt8], at: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard at >= 0, at + n <= bytes.count else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where bytes[at + k] != p[k] { return false }
        return true
    }

    /// Index of the first occurrence of `needle` in `bytes[from..<to]`, or nil.
    package static func find(_ needle: StaticString, in bytes: [UInt8], from: Int, to: Int) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard n > 0, to - from >= n else { return nil }
        let first = needle.utf8Start[0]
        var i = from
        while i + n <= to {
            if bytes[i] == first && hasPrefix(bytes, at: i, needle) { return i }
            i += 1
        }
        return nil
    }

    /// Shannon entropy in bits per byte.
    package static func entropy(_ bytes: ArraySlice<UInt8>) -> Double {
        guard !bytes.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for b in bytes { counts[Int(b)] += 1 }
        let n = Double(bytes.count)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h
    }

    /// How many of lower, upper, digit, other-printable the value mixes.
    package static func classCount(_ bytes: ArraySlice<UInt8>) -> Int {
        var lower = false
        var upper = false
        var digit = false
        var other = false
        for b in bytes {
            if isLower(b) {
                lower = true
            } else if isUpper(b) {
                upper = true
            } else if isDigit(b) {
                digit = true
            } else {
                other = true
            }
        }
        return [lower, upper, digit, other].filter { $0 }.count
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

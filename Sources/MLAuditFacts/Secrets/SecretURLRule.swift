import MLAuditKit
import MLAuditReport

/// Passwords written into URLs: `scheme://user:password@host`. Only the password is the secret value.
package enum SecretURLRule {
    package typealias B = SecretBytes

    package static func hits(in bytes: [UInt8]) -> [SecretHit] {
        var out: [SecretHit] = []
        var from = 0
        while let sep = B.find("://", in: bytes, from: from, to: bytes.count) {
            from = sep + 3
            if let hit = password(bytes, separator: sep) {
                out.append(hit)
                from = hit.range.upperBound
            }
        }
        return out
    }

    private static func isUserByte(_ b: UInt8) -> Bool {
        !(b <= 0x20 || b == 0x7F || b == UInt8(ascii: ":") || b == UInt8(ascii: "@") || b == UInt8(ascii: "/")
            || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "`") || b == UInt8(ascii: "<")
            || b == UInt8(ascii: ">") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#")
            || b == UInt8(ascii: "|"))
    }

    private static func isPasswordByte(_ b: UInt8) -> Bool {
        !(b <= 0x20 || b == 0x7F || b == UInt8(ascii: "@") || b == UInt8(ascii: "/") || b == UInt8(ascii: "\"")
            || b == UInt8(ascii: "'") || b == UInt8(ascii: "`") || b == UInt8(ascii: "\\") || b == UInt8(ascii: "?")
            || b == UInt8(ascii: "#") || b == UInt8(ascii: "|"))
    }

    private static func password(_ bytes: [UInt8], separator sep: Int) -> SecretHit? {
        // The scheme: a letter then letters, digits, '+', '-', '.'.
        var s = sep
        while s > 0 && sep - s < 32 {
            let b = bytes[s - 1]
            if B.isAlnum(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") {
                s -= 1
            } else {
                break
            }
        }
        guard sep - s >= 2, B.isUpper(bytes[s]) || B.isLower(bytes[s]) else { return nil }
        let userStart = sep + 3
        let userLen = SecretTokenRules.run(bytes, from: userStart, cap: 256, isUserByte)
        let colon = userStart + userLen
        guard colon < bytes.count, bytes[colon] == UInt8(ascii: ":") else { return nil }
        let passStart = colon + 1
        let passLen = SecretTokenRules.run(bytes, from: passStart, cap: 256, isPasswordByte)
        let at = passStart + passLen
        guard passLen > 0, at + 1 < bytes.count, bytes[at] == UInt8(ascii: "@") else { return nil }
        let hostByte = bytes[at + 1]
        guard B.isAlnum(hostByte) || hostByte == UInt8(ascii: "[") || hostByte == UInt8(ascii: "_") || hostByte >= 0x80
        else { return nil }
        let value = bytes[passStart..<at]
        // A port ("host:8080@...") is digits only and cannot be told from a PIN: digits-only short values are ports.
        if value.count <= 5 && value.allSatisfy(B.isDigit) { return nil }
        if SecretPlaceholders.isPlaceholder(value, strict: false) { return nil }
        let lowered = String(decoding: value, as: UTF8.self).lowercased()
        if ["pass", "password", "passwd", "pwd", "secret", "token", "user", "username", "pw", "p", "x"].contains(
            lowered)
        {
            return nil
        }
        return SecretHit(range: passStart..<at, kind: .urlPassword)
    }
}

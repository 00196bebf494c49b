import MLAuditKit
import MLAuditReport

/// Values that stand for a secret without being one: templates, environment look-ups, redaction markers.
package enum SecretPlaceholders {
    /// Fragments that mark a value as a template or an indirection (checked on the lower-cased value).
    package static let obviousFragments = [
        "${", "{{", "$(", "<", ">", "xxx", "***", "...", "changeme", "change_me", "change-me",
        "your", "[redacted", "redacted:", "os.environ", "getenv", "environ[", "env(", "env.",
    ]
    /// Further fragments that, in a free-form assignment, make the value an example rather than a credential.
    package static let likelyFragments = [
        "example", "placeholder", "dummy", "fake", "sample", "replace", "insert", "todo",
        "fixme", "secret", "password", "passwd", "token", "apikey", "api_key", "api-key",
        "none", "null", "undefined", "test", "mock", "foobar", "default", "enter", "here",
        "abcdef", "123456", "qwerty", "lorem",
    ]

    private static let obviousBytes = obviousFragments.map { Array($0.utf8) }
    private static let likelyBytes = likelyFragments.map { Array($0.utf8) }

    /// `strict` adds `likelyFragments` (used for name-based assignments, where false positives are common).
    /// Byte-level and allocation-light: it runs for every candidate value of every redaction.
    package static func isPlaceholder(_ value: ArraySlice<UInt8>, strict: Bool) -> Bool {
        guard let first = value.first else { return true }
        if first == UInt8(ascii: "$") || first == UInt8(ascii: "%") || first == UInt8(ascii: "{")
            || first == UInt8(ascii: "[")
        {
            return true
        }
        // One repeated byte ("xxxxxxxx", "00000000", "********").
        if value.allSatisfy({ $0 == first }) { return true }
        let lowered = value.map { SecretBytes.isUpper($0) ? $0 + 32 : $0 }
        if obviousBytes.contains(where: { contains(lowered, $0) }) { return true }
        if strict && likelyBytes.contains(where: { contains(lowered, $0) }) { return true }
        return false
    }

    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count, let f = needle.first else { return false }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == f {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

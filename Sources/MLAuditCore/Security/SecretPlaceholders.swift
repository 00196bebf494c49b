/// Values that stand for a secret without being one: templates, environment look-ups, redaction markers.
enum SecretPlaceholders {
    /// Fragments that mark a value as a template or an indirection (checked on the lower-cased value).
    static let obviousFragments = ["${", "{{", "$(", "<", ">", "xxx", "***", "...", "changeme", "change_me", "change-me",
                                   "your", "[redacted", "redacted:", "os.environ", "getenv", "environ[", "env(", "env."]
    /// Further fragments that, in a free-form assignment, make the value an example rather than a credential.
    static let likelyFragments = ["example", "placeholder", "dummy", "fake", "sample", "replace", "insert", "todo",
                                  "fixme", "secret", "password", "passwd", "token", "apikey", "api_key", "api-key",
                                  "none", "null", "undefined", "test", "mock", "foobar", "default", "enter", "here",
                                  "abcdef", "123456", "qwerty", "lorem"]

    /// `strict` adds `likelyFragments` (used for name-based assignments, where false positives are common).
    static func isPlaceholder(_ value: ArraySlice<UInt8>, strict: Bool) -> Bool {
        guard let first = value.first else { return true }
        if first == UInt8(ascii: "$") || first == UInt8(ascii: "%") || first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            return true
        }
        // One repeated byte ("xxxxxxxx", "00000000", "********").
        if value.allSatisfy({ $0 == first }) { return true }
        let lowered = String(decoding: value, as: UTF8.self).lowercased()
        if obviousFragments.contains(where: { lowered.contains($0) }) { return true }
        if strict && likelyFragments.contains(where: { lowered.contains($0) }) { return true }
        return false
    }
}

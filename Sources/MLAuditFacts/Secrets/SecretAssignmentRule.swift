import MLAuditKit
import MLAuditReport

/// Secrets recognised by the name they are assigned to: `token = "..."`, `PASSWORD=...`, `"api_key": "..."`,
/// `wandb.login(key="...")`, `aws_secret_access_key = ...`. Works for Python, shell, `.env`, YAML, TOML, INI and JSON
/// (also notebook JSON, where quotes are escaped).
package enum SecretAssignmentRule {
    package typealias B = SecretBytes

    package enum NameClass { case password, secret, wandb, awsSecret }

    package static func hits(in bytes: [UInt8]) -> [SecretHit] {
        var out: [SecretHit] = []
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            guard b == UInt8(ascii: "=") || b == UInt8(ascii: ":") else {
                i += 1
                continue
            }
            if let hit = assignment(bytes, operator: i) {
                out.append(hit)
                i = hit.range.upperBound
                continue
            }
            i += 1
        }
        return out
    }

    private static func assignment(_ bytes: [UInt8], operator i: Int) -> SecretHit? {
        let n = bytes.count
        let next: UInt8 = i + 1 < n ? bytes[i + 1] : 0
        let prev: UInt8 = i > 0 ? bytes[i - 1] : 0
        if bytes[i] == UInt8(ascii: "=") {
            if next == UInt8(ascii: "=") || next == UInt8(ascii: ">") { return nil }
            if prev == UInt8(ascii: "=") || prev == UInt8(ascii: "!") || prev == UInt8(ascii: "<")
                || prev == UInt8(ascii: ">")
            {
                return nil
            }
        } else {
            if next == UInt8(ascii: ":") || next == UInt8(ascii: "/") || next == UInt8(ascii: "=")
                || prev == UInt8(ascii: ":")
            {
                return nil
            }
        }
        let names = namesBefore(bytes, operator: i)
        var cls: NameClass?
        for name in names {
            if let c = classify(name, line: { lineBefore(bytes, i) }) {
                cls = c
                break
            }
        }
        guard let nameClass = cls, let (range, quoted) = valueAfter(bytes, operator: i) else { return nil }
        let value = bytes[range]
        if B.hasPrefix(bytes, at: range.lowerBound, "[REDACTED:") { return nil }
        switch nameClass {
        case .wandb:
            if value.count == 40 && value.allSatisfy(B.isHex) && !SecretPlaceholders.isPlaceholder(value, strict: false)
            {
                return SecretHit(range: range, kind: .wandbKey)
            }
        case .awsSecret:
            if value.count == 40 && value.allSatisfy(B.isBase64)
                && !SecretPlaceholders.isPlaceholder(value, strict: false)
            {
                return SecretHit(range: range, kind: .awsSecretKey)
            }
        default: break
        }
        guard isHighEntropy(value, quoted: quoted, password: nameClass == .password),
            !namesAFileOnItsLine(bytes, value: range)
        else { return nil }
        return SecretHit(range: range, kind: nameClass == .password ? .password : .genericSecret)
    }

    /// Shannon entropy and shape thresholds; placeholders, code and prose never pass.
    package static func isHighEntropy(_ value: ArraySlice<UInt8>, quoted: Bool, password: Bool) -> Bool {
        if value.contains(where: { $0 == 0x20 || $0 == 0x09 }) { return false }  // prose, not a credential
        if SecretPlaceholders.isPlaceholder(value, strict: true) { return false }
        let hasDigit = value.contains(where: B.isDigit)
        let hasLetter = value.contains(where: { B.isUpper($0) || B.isLower($0) })
        if !quoted {
            // Unquoted values are code as often as not (`token = args.token`): demand a digit and a letter, no call.
            guard hasDigit && hasLetter else { return false }
            if value.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }) { return false }
            if isDottedIdentifier(value) { return false }
        }
        let h = B.entropy(value)
        if password { return value.count >= 6 && h >= 2.5 && B.classCount(value) >= 2 }
        return value.count >= 8 && h >= 3.0 && B.classCount(value) >= 2 && hasLetter
    }

    /// The value is also a file name on the same line (`load("./charturnerv2.pt", token="charturnerv2")`): a
    /// name the code uses for a file is a label (a trigger word, a run name), never a credential.
    static func namesAFileOnItsLine(_ bytes: [UInt8], value: Range<Int>) -> Bool {
        var start = value.lowerBound
        while start > 0 && !B.isNewline(bytes[start - 1]) { start -= 1 }
        var end = value.upperBound
        while end < bytes.count && !B.isNewline(bytes[end]) { end += 1 }
        let needle = Array(bytes[value])
        guard needle.count >= 4, end - start <= 4096 else { return false }
        var i = start
        while i + needle.count <= end {
            if i != value.lowerBound, bytes[i] == needle[0], Array(bytes[i..<(i + needle.count)]) == needle {
                let before: UInt8 = i > start ? bytes[i - 1] : 0
                let after: UInt8 = i + needle.count < end ? bytes[i + needle.count] : 0
                if before == UInt8(ascii: "/") || after == UInt8(ascii: ".") { return true }
            }
            i += 1
        }
        return false
    }

    package static func isDottedIdentifier(_ value: ArraySlice<UInt8>) -> Bool {
        guard value.contains(UInt8(ascii: ".")) else { return false }
        return value.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { part in
            guard let f = part.first, B.isUpper(f) || B.isLower(f) || f == UInt8(ascii: "_") else { return false }
            return part.allSatisfy(B.isWord)
        }
    }

    /// The text of the line before `i` (for `wandb.login(key=...)`), at most 200 bytes.
    private static func lineBefore(_ bytes: [UInt8], _ i: Int) -> ArraySlice<UInt8> {
        var s = i
        while s > 0 && i - s < 200 && !B.isNewline(bytes[s - 1]) { s -= 1 }
        return bytes[s..<i]
    }

    /// The name being assigned, and for `name: Type = value` also the annotated name.
    package static func namesBefore(_ bytes: [UInt8], operator i: Int) -> [ArraySlice<UInt8>] {
        var names: [ArraySlice<UInt8>] = []
        var j = i
        // `:=`, `?=`, `+=` and `export NAME=` keep the name just before.
        if bytes[i] == UInt8(ascii: "="), j > 0,
            bytes[j - 1] == UInt8(ascii: ":") || bytes[j - 1] == UInt8(ascii: "?") || bytes[j - 1] == UInt8(ascii: "+")
        {
            j -= 1
        }
        if endsWithRedactionMarker(bytes, before: j) { return [] }
        guard let (name, start) = identifier(endingBefore: j, in: bytes) else { return [] }
        names.append(name)
        // `password: str = "..."`.
        var k = start
        while k > 0 && B.isSpace(bytes[k - 1]) { k -= 1 }
        if bytes[i] == UInt8(ascii: "="), k > 0, bytes[k - 1] == UInt8(ascii: ":"),
            let (owner, _) = identifier(endingBefore: k - 1, in: bytes)
        {
            names.append(owner)
        }
        return names
    }

    /// A `[REDACTED:kind]` marker just before the operator is a value already removed, never a name: without
    /// this, `x = [REDACTED:high-entropy secret] = "..."` would read "secret" as the name of the next value and
    /// redacting twice would differ from redacting once.
    package static func endsWithRedactionMarker(_ bytes: [UInt8], before end: Int) -> Bool {
        var j = end
        while j > 0 && B.isSpace(bytes[j - 1]) { j -= 1 }
        guard j > 0, bytes[j - 1] == UInt8(ascii: "]") else { return false }
        var k = j - 1
        while k > 0 && j - k < 64 && bytes[k] != UInt8(ascii: "[") { k -= 1 }
        return B.hasPrefix(bytes, at: k, "[REDACTED:")
    }

    /// An identifier-like name (letters, digits, `_`, `.`, `-`) ending just before `end`, skipping spaces, a closing
    /// quote (also an escaped one) and a closing bracket.
    private static func identifier(endingBefore end: Int, in bytes: [UInt8]) -> (ArraySlice<UInt8>, Int)? {
        var j = end
        while j > 0 && B.isSpace(bytes[j - 1]) { j -= 1 }
        if j > 0 && bytes[j - 1] == UInt8(ascii: "]") { j -= 1 }
        if j > 0 && (bytes[j - 1] == UInt8(ascii: "\"") || bytes[j - 1] == UInt8(ascii: "'")) {
            j -= 1
            if j > 0 && bytes[j - 1] == UInt8(ascii: "\\") { j -= 1 }
        }
        let stop = j
        while j > 0 && stop - j < 128 {
            let b = bytes[j - 1]
            if B.isWord(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-") { j -= 1 } else { break }
        }
        guard j < stop else { return nil }
        return (bytes[j..<stop], j)
    }

    /// The value after the operator: a quoted string on the same line (optionally `r`/`b`/`f`-prefixed, quotes
    /// optionally escaped) or a bare word.
    package static func valueAfter(_ bytes: [UInt8], operator i: Int) -> (Range<Int>, Bool)? {
        let n = bytes.count
        var j = i + 1
        while j < n && B.isSpace(bytes[j]) { j += 1 }
        var p = j
        while p < n && p - j < 2 && isStringPrefix(bytes[p]) { p += 1 }
        var q = p
        if q < n && bytes[q] == UInt8(ascii: "\\") { q += 1 }
        if q < n && (bytes[q] == UInt8(ascii: "\"") || bytes[q] == UInt8(ascii: "'") || bytes[q] == UInt8(ascii: "`")) {
            let quote = bytes[q]
            let start = q + 1
            var e = start
            while e < n && e - start <= 512 && bytes[e] != quote && bytes[e] != UInt8(ascii: "\\")
                && !B.isNewline(bytes[e])
            { e += 1 }
            guard e < n, e - start <= 512, bytes[e] == quote || bytes[e] == UInt8(ascii: "\\") else { return nil }
            return e > start ? (start..<e, true) : nil
        }
        // Bare word: stops at whitespace, separators, comments and quotes.
        let start = j
        var e = start
        while e < n && e - start <= 512 {
            let b = bytes[e]
            if b <= 0x20 || b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: "#")
                || b == UInt8(ascii: "\"")
                || b == UInt8(ascii: "'") || b == UInt8(ascii: "`") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}")
                || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") || b == UInt8(ascii: "|") || b == UInt8(ascii: "\\")
            {
                break
            }
            e += 1
        }
        guard e > start, e - start <= 512 else { return nil }
        return (start..<e, false)
    }

    // MARK: names

    package static let secretWords: Set<String> = [
        "token", "secret", "password", "passwd", "pwd", "passphrase", "apikey",
        "credential", "credentials", "auth", "pass",
    ]
    package static let keyQualifiers: Set<String> = [
        "api", "access", "secret", "private", "auth", "client", "signing",
        "encryption", "master", "service", "account", "license", "app",
    ]
    package static let notSecretWords: Set<String> = [
        "pad", "bos", "eos", "unk", "sep", "cls", "mask", "special", "max", "min", "num", "n", "tokens", "tokenizer",
        "tokenize", "tokenized", "id", "ids", "type", "types", "len", "length", "count", "file", "path", "dir", "name",
        "names", "url", "uri", "endpoint", "env", "var", "field", "header", "prefix", "suffix", "format", "limit",
        "size", "embedding", "embeddings", "vocab", "position", "index", "idx", "start", "end", "dim", "window",
        "budget", "rate", "per", "usage", "fn", "func", "method", "manager", "store", "provider", "policy", "source",
        "mode", "scope", "required", "enabled", "is", "has", "use", "hint", "label", "prompt", "help", "description",
        "regex", "pattern", "template", "placeholder", "class", "kind", "cache", "expiry", "expires", "ttl", "timeout",
        "through", "rate", "threshold", "word", "words", "level", "location", "backend", "secrets", "passes", "bypass",
        "first", "last", "step", "steps",
    ]

    /// The lower-cased words of a name: split on `_ . - [ ]` and camelCase boundaries.
    package static func words(_ name: ArraySlice<UInt8>) -> [String] {
        var out: [String] = []
        var cur: [UInt8] = []
        var prevLower = false
        for b in name {
            if !B.isAlnum(b) {
                if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)) }
                cur = []
                prevLower = false
                continue
            }
            if B.isUpper(b) && prevLower {
                out.append(String(decoding: cur, as: UTF8.self))
                cur = []
            }
            cur.append(B.isUpper(b) ? b + 32 : b)
            prevLower = B.isLower(b) || B.isDigit(b)
        }
        if !cur.isEmpty { out.append(String(decoding: cur, as: UTF8.self)) }
        return out
    }

    /// tok sec pas pwd key aut cre (lower case).
    private static func isStem(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        switch (a, b, c) {
        case (0x74, 0x6F, 0x6B), (0x73, 0x65, 0x63), (0x70, 0x61, 0x73), (0x70, 0x77, 0x64), (0x6B, 0x65, 0x79),
            (0x61, 0x75, 0x74), (0x63, 0x72, 0x65):
            return true
        default: return false
        }
    }

    private static func isStringPrefix(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "u"),
            UInt8(ascii: "R"), UInt8(ascii: "B"), UInt8(ascii: "F"), UInt8(ascii: "U"):
            return true
        default: return false
        }
    }

    /// Cheap pre-filter: could the name hold a secret word at all? (No allocation; most names fail here.)
    package static func mayBeSecretName(_ name: ArraySlice<UInt8>) -> Bool {
        guard name.count >= 3 else { return false }
        var a: UInt8 = 0
        var b: UInt8 = 0
        for (k, raw) in name.enumerated() {
            let c = B.isUpper(raw) ? raw + 32 : raw
            if k >= 2 && isStem(a, b, c) { return true }
            a = b
            b = c
        }
        return false
    }

    /// `line` is asked for only when the name alone cannot decide (`key=` after `wandb.login(`).
    package static func classify(_ name: ArraySlice<UInt8>, line: () -> ArraySlice<UInt8>) -> NameClass? {
        guard mayBeSecretName(name) else { return nil }
        let w = words(name)
        guard let last = w.last else { return nil }
        let lowered = w.joined(separator: "_")
        if w.contains(where: { notSecretWords.contains($0) }) { return nil }
        if w.contains("wandb") && w.contains("key") { return .wandb }
        if (last == "key" || lowered.hasSuffix("api_key"))
            && String(decoding: line(), as: UTF8.self).lowercased().contains("wandb")
        {
            return .wandb
        }
        if lowered.contains("secret_access_key") || (w.contains("aws") && w.contains("secret")) { return .awsSecret }
        if w.contains(where: { ["password", "passwd", "pwd", "passphrase", "pass"].contains($0) }) { return .password }
        if w.contains(where: { secretWords.contains($0) }) { return .secret }
        for (k, word) in w.enumerated() where word == "key" && k > 0 && keyQualifiers.contains(w[k - 1]) {
            return .secret
        }
        return nil
    }
}

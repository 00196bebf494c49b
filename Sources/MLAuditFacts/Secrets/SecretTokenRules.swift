import MLAuditKit
import MLAuditReport

/// Credentials recognisable by their own shape, wherever they appear: provider prefixes and key blocks.
package enum SecretTokenRules {
    package typealias B = SecretBytes

    /// Every prefixed token in `bytes`. One pass; each rule is tried only at a word boundary.
    package static func hits(in bytes: [UInt8]) -> [SecretHit] {
        var out: [SecretHit] = []
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            // Only bytes that can start a rule are examined further.
            guard
                b == UInt8(ascii: "A") || b == UInt8(ascii: "g") || b == UInt8(ascii: "h") || b == UInt8(ascii: "s")
                    || b == UInt8(ascii: "x") || b == UInt8(ascii: "-")
            else {
                i += 1
                continue
            }
            if b == UInt8(ascii: "-") {
                if let hit = privateKeyBlock(bytes, at: i) {
                    out.append(hit)
                    i = hit.range.upperBound
                    continue
                }
                i += 1
                continue
            }
            if i > 0
                && (B.isAlnum(bytes[i - 1]) || bytes[i - 1] == UInt8(ascii: "_") || bytes[i - 1] == UInt8(ascii: "-"))
            {
                i += 1
                continue
            }
            if let hit = awsAccessKey(bytes, at: i) ?? github(bytes, at: i) ?? gitlab(bytes, at: i)
                ?? huggingFace(bytes, at: i) ?? openAI(bytes, at: i) ?? slack(bytes, at: i)
            {
                out.append(hit)
                i = hit.range.upperBound
                continue
            }
            i += 1
        }
        return out
    }

    /// Length of the run starting at `from` whose bytes satisfy `ok`, capped at `cap`.
    package static func run(_ bytes: [UInt8], from: Int, cap: Int = 512, _ ok: (UInt8) -> Bool) -> Int {
        var j = from
        while j < bytes.count && j - from < cap && ok(bytes[j]) { j += 1 }
        return j - from
    }

    /// The byte after a token must not continue it.
    package static func endsAtBoundary(_ bytes: [UInt8], _ end: Int) -> Bool {
        end >= bytes.count || !B.isAlnum(bytes[end])
    }

    package static func hasMixedCaseAndDigits(_ s: ArraySlice<UInt8>, needDigit: Bool) -> Bool {
        var upper = false
        var lower = false
        var digit = false
        for b in s {
            if B.isUpper(b) { upper = true } else if B.isLower(b) { lower = true } else if B.isDigit(b) { digit = true }
        }
        return upper && lower && (digit || !needDigit)
    }

    // AKIA / ASIA / ABIA / ACCA / A3T? + 16 upper-case letters or digits.
    package static func awsAccessKey(_ bytes: [UInt8], at i: Int) -> SecretHit? {
        guard
            B.hasPrefix(bytes, at: i, "AKIA") || B.hasPrefix(bytes, at: i, "ASIA") || B.hasPrefix(bytes, at: i, "ABIA")
                || B.hasPrefix(bytes, at: i, "ACCA") || B.hasPrefix(bytes, at: i, "AGPA")
                || B.hasPrefix(bytes, at: i, "AIDA")
                || B.hasPrefix(bytes, at: i, "AROA")
        else { return nil }
        let len = run(bytes, from: i + 4, cap: 17) { B.isUpper($0) || B.isDigit($0) }
        guard len == 16, endsAtBoundary(bytes, i + 20) else { return nil }
        // An all-letter tail is a word (e.g. an identifier in capitals), not a key.
        guard bytes[(i + 4)..<(i + 20)].contains(where: B.isDigit) else { return nil }
        return SecretHit(range: i..<(i + 20), kind: .awsAccessKey)
    }

    package static func github(_ bytes: [UInt8], at i: Int) -> SecretHit? {
        if B.hasPrefix(bytes, at: i, "github_pat_") {
            let len = run(bytes, from: i + 11) { B.isAlnum($0) || $0 == UInt8(ascii: "_") }
            guard len >= 40 else { return nil }
            return SecretHit(range: i..<(i + 11 + len), kind: .githubToken)
        }
        guard
            B.hasPrefix(bytes, at: i, "ghp_") || B.hasPrefix(bytes, at: i, "gho_") || B.hasPrefix(bytes, at: i, "ghs_")
                || B.hasPrefix(bytes, at: i, "ghu_") || B.hasPrefix(bytes, at: i, "ghr_")
        else { return nil }
        let len = run(bytes, from: i + 4, cap: 256, B.isAlnum)
        guard len >= 30, endsAtBoundary(bytes, i + 4 + len), bytes[(i + 4)..<(i + 4 + len)].contains(where: B.isDigit)
        else { return nil }
        return SecretHit(range: i..<(i + 4 + len), kind: .githubToken)
    }

    package static func gitlab(_ bytes: [UInt8], at i: Int) -> SecretHit? {
        guard B.hasPrefix(bytes, at: i, "glpat-") else { return nil }
        let len = run(bytes, from: i + 6) { B.isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
        guard len >= 20 else { return nil }
        return SecretHit(range: i..<(i + 6 + len), kind: .gitlabToken)
    }

    package static func huggingFace(_ bytes: [UInt8], at i: Int) -> SecretHit? {
        guard B.hasPrefix(bytes, at: i, "hf_") else { return nil }
        let len = run(bytes, from: i + 3, cap: 256, B.isAlnum)
        guard len >= 30, endsAtBoundary(bytes, i + 3 + len),
            i + 3 + len >= bytes.count || bytes[i + 3 + len] != UInt8(ascii: "_"),
            hasMixedCaseAndDigits(bytes[(i + 3)..<(i + 3 + len)], needDigit: false)
        else { return nil }
        return SecretHit(range: i..<(i + 3 + len), kind: .huggingFaceToken)
    }

    /// `sk-` keys, including `sk-proj-`, `sk-svcacct-`, `sk-admin-` and `sk-ant-`: a long body mixing cases and digits.
    package static func openAI(_ bytes: [UInt8], at i: Int) -> SecretHit? {
        guard B.hasPrefix(bytes, at: i, "sk-") else { return nil }
        let len = run(bytes, from: i + 3) { B.isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
        guard len >= 20, hasMixedCaseAndDigits(bytes[(i + 3)..<(i + 3 + len)], needDigit: true) else { return nil }
        return SecretHit(range: i..<(i + 3 + len), kind: .openAIKey)
    }

    package static func slack(_ bytes: [UInt8], at i: Int) -> SecretHit? {
        guard B.hasPrefix(bytes, at: i, "xox"), i + 4 < bytes.count, bytes[i + 4] == UInt8(ascii: "-") else {
            return nil
        }
        guard
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "s")].contains(
                bytes[i + 3])
        else { return nil }
        let len = run(bytes, from: i + 5) { B.isAlnum($0) || $0 == UInt8(ascii: "-") }
        guard len >= 10, bytes[(i + 5)..<(i + 5 + len)].contains(where: B.isDigit) else { return nil }
        return SecretHit(range: i..<(i + 5 + len), kind: .slackToken)
    }

    /// `-----BEGIN ... PRIVATE KEY-----` through the matching END line. Without an END line, the header and the
    /// base64 lines after it (also when the newlines are escaped `\n`, as in JSON) are the value.
    package static func privateKeyBlock(_ bytes: [UInt8], at i: Int) -> SecretHit? {
        guard B.hasPrefix(bytes, at: i, "-----BEGIN ") else { return nil }
        let headerLimit = min(bytes.count, i + 80)
        guard let tail = B.find("PRIVATE KEY-----", in: bytes, from: i + 11, to: headerLimit) else { return nil }
        guard !bytes[(i + 11)..<tail].contains(where: B.isNewline) else { return nil }
        let bodyStart = tail + 16
        let searchLimit = min(bytes.count, bodyStart + 64 * 1024)
        if let end = B.find("-----END ", in: bytes, from: bodyStart, to: searchLimit),
            let endTail = B.find("PRIVATE KEY-----", in: bytes, from: end + 9, to: min(bytes.count, end + 80))
        {
            return SecretHit(range: i..<(endTail + 16), kind: .privateKey)
        }
        // No END: the value runs through the body lines that follow (real or JSON-escaped `\\n` newlines), each all
        // base64 (or an RFC 1421 "Name: value" header); a blank line or any other text ends it.
        var j = bodyStart
        var k = bodyStart
        while k < searchLimit {
            // Step over one line break.
            if bytes[k] == 0x0D { k += 1 }
            if k < searchLimit && bytes[k] == 0x0A {
                k += 1
            } else if k + 1 < searchLimit && bytes[k] == UInt8(ascii: "\\") && bytes[k + 1] == UInt8(ascii: "n") {
                k += 2
            } else {
                break
            }
            var e = k
            var colon = false
            while e < searchLimit
                && (B.isBase64(bytes[e]) || bytes[e] == UInt8(ascii: ":") || bytes[e] == UInt8(ascii: "-")
                    || bytes[e] == UInt8(ascii: ",") || (colon && B.isSpace(bytes[e])))
            {
                if bytes[e] == UInt8(ascii: ":") { colon = true }
                e += 1
            }
            // A line ends at a line break, an escape or a closing quote (the key inside a string literal).
            let lineEndsHere =
                e >= searchLimit || B.isNewline(bytes[e]) || bytes[e] == UInt8(ascii: "\\")
                || bytes[e] == UInt8(ascii: "\"") || bytes[e] == UInt8(ascii: "'")
            guard e > k, lineEndsHere else { break }
            j = e
            k = e
        }
        return SecretHit(range: i..<j, kind: .privateKey)
    }
}

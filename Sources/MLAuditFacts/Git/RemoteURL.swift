import Foundation

public enum RemoteURL {
    /// `git@github.com:o/n.git`, `ssh://git@github.com/o/n`, `https://user:tok@github.com/o/n.git` -> `https://github.com/o/n`.
    ///
    /// The remote is repository content and may carry secrets, so: everything before the last `@` of the authority
    /// is credentials and dropped (a password may hold `/`, `@` or `:`), the query and fragment are dropped
    /// (`?private_token=...`), the scp form `[user[:password]@]host:path` is parsed the same way, the port is
    /// dropped, and the result holds only a plain host name and `[A-Za-z0-9._~-]` path segments. Anything else
    /// (a local path, `file://`, a host or path with other characters) gives nil: the repository is then named
    /// from its folder.
    public static func normalize(_ raw: String) -> String? {
        let s = raw.trimmingCharacters(in: .whitespaces)
        if s.isEmpty || s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return nil }
        var authority: Substring
        var path: Substring
        if let schemeEnd = s.range(of: "://") {
            let scheme = s[..<schemeEnd.lowerBound].lowercased()
            guard ["https", "http", "ssh", "git", "git+ssh", "ssh+git"].contains(scheme) else { return nil }
            var rest = s[schemeEnd.upperBound...]
            // Credentials end at the last `@` (passwords may hold `/`, `?`, `#`, `@`); a query or fragment after
            // that is dropped with everything it holds.
            if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
            if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
            if let colon = authority.firstIndex(of: ":") { authority = authority[..<colon] }
        } else {
            // scp form: `[user[:password]@]host:path`; git takes it as a local path when a `/` precedes the first `:`.
            guard !s.hasPrefix("/"), !s.hasPrefix("."), let firstColon = s.firstIndex(of: ":") else { return nil }
            var rest = Substring(s)
            if let at = rest.lastIndex(of: "@") {
                rest = rest[rest.index(after: at)...]
            } else if s[..<firstColon].contains("/") {
                return nil
            }
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            authority = rest[..<colon]
            path = rest[rest.index(after: colon)...]
            if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        }
        let host = authority.lowercased()
        guard !host.isEmpty,
            host.unicodeScalars.allSatisfy({
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-")
            }),
            host.first != ".", host.first != "-"
        else { return nil }
        var segments = path.split(separator: "/").map(String.init).filter { !$0.isEmpty }
        // `.git` suffixes (and segments they empty) go until none is left, so the result normalizes to itself.
        while let last = segments.last, last.hasSuffix(".git") {
            let kept = String(last.dropLast(4))
            if kept.isEmpty { segments.removeLast() } else { segments[segments.count - 1] = kept }
        }
        guard !segments.isEmpty,
            segments.allSatisfy({ seg in
                seg != "." && seg != ".."
                    && seg.unicodeScalars.allSatisfy {
                        $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._~-".unicodeScalars.contains($0))
                    }
            })
        else { return nil }
        return "https://\(host)/" + segments.joined(separator: "/")
    }
}

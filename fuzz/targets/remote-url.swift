// libFuzzer target: RemoteURL.normalize on arbitrary text. The cleaned remote is printed in the report's
// preamble and names the repository, so it must never carry credentials, a query, a fragment or odd characters.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRemoteURL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    RemoteURLInvariants.check(text)
    return 0
}

enum RemoteURLInvariants {
    static func check(_ text: String) {
        guard let out = RemoteURL.normalize(text) else { return }
        precondition(out.hasPrefix("https://"), "not https: \(out.debugDescription)")
        let rest = out.dropFirst("https://".count)
        precondition(
            !rest.contains { "@?#:%\\ ".contains($0) },
            "credentials, query or odd character kept: \(out.debugDescription)")
        precondition(
            rest.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F },
            "non-printable: \(out.debugDescription)")
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        precondition(
            parts.count >= 2 && !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." },
            "bad path: \(out.debugDescription)")
        precondition(RemoteURL.normalize(out) == out, "not idempotent: \(out.debugDescription)")
        // Whatever came before the last `@` (the credentials) is gone, unless it also names host or path.
        if let at = text.lastIndex(of: "@") {
            var cred = String(text[..<at])
            if let scheme = cred.range(of: "://") { cred = String(cred[scheme.upperBound...]) }
            let after = text[text.index(after: at)...].lowercased()
            if cred.count >= 6 && !after.contains(cred.lowercased()) {
                precondition(
                    !rest.lowercased().contains(cred.lowercased()), "credentials kept: \(out.debugDescription)")
            }
        }
    }
}

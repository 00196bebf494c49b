import Foundation

/// Compiled regular expressions, shared across threads. `String.range(of:options: .regularExpression)` compiles
/// its pattern on every call, which dominates the audit's time on large repositories; this compiles each
/// (pattern, options) pair once. An invalid pattern matches nothing.
// @unchecked: the cache is guarded by `lock`; NSRegularExpression is immutable and thread-safe once compiled.
public final class RegexCache: @unchecked Sendable {
    public static let shared = RegexCache()
    private let lock = NSLock()
    private var compiled: [Key: NSRegularExpression?] = [:]

    private struct Key: Hashable {
        let pattern: String
        let options: UInt
    }

    public func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression? {
        regex(pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    /// The literal every match of `pattern` contains (lower-cased when `caseInsensitive`), cached; nil when unsure.
    func requiredLiteral(_ pattern: String, caseInsensitive: Bool) -> [UInt8]? {
        let key = Key(pattern: pattern, options: caseInsensitive ? 1 : 0)
        lock.lock()
        if let hit = literals[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let made = RequiredLiteral.extract(pattern).map { Array((caseInsensitive ? $0.lowercased() : $0).utf8) }
        lock.lock()
        literals[key] = made
        lock.unlock()
        return made
    }
    private var literals: [Key: [UInt8]?] = [:]

    public func regex(_ pattern: String, options: NSRegularExpression.Options) -> NSRegularExpression? {
        let key = Key(pattern: pattern, options: options.rawValue)
        lock.lock()
        if let hit = compiled[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let made = try? NSRegularExpression(pattern: pattern, options: options)
        lock.lock()
        compiled[key] = made
        lock.unlock()
        return made
    }
}

extension String {
    /// True when `pattern` matches somewhere in the string (compiled once, see `RegexCache`).
    public func containsMatch(_ pattern: String, caseInsensitive: Bool = false) -> Bool {
        guard let rx = RegexCache.shared.regex(pattern, caseInsensitive: caseInsensitive) else { return false }
        if let literal = RegexCache.shared.requiredLiteral(pattern, caseInsensitive: caseInsensitive),
            !RequiredLiteral.mayMatch(self, literal: literal, caseInsensitive: caseInsensitive)
        {
            return false
        }
        return rx.firstMatch(in: self, range: NSRange(startIndex..., in: self)) != nil
    }

    /// The range of the first match of `pattern`, like `range(of:options: .regularExpression)` but compiled once.
    public func firstMatchRange(_ pattern: String, caseInsensitive: Bool = false) -> Range<String.Index>? {
        if let literal = RegexCache.shared.requiredLiteral(pattern, caseInsensitive: caseInsensitive),
            !RequiredLiteral.mayMatch(self, literal: literal, caseInsensitive: caseInsensitive)
        {
            return nil
        }
        guard let rx = RegexCache.shared.regex(pattern, caseInsensitive: caseInsensitive),
            let m = rx.firstMatch(in: self, range: NSRange(startIndex..., in: self))
        else { return nil }
        return Range(m.range, in: self)
    }
}

extension String {
    /// "a.b.c" -> "c"; calls on call results ("x().y") -> "y".
    package var lastComponent: String {
        let u = utf8
        guard let dot = u.lastIndex(of: 0x2E) else { return self }
        let after = u.index(after: dot)
        // ASCII on both sides of the last dot: it is its own Character, exactly where `split` would cut (no array)
        if after != u.endIndex && u[after] < 0x80 && (dot == u.startIndex || u[u.index(before: dot)] < 0x80) {
            return String(self[after...])
        }
        return String(split(separator: ".").last ?? Substring(self))
    }
}

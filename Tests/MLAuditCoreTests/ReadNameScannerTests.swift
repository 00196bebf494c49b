import Testing

@testable import MLAuditRules

/// The byte scanner of the names code reads gives exactly what the regex gives, on every shape and edge.
@Suite struct ReadNameScannerTests {
    static func fast(_ text: String) -> Set<String> {
        var out: Set<String> = []
        ReadNameScanner.scan(text, into: &out)
        return out
    }

    static func regex(_ text: String) -> Set<String> {
        var out: Set<String> = []
        ReadNameScanner.scanWithRegex(text, into: &out)
        return out
    }

    static let cases: [String] = [
        "cfg.save_num_checkpoints_to_keep", "args.a.b.c", "self.args.lr_2", "x.", ".", "a..b", "a.1b", "a._b9",
        #"cfg["keep_k"]"#, #"cfg[ 'keep_k' ]"#, #"cfg["keep_k'] + d['a b']"#, #"cfg["1x"]"#, #"cfg[""]"#,
        "cfg[\n  'k'\n]", #"cfg['k' ,]"#, #"cfg['k']['j'].m"#, #"getattr(cfg, "keep")"#, #"getattr(cfg.sub, 'keep')"#,
        #"getattr(, 'x')"#, #"getattr(a,b, 'x')"#, #"getattr(a , \t'x', None)"#, "getattr(a)", "getattr(a, x)",
        #"getattr(a.b.c, "d"); z.e"#, "getatt(a, 'x')", "ggetattr(a, 'x').y", #"getattr(a,"x"#, "[['a']]",
        #"["a"]"#, "d[k]", "x.y[\"z\"].w", "a.b\u{0B}['c']", "a.é", "a.bé", "é.x['y']",
        "f(a.b, c['d'], getattr(e, 'f'))",
        "", "no names here", "g", "getattr(", #"getattr(x, "#, "a.\u{2028}['b']", "[\u{3000}'a']", "a.b_\u{0301}",
    ]

    @Test("byte scanner equals the regex", arguments: cases)
    func sameAsRegex(_ text: String) {
        #expect(Self.fast(text) == Self.regex(text), "\(text.debugDescription)")
    }

    @Test("random texts over the shapes' alphabet")
    func randomTexts() {
        let alphabet = Array("ab_1.[]'\" ,\ngetattr()é")
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        for _ in 0..<3000 {
            let text = String((0..<(next() % 24)).map { _ in alphabet[next() % alphabet.count] })
            #expect(Self.fast(text) == Self.regex(text), "\(text.debugDescription)")
        }
    }

    @Test("names of each shape")
    func shapes() {
        #expect(Self.fast(#"x = cfg.keep + d["limit"] + getattr(args, 'top_k')"#) == ["keep", "limit", "top_k"])
        // a getattr match swallows the attribute in its object, as the regex's non-overlapping matches do
        #expect(Self.fast("getattr(a.b, 'c')") == ["c"])
    }
}

import Foundation
import Testing

@testable import MLAuditKit
@testable import MLAuditRules

/// The literal-set prefilter never rejects a text the regex matches, and reads the shapes rules use.
@Suite struct RegexLiteralSetTests {
    static func literals(_ p: String, _ ci: Bool = false) -> [String]? {
        RegexLiteralSet(p, caseInsensitive: ci)?.literals.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("the literal sets of the shapes rules write")
    func shapes() {
        #expect(Self.literals(#"(^|\.)(save_pretrained|save_checkpoint)$"#) == ["save_checkpoint", "save_pretrained"])
        #expect(
            Self.literals(#"^torch\.save$|(^|\.)(save_model|save_state)$"#) == [
                "save_model", "save_state", "torch.save",
            ])
        #expect(Self.literals(#"accelerator\.save_state$"#) == ["accelerator.save_state"])
        // a literal holding another is implied by it; case-insensitive sets are lower-cased
        #expect(Self.literals("acc|accuracy|F1", true) == ["acc", "f1"])
        // optional parts need nothing; the longest required part is kept
        #expect(Self.literals(#"grad(ient)?_acc\w*"#) == ["grad"])
        #expect(Self.literals(#"ab?c"#) == ["a"])
        #expect(Self.literals(#"x+yz"#) == ["yz"])
        #expect(Self.literals(#"a{0,2}bc"#) == ["bc"])
        // nothing required, or a shape it does not read: no prefilter
        #expect(Self.literals(#"^(?!.*weight)"#) == nil)
        #expect(Self.literals(#"\w+|foo"#) == nil)
        #expect(Self.literals(#"(?i)foo"#) == nil)
        #expect(Self.literals(#"(a)\1"#) == nil)
        #expect(Self.literals(#"[[:alpha:]]x"#) == nil)
        #expect(Self.literals("é") == nil)
    }

    /// Patterns of the rule catalogue's stub terms plus shapes with every construct the reader handles.
    static let patterns: [String] =
        RuleCatalog.all.map(\.description.stubTerms).filter { !$0.isEmpty } + [
            #"(^|\.)(Accuracy|F1Score|MeanMetric)$|^evaluate\.load$|^(load_metric|datasets\.load_metric)$"#,
            #"(optim\w*|opt|scaler|optimizer)\.step$|^optimizer\w*\.step$"#,
            #"^(save_)?num_\w*checkpoints?_to_keep$|^keep_(last|latest|best)_\w*(checkpoints?|k|n)$"#,
            #"\[\s*:\s*,\s*-\s*[\w.]*(block_size|n_ctx)\s*:?\s*\]"#, #"a(?=bc)d|e(?<!f)gh"#, #"x{2}y{1,}z{0,}"#,
            #"ab+?c*?d"#, #"(?:tok|enc)(en)?izer"#, #"\.\(\)\[\]\{\}\\\/\-"#, #"a\sb\tc"#, "(a|)bc", "q.r$",
        ]

    @Test("never rejects a text the regex matches", arguments: patterns)
    func sound(_ pattern: String) throws {
        var random = PieceGenerator(seed: 0x5DEE_CE66_D1CE_4E5B)
        let next = { random.next() }
        let pieces = random.pieces(
            of: pattern, extra: [".", "_", " ", "x", "A", "É", "\n", "1", "'", "[", ":", "]", "(", "*"])
        for ci in [false, true] {
            let set = RegexLiteralSet(pattern, caseInsensitive: ci)
            for _ in 0..<600 {
                var text = (0..<(1 + next() % 5)).map { _ in pieces[next() % pieces.count] }.joined()
                if ci && next() % 2 == 0 { text = text.uppercased() }
                let matches = text.containsMatch(pattern, caseInsensitive: ci)
                if matches, let set {
                    #expect(set.mayMatch(text), "\(pattern) ci=\(ci) rejects \(text.debugDescription)")
                }
            }
        }
    }

    @Test("the byte-pair vocabulary index keeps exactly the words the filter keeps", arguments: patterns)
    func vocabularyIndex(_ pattern: String) throws {
        var random = PieceGenerator(seed: 0x2545_F491_4F6C_DD1D)
        let next = { random.next() }
        let pieces = random.pieces(of: pattern, extra: [".", "_", "x", "A", "É", "ß", "1", "ab", "Z"])
        var words = Set<String>()
        for _ in 0..<800 {
            var text = (0..<(1 + next() % 5)).map { _ in pieces[next() % pieces.count] }.joined()
            if next() % 3 == 0 { text = text.uppercased() }
            words.insert(text)
        }
        let index = VocabularyIndex(words.sorted())
        for ci in [false, true] {
            let set = RegexLiteralSet(pattern, caseInsensitive: ci)
            let keep = { (w: String) in (set?.mayMatch(w) ?? true) && w.containsMatch(pattern, caseInsensitive: ci) }
            let expected = index.words.filter(keep)
            #expect(index.matching(literals: set, keep) == expected, "\(pattern) ci=\(ci)")
        }
    }

    @Test("the vocabulary index on a known vocabulary")
    func vocabularyIndexKnown() {
        let pattern = #"^torch\.save$|(^|\.)(save_model|save_state)$"#
        let index = VocabularyIndex([
            "other", "Save_State", "torch.save", "torch.saved", "x.save_model", "é.save_state",
        ])
        for (ci, want) in [
            (false, ["torch.save", "x.save_model", "é.save_state"]),
            (true, ["Save_State", "torch.save", "x.save_model", "é.save_state"]),
        ] {
            let set = RegexLiteralSet(pattern, caseInsensitive: ci)
            #expect(set != nil)
            let keep = { (w: String) in (set?.mayMatch(w) ?? true) && w.containsMatch(pattern, caseInsensitive: ci) }
            #expect(index.matching(literals: set, keep) == want)
        }
    }
}

/// A seeded generator of texts made of a pattern's own literals (cut anywhere) and characters around them.
private struct PieceGenerator {
    var seed: UInt64

    mutating func next() -> Int {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(seed >> 33)
    }

    /// 40 pieces of `pattern` (its non-operator scalars) plus `extra`.
    mutating func pieces(of pattern: String, extra: [String]) -> [String] {
        let scalars = Array(pattern.unicodeScalars).filter { !"\\^$()|?*+{}[]".unicodeScalars.contains($0) }
        return (0..<40).map { _ -> String in
            let a = next() % max(1, scalars.count)
            let b = min(scalars.count, a + 1 + next() % 12)
            return String(String.UnicodeScalarView(scalars[a..<b]))
        } + extra
    }
}

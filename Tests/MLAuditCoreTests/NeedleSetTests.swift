import Foundation
import Testing

@testable import MLAuditKit

/// `NeedleSet` must answer exactly what `fastContains` answers for each needle (it is a faster way to ask the same
/// question), and `Concurrently` must hand back each body's own result.
@Suite struct NeedleSetTests {
    static let needles = ["dataset", "DataLoader", ".shape", "main()", "é", "", "--config", "expected_"]

    static func expected(_ haystack: String, where wanted: (Int) -> Bool = { _ in true }) -> [Int] {
        needles.indices.filter { wanted($0) && haystack.fastContains(needles[$0]) }
    }

    @Test(arguments: [
        "", "x = dataset.shape", "from torch.utils.data import DataLoader", "main()", "python train.py --config a.yaml",
        "café = expected_value", "naïve DataLoader", "e\u{301} dataset", "EXPECTED_", "data set", "🙂 --config",
    ])
    func sameAnswersAsFastContains(_ haystack: String) {
        let set = NeedleSet(Self.needles)
        #expect(set.matches(in: haystack) == Self.expected(haystack))
        #expect(set.matches(in: haystack[...]) == Self.expected(haystack))
        #expect(set.containsAny(in: haystack) == !Self.expected(haystack).isEmpty)
        let odd = { (i: Int) in i % 2 == 1 }
        #expect(set.matches(in: haystack, where: odd) == Self.expected(haystack, where: odd))
    }

    @Test func randomTextsAgreeWithFastContains() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("adtsDL._()-eé\u{301}xp c")
        let set = NeedleSet(["ds", "D.", "(", "é", "e\u{301}", "x p", "-_"])
        for _ in 0..<2000 {
            let text = String(
                (0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let want = set.needles.indices.filter { text.fastContains(set.needles[$0]) }
            #expect(set.matches(in: text) == want, "text: \(text.debugDescription)")
        }
    }

    @Test func lowercasedMatchesAgreeOnRandomTexts() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("aAdDtTsS._()-xXpP c")
        let set = NeedleSet(["ds", "d.", "(", "x p", "-_", "tt", "Ad", "a", ".s("])
        for _ in 0..<3000 {
            let text = String(
                (0..<Int.random(in: 0...14, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            #expect(set.matchesLowercased(in: text) == set.matches(in: text.lowercased()), "\(text.debugDescription)")
            let odd = { (i: Int) in i % 2 == 1 }
            #expect(set.matchesLowercased(in: text, where: odd) == set.matches(in: text.lowercased(), where: odd))
        }
    }

    @Test(arguments: ["", "torch.nn.Linear", "DataLoader", "GET_BATCH", "Ünïcode.Dataset", "İstanbul", "x.TRAIN("])
    func lowercasedMatchesAgreeWithLowercasingFirst(_ haystack: String) {
        let set = NeedleSet(["nn.", "dataloader", "get_batch", "dataset", "i̇stanbul", "train(", "Upper", ""])
        #expect(set.matchesLowercased(in: haystack) == set.matches(in: haystack.lowercased()))
        let even = { (i: Int) in i % 2 == 0 }
        #expect(set.matchesLowercased(in: haystack, where: even) == set.matches(in: haystack.lowercased(), where: even))
    }

    @Test func concurrentlyReturnsEachBodysResult() {
        for _ in 0..<50 {
            let (a, b, c) = Concurrently.run({ (0..<1000).reduce(0, +) }, { "two" }, { [3, 3, 3] })
            #expect(a == 499_500 && b == "two" && c == [3, 3, 3])
            let (x, y) = Concurrently.run({ 1 }, { 2.5 })
            #expect(x == 1 && y == 2.5)
        }
    }
}

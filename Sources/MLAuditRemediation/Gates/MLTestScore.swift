import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// ML Test Score categories a test file exercises, judged by its imports and calls:
/// datasets/dataloaders -> data; model construction/forward/shapes -> model; training, CLI and config -> infrastructure;
/// golden/expected values -> regression; timing/benchmarks -> performance.
package enum MLTestScore {
    package static let order = MLTestScoreCategory.allCases

    /// Lower-cased fragments of callee or imported-module names per category.
    package static let calleeMarkers: [MLTestScoreCategory: [String]] = [
        .data: [
            "dataloader", "dataset", "load_dataset", "read_csv", "read_parquet", "collate", "tokenize", "tokenizer",
            "get_batch", "memmap", "sampler", "prepare_data", "datamodule",
        ],
        .model: ["forward", "from_pretrained", "get_peft_model", "model", "nn.", "generate", "logits", "automodel"],
        .infrastructure: [
            "train", "trainer", "fit", "subprocess", "clirunner", "argparse", "config", "yaml", "hydra",
            "omegaconf", "save_pretrained", "checkpoint", "torch.save", "torch.load", "parse_args", "invoke",
        ],
        .regression: [
            "allclose", "assert_close", "assert_allclose", "approx", "isclose", "assert_array_equal",
            "assert_almost_equal", "assert_frame_equal", "golden", "snapshot", "expected",
        ],
        .performance: ["perf_counter", "time.time", "timeit", "benchmark", "monotonic", "profile", "profiler"],
    ]
    /// Textual markers on non-comment lines (shape assertions, golden files, timing budgets).
    package static let textMarkers: [MLTestScoreCategory: [String]] = [
        .model: [".shape", "num_parameters", "state_dict"],
        .regression: ["golden", "expected_", "EXPECTED", "reference_output", "baseline"],
        .performance: ["benchmark", "elapsed", "perf_counter", "throughput", "latency"],
        .data: ["DataLoader", "Dataset"],
        .infrastructure: ["argv", "--config", "train(", "main()"],
    ]

    /// Every marker of `markers` in one `NeedleSet`, with the category (its position in `order`) of each: a call or
    /// line is searched once for all of them (its ASCII-ness decided once), not once per marker.
    private static func flattened(_ markers: [MLTestScoreCategory: [String]]) -> (NeedleSet, [Int]) {
        let pairs = order.enumerated().flatMap { (c, cat) in (markers[cat] ?? []).map { (c, $0) } }
        return (NeedleSet(pairs.map(\.1)), pairs.map(\.0))
    }
    private static let calleeNeedles = flattened(calleeMarkers)
    private static let textNeedles = flattened(textMarkers)
    private static let regression = order.firstIndex(of: .regression)!

    /// For each test file, the first evidence line of every category it exercises. Files are independent, so they
    /// are read concurrently (results keyed by path, the same whatever the order).
    package static func coverage(of tests: [CodeSignals], facts: RepositoryFacts) -> [String: [MLTestScoreCategory:
        Evidence]]
    {
        // Test files call the same few hundred callees again and again: each distinct callee is matched once.
        var distinct = Set<String>()
        for t in tests { for c in t.calls { distinct.insert(c.callee) } }
        let callees = Array(distinct)
        let matched = ConcurrentMap.map(count: callees.count) { calleeNeedles.0.matchesLowercased(in: callees[$0]) }
        var table: [String: [Int]] = [:]
        for (callee, m) in zip(callees, matched) where !m.isEmpty { table[callee] = m }
        let byCallee = table
        let found = ConcurrentMap.map(count: tests.count) { i in
            coverage(of: tests[i], facts: facts, calleeMatches: byCallee)
        }
        var out: [String: [MLTestScoreCategory: Evidence]] = [:]
        for (t, f) in zip(tests, found) { out[t.path] = f }
        return out
    }

    /// `calleeMatches`: the callee needles each callee holds (`matchesLowercased`, callees with none left out).
    private static func coverage(of t: CodeSignals, facts: RepositoryFacts, calleeMatches: [String: [Int]])
        -> [MLTestScoreCategory: Evidence]
    {
        // by category position in `order`: the first citation of each
        var found = [Evidence?](repeating: nil, count: order.count)
        var count = 0
        func note(_ c: Int, _ line: Int) {
            guard found[c] == nil else { return }
            found[c] = facts.evidence(t.path, line)
            count += 1
        }
        let (calleeSet, calleeCats) = calleeNeedles
        for imp in t.imports {
            let m = imp.module + " " + imp.names.joined(separator: " ")
            for i in calleeSet.matchesLowercased(in: m, where: { calleeCats[$0] != regression }) {
                note(calleeCats[i], imp.line)
            }
        }
        // Stop as soon as every category has its first citation (large test files are common).
        for c in t.calls where count < order.count {
            for i in calleeMatches[c.callee] ?? [] where found[calleeCats[i]] == nil { note(calleeCats[i], c.line) }
        }
        let (textSet, textCats) = textNeedles
        // The file's text was released after the read pass: read it again only if a marker of a category still
        // missing can occur in it (the snapshot's byte-pair filter answers without the text).
        let wanted = textSet.needles.indices.filter { found[textCats[$0]] == nil }
        if wanted.contains(where: { facts.snapshot.mayContain(t.path, Array(textSet.needles[$0].utf8)) }) {
            for (n, l) in t.lines where count < order.count {
                for i in textSet.matches(in: l, where: { found[textCats[$0]] == nil }) { note(textCats[i], n) }
            }
        }
        var out: [MLTestScoreCategory: Evidence] = [:]
        for (c, cat) in order.enumerated() { if let e = found[c] { out[cat] = e } }
        return out
    }

    /// Categories of a gate: its own base categories plus those of the test files it selects, each with one citation.
    package static func categories(for spec: GateSpec, tests: [String: [MLTestScoreCategory: Evidence]])
        -> ([MLTestScoreCategory], [(MLTestScoreCategory, Evidence)])
    {
        var cats = Set(spec.baseCategories)
        var cites: [MLTestScoreCategory: Evidence] = [:]
        let selected: [String]
        switch spec.selection {
        case .none: selected = []
        case .allTests: selected = tests.keys.sorted()
        case .paths(let ps):
            selected = tests.keys.sorted().filter { p in
                ps.contains { sel in
                    p == sel || p.hasPrefix(sel + "/") || sel.hasSuffix(".py") && p.hasSuffix("/" + sel)
                }
            }
        }
        for p in selected {
            for (cat, ev) in tests[p] ?? [:] {
                cats.insert(cat)
                if cites[cat] == nil || (ev.path, ev.line) < (cites[cat]!.path, cites[cat]!.line) { cites[cat] = ev }
            }
        }
        let ordered = order.filter { cats.contains($0) }
        let notes = order.compactMap { c in cites[c].map { (c, $0) } }
        return (ordered, notes)
    }
}

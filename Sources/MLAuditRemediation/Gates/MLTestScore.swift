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

    /// For each test file, the first evidence line of every category it exercises.
    package static func coverage(of tests: [CodeSignals], facts: RepositoryFacts) -> [String: [MLTestScoreCategory:
        Evidence]]
    {
        var out: [String: [MLTestScoreCategory: Evidence]] = [:]
        for t in tests {
            var found: [MLTestScoreCategory: Evidence] = [:]
            func note(_ cat: MLTestScoreCategory, _ line: Int) {
                if found[cat] == nil { found[cat] = facts.evidence(t.path, line) }
            }
            for imp in t.imports {
                let m = (imp.module + " " + imp.names.joined(separator: " ")).lowercased()
                for (cat, marks) in calleeMarkers
                where marks.contains(where: { m.fastContains($0) }) && cat != .regression { note(cat, imp.line) }
            }
            // Stop as soon as every category has its first citation (large test files are common).
            for c in t.calls where found.count < order.count {
                let callee = c.callee.lowercased()
                for cat in order
                where found[cat] == nil && calleeMarkers[cat]!.contains(where: { callee.fastContains($0) }) {
                    note(cat, c.line)
                }
            }
            for (n, l) in t.lines where found.count < order.count {
                for cat in order where found[cat] == nil && textMarkers[cat]!.contains(where: { l.fastContains($0) }) {
                    note(cat, n)
                }
            }
            out[t.path] = found
        }
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

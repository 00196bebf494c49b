import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DatasetSplitsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .datasetSplits,
        summary:
            "Train/val/test split logic: `train_test_split`, `random_split`, index slicing by a fraction into train/val, or split sizes in config.",
        rationale: "A held-out split is the basis of every evaluation; leaking it inflates results.",
        triggering: [
            .py("n = len(data)\ntrain_data = data[:int(n*0.9)]\nval_data = data[int(n*0.9):]\n"),
            .py("train, val = random_split(ds, [55000, 5000], generator=g)\n"),
            RuleExample(["configs/data/mnist.yaml": "train_val_test_split: [55000, 5000, 10000]\n"]),
            .py("val = load_dataset('glue', 'mrpc', split='validation')\n"),
            .py(
                "def get_datasets(ds):\n    raw = DatasetDict()\n    raw['train'] = ds['train'].shuffle(seed=1)\n    raw['test'] = ds['test']\n    return raw\n"
            ),
            RuleExample(["data/coco.yaml": "path: ../datasets/coco\ntrain: images/train2017\nval: images/val2017\n"]),
        ],
        nonTriggering: [
            .py("ds = load_dataset('imdb')\n", .absent), .py("x = data[:10]\n", .absent),
            .py("ds = load_dataset('imdb', split='train')\n", .absent),
            RuleExample(["configs/a.yaml": "train: true\ntest: false\n"], .absent),
        ],
        stubTerms: "split",
        searches: RuleSearch(names: ["train_test_split", "random_split", "val_split", "train_val_test_split"]),
        gap: "no train/validation split is made; split the data deterministically in the data preparation of {anchor}",
        gapFiles: [.anchor],
        risk: "Evaluation may run on training data, overstating quality.",
        patch:
            "Add a seeded `train_test_split(test_size=cfg.val_fraction, seed=cfg.seed)` in the data module used by {anchor}; test disjointness of the splits.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .medium, why: "changing splits invalidates earlier results",
            plan: "add a seeded, recorded train/val/test split (indices saved to disk) with a test on a toy dataset"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(
            #"(^|\.)(train_test_split|random_split|KFold|StratifiedKFold|GroupKFold|ShuffleSplit|StratifiedShuffleSplit|split_dataset)$"#,
            strength: 8, note: "split computed")
        out += ctx.assignmentCandidates(
            target: #"^(train|val|valid|validation|test|eval)\w*$"#,
            value: #"\[\s*:?\s*int\(\s*[\w.]+\s*\*\s*0?\.\d+|\[\s*int\(.*\*.*\)\s*:\s*\]"#,
            requiring: ["[", "int(", "*"], strength: 7,
            note: "fractional split")
        out += ctx.namedHeldOutSplits
        out += ctx.entryCandidates(
            [
                "train_val_test_split", "val_split", "test_split_size", "validation_split", "test_size", "val_size",
                "dataset_splits", "eval_split", "test_split", "validation_split_percentage", "validation_data_path",
                "val_data_path", "test_data_path", "validation_file", "val_file",
            ], strength: 5, note: "split configured"
        ) { !$0.isNullish }
        return out
    }
}

/// Held-out data chosen by name rather than carved by ratio (the reading the devset labels give torchtitan,
/// alignment-handbook, OLMo, detectron2 and yolov5): a dataset loaded with `split="validation"`/`"test"`
/// (HF datasets: https://huggingface.co/docs/datasets/loading#slice-splits), a loader whose `split` parameter
/// defaults to a held-out split, or a config mapping that names both a training and a held-out split
/// (`train: images/train`, `val: images/val`; Ultralytics dataset YAML: https://docs.ultralytics.com/datasets/detect/).
extension RuleContext {
    static let heldOutSplit = #"^['"](validation|valid|val|test|dev|eval|evaluation)['"]$"#

    var namedHeldOutSplits: [RuleCandidate] {
        // a keyword value exists only for a keyword passed: the keyword postings hold every such call
        var out = calls(at: code.sites(keyword: ["split"])).filter {
            ($0.call.keywordValues["split"] ?? "").matches(RuleContext.heldOutSplit)
        }
        .map { m, c -> RuleCandidate in
            var r = candidate(m, c, strength: 5, note: "held-out split loaded by name")
            r.evidence = ev(m.path, keywordLine(m.path, c, "split"))
            return r
        }
        // `def __init__(..., split="validation")`: the header lines of a function with a `split` parameter
        for m in product {
            for f in m.functions where f.parameters.contains("split") {
                for line in f.span.start...min(f.span.end, f.span.start + 30) {
                    let t = lineText(m.path, line)
                    if t.matches(#"(^|[(,\s])split\s*(:\s*[\w\[\]. ]+)?=\s*['"](validation|valid|val|test|dev)['"]"#) {
                        out.append(
                            RuleCandidate(
                                ev(m.path, line), strength: 4,
                                note: "`\(f.qualifiedName)` loads a held-out split by default"))
                        break
                    }
                    if t.hasSuffix(":") { break }  // the end of the def header
                }
            }
        }
        // a dataset dict filled with a training and a held-out split (`raw_datasets["train"] = ...`,
        // `raw_datasets["test"] = ...`: the HF DatasetDict convention)
        for m in product {
            let keyed = m.assignments.compactMap { a -> (PythonAssignment, String, String)? in
                // a target ending in "]" ends in that byte (the byte test skips the rest)
                guard a.target.utf8.last == UInt8(ascii: "]"), let open = a.target.firstIndex(of: "["),
                    a.target.hasSuffix("]")
                else { return nil }
                let key = a.target[a.target.index(after: open)..<a.target.index(before: a.target.endIndex)]
                    .trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
                return (a, String(a.target[..<open]), key.lowercased())
            }
            for (a, container, key) in keyed where ["validation", "valid", "val", "test", "dev"].contains(key) {
                if keyed.contains(where: {
                    $0.1 == container && $0.2 == "train" && $0.0.enclosingFunction == a.enclosingFunction
                }) {
                    out.append(
                        RuleCandidate(
                            ev(m.path, a.line), strength: 5,
                            note: "`\(container)` holds a training and a held-out split"))
                }
            }
        }
        // a mapping with a training split and a held-out split, each naming data (not a boolean switch)
        // only files with a `train` key can hold such a mapping (the key postings name them; most files have none)
        let withTrain = Set((entriesByKey["train"] ?? []).filter { !$0.isListItem }.map(\.path))
        for path in withTrain.sorted() {
            let fileEntries = entriesByPath[path] ?? []
            let parents = Dictionary(grouping: fileEntries.filter { !$0.isListItem }) { e -> String in
                e.keyPath.split(separator: ".").dropLast().joined(separator: ".")
            }
            for (_, siblings) in parents.sorted(by: { $0.key < $1.key }) {
                let names: (ConfigEntry) -> Bool = { e in !e.isNullish && e.boolValue == nil && Double(e.value) == nil }
                guard siblings.contains(where: { $0.key.lowercased() == "train" && names($0) }),
                    let held = siblings.first(where: {
                        ["val", "valid", "validation", "test"].contains($0.key.lowercased()) && names($0)
                    })
                else { continue }
                out.append(
                    RuleCandidate(
                        ev(path, held.line), strength: 4, note: "config names a training and a held-out split"))
            }
        }
        return out
    }
}

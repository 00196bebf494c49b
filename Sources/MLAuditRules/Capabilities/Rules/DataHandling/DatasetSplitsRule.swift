import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

package struct DatasetSplitsRule: CapabilityRule {
    package let description = RuleDescription(
        code: "CAP-DAT-01", capability: "Data Handling", subfeature: "dataset splits",
        summary: "Train/val/test split logic: `train_test_split`, `random_split`, index slicing by a fraction into train/val, or split sizes in config.",
        rationale: "A held-out split is the basis of every evaluation; leaking it inflates results.",
        triggering: [.py("n = len(data)\ntrain_data = data[:int(n*0.9)]\nval_data = data[int(n*0.9):]\n"),
                     .py("train, val = random_split(ds, [55000, 5000], generator=g)\n"),
                     RuleExample(["configs/data/mnist.yaml": "train_val_test_split: [55000, 5000, 10000]\n"])],
        nonTriggering: [.py("ds = load_dataset('imdb')\n", .absent), .py("x = data[:10]\n", .absent)],
        stubTerms: "split",
        gap: "no train/validation split is made; split the data deterministically in the data preparation of {anchor}",
        risk: "Evaluation may run on training data, overstating quality.",
        patch: "Add a seeded `train_test_split(test_size=cfg.val_fraction, seed=cfg.seed)` in the data module used by {anchor}; test disjointness of the splits.")

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"(^|\.)(train_test_split|random_split|KFold|StratifiedKFold|GroupKFold|ShuffleSplit|StratifiedShuffleSplit|split_dataset)$"#, strength: 8, note: "split computed")
        out += ctx.assignmentCandidates(target: #"^(train|val|valid|validation|test|eval)\w*$"#, value: #"\[\s*:?\s*int\(\s*[\w.]+\s*\*\s*0?\.\d+|\[\s*int\(.*\*.*\)\s*:\s*\]"#, strength: 7, note: "fractional split")
        out += ctx.entryCandidates(["train_val_test_split", "val_split", "test_split_size", "validation_split", "test_size", "val_size", "dataset_splits", "eval_split", "test_split", "validation_split_percentage", "validation_data_path", "val_data_path", "test_data_path", "validation_file", "val_file"], strength: 5, note: "split configured") { !$0.isNullish }
        return out
    }
}

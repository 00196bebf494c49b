import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct MissingSeedCheck: FindingCheck {
    package let code = FindingCode.mla109
    package let severity = Severity.high
    package let summary = "Training code never sets a random seed."
    package let why =
        "Unseeded initialisation, shuffling and dropout make two runs of the same commit differ; regressions cannot be told apart from noise."
    package let fix =
        "Add a `seed_everything(seed)` helper (random, numpy, torch, torch.cuda) and call it first thing in every training entry point, with the seed in the config."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py":
                        "import torch\nfor x in data:\n    loss = model(x)\n    loss.backward()\n    optimizer.step()\n",
                    "prepare.py": "split = ds.train_test_split(test_size=0.1, seed=2357)\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py":
                        "import torch\ntorch.manual_seed(1337)\nfor x in data:\n    loss = model(x)\n    loss.backward()\n"
                ], needsPythonReader: true),
            FindingExample(
                ["train.py": "from transformers import set_seed\nset_seed(args.seed)\ntrainer.train()\n"],
                needsPythonReader: true),
            FindingExample(
                [
                    "train.py":
                        "from transformers import Trainer, TrainingArguments\nargs = TrainingArguments(output_dir='o', seed=7)\ntrainer = Trainer(model=m, args=args)\ntrainer.train()\n"
                ], needsPythonReader: true),
            // TrainingArguments defaults to seed=42, which Trainer applies before building the model.
            FindingExample(
                [
                    "finetune.py":
                        "import transformers\ntrainer = transformers.Trainer(model=m, args=transformers.TrainingArguments(output_dir='o'))\ntrainer.train()\n"
                ], needsPythonReader: true),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let training = context.trainingModules
        guard !training.isEmpty, Seeding.sites(context).isEmpty else { return [] }
        if Seeding.seededByFramework(context) { return [] }
        let evidence = training.compactMap { m in
            m.calls.first { FindingContext.isTrainingCall($0.callee) }.map { context.evidence(m, $0) }
        }
        return [
            FindingHit(
                title: "no seed is set in \(training.count) training module(s) (\(evidence.citationSummary))",
                evidence: evidence, strength: .absence)
        ]
    }
}

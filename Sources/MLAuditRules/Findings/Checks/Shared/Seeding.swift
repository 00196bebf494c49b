import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package enum Seeding {
    package static let seedCalls: Set<String> = [
        "torch.manual_seed", "torch.cuda.manual_seed", "torch.cuda.manual_seed_all", "random.seed",
        "numpy.random.seed", "transformers.set_seed", "accelerate.utils.set_seed",
        "lightning.seed_everything", "pytorch_lightning.seed_everything", "lightning.pytorch.seed_everything",
        "tensorflow.random.set_seed", "keras.utils.set_random_seed", "jax.random.PRNGKey", "jax.random.key",
    ]
    package static let seedMethods: Set<String> = [
        "manual_seed", "manual_seed_all", "set_seed", "seed_everything", "set_random_seed", "seed_all",
    ]

    /// A trainer or training-arguments object given `seed=` (HF `TrainingArguments`, TRL configs, `Trainer`) seeds
    /// every RNG itself. A `seed=` on a data split or sampler does not seed training.
    package static func seededByFramework(_ context: FindingContext) -> Bool {
        context.productModules.contains { m in
            m.calls.contains { c in
                let last = FindingContext.lastSegment(c.callee)
                // HF `TrainingArguments` (and TRL's configs built on it) default to seed=42, which `Trainer` applies.
                if last.hasSuffix("TrainingArguments") && context.resolved(c, in: m).hasPrefix("transformers.") {
                    return true
                }
                return c.keywords.contains("seed")
                    && ["Arguments", "Args", "Config", "Trainer"].contains { last.hasSuffix($0) }
            }
        }
    }

    /// Seed calls in product code (library calls, or the repository's own `set_seed`-style helper).
    package static func sites(_ context: FindingContext) -> [(PythonModule, PythonCall)] {
        var out = context.calls(seedCalls)
        let seen = Set(out.map { "\($0.0.path):\($0.1.line):\($0.1.column)" })
        out += context.methodCalls(seedMethods).filter { !seen.contains("\($0.0.path):\($0.1.line):\($0.1.column)") }
        return out
    }
}

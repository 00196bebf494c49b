import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DeterministicShufflingRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .deterministicShuffling,
        summary:
            "Seeded shuffling/sampling: `shuffle(seed=...)`, splits with `seed`/`random_state`, `torch.Generator().manual_seed`, `DataLoader(generator=...)`, seeded samplers or RNGs.",
        rationale: "Unseeded shuffles make data order, and therefore results, irreproducible.",
        triggering: [
            .py("split = ds.train_test_split(test_size=0.01, seed=2357, shuffle=True)\n"),
            .py("train, val = random_split(ds, [9, 1], generator=torch.Generator().manual_seed(42))\n"),
            .py("ds = ds.shuffle(seed=training_args.seed)\n"),
        ],
        nonTriggering: [
            .py("import random\nrandom.shuffle(items)\n", .absent),
            .py("loader = DataLoader(ds, shuffle=True)\n", .absent),
        ],
        stubTerms: "shuffle|sampler",
        gap: "shuffling is unseeded; pass a seeded `torch.Generator` to the DataLoader/split in {anchor}",
        gapFiles: [.anchor],
        risk: "Two runs with the same config see different data orders and give different results.",
        patch:
            "Create `g = torch.Generator().manual_seed(cfg.seed)` and pass `generator=g` to the DataLoader and `random_split` in {anchor}; test identical order across two builds.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "a seeded generator passed to samplers",
            plan: "pass torch.Generator().manual_seed(seed) to DataLoader/samplers and seed workers via worker_init_fn")
    )

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({ c in
            [
                "shuffle", "train_test_split", "random_split", "DataLoader", "DistributedSampler", "RandomSampler",
                "permutation", "sample", "select",
            ].contains(c.callee.lastComponent)
                && (c.keywords.contains { ["seed", "random_state", "generator"].contains($0) }
                    || c.positionalArguments.contains { $0.contains("manual_seed") })
        }).map { ctx.candidate($0.module, $0.call, strength: 8, note: "seeded shuffle/split") }
        out += ctx.callCandidates(
            #"(Generator\(\)|generator|\bg)\.manual_seed$|^(np\.random\.default_rng|random\.Random|np\.random\.RandomState)$"#,
            strength: 6, note: "seeded generator"
        )
        .filter { c in ctx.lineText(c.evidence.path, c.evidence.line).imatches(#"seed|\d"#) }
        out += ctx.callCandidates(#"(^|\.)seed_everything$"#, strength: 4, note: "seed_everything seeds loader workers")
            .filter { c in ctx.lineText(c.evidence.path, c.evidence.line).contains("workers") }
        return out
    }
}

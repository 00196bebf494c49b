import Foundation
import MLAuditPython

struct DatasetSplitsRule: CapabilityRule {
    let description = RuleDescription(
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

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.callCandidates(#"(^|\.)(train_test_split|random_split|KFold|StratifiedKFold|GroupKFold|ShuffleSplit|StratifiedShuffleSplit|split_dataset)$"#, strength: 8, note: "split computed")
        out += ctx.assignmentCandidates(target: #"^(train|val|valid|validation|test|eval)\w*$"#, value: #"\[\s*:?\s*int\(\s*[\w.]+\s*\*\s*0?\.\d+|\[\s*int\(.*\*.*\)\s*:\s*\]"#, strength: 7, note: "fractional split")
        out += ctx.entryCandidates(["train_val_test_split", "val_split", "test_split_size", "validation_split", "test_size", "val_size", "dataset_splits", "eval_split", "test_split", "validation_split_percentage", "validation_data_path", "val_data_path", "test_data_path", "validation_file", "val_file"], strength: 5, note: "split configured") { !$0.isNullish }
        return out
    }
}

struct DeterministicShufflingRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DAT-02", capability: "Data Handling", subfeature: "deterministic shuffling",
        summary: "Seeded shuffling/sampling: `shuffle(seed=...)`, splits with `seed`/`random_state`, `torch.Generator().manual_seed`, `DataLoader(generator=...)`, seeded samplers or RNGs.",
        rationale: "Unseeded shuffles make data order, and therefore results, irreproducible.",
        triggering: [.py("split = ds.train_test_split(test_size=0.01, seed=2357, shuffle=True)\n"),
                     .py("train, val = random_split(ds, [9, 1], generator=torch.Generator().manual_seed(42))\n"),
                     .py("ds = ds.shuffle(seed=training_args.seed)\n")],
        nonTriggering: [.py("import random\nrandom.shuffle(items)\n", .absent), .py("loader = DataLoader(ds, shuffle=True)\n", .absent)],
        stubTerms: "shuffle|sampler",
        gap: "shuffling is unseeded; pass a seeded `torch.Generator` to the DataLoader/split in {anchor}",
        risk: "Two runs with the same config see different data orders and give different results.",
        patch: "Create `g = torch.Generator().manual_seed(cfg.seed)` and pass `generator=g` to the DataLoader and `random_split` in {anchor}; test identical order across two builds.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({ c in
            ["shuffle", "train_test_split", "random_split", "DataLoader", "DistributedSampler", "RandomSampler", "permutation", "sample", "select"].contains(c.callee.lastComponent)
                && (c.keywords.contains { ["seed", "random_state", "generator"].contains($0) } || c.positionalArguments.contains { $0.contains("manual_seed") })
        }).map { ctx.candidate($0.module, $0.call, strength: 8, note: "seeded shuffle/split") }
        out += ctx.callCandidates(#"(Generator\(\)|generator|\bg)\.manual_seed$|^(np\.random\.default_rng|random\.Random|np\.random\.RandomState)$"#, strength: 6, note: "seeded generator")
            .filter { c in ctx.lineText(c.evidence.path, c.evidence.line).imatches(#"seed|\d"#) }
        out += ctx.callCandidates(#"(^|\.)seed_everything$"#, strength: 4, note: "seed_everything seeds loader workers")
            .filter { c in ctx.lineText(c.evidence.path, c.evidence.line).contains("workers") }
        return out
    }
}

struct DataCachingRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DAT-03", capability: "Data Handling", subfeature: "caching",
        summary: "Preprocessed data cached on disk or in memory: memmapped token files written once, `save_to_disk`/`load_from_disk`, `map(cache_file_name=...)`, joblib/`lru_cache` on data loaders, tf.data `.cache()`.",
        rationale: "Re-tokenizing or re-processing every run wastes hours and risks drift between runs.",
        triggering: [.py("arr = np.memmap(filename, dtype=np.uint16, mode='w+', shape=(n,))\n"),
                     .py("ds.save_to_disk(cache_dir)\n")],
        nonTriggering: [.py("ds = load_dataset('imdb', cache_dir=args.cache_dir)\n", .absent),
                        .py("model = AutoModel.from_pretrained(n, use_cache=False)\n", .absent),
                        .py("coder = SparseCoder.load_from_disk(path)\n", .absent)],
        stubTerms: "cache",
        gap: "preprocessed data is rebuilt every run; write the processed dataset to disk once (`save_to_disk`, a memmap or a saved tensor file) in the data preparation step",
        risk: "Every run repeats preprocessing, and silent changes in preprocessing alter results.",
        patch: "Cache the processed dataset once (`dataset.save_to_disk(cache_path)` / a memmap) and reload it when present; test that the second load skips preprocessing.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({ $0.callee.hasSuffix("memmap") && ($0.keywordValues["mode"] ?? $0.positionalArguments.dropFirst(2).first ?? "").contains("w") })
            .map { ctx.candidate($0.module, $0.call, strength: 8, note: "token file written once, memmapped later") }
        out += ctx.callsMatching(#"(^|\.)(save_to_disk|load_from_disk)$|^(joblib\.Memory|Memory)$|\.cache$"#)
            .filter { _, c in c.callee.imatches(#"^(datasets\.)?(load_from_disk|save_to_disk)$|data|ds|set|split|joblib|Memory|cache$"#) && !c.callee.hasPrefix("torch.cuda") }
            .map { ctx.candidate($0.module, $0.call, strength: 7, note: "dataset cached on disk") }
        out += ctx.functionCandidates(#"^(save|load|get|write|read)_?(to_|from_)?cache$|^(cache|cached)_(dataset|data|tokens|features|requests|examples)\w*$"#, strength: 5, note: "cache read/write function")
        out += ctx.keywordCandidates(["cache_file_name", "cache_file_names"], strength: 7, note: "processed dataset cache file") { !Values.isFalsy($0) }
        for m in ctx.product {
            for f in m.functions where f.decorators.contains(where: { $0.lastComponent.matches(#"^(lru_cache|cache|cached|memoize)$"#) }) && f.name.imatches(#"data|load|token|read|prepare|get_\w*(set|split)"#) {
                out.append(RuleCandidate(ctx.ev(m.path, f.span.start), strength: 5, note: "memoised data loader `\(f.name)`"))
            }
        }
        return out
    }
}

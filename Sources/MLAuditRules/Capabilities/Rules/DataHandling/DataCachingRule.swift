import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DataCachingRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .caching,
        summary:
            "Preprocessed data cached on disk or in memory: memmapped token files written once, `save_to_disk`/`load_from_disk`, `map(cache_file_name=...)`, joblib/`lru_cache` on data loaders, tf.data `.cache()`.",
        rationale: "Re-tokenizing or re-processing every run wastes hours and risks drift between runs.",
        triggering: [
            .py("arr = np.memmap(filename, dtype=np.uint16, mode='w+', shape=(n,))\n"),
            .py("ds.save_to_disk(cache_dir)\n"),
            .py(
                "import numpy as np\nclass LoadImages:\n    def cache_labels(self, path):\n        x = {'labels': self.labels}\n        np.save(path, x)\n        return x\n",
                path: "utils/dataloaders.py"),
        ],
        nonTriggering: [
            .py("ds = load_dataset('imdb', cache_dir=args.cache_dir)\n", .absent),
            .py("model = AutoModel.from_pretrained(n, use_cache=False)\n", .absent),
            .py("coder = SparseCoder.load_from_disk(path)\n", .absent),
        ],
        stubTerms: "cache",
        searches: RuleSearch(names: [
            "save_to_disk", "load_from_disk", "cache_file_name", "lru_cache", "cache", "memmap",
        ]),
        gap:
            "preprocessed data is rebuilt every run; write the processed dataset to disk once (`save_to_disk`, a memmap or a saved tensor file) in the data preparation step",
        risk: "Every run repeats preprocessing, and silent changes in preprocessing alter results.",
        patch:
            "Cache the processed dataset once (`dataset.save_to_disk(cache_path)` / a memmap) and reload it when present; test that the second load skips preprocessing.",
        deferral: Deferral(
            .medium, why: "cache invalidation on preprocessing changes",
            plan: "cache preprocessed shards on disk keyed by a hash of the preprocessing config"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({
            $0.callee.hasSuffix("memmap")
                && ($0.keywordValues["mode"] ?? $0.positionalArguments.dropFirst(2).first ?? "").contains("w")
        })
        .map { ctx.candidate($0.module, $0.call, strength: 8, note: "token file written once, memmapped later") }
        out += ctx.callsMatching(#"(^|\.)(save_to_disk|load_from_disk)$|^(joblib\.Memory|Memory)$|\.cache$"#)
            .filter { _, c in
                c.callee.imatches(
                    #"^(datasets\.)?(load_from_disk|save_to_disk)$|data|ds|set|split|joblib|Memory|cache$"#)
                    && !c.callee.hasPrefix("torch.cuda")
            }
            .map { ctx.candidate($0.module, $0.call, strength: 7, note: "dataset cached on disk") }
        out += ctx.functionCandidates(
            #"^(save|load|get|write|read)_?(to_|from_)?cache$|^(cache|cached)_(dataset|data|tokens|features|requests|examples)\w*$"#,
            strength: 5, note: "cache read/write function")
        out += ctx.keywordCandidates(
            ["cache_file_name", "cache_file_names"], strength: 7, note: "processed dataset cache file"
        ) { !Values.isFalsy($0) }
        // a `cache_*` function that writes what it computed to disk for the next run (yolov5's
        // `LoadImagesAndLabels.cache_labels` -> np.save(*.cache), lm-eval's request cache)
        for m in ctx.product {
            for f in m.functions
            where f.name.imatches(#"^cache_\w+$"#) && !f.name.imatches(#"^cache_(clear|info|key|dir|path)$"#)
                && f.bodyKind == .implemented
            {
                if let save = m.calls.first(where: {
                    $0.enclosingFunction == f.qualifiedName
                        && $0.callee.matches(
                            #"^(np|numpy)\.(save|savez\w*)$|^torch\.save$|^pickle\.dump$|(^|\.)save_to_disk$"#)
                }) {
                    out.append(
                        ctx.candidate(
                            m, save, strength: 6, note: "`\(f.qualifiedName)` saves its results for the next run"))
                }
            }
        }
        for m in ctx.product {
            for f in m.functions
            where f.decorators.contains(where: { $0.lastComponent.matches(#"^(lru_cache|cache|cached|memoize)$"#) })
                && f.name.imatches(#"data|load|token|read|prepare|get_\w*(set|split)"#)
            {
                out.append(
                    RuleCandidate(ctx.ev(m.path, f.span.start), strength: 5, note: "memoised data loader `\(f.name)`"))
            }
        }
        return out
    }
}

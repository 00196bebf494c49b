import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules
/// Per rubric sub-feature: how hard the missing piece is to add, why, and the smallest plan that adds it.
package enum DeferredCatalog {
    package enum Complexity: Int, Comparable {
        case low = 1, medium, high
        package static func < (a: Complexity, b: Complexity) -> Bool { a.rawValue < b.rawValue }
        package var word: String { switch self { case .low: return "low"; case .medium: return "medium"; case .high: return "high" } }
    }
    package struct Entry { package var complexity: Complexity; package var why: String; package var plan: String }

    package static let entries: [String: Entry] = [
        "fast tokenizer": Entry(complexity: .medium, why: "switching tokenizers changes every token id downstream", plan: "wrap AutoTokenizer.from_pretrained(..., use_fast=True) behind one get_tokenizer() and test an encode/decode round trip"),
        "vocab": Entry(complexity: .medium, why: "the vocabulary must match existing checkpoints", plan: "save the vocabulary next to checkpoints (tokenizer.save_pretrained) and load it on resume"),
        "encode/decode": Entry(complexity: .low, why: "a thin API over the tokenizer", plan: "expose encode()/decode() helpers with a round-trip unit test"),
        "padding/truncation": Entry(complexity: .low, why: "one call-site option, but it changes batch shapes", plan: "pass padding/truncation/max_length explicitly in the collate function and test batch shapes"),
        "model init": Entry(complexity: .medium, why: "model construction is entangled with config loading", plan: "add build_model(cfg) returning the model, with a tiny-config forward-shape test"),
        "dtype": Entry(complexity: .low, why: "one config field, but wrong dtypes fail late on GPU", plan: "add a dtype config field (fp32/bf16/fp16) applied in build_model, default fp32 on CPU"),
        "device placement": Entry(complexity: .low, why: "device choice leaks into data and checkpoint loading", plan: "add pick_device() (cuda > mps > cpu) used by model, batches and torch.load(map_location=...)"),
        "LoRA/PEFT hooks": Entry(complexity: .high, why: "adapter injection touches model construction, saving and loading", plan: "add an optional peft.get_peft_model(model, LoraConfig(...)) behind a config flag, with a test that only adapter weights train"),
        "training loop": Entry(complexity: .high, why: "the core of the repository; a rewrite risks silent regressions", plan: "factor one train_step(batch) and test that the loss falls on a tiny synthetic batch"),
        "precision": Entry(complexity: .medium, why: "mixed precision needs a scaler and careful loss handling", plan: "wrap forward in torch.autocast with a GradScaler behind a --precision flag; test one CPU bf16 step"),
        "gradient accumulation": Entry(complexity: .low, why: "a counter around optimizer.step", plan: "add grad_accum_steps, dividing the loss and stepping every N micro-batches; test equivalence with a larger batch"),
        "structured config": Entry(complexity: .medium, why: "every entry point reads settings its own way", plan: "introduce a dataclass config loaded from YAML with defaults, used by every entry point"),
        "overrides": Entry(complexity: .low, why: "parsing key=value pairs onto the config object", plan: "accept key=value CLI overrides applied onto the config, with a unit test"),
        "sweeps": Entry(complexity: .medium, why: "needs a runner and result aggregation", plan: "add a small grid definition (YAML) and a script that runs each point offline and writes one CSV row per run"),
        "validation loop": Entry(complexity: .medium, why: "needs a held-out split and a no-grad evaluation path", plan: "add evaluate(model, loader) under torch.no_grad() called every N steps"),
        "metrics API": Entry(complexity: .low, why: "pure functions", plan: "add metrics.py with loss/perplexity/accuracy functions and unit tests on fixed tensors"),
        "NDJSON/CSV logging": Entry(complexity: .low, why: "an append-only writer", plan: "append one JSON line per eval step to metrics.ndjson in the run folder"),
        "tracker logging": Entry(complexity: .medium, why: "adds an optional dependency and network behaviour", plan: "add a guarded tracker (TensorBoard SummaryWriter or MLflow file: URI) that is a no-op when unavailable"),
        "system metrics": Entry(complexity: .low, why: "optional psutil/NVML reads", plan: "log psutil CPU/RAM and torch.cuda.max_memory_allocated() with the metrics every N steps"),
        "weights": Entry(complexity: .low, why: "torch.save of the state dict", plan: "save model.state_dict() atomically every N steps and test a save/load round trip"),
        "optimizer state": Entry(complexity: .low, why: "one more key in the checkpoint", plan: "store optimizer.state_dict() in the checkpoint and restore it on resume"),
        "scheduler state": Entry(complexity: .low, why: "one more key in the checkpoint", plan: "store scheduler.state_dict() in the checkpoint and restore it on resume"),
        "RNG state": Entry(complexity: .medium, why: "four RNGs (python, numpy, torch, cuda) must be captured and restored together", plan: "save random/np/torch/cuda RNG states in the checkpoint and test that a resumed run draws the same numbers"),
        "best-k retention": Entry(complexity: .low, why: "file bookkeeping", plan: "keep the k best checkpoints by validation loss and delete older ones, with a unit test on a temp dir"),
        "resume": Entry(complexity: .medium, why: "restart logic must restore step counters, data position and every state", plan: "add --resume PATH restoring model, optimizer, scheduler, RNG and step; test resume equals an uninterrupted run for two steps"),
        "dataset splits": Entry(complexity: .medium, why: "changing splits invalidates earlier results", plan: "add a seeded, recorded train/val/test split (indices saved to disk) with a test on a toy dataset"),
        "deterministic shuffling": Entry(complexity: .low, why: "a seeded generator passed to samplers", plan: "pass torch.Generator().manual_seed(seed) to DataLoader/samplers and seed workers via worker_init_fn"),
        "caching": Entry(complexity: .medium, why: "cache invalidation on preprocessing changes", plan: "cache preprocessed shards on disk keyed by a hash of the preprocessing config"),
        "dependency locking": Entry(complexity: .low, why: "a generated file, but it must be kept fresh", plan: "commit a lock file (pip-compile --generate-hashes, uv lock or poetry lock) and a local gate that checks it is current"),
        "secrets scanning": Entry(complexity: .low, why: "a pre-commit hook", plan: "add detect-secrets (or gitleaks) as a local pre-commit hook with a baseline file"),
        "prompt safety": Entry(complexity: .high, why: "policy decisions with no owner in a research codebase", plan: "add an input/output filter hook with a deny-list and tests, off by default, documented in the README"),
        "pytest targets": Entry(complexity: .low, why: "new test files only", plan: "add tests/test_smoke.py (tiny model forward, one data batch) runnable offline with python -m pytest -q"),
        "local gates": Entry(complexity: .low, why: "one noxfile or Makefile target", plan: "add noxfile.py sessions tests and lint (offline, reuse existing venv) and document them in the README"),
        "coverage enforcement": Entry(complexity: .low, why: "a config threshold", plan: "configure [tool.coverage.report] fail_under at the current coverage and raise it gradually"),
        "packaging": Entry(complexity: .medium, why: "turning scripts into an importable package moves files", plan: "add pyproject.toml with [project] metadata and an src/ package, keeping script entry points as shims"),
        "CLI entry points": Entry(complexity: .low, why: "metadata only once packaged", plan: "declare [project.scripts] for the train/eval entry points"),
        "Docker infra": Entry(complexity: .medium, why: "an image to maintain and pin", plan: "add a CPU Dockerfile pinned by digest that installs the lock file and runs the smoke tests"),
        "README": Entry(complexity: .low, why: "documentation only", plan: "expand the README with purpose, install, quickstart and the local gates"),
        "quickstart": Entry(complexity: .low, why: "documentation only", plan: "add install + one-command run steps that work offline on CPU"),
        "diagrams": Entry(complexity: .low, why: "documentation only", plan: "add a mermaid diagram of data -> model -> training -> checkpoints to the README"),
        "notebooks or examples": Entry(complexity: .low, why: "documentation only", plan: "add one minimal example script exercising the public API on CPU"),
        "MLflow local tracking": Entry(complexity: .medium, why: "an optional dependency and a tracking folder to manage", plan: "log params/metrics with mlflow to a file: URI under the run folder, guarded when mlflow is missing"),
        "W&B offline mode": Entry(complexity: .low, why: "one init argument", plan: "call wandb.init(mode=os.environ.get(\"WANDB_MODE\", \"offline\")) and document syncing later"),
        "pluggable components": Entry(complexity: .high, why: "an architectural change across modules", plan: "define an abstract base for the swappable component (model/dataset) with two implementations selected by config"),
        "registry patterns": Entry(complexity: .medium, why: "every construction site must go through the registry", plan: "add a name->class registry with a register decorator and look up components by config name"),
    ]

    package static func entry(_ subfeature: String) -> Entry {
        entries[subfeature] ?? Entry(complexity: .medium, why: "no estimate for this sub-feature", plan: "add the smallest working implementation with a unit test")
    }
}

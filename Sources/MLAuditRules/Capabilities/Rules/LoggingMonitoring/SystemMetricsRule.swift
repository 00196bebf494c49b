import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct SystemMetricsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .systemMetrics,
        summary:
            "System resources logged: psutil, pynvml/NVML, `torch.cuda.max_memory_allocated`/`memory_stats`, Lightning `DeviceStatsMonitor`, Aim `system_tracking_interval`, HF `skip_memory_metrics: false`.",
        rationale: "Memory and utilisation numbers explain OOMs, slowdowns and cost.",
        triggering: [
            .py("import psutil\nrss = psutil.Process().memory_info().rss\n"),
            .py("mem = torch.cuda.max_memory_allocated()\n"),
            RuleExample([
                "configs/logger/aim.yaml":
                    "aim:\n  _target_: aim.pytorch_lightning.AimLogger\n  system_tracking_interval: 10\n"
            ]),
        ],
        nonTriggering: [
            RuleExample(["configs/logger/aim.yaml": "aim:\n  system_tracking_interval: null\n"], .absent),
            .py("mfu = model.estimate_mfu(batch, dt)\n", .absent),
            .py("import psutil\nnum_workers = psutil.cpu_count()\n", .absent),
        ],
        stubTerms: "gpu_stats|memory_stats|system_metrics|nvml|psutil",
        gap:
            "no CPU/GPU memory or utilisation is recorded; log `torch.cuda.max_memory_allocated()` and psutil RSS with the step metrics in {anchor}",
        gapFiles: [.anchor],
        risk: "OOMs and throughput regressions cannot be diagnosed after the fact.",
        patch:
            "Log `torch.cuda.max_memory_allocated()` (guarded by `torch.cuda.is_available()`) and `psutil.Process().memory_info().rss` at each log step in {anchor}.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "optional psutil/NVML reads",
            plan: "log psutil CPU/RAM and torch.cuda.max_memory_allocated() with the metrics every N steps"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        // the rubric asks for stats *logged*: a read next to a log/print/tracker call is strong; a read that only
        // feeds a computation (free memory to size an offload) is weak, so a logged read elsewhere is cited first
        var out = ctx.callCandidates(
            #"^psutil\.(?!cpu_count)|(^|\.)(nvmlInit|nvmlDeviceGet\w+|max_memory_allocated|memory_allocated|memory_reserved|max_memory_reserved|memory_stats|mem_get_info|memory_summary|DeviceStatsMonitor|GPUStatsMonitor)$|^(pynvml|nvidia_smi|GPUtil)\."#,
            strength: 8, note: "system metric read"
        )
        .map { c -> RuleCandidate in
            // a log/print/tracker call on a nearby line that speaks of memory or devices (not an error message)
            let logged = (max(1, c.evidence.line - 2)...(c.evidence.line + 8)).map { ctx.lineText(c.evidence.path, $0) }
                .contains {
                    $0.imatches(
                        #"(\blog\w*|print|add_scalar|wandb\.log|track|report)\w*\(.*(mem|gpu|cpu|util|ram\b|rss|alloc|stats|usage)|metrics\[.*(mem|gpu|cpu)|Monitor"#
                    )
                        && !$0.imatches(#"unavailable|error|warn|fail|exception"#)
                }
            guard !logged else { return c }
            var weak = c
            weak.strength = 4
            weak.note = "system metric read (not shown to be logged)"
            return weak
        }
        out += ctx.targetCandidates(
            #"(DeviceStatsMonitor|GPUStatsMonitor)$"#, strength: 7, note: "device stats callback")
        out += ctx.entryCandidates(
            ["system_tracking_interval", "log_system_metrics"], strength: 6, note: "system tracking configured"
        ) { !$0.isNullish }
        out += ctx.entryCandidates(["skip_memory_metrics"], strength: 5, note: "HF memory metrics enabled") {
            $0.boolValue == false
        }
        return out
    }
}

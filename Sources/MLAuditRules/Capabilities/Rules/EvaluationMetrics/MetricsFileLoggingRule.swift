import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct MetricsFileLoggingRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .ndjsonCSVLogging,
        summary:
            "Metrics appended as JSON lines or CSV rows: `csv.writer`/`DictWriter`, `json.dumps(...)+\"\\n\"` to an append-mode file, `to_csv`, jsonlines, or a Lightning `CSVLogger`.",
        rationale:
            "Line-oriented metric files survive crashes and can be diffed and plotted without a tracking server.",
        triggering: [
            RuleExample([
                "configs/logger/csv.yaml":
                    "csv:\n  _target_: lightning.pytorch.loggers.csv_logs.CSVLogger\n  save_dir: logs\n"
            ]),
            .py("import csv\nw = csv.writer(open('m.csv', 'a'))\nw.writerow([step, loss])\n"),
            .py("import json\nwith open('metrics.jsonl', 'a') as f:\n    f.write(json.dumps(row) + '\\n')\n"),
            .py(
                "def log(vals):\n    file = save_dir / 'results.csv'\n    with open(file, 'a') as f:\n        f.write(','.join(vals) + '\\n')\n"
            ),
        ],
        nonTriggering: [
            .py("import json\njson.dump(metrics, open('results.json', 'w'), indent=2)\n", .absent),
            .py("trainer.save_metrics('eval', metrics)\n", .absent),
            .py(
                "import pandas as pd\ndef prepare():\n    pd.DataFrame(rows).to_csv('data/clean.csv')\n",
                path: "prepare.py", .absent),
        ],
        stubTerms: "csv|jsonl|ndjson|log_metrics_to",
        gap:
            "metrics are only printed or sent to a tracker; append them as JSON lines (`metrics.jsonl`) from the logging step in {anchor}",
        gapFiles: [.path("metrics.jsonl"), .anchor],
        risk: "A crashed or offline run leaves no machine-readable metric history.",
        patch:
            "Add a `MetricsWriter` appending `json.dumps({...}) + \"\\n\"` per log step to `out_dir/metrics.jsonl` in {anchor}; test that two steps produce two lines.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "an append-only writer",
            plan: "append one JSON line per eval step to metrics.ndjson in the run folder"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let metricWords = #"metric|loss|acc|score|result|eval|log|stat|history|progress|perf|bench"#
        // the file's name speaks for the writer only when it names metrics or logs: an `eval/` script that dumps
        // per-example predictions to CSV is not metric logging (OLMo's MMLU prediction CSVs)
        let metricFile = #"metric|log|stat|history|progress|result|bench"#
        var out = ctx.callsMatching(#"^csv\.(writer|DictWriter)$|(^|\.)(to_csv|jsonlines\.open|JsonlWriter)$"#).map {
            m, c in
            // a CSV of data rows is not metric logging: the line, function or file must be about metrics
            let about =
                (c.line...(c.line + 5)).map { ctx.lineText(m.path, $0) }.joined(separator: " ") + " "
                + (c.enclosingFunction ?? "")
            return about.imatches(metricWords)
                || m.path.split(separator: "/").last.map(String.init)?.imatches(metricFile) == true
                ? ctx.candidate(m, c, strength: 7, note: "metrics CSV/JSONL writer")
                : RuleCandidate(ctx.ev(m.path, c.line), strength: 1, .rejected("writes data rows, not metrics"))
        }
        out += ctx.callCandidates(#"(^|\.)CSVLogger$"#, strength: 7, note: "CSVLogger")
        out += ctx.targetCandidates(#"CSVLogger$"#, strength: 7, note: "CSVLogger configured")
        for m in ctx.product {
            let appendFunctions = Set(
                m.calls.filter {
                    $0.callee == "open"
                        && ($0.positionalArguments.dropFirst().first?.contains("a") == true
                            || $0.keywordValues["mode"]?.contains("a") == true)
                }.map { $0.enclosingFunction ?? "" })
            for c in m.calls
            where c.callee == "json.dumps" && c.keywordValues["indent"] == nil
                && appendFunctions.contains(c.enclosingFunction ?? "")
            {
                out.append(ctx.candidate(m, c, strength: 7, note: "JSON lines appended"))
            }
        }
        for m in ctx.product where m.strings.contains(where: { $0.value.imatches(#"\.(csv|jsonl|ndjson)$"#) }) {
            for c in m.calls
            where c.callee == "open"
                && (c.positionalArguments.dropFirst().first ?? c.keywordValues["mode"] ?? "").matches(#"^['"]a"#)
            {
                let about =
                    (c.line...(c.line + 5)).map { ctx.lineText(m.path, $0) }.joined(separator: " ") + " "
                    + (c.enclosingFunction ?? "") + " " + m.path
                out.append(
                    about.imatches(metricWords)
                        ? ctx.candidate(m, c, strength: 6, note: "metric rows appended to a .csv/.jsonl file")
                        : RuleCandidate(
                            ctx.ev(m.path, c.line), strength: 1,
                            .rejected("appends data rows (predictions), not metrics")))
            }
        }
        // JSON Lines (https://jsonlines.org/): one JSON value per line, `f.write(json.dumps(row) + "\n")`, the
        // file opened for appending elsewhere (detectron2's JSONWriter, fairseq/lm-eval style result writers)
        for m in ctx.product {
            for c in m.calls where c.callee == "json.dumps" && c.keywordValues["indent"] == nil {
                let text = ctx.lineText(m.path, c.line)
                guard text.matches(#"\.write\(\s*json\.dumps\(.*\)\s*\+\s*['"]\\n['"]"#) else { continue }
                let about = text + " " + (c.enclosingFunction ?? "") + " " + (c.positionalArguments.first ?? "")
                out.append(
                    about.imatches(metricWords + "|scalar|row|record|event")
                        ? ctx.candidate(m, c, strength: 6, note: "one JSON object per line written")
                        : RuleCandidate(
                            ctx.ev(m.path, c.line), strength: 1, .rejected("writes JSON lines of data, not metrics")))
            }
        }
        out += ctx.calls({ $0.callee == "json.dump" || $0.callee.hasSuffix("save_metrics") }).map {
            RuleCandidate(
                ctx.ev($0.module.path, $0.call.line), strength: 1,
                .rejected("one pretty-printed JSON file is not line-oriented logging"), note: "")
        }
        return out
    }
}

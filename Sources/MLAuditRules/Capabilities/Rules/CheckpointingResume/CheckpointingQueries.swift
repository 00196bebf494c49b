import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Framework full-state checkpointing configured by the repository.
extension RuleContext {
    /// Lightning `ModelCheckpoint` configured (config or code) without `save_weights_only: true`.
    package var lightningFullCheckpoint: [RuleCandidate] {
        var out: [RuleCandidate] = []
        for file in Set(entries(key: "_target_") { $0.value.hasSuffix("ModelCheckpoint") }.map(\.path)).sorted() {
            let rows = entries(in: file)
            if let w = rows.first(where: { $0.key == "save_weights_only" }) {
                if w.boolValue == true { continue }
                out.append(
                    candidate(w, strength: 6, note: "full-state Lightning checkpoint (save_weights_only: False)"))
            } else if let t = rows.first(where: { $0.key == "_target_" }) {
                out.append(candidate(t, strength: 5, note: "Lightning ModelCheckpoint (full state)"))
            }
        }
        out += calls({
            $0.callee.lastComponent == "ModelCheckpoint"
                && $0.keywordValues["save_weights_only"].map(Values.isFalsy) ?? true
        })
        .map { candidate($0.module, $0.call, strength: 5, note: "Lightning ModelCheckpoint (full state)") }
        return out
    }

    package func entries(in path: String) -> [ConfigEntry] { entriesByPath[path] ?? [] }

    /// State dicts handed to a save call (`fabric.save(path, state)`, `torch.save({...}, p)`) with a key matching
    /// `keyRegex` ("optimizer", "scheduler"): frameworks then save/restore that object's full state.
    package func savedStateEntries(_ keyRegex: String, note: String) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        let keyed = #"['"]("# + keyRegex + #")['"]\s*:"#
        for m in product {
            // every accepted name holds "save": a byte check first, the regex only on those
            let saves = m.calls.filter {
                $0.callee.fastContains("save")
                    && $0.callee.lastComponent.matches(#"^(save|save_checkpoint|save_state)$"#)
            }
            for s in saves {
                for arg in s.positionalArguments + Array(s.keywordValues.values)
                where arg.hasPrefix("{") && arg.matches(keyed) {
                    out.append(RuleCandidate(ev(m.path, valueLine(m.path, s.line, keyed)), strength: 7, note: note))
                }
            }
            let savedNames = Set(saves.flatMap { $0.positionalArguments + Array($0.keywordValues.values) })
            for a in m.assignments
            where a.valueText.hasPrefix("{") && savedNames.contains(a.target) && a.valueText.matches(keyed) {
                out.append(RuleCandidate(ev(m.path, valueLine(m.path, a.line, keyed)), strength: 7, note: note))
            }
        }
        return out
    }

    /// HF Trainer checkpointing configured: `save_strategy` not "no" (config or TrainingArguments).
    package var hfTrainerCheckpoint: [RuleCandidate] {
        entryCandidates(["save_strategy"], strength: 5, note: "HF Trainer full-state checkpoints") {
            !$0.isNullish && $0.value.lowercased() != "no"
        }
            + keywordCandidates(["save_strategy"], strength: 5, note: "HF Trainer full-state checkpoints") {
                !$0.imatches(#"^['"]?no['"]?$"#)
            }
            + callCandidates(#"accelerator\.save_state$"#, strength: 6, note: "Accelerate full-state save")
    }
}

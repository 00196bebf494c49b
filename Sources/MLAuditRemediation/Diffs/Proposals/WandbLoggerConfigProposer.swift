import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// Hydra/YAML logger configs that instantiate a Lightning-style `WandbLogger` online by default (`offline: False`
/// or no `offline` key): default them to a literal `offline: True`, overridable per run (`<group>.wandb.offline=False`).
/// Not an `${oc.env:...}` default: `oc.env` yields a string, so `WANDB_OFFLINE=false` would still be truthy, and the
/// decoding form (`oc.decode` around `oc.env`) needs OmegaConf >= 2.1, which the configs cannot prove.
package struct WandbLoggerConfigProposer: DiffProposer {

    package struct Site { package var path: String; package var targetLine: Int; package var offlineLine: Int? }

    /// WandbLogger `_target_`s of the YAML configs whose sibling `offline` is false or absent, read with the YAML facts.
    package static func sites(_ context: FindingContext) -> [Site] {
        var out: [Site] = []
        for f in context.files({ $0.kind == .yaml && !$0.isTest }) where context.contains(f.path, "WandbLogger") {
            guard let text = context.facts.text(f.path),
                  case .success(let entries) = YAMLConfigReader.read(text: text, path: f.path, format: .yaml) else { continue }
            let targets = entries.filter { $0.key == "_target_" }
            for target in targets where FindingContext.lastSegment(target.value) == "WandbLogger" {
                // List items share a key path: their `offline` keys cannot be told apart, so leave them alone.
                guard targets.filter({ $0.keyPath == target.keyPath }).count == 1 else { continue }
                let parent = String(target.keyPath.dropLast("_target_".count))   // "wandb." or ""
                let offline = entries.first { $0.keyPath == parent + "offline" && !$0.isListItem }
                if let offline {
                    guard offline.boolValue == false else { continue }   // already offline, or an interpolation
                }
                out.append(Site(path: f.path, targetLine: target.line, offlineLine: offline?.line))
            }
        }
        return out
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard !context.mentions("WANDB_MODE"), !context.mentions("WANDB_OFFLINE"), !context.mentions("wandb offline") else { return nil }
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return nil }
        var files: [DiffProposal.File] = []
        for path in Array(Set(sites.map(\.path))).sorted().prefix(3) {
            guard var editor = context.editor(path) else { continue }
            let setting = "True  # W&B stays offline (sync later with `wandb sync`); override with offline=False to stream"
            for site in sites where site.path == path {
                if let line = site.offlineLine {
                    let old = editor.lines[line - 1]
                    guard let colon = old.range(of: "offline:"),
                          let v = old[colon.upperBound...].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first,
                          ["false", "no", "off"].contains(v.trimmingCharacters(in: .whitespaces).lowercased()) else { continue }
                    editor.replace(line: line - 1, with: String(old[..<colon.upperBound]) + " " + setting)
                } else {
                    let targetText = editor.lines[site.targetLine - 1]
                    guard targetText.trimmingCharacters(in: .whitespaces).hasPrefix("_target_:") else { continue }
                    editor.insert([SourceEditor.indentation(targetText) + "offline: " + setting], after: site.targetLine - 1)
                }
            }
            guard editor.hasEdits else { continue }
            let file = DiffProposal.File(editor)
            // The edited YAML must still parse and no longer hold an online WandbLogger.
            guard case .success(let entries) = YAMLConfigReader.read(text: file.updated, path: path, format: .yaml),
                  entries.contains(where: { $0.key == "offline" && $0.boolValue == true }) else { return nil }
            files.append(file)
        }
        guard !files.isEmpty else { return nil }
        return DiffProposal(
            title: "Default the WandbLogger config\(files.count == 1 ? "" : "s") to offline (\(files.map { "`\($0.path)`" }.joined(separator: ", ")))",
            why: "The WandbLogger config at \(sites.prefix(3).map { "\($0.path):\($0.offlineLine ?? $0.targetLine)" }.joined(separator: ", ")) starts W&B online when it is selected: runs need a login and network, fail in offline gates and air-gapped machines, and send metrics off the machine by default. This sets `offline: True`, the logger's own switch.",
            risk: "Runs with this logger no longer stream to the W&B server; they write `wandb/offline-run-*` folders to sync with `wandb sync`. Override per run on the command line (`...offline=False`).",
            rollback: FindingContext.rollback(modified: files.map(\.path), created: []),
            testsDocs: "Compose the config with this logger selected (e.g. `python <entry> logger=wandb --cfg job`) and check `offline` resolves to true; document how to go online in the README.",
            files: files)
    }
}

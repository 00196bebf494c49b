import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

/// Which capability a stub site belongs to: by the mechanism its symbol or text names, then by the class it
/// sits in (a LightningDataModule hook is Data Handling), then by its file's role. Nil when nothing says.
public enum StubCapabilityMapper {
    /// Ordered: the first mechanism that matches wins.
    package static let mechanisms: [(regex: String, capability: String)] = [
        (#"tokeni[sz]|vocab|encod|decod|detokeni|sentencepiece|tiktoken|padding|truncat"#, "Tokenization"),
        (#"lora|peft|adapter|dtype|device|weight.?tying|from_pretrained|build_model|init_weights|forward|attention|embedding"#, "Modeling"),
        (#"checkpoint|ckpt|resume|state_dict|save_model|load_model|rng_state"#, "Checkpointing & Resume"),
        (#"autocast|grad_?scaler|mixed.?precision|accumulat|optimi[sz]er|backward|train(ing)?_step|train_epoch|on_train|fit\b|training_loop|\btrain\b|distributed|\bddp\b|fsdp|deepspeed"#, "Training Engine"),
        (#"valid|evaluat|\beval|metric|accuracy|perplexity|bleu|rouge|test_step|on_test|predict"#, "Evaluation & Metrics"),
        (#"wandb|tensorboard|mlflow|summary_?writer|psutil|nvml|tracker"#, "Logging & Monitoring"),
        (#"config|hydra|omegaconf|override|sweep|argparse|cli_args"#, "Configuration Management"),
        (#"dataset|dataloader|datamodule|split|shuffl|sampler|cache|collat|prepare_data|setup\b|teardown"#, "Data Handling"),
        (#"secret|moderat|safety|guard|toxic|sanitiz"#, "Security & Safety"),
        (#"docker|package|entry.?point|console_script|deploy|serve|export"#, "Deployment"),
        (#"plugin|registry|register"#, "Extensibility"),
    ]

    public static func capability(for site: StubSite, facts: RepositoryFacts) -> String? {
        if facts.snapshot.file(site.path)?.isTest == true { return "Internal CI/Test" }
        let symbolText = site.symbol == "<module>" ? "" : site.symbol.replacingOccurrences(of: ".", with: " ")
        for probe in [symbolText, site.text] where !probe.isEmpty {
            if let hit = mechanisms.first(where: { probe.imatches($0.regex) }) { return hit.capability }
        }
        // the enclosing class's role
        if let module = facts.python[site.path] {
            let owner = module.classes.filter { $0.span.start <= site.line && site.line <= $0.span.end }.max { $0.span.start < $1.span.start }
            if let owner {
                let role = ([owner.name] + owner.bases).joined(separator: " ")
                if role.imatches(#"DataModule|Dataset|DataLoader|Sampler"#) { return "Data Handling" }
                if role.imatches(#"LightningModule|Module|Model"#) { return "Modeling" }
                if role.imatches(#"Tokenizer"#) { return "Tokenization" }
                if role.imatches(#"Callback|Logger"#) { return "Logging & Monitoring" }
            }
        }
        // the file's role
        let path = site.path.lowercased()
        if path.hasSuffix(".ipynb") || path.hasPrefix("docs/") || path.hasPrefix("examples/") { return "Documentation & Examples" }
        for (regex, capability) in [(#"token"#, "Tokenization"), (#"(^|/)(models?|modeling\w*|networks?|layers?)(/|\.py$)"#, "Modeling"),
                                    (#"(^|/)data\w*(/|\.py$)"#, "Data Handling"), (#"(^|/)(train\w*|trainer)(/|\.py$)"#, "Training Engine"),
                                    (#"(^|/)(eval\w*|metrics?)(/|\.py$)"#, "Evaluation & Metrics"), (#"(^|/)(configs?|conf)(/|\.py$)"#, "Configuration Management"),
                                    (#"checkpoint"#, "Checkpointing & Resume"), (#"(^|/)(sample|generate|inference)\w*\.py$"#, "Modeling")] {
            if path.imatches(regex) { return capability }
        }
        return nil
    }
}

import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Which capability a stub site belongs to: by the mechanism its symbol or text names, then by the class it
/// sits in (a LightningDataModule hook is Data Handling), then by its file's role. Nil when nothing says.
public enum StubCapabilityMapper {
    /// Ordered: the first mechanism that matches wins.
    package static let mechanisms: [(regex: String, capability: Capability)] = [
        (#"tokeni[sz]|vocab|encod|decod|detokeni|sentencepiece|tiktoken|padding|truncat"#, .tokenization),
        (
            #"lora|peft|adapter|dtype|device|weight.?tying|from_pretrained|build_model|init_weights|forward|attention|embedding"#,
            .modeling
        ),
        (#"checkpoint|ckpt|resume|state_dict|save_model|load_model|rng_state"#, .checkpointingResume),
        (
            #"autocast|grad_?scaler|mixed.?precision|accumulat|optimi[sz]er|backward|train(ing)?_step|train_epoch|on_train|fit\b|training_loop|\btrain\b|distributed|\bddp\b|fsdp|deepspeed"#,
            .trainingEngine
        ),
        (#"valid|evaluat|\beval|metric|accuracy|perplexity|bleu|rouge|test_step|on_test|predict"#, .evaluationMetrics),
        (#"wandb|tensorboard|mlflow|summary_?writer|psutil|nvml|tracker"#, .loggingMonitoring),
        (#"config|hydra|omegaconf|override|sweep|argparse|cli_args"#, .configurationManagement),
        (
            #"dataset|dataloader|datamodule|split|shuffl|sampler|cache|collat|prepare_data|setup\b|teardown"#,
            .dataHandling
        ),
        (#"secret|moderat|safety|guard|toxic|sanitiz"#, .securitySafety),
        (#"docker|package|entry.?point|console_script|deploy|serve|export"#, .deployment),
        (#"plugin|registry|register"#, .extensibility),
    ]

    /// A file's role by its path, when neither the stub's words nor its class say.
    package static let fileRoles: [(regex: String, capability: Capability)] = [
        (#"token"#, .tokenization), (#"(^|/)(models?|modeling\w*|networks?|layers?)(/|\.py$)"#, .modeling),
        (#"(^|/)data\w*(/|\.py$)"#, .dataHandling), (#"(^|/)(train\w*|trainer)(/|\.py$)"#, .trainingEngine),
        (#"(^|/)(eval\w*|metrics?)(/|\.py$)"#, .evaluationMetrics),
        (#"(^|/)(configs?|conf)(/|\.py$)"#, .configurationManagement),
        (#"checkpoint"#, .checkpointingResume), (#"(^|/)(sample|generate|inference)\w*\.py$"#, .modeling),
    ]

    public static func capability(for site: StubSite, facts: RepositoryFacts) -> Capability? {
        if facts.snapshot.file(site.path)?.isTest == true { return .internalCITest }
        let symbolText = site.symbol == "<module>" ? "" : site.symbol.replacingOccurrences(of: ".", with: " ")
        for probe in [symbolText, site.text] where !probe.isEmpty {
            if let hit = mechanisms.first(where: { probe.imatches($0.regex) }) { return hit.capability }
        }
        // the enclosing class's role
        if let module = facts.python[site.path] {
            let owner = module.classes.filter { $0.span.start <= site.line && site.line <= $0.span.end }.max {
                $0.span.start < $1.span.start
            }
            if let owner {
                let role = ([owner.name] + owner.bases).joined(separator: " ")
                if role.imatches(#"DataModule|Dataset|DataLoader|Sampler"#) { return .dataHandling }
                if role.imatches(#"LightningModule|Module|Model"#) { return .modeling }
                if role.imatches(#"Tokenizer"#) { return .tokenization }
                if role.imatches(#"Callback|Logger"#) { return .loggingMonitoring }
            }
        }
        // the file's role
        let path = site.path.lowercased()
        if path.hasSuffix(".ipynb") || path.hasPrefix("docs/") || path.hasPrefix("examples/") {
            return .documentationExamples
        }
        for (regex, capability) in fileRoles where path.imatches(regex) { return capability }
        return nil
    }
}

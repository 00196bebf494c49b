import Foundation

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// A throwaway repository in a temp folder, built file by file, with real git commits and branches.
final class FixtureRepository {
    let root: URL

    init(_ name: String = "fixture") throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("mlaudit-\(UUID().uuidString)")
        root = base.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

    @discardableResult
    func write(_ path: String, _ text: String) throws -> FixtureRepository {
        try write(path, Data(text.utf8))
    }

    @discardableResult
    func write(_ path: String, _ data: Data) throws -> FixtureRepository {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return self
    }

    /// Runs git in the repository with a fixed identity and fixed dates, so commits are reproducible.
    @discardableResult
    func git(_ args: String..., date: String = "2026-01-02T03:04:05Z") throws -> String {
        var env = ProcessInfo.processInfo.environment
        env["GIT_AUTHOR_NAME"] = "Fixture"
        env["GIT_AUTHOR_EMAIL"] = "fixture@example.invalid"
        env["GIT_COMMITTER_NAME"] = "Fixture"
        env["GIT_COMMITTER_EMAIL"] = "fixture@example.invalid"
        env["GIT_AUTHOR_DATE"] = date
        env["GIT_COMMITTER_DATE"] = date
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["HOME"] = root.deletingLastPathComponent().path
        let r = try ProcessRunner.run("git", ["-C", root.path] + args, environment: env, timeout: 60)
        guard r.exitCode == 0 else { throw FixtureError("git \(args.joined(separator: " ")) failed: \(r.stderrText)") }
        return r.stdoutText
    }

    func initGit(branch: String = "main") throws {
        try git("init", "-q", "-b", branch)
    }

    func commitAll(_ message: String, date: String = "2026-01-02T03:04:05Z") throws {
        try git("add", "-A", date: date)
        try git("commit", "-q", "-m", message, date: date)
    }

    /// Every file's bytes plus `git status --porcelain`: equal before and after means nothing was written.
    func fingerprint() throws -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey])
        while let url = e?.nextObject() as? URL {
            let rel = String(url.path.dropFirst(root.path.count + 1))
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            if values.isSymbolicLink == true {
                out[rel] = Data(((try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?").utf8)
            } else if values.isRegularFile == true {
                out[rel] = (try? Data(contentsOf: url)) ?? Data("<unreadable>".utf8)
            }
        }
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) {
            out["<git status>"] = Data(try git("status", "--porcelain", "--ignored").utf8)
        }
        return out
    }

    /// A small but real-shaped ML repository: training loop, config, checkpointing, tests, docs.
    static func mlProject(_ name: String = "tinyml") throws -> FixtureRepository {
        let repo = try FixtureRepository(name)
        try repo.initGit()
        try repo.write(
            "README.md",
            """
            # tinyml

            A tiny GPT-style language model trained on characters.

            ## Quickstart

            ```sh
            pip install -r requirements.txt
            python train.py --config configs/base.yaml
            ```
            """)
        try repo.write("requirements.txt", "torch>=2.0\nnumpy\npyyaml==6.0.1\n")
        try repo.write(
            "configs/base.yaml",
            "model:\n  n_layer: 2\n  n_embd: 64\ntrain:\n  lr: 0.001\n  max_iters: 100\n  grad_accum: 4\n")
        try repo.write("tinyml/__init__.py", "")
        try repo.write(
            "tinyml/model.py",
            """
            import torch
            import torch.nn as nn


            class Block(nn.Module):
                def __init__(self, n_embd):
                    super().__init__()
                    self.ln = nn.LayerNorm(n_embd)
                    self.fc = nn.Linear(n_embd, n_embd)

                def forward(self, x):
                    return x + self.fc(self.ln(x))


            class TinyLM(nn.Module):
                def __init__(self, vocab_size, n_embd=64, n_layer=2):
                    super().__init__()
                    self.emb = nn.Embedding(vocab_size, n_embd)
                    self.blocks = nn.Sequential(*[Block(n_embd) for _ in range(n_layer)])
                    self.head = nn.Linear(n_embd, vocab_size)

                def forward(self, idx):
                    return self.head(self.blocks(self.emb(idx)))

                def generate(self, idx, steps):
                    # TODO: add top-k sampling
                    raise NotImplementedError("sampling is not implemented yet")
            """)
        try repo.write(
            "train.py",
            """
            import argparse
            import random

            import numpy as np
            import torch
            import yaml

            from tinyml.model import TinyLM


            def main():
                parser = argparse.ArgumentParser()
                parser.add_argument("--config", default="configs/base.yaml")
                args = parser.parse_args()
                with open(args.config) as f:
                    cfg = yaml.safe_load(f)
                torch.manual_seed(1337)
                np.random.seed(1337)
                random.seed(1337)
                device = "cuda" if torch.cuda.is_available() else "cpu"
                model = TinyLM(vocab_size=65).to(device)
                optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["train"]["lr"])
                data = torch.randint(0, 65, (1000,))
                n = int(0.9 * len(data))
                train_data, val_data = data[:n], data[n:]
                for it in range(cfg["train"]["max_iters"]):
                    x = train_data[:32].unsqueeze(0).to(device)
                    logits = model(x)
                    loss = torch.nn.functional.cross_entropy(logits.view(-1, 65), x.view(-1))
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, "ckpt.pt")


            if __name__ == "__main__":
                main()
            """)
        try repo.write(
            "tests/test_model.py",
            """
            import torch

            from tinyml.model import TinyLM


            def test_forward_shape():
                model = TinyLM(vocab_size=10)
                out = model(torch.zeros(1, 4, dtype=torch.long))
                assert out.shape == (1, 4, 10)
            """)
        try repo.write(".gitignore", "*.pt\n__pycache__/\n")
        try repo.commitAll("Initial tiny model", date: "2026-01-02T03:04:05Z")
        try repo.git("checkout", "-q", "-b", "feature/eval")
        try repo.write(
            "tinyml/eval.py",
            """
            import math


            def perplexity(loss):
                return math.exp(loss)
            """)
        try repo.commitAll("Add perplexity", date: "2026-01-05T10:00:00Z")
        try repo.git("checkout", "-q", "main")
        return repo
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

extension AuditSettings {
    static func pinned(_ date: String = "2026-11-25") -> AuditSettings {
        AuditSettings(date: date, timestamp: "\(date)T00:00:00Z")
    }
}

import Foundation
import MLAuditPython

struct PackagingRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DEP-01", capability: "Deployment", subfeature: "packaging",
        summary: "Installable package metadata for the main code: `setup(...)` in setup.py, `[project]`/`[tool.poetry]` name in pyproject.toml, or `[metadata] name` in setup.cfg.",
        rationale: "Without package metadata, code is imported by path hacks and cannot be installed or versioned.",
        triggering: [RuleExample(["setup.py": "from setuptools import setup, find_packages\nsetup(name='proj', packages=find_packages())\n"]),
                     RuleExample(["pyproject.toml": "[project]\nname = \"proj\"\nversion = \"0.1.0\"\n"])],
        nonTriggering: [RuleExample(["pyproject.toml": "[tool.black]\nline-length = 99\n"], .absent)],
        stubTerms: "",
        gap: "no installable package metadata; add a `[project]` table to `pyproject.toml` for the main code",
        risk: "Imports rely on the working directory, so scripts break when run from elsewhere and versions are untracked.",
        patch: "Add `pyproject.toml` with `[project] name/version/dependencies` and `[build-system]` (setuptools); verify with `pip install -e .`.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({ ($0.callee == "setup" || $0.callee == "setuptools.setup") })
            .filter { $0.module.path.hasSuffix("setup.py") }.map { ctx.candidate($0.module, $0.call, strength: 8, note: "setuptools setup()") }
        out += ctx.entries { ($0.keyPath == "project.name" || $0.keyPath == "tool.poetry.name") && $0.path.hasSuffix("pyproject.toml") }
            .map { ctx.candidate($0, strength: 8, note: "pyproject package metadata") }
        out += ctx.entries { $0.keyPath == "metadata.name" && $0.path.hasSuffix("setup.cfg") }.map { ctx.candidate($0, strength: 7, note: "setup.cfg metadata") }
        return out
    }
}

struct CLIEntryPointsRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DEP-02", capability: "Deployment", subfeature: "CLI entry points",
        summary: "Console scripts (`console_scripts`, `[project.scripts]`, poetry scripts) or a documented CLI module: a script run by a documented command that parses its arguments (argparse/click/typer/fire/Hydra/TrlParser/sys.argv, directly or via an exec'd configurator).",
        rationale: "A stable command is how users and schedulers launch the code; undocumented scripts rot.",
        triggering: [RuleExample(["setup.py": "from setuptools import setup\nsetup(name='p', entry_points={'console_scripts': ['train_command = src.train:main']})\n"]),
                     RuleExample(["README.md": "Run:\n```bash\npython train.py --lr=0.1\n```\n", "train.py": "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr')\nargs = p.parse_args()\n"])],
        nonTriggering: [RuleExample(["train.py": "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr')\n"], .absent)],
        stubTerms: "^main$|(^|[^A-Za-z])cli([^A-Za-z]|$)",
        gap: "no console script or documented CLI; expose the training entry point as a `[project.scripts]` command",
        risk: "Users must know internal script paths, and schedulers hard-code them.",
        patch: "Add `[project.scripts] <name>-train = \"<pkg>.train:main\"` to `pyproject.toml` and document `<name>-train --help` in the README.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.entries { $0.keyPath.hasPrefix("project.scripts") || $0.keyPath.hasPrefix("tool.poetry.scripts") || $0.keyPath.hasPrefix("options.entry_points.console_scripts") || $0.key == "console_scripts" }
            .map { ctx.candidate($0, strength: 8, note: "console script") }
        if let setup = ctx.facts.python["setup.py"] {
            out += setup.strings.filter { $0.value == "console_scripts" || $0.value.matches(#"^\s*[\w.-]+\s*=\s*[\w.]+:\w+\s*$"#) }
                .map { RuleCandidate(ctx.ev(setup.path, $0.line), strength: 8, note: "setup.py console_scripts") }
        }
        // documented CLI modules
        let parser = #"(^|\.)(ArgumentParser|parse_args|add_argument|TrlParser|HfArgumentParser|parse_args_and_config|Fire|command|option)$|^hydra\.main$|^(click|typer)\."#
        var documented: [String] = []
        let docCommands = ctx.config.markdown.filter { ctx.isProductPath($0.path) }.flatMap { $0.commandLines.map(\.text) } + ctx.productCommands.map(\.text)
        for text in docCommands {
            for token in text.split(separator: " ") where token.hasSuffix(".py") {
                let p = token.hasPrefix("./") ? String(token.dropFirst(2)) : String(token)
                if ctx.facts.python[p] != nil, !documented.contains(p) { documented.append(p) }
            }
        }
        for path in documented {
            guard let m = ctx.facts.python[path], ctx.isProductPath(path) else { continue }
            if let c = m.calls.first(where: { $0.callee.matches(parser) || $0.positionalArguments.contains { $0.hasPrefix("sys.argv") } }) {
                out.append(RuleCandidate(ctx.ev(path, c.line), strength: 6, note: "documented CLI `\(path)`"))
                continue
            }
            // a configurator exec'd by the script parses argv
            for s in m.strings where s.value.hasSuffix(".py") {
                guard let cfg = ctx.facts.python[s.value] else { continue }
                if let a = cfg.assignments.first(where: { $0.valueText.hasPrefix("sys.argv") || $0.valueText.contains("arg.split") }) {
                    out.append(RuleCandidate(ctx.ev(cfg.path, a.line), strength: 6, note: "documented CLI `\(path)` parses argv via `\(cfg.path)`"))
                } else if let c = cfg.calls.first(where: { $0.positionalArguments.contains { $0.hasPrefix("sys.argv") } || $0.callee.matches(parser) }) {
                    out.append(RuleCandidate(ctx.ev(cfg.path, c.line), strength: 6, note: "documented CLI `\(path)` parses argv via `\(cfg.path)`"))
                } else if let line = ctx.facts.lines(cfg.path).firstIndex(where: { $0.contains("sys.argv") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }) {
                    out.append(RuleCandidate(ctx.ev(cfg.path, line + 1), strength: 5, note: "documented CLI `\(path)` parses argv via `\(cfg.path)`"))
                }
            }
        }
        return out
    }
}

struct DockerInfraRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DEP-03", capability: "Deployment", subfeature: "Docker infra",
        summary: "Any Dockerfile, compose file or devcontainer definition.",
        rationale: "A container pins the CUDA/system stack that pip cannot, making runs portable.",
        triggering: [RuleExample(["Dockerfile": "FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime\nRUN pip install -r requirements.txt\n"]),
                     RuleExample([".devcontainer/devcontainer.json": "{\"image\": \"mcr.microsoft.com/devcontainers/python:3.11\"}\n"])],
        nonTriggering: [RuleExample(["README.md": "You can run this in Docker.\n"], .absent)],
        stubTerms: "",
        gap: "no Dockerfile, compose file or devcontainer",
        risk: "The CUDA/driver/system stack is undocumented, so results depend on each machine.",
        patch: "Add a `Dockerfile` from a pinned `pytorch/pytorch:<version>-cuda` image that installs the locked requirements, plus a `docker build` line in the README.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        ctx.facts.files.filter { f in
            ctx.isProductPath(f.path) && (f.kind == .dockerfile || f.kind == .compose || f.path.hasSuffix("devcontainer.json"))
        }.map { f in
            let lines = ctx.facts.lines(f.path)
            let from = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).uppercased().hasPrefix("FROM ") }
            return RuleCandidate(ctx.ev(f.path, from.map { $0 + 1 } ?? ctx.firstLine(f.path)), strength: f.kind == .dockerfile ? 8 : 6, note: "container definition")
        }
    }
}

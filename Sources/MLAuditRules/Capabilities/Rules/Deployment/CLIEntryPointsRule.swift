import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct CLIEntryPointsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .cliEntryPoints,
        summary:
            "Console scripts (`console_scripts`, `[project.scripts]`, poetry scripts) or a documented CLI module: a script run by a documented command that parses its arguments (argparse/click/typer/fire/Hydra/TrlParser/sys.argv, directly or via an exec'd configurator).",
        rationale: "A stable command is how users and schedulers launch the code; undocumented scripts rot.",
        triggering: [
            RuleExample([
                "setup.py":
                    "from setuptools import setup\nsetup(name='p', entry_points={'console_scripts': ['train_command = src.train:main']})\n"
            ]),
            RuleExample([
                "README.md": "Run:\n```bash\npython train.py --lr=0.1\n```\n",
                "train.py":
                    "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr')\nargs = p.parse_args()\n",
            ]),
        ],
        nonTriggering: [
            RuleExample(
                ["train.py": "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr')\n"], .absent),
            RuleExample(
                [
                    "pip_build.py":
                        "import argparse\nparser = argparse.ArgumentParser()\nparser.add_argument('--install', action='store_true')\n",
                    "CONTRIBUTING.md": "Build the wheel:\n\n```shell\npython pip_build.py --install\n```\n",
                ], .absent),
        ],
        stubTerms: "^main$|(^|[^A-Za-z])cli([^A-Za-z]|$)",
        gap: "no console script or documented CLI; expose the training entry point as a `[project.scripts]` command",
        risk: "Users must know internal script paths, and schedulers hard-code them.",
        patch:
            "Add `[project.scripts] <name>-train = \"<pkg>.train:main\"` to `pyproject.toml` and document `<name>-train --help` in the README.",
        patchFiles: [.path("pyproject.toml")],
        deferral: Deferral(
            .low, why: "metadata only once packaged",
            plan: "declare [project.scripts] for the train/eval entry points"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.entries {
            $0.keyPath.hasPrefix("project.scripts") || $0.keyPath.hasPrefix("tool.poetry.scripts")
                || $0.keyPath.hasPrefix("options.entry_points.console_scripts") || $0.key == "console_scripts"
        }
        .map { ctx.candidate($0, strength: 8, note: "console script") }
        if let setup = ctx.facts.python["setup.py"] {
            out += setup.strings.filter {
                $0.value == "console_scripts" || $0.value.matches(#"^\s*[\w.-]+\s*=\s*[\w.]+:\w+\s*$"#)
            }
            .map { RuleCandidate(ctx.ev(setup.path, $0.line), strength: 8, note: "setup.py console_scripts") }
        }
        // documented CLI modules
        let parser =
            #"(^|\.)(ArgumentParser|parse_args|add_argument|TrlParser|HfArgumentParser|parse_args_and_config|Fire|command|option)$|^hydra\.main$|^(click|typer)\."#
        var documented: [String] = []
        let docCommands =
            ctx.config.markdown.filter { ctx.isProductPath($0.path) }.flatMap { $0.commandLines.map(\.text) }
            + ctx.productCommands.map(\.text)
        for text in docCommands {
            for token in text.split(separator: " ") where token.hasSuffix(".py") {
                let p = token.hasPrefix("./") ? String(token.dropFirst(2)) : String(token)
                if ctx.facts.python[p] != nil, !documented.contains(p) { documented.append(p) }
            }
        }
        for path in documented {
            guard let m = ctx.facts.python[path], ctx.isProductPath(path) else { continue }
            // release and packaging tooling parses arguments for maintainers, not users (keras pip_build.py,
            // diffusers/transformers utils/release.py)
            if path.split(separator: "/").last.map(String.init)?.imatches(
                #"^(pip_build|build|build_\w+|release|make_release|publish|setup|api_gen|bump_version)\.py$"#) == true
            {
                out.append(
                    RuleCandidate(
                        ctx.ev(path, 1), strength: 1,
                        .rejected("`\(path)` is release/packaging tooling, not the project's CLI")))
                continue
            }
            if let c = m.calls.first(where: {
                $0.callee.matches(parser) || $0.positionalArguments.contains { $0.hasPrefix("sys.argv") }
            }) {
                out.append(RuleCandidate(ctx.ev(path, c.line), strength: 6, note: "documented CLI `\(path)`"))
                continue
            }
            // a configurator exec'd by the script parses argv
            for s in m.strings where s.value.hasSuffix(".py") {
                guard let cfg = ctx.facts.python[s.value] else { continue }
                if let a = cfg.assignments.first(where: {
                    $0.valueText.hasPrefix("sys.argv") || $0.valueText.contains("arg.split")
                }) {
                    out.append(
                        RuleCandidate(
                            ctx.ev(cfg.path, a.line), strength: 6,
                            note: "documented CLI `\(path)` parses argv via `\(cfg.path)`"))
                } else if let c = cfg.calls.first(where: {
                    $0.positionalArguments.contains { $0.hasPrefix("sys.argv") } || $0.callee.matches(parser)
                }) {
                    out.append(
                        RuleCandidate(
                            ctx.ev(cfg.path, c.line), strength: 6,
                            note: "documented CLI `\(path)` parses argv via `\(cfg.path)`"))
                } else if let line = ctx.facts.lines(cfg.path).firstIndex(where: {
                    $0.contains("sys.argv") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#")
                }) {
                    out.append(
                        RuleCandidate(
                            ctx.ev(cfg.path, line + 1), strength: 5,
                            note: "documented CLI `\(path)` parses argv via `\(cfg.path)`"))
                }
            }
        }
        return out
    }
}

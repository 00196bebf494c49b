import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PlaceholderImplementationCheck: FindingCheck {
    package let code = FindingCode.mla116
    package let severity = Severity.medium
    package let summary =
        "Product code has placeholder implementations (`raise NotImplementedError`, `pass`-only bodies, placeholder messages) that are not abstract declarations."
    package let why =
        "A placeholder on a reachable path fails (or silently does nothing) only when that path is first exercised, often deep into a run."
    package let fix =
        "Implement the function or delete it and its callers; mark genuine interfaces `@abstractmethod` so they read as declarations."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["model.py": "def evaluate(model):\n    raise NotImplementedError\n"], needsPythonReader: true),
            // A message that says work is left to do is still a placeholder.
            FindingExample(
                ["decode.py": "def decode(tokens):\n    raise NotImplementedError('TODO: implement beam decoding')\n"],
                needsPythonReader: true),
            FindingExample(
                [
                    "samplers.py":
                        "class ContextSampler:\n    def sample(self, n):\n        return self.pool[:n]\nclass BalancedSampler(ContextSampler):\n    def sample(self, n):\n        \"\"\"TODO: class-balanced samples.\"\"\"\n        raise NotImplementedError\n"
                ], needsPythonReader: true),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "model.py":
                        "from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def forward(self):\n        raise NotImplementedError\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "data.py":
                        "def load(name):\n    if name == 'a':\n        return 1\n    else:\n        raise NotImplementedError\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "accelerator.py":
                        "def prepare_pippy(self):\n    raise NotImplementedError('Pipeline parallelism is currently not supported in Accelerate.')\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "hooks.py":
                        "class Hook:\n    def after_step(self):\n        pass\n\n\nclass Checker:\n    def __init__(self):\n        pass\n"
                ], needsPythonReader: true),
            FindingExample(
                ["ds.py": "def backward(loss):\n    pass  # accelerator.backward(loss) does this automatically\n"],
                needsPythonReader: true),
            FindingExample(
                [
                    "state.py":
                        "class BatchState:\n    def register(self, x):\n        raise NotImplementedError\nclass TrainState(BatchState):\n    def register(self, x):\n        self.items.append(x)\nclass EvalState(BatchState):\n    def register(self, x):\n        pass\n    def send_grad(self, g):\n        raise NotImplementedError(\"You can't send a grad in eval mode\")\n",
                    "dm.py":
                        "from lightning import LightningDataModule\nclass DM(LightningDataModule):\n    def load_state_dict(self, state):\n        \"\"\"Called when loading a checkpoint. Implement to reload datamodule state.\"\"\"\n        pass\n",
                    "fp8.py":
                        "if NEW_TE:\n    def _fix_impl(x):\n        pass\nelse:\n    def _fix_impl(x):\n        x.update()\n        return x\ndef register(root):\n    def empty_load_callback():\n        pass\n    return empty_load_callback\n",
                ], needsPythonReader: true),
            FindingExample(
                [
                    "export/archive.py":
                        "class Archive:\n    def __init__(self):\n        raise NotImplementedError('Archive is an abstract class.')\n    def track(self, resource):\n        raise NotImplementedError()\n",
                    "backend/numpy/rnn.py": "def lstm(*args, **kwargs):\n    raise NotImplementedError\n",
                    "backend/torch/rnn.py":
                        "def lstm(inputs, states):\n    out = run(inputs, states)\n    return out\n",
                ], needsPythonReader: true),
            FindingExample(
                [
                    "rnn.py":
                        "def bidirectional_gru(*args, **kwargs):\n    # No fused kernel on this backend: fall through to the generic path.\n    raise NotImplementedError\n"
                ], needsPythonReader: true),
            // A refusing property deleter, a weightless layer's build, a null object, a serialization opt-out.
            FindingExample(
                [
                    "tensor.py":
                        "class Sliced:\n    def _get(self):\n        return self.x\n    def _set(self, v):\n        self.x = v\n    def _del(self):\n        raise NotImplementedError\n    grad = property(_get, _set, _del)\n",
                    "layers.py":
                        "class Lookup(Layer):\n    def build(self, input_shape=None):\n        pass\n    def call(self, x):\n        return x\n",
                    "scope.py":
                        "class NoopLoadingScope:\n    def get(self, key):\n        return None\n    def set(self, key, obj):\n        pass\n",
                    "metrics.py":
                        "class MetricsList(Metric):\n    def get_config(self):\n        raise NotImplementedError\n    @classmethod\n    def from_config(cls, config):\n        raise NotImplementedError\n",
                ], needsPythonReader: true),
            Self.statedLimitations,
        ]
    }

    /// Not placeholders either: the backward of a forward-only autograd function, a "use X" redirect, a refusal
    /// stated as final, a deprecated module, an empty input-check hook, an empty override of an inherited method.
    static var statedLimitations: FindingExample {
        FindingExample(
            [
                "ops/ring.py":
                    "import torch\nclass RingAttention(torch.autograd.Function):\n    @staticmethod\n    def forward(ctx, q, k, v):\n        return q @ k.T @ v\n    @staticmethod\n    def backward(ctx, grad):\n        raise NotImplementedError('Backward pass for ring attention is not implemented yet.')\n",
                "sched/repaint.py":
                    "class RePaint:\n    def add_noise(self, x, noise, t):\n        raise NotImplementedError('Use `DDPMScheduler.add_noise()` to train for sampling with RePaint.')\n",
                "server.py":
                    "@app.websocket('/ws')\nasync def websocket_endpoint(ws):\n    raise NotImplementedError('FastAPI websocket endpoint is not implemented')\n",
                "sched/deprecated/karras.py": "def add_noise(x, noise, t):\n    raise NotImplementedError()\n",
                "models/api.py":
                    "class ChatAPI:\n    def loglikelihood(self, requests):\n        raise NotImplementedError('No support for logits.')\n",
                "mimo/audio.py":
                    "class AudioModality:\n    def decode(self, x):\n        raise NotImplementedError('Audio decoding not implemented yet')\n",
                "remote.py": "def check_inputs_encode(endpoint, image):\n    pass\n",
                "tp/gtp_api.py":
                    "try:\n    from te import deregister_pools\nexcept ImportError:\n    def deregister_pools() -> None:\n        \"\"\"No-op stub: shutdown calls this unconditionally.\"\"\"\n",
                "sde.py":
                    "class ReverseSDE:\n    def prior_sampling(self, shape):\n        raise NotImplementedError('Prior sampling not necessary for the reverse SDE.')\n    def get_inference_wrapper(self):\n        raise NotImplementedError('Please restore a checkpoint of this model to its original class first')\n",
                "strategy.py":
                    "def neva_process_prompts(prompt):\n    raise NotImplementedError('This method is deprecated.')\n",
                "models/base.py":
                    "class SpeechModel(LightningModule):\n    def multi_test_epoch_end(self, outputs):\n        \"\"\"Adds support for multiple test sets. Should be overriden by subclass.\"\"\"\n        logging.warning('multi_test_epoch_end has not been implemented')\n",
                "recipes/ultra.py":
                    "def pretrain_recipe(name):\n    \"\"\"Only supports fine-tuning: this will raise NotImplementedError.\"\"\"\n    raise NotImplementedError('A distilled model.')\n",
                "core/common.py":
                    "from abc import ABC\nclass FileIO(ABC):\n    def save_to(self, path):\n        raise NotImplementedError()\n",
                "asr/preproc.py":
                    "from core.common import FileIO\nclass Preprocessor(FileIO):\n    def save_to(self, path):\n        pass\n",
            ], needsPythonReader: true)
    }

    /// Bodies a maintainer wrote on purpose: an unsupported-feature guard ("not supported"), a hook or callback
    /// left empty for subclasses (`on_*`, `after_*`, `before_*`, `setup`, `teardown`, `log_message`), an empty
    /// `__init__` or dunder, a method of an abstract base (ABC, a `Base*`/`*Base`/`*Mixin`/`*Interface` class,
    /// a class other classes subclass), and a `pass` whose line or the line above explains it in a comment.
    static func isIntentional(_ f: PythonFunction, text: String, in module: PythonModule, lines: [Substring]) -> Bool {
        let lower = text.lowercased()
        if [
            "not supported", "unsupported", "is not available", "not implemented for", "only supported",
            "does not support", "can't", "cannot", "can not", "not allowed", "should not be called",
            "must not be called", "not implemented in the", "not available in the", "instead",
            // A body its own text calls a deliberate no-op ("No-op stub: shutdown calls this unconditionally").
            "no-op", "noop", "no op ", "does nothing", "intentionally", "deliberately", "on purpose",
        ].contains(where: lower.contains) {
            return true
        }
        // A redirect (`raise NotImplementedError("Use `DDPMScheduler.add_noise()` to train ...")`), or a refusal
        // that states the limitation as final ("FastAPI websocket endpoint is not implemented"): unlike "not
        // implemented yet" / "TODO", nothing is left to do.
        if Self.isRedirectOrFinalRefusal(lower) { return true }
        // The docstring documents the refusal ("This will raise NotImplementedError", "only supports fine-tuning").
        if let doc = f.docstring?.lowercased(),
            [
                "notimplementederror", "will raise", "only supports", "not supported", "is not necessary",
                "should be overrid", "to be overrid", "subclasses override", "subclasses may override",
            ].contains(where: doc.contains)
        {
            return true
        }
        let name = f.name
        if name.hasPrefix("on_") || name.hasPrefix("after_") || name.hasPrefix("before_") || name.hasPrefix("_on_")
            || [
                "setup", "teardown", "log_message", "reset_parameters", "close", "flush",
                "initialize_options", "finalize_options",
            ].contains(name)
        {
            return true
        }  // setuptools Command hooks
        if name.hasPrefix("__") && name.hasSuffix("__") { return true }
        // An input-check hook with nothing to check (`def check_inputs(...): pass`): validation is opt-in per case.
        if f.bodyKind == .pass || f.bodyKind == .docstringOnly,
            ["check_", "_check_", "validate", "_validate", "verify_", "_verify_"].contains(where: name.hasPrefix)
        {
            return true
        }
        // The backward of a forward-only autograd function (`class RingAttention(torch.autograd.Function)` whose
        // `forward` works): a stated inference-only limitation, not a missing half.
        if name == "backward", let cls = f.enclosingClass,
            module.functions.contains(where: {
                $0.enclosingClass == cls && $0.name == "forward" && $0.bodyKind == .implemented
            })
        {
            return true
        }
        // A layer's `build` with nothing to build (no weights) is the framework's lifecycle hook left empty.
        if name == "build" && f.enclosingClass != nil && f.bodyKind == .pass { return true }
        // A property accessor that refuses (`property(get, set, _del)`, `@x.deleter`): deleting or setting is
        // deliberately not allowed.
        if f.decorators.contains(where: { $0.hasSuffix(".setter") || $0.hasSuffix(".deleter") })
            || module.calls.contains(where: {
                FindingContext.lastSegment($0.callee) == "property" && $0.positionalArguments.count >= 2
                    && $0.positionalArguments.dropFirst().contains(f.name)
            })
        {
            return true
        }
        if let cls = f.enclosingClass {
            // A null object (`NoopLoadingScope`, `NullWriter`, `DummyLogger`): doing nothing is its job.
            let c = (cls.split(separator: ".").last.map(String.init) ?? cls).lowercased()
            if ["noop", "no_op", "null", "dummy", "fake", "passthrough"].contains(where: c.contains) { return true }
            // Both halves of a serialization pair refusing (`get_config` and `from_config`): an explicit opt-out of
            // serialization, not a missing half.
            let pairs = [
                ("get_config", "from_config"), ("__getstate__", "__setstate__"), ("to_dict", "from_dict"),
                ("state_dict", "load_state_dict"), ("save", "load"),
            ]
            for (a, b) in pairs where name == a || name == b {
                let other = name == a ? b : a
                if module.functions.contains(where: {
                    $0.enclosingClass == cls && $0.name == other && $0.bodyKind != .implemented
                }) {
                    return true
                }
            }
        }
        // Named for doing nothing: `empty_load_callback`, `noop`, `_identity`.
        if ["empty", "noop", "no_op", "dummy", "identity", "skip"].contains(where: name.lowercased().contains) {
            return true
        }
        // A variant: the same function is defined again in this module with a body (a version-dependent
        // implementation chosen at import), or a sibling class of the same base implements this method.
        if module.functions.contains(where: {
            $0.qualifiedName == f.qualifiedName && $0.span.start != f.span.start && $0.bodyKind == .implemented
        }) {
            return true
        }
        // (Only an empty override: a subclass raising NotImplementedError where its base works is a real gap.)
        if f.bodyKind == .pass || f.bodyKind == .docstringOnly, let cls = f.enclosingClass,
            Self.siblingImplements(f.name, of: cls, in: module)
        {
            return true
        }
        if let cls = f.enclosingClass, let c = module.classes.first(where: { $0.qualifiedName == cls }) {
            if c.bases.contains(where: { $0.hasSuffix("ABC") || $0.contains("Protocol") })
                || c.keywords["metaclass"]?.contains("ABC") == true
            {
                return true
            }
            // Abstract by construction: the constructor refuses to run, or the class says it is a base class.
            if module.functions.contains(where: {
                $0.enclosingClass == cls && $0.name == "__init__" && $0.bodyKind != .implemented
            })
                || ["abstract", "base class", "interface"].contains(where: {
                    (c.docstring ?? "").lowercased().contains($0)
                })
            {
                return true
            }
            if c.name.hasPrefix("Base") || c.name.hasSuffix("Base") || c.name.hasSuffix("Mixin")
                || c.name.hasSuffix("Interface") || c.name.hasPrefix("Abstract")
            {
                return true
            }
            if module.classes.contains(where: { $0.bases.contains { FindingContext.lastSegment($0) == c.name } }) {
                return true
            }
        }
        // A documented no-op: the docstring says what the empty body is for (a hook left for subclasses), unless it
        // says the work is still to do.
        if f.bodyKind == .pass || f.bodyKind == .docstringOnly, let doc = f.docstring?.lowercased(), !doc.isEmpty,
            !(f.enclosingClass == nil && doc.contains("implement")),
            !["todo", "placeholder", "stub", "fixme", "not yet implemented", "to be implemented"].contains(
                where: doc.contains)
        {
            return true
        }
        if let marker = f.bodyMarkerLine, marker >= 1, marker <= lines.count {
            // A comment on or right above the marker explains the empty or raising body (a deliberate fallback).
            if f.bodyKind == .pass && lines[marker - 1].contains("#") { return true }
            if marker >= 2, lines[marker - 2].trimmingCharacters(in: .whitespaces).hasPrefix("#") { return true }
        }
        return false
    }

    /// "use X" redirects and refusals the raise's own message states (no "todo", "placeholder", "fixme").
    static func isRedirectOrFinalRefusal(_ lower: String) -> Bool {
        // The message: what follows the first quote of the raise (or the text itself when it has none).
        let quoted = lower.drop { $0 != "'" && $0 != "\"" }
        let message = (quoted.isEmpty ? lower[...] : quoted).drop { !$0.isLetter }
        if [
            "not necessary", "not needed", "not required", "unnecessary", "not applicable", "is deprecated",
            "was removed",
        ]
        .contains(where: lower.contains) {
            return true
        }
        if message.hasPrefix("use ") || message.hasPrefix("please ") || lower.contains(" use `") {
            return true
        }
        if ["todo", "fixme", "placeholder", "tbd", "wip", "implement me", "stub", "xxx"].contains(where: lower.contains)
        {
            return false
        }
        // A message of its own (three words or more: "No support for logits.", "Audio decoding not implemented
        // yet") tells the caller what is unsupported: a limitation the maintainers documented where it is hit, not a
        // forgotten body. A bare `raise NotImplementedError` or a one-word message stays a placeholder.
        guard !quoted.isEmpty else { return false }
        return message.split(whereSeparator: { !$0.isLetter }).count >= 3
    }

    /// An empty body (`pass`, a docstring) overriding a method that a base class defined anywhere in the repository
    /// declares (`list_available_models` of an abstract `Model`, `save_to` of a `FileIO` mixin): the subclass chose
    /// to do nothing there; a missing implementation would simply not override it.
    static func emptyOverrideOfInherited(_ f: PythonFunction, in module: PythonModule, context: FindingContext)
        -> Bool
    {
        guard f.bodyKind == .pass || f.bodyKind == .docstringOnly, let cls = f.enclosingClass,
            let c = module.classes.first(where: { $0.qualifiedName == cls })
        else { return false }
        let index = context.facts.memo("MLA116.classMethods") {
            () -> [String: [(bases: [String], methods: Set<String>)]] in
            var out: [String: [(bases: [String], methods: Set<String>)]] = [:]
            for path in context.facts.python.keys.sorted() {
                guard let m = context.facts.python[path] else { continue }
                var methods: [String: Set<String>] = [:]
                for g in m.functions { if let e = g.enclosingClass { methods[e, default: []].insert(g.name) } }
                for k in m.classes {
                    out[k.name, default: []].append(
                        (k.bases.map { FindingContext.lastSegment($0) }, methods[k.qualifiedName] ?? []))
                }
            }
            return out
        }
        var seen: Set<String> = []
        var queue = c.bases.map { FindingContext.lastSegment($0) }
        while let base = queue.first, seen.count < 64 {
            queue.removeFirst()
            guard !seen.contains(base), base != c.name else { continue }
            seen.insert(base)
            for entry in index[base] ?? [] {
                if entry.methods.contains(f.name) { return true }
                queue += entry.bases
            }
        }
        return false
    }

    /// True when a base of `cls` (defined in `module`) or another subclass of that base implements `method`: an empty
    /// or refusing override in one variant (an eval-mode state, a display-only action) is that variant's behaviour.
    static func siblingImplements(_ method: String, of cls: String, in module: PythonModule) -> Bool {
        guard let c = module.classes.first(where: { $0.qualifiedName == cls }) else { return false }
        let bases = Set(c.bases.map { FindingContext.lastSegment($0) })
        guard !bases.isEmpty else { return false }
        let related = module.classes.filter { other in
            other.qualifiedName != cls
                && (bases.contains(other.name)
                    || other.bases.contains { bases.contains(FindingContext.lastSegment($0)) })
        }.map(\.qualifiedName)
        return module.functions.contains { g in
            g.name == method && g.bodyKind == .implemented && g.enclosingClass.map(related.contains) == true
        }
    }

    /// True when the same file name one folder over (`backend/numpy/rnn.py` beside `backend/torch/rnn.py`) defines
    /// `symbol` with a body: a backend or platform variant that does not offer what its siblings do, by design.
    static func implementedInSiblingVariant(_ symbol: String, path: String, context: FindingContext) -> Bool {
        let parts = path.split(separator: "/")
        guard parts.count >= 3 else { return false }
        let variants = context.facts.memo("MLA116.variants") { () -> [String: [String]] in
            var out: [String: [String]] = [:]
            for m in context.productModules {
                let p = m.path.split(separator: "/")
                guard p.count >= 3 else { continue }
                out[(p.dropLast(2) + [p.last!]).joined(separator: "/"), default: []].append(m.path)
            }
            return out
        }
        let key = (parts.dropLast(2) + [parts.last!]).joined(separator: "/")
        return (variants[key] ?? []).contains { other in
            other != path
                && context.facts.python[other]?.functions.contains {
                    $0.qualifiedName == symbol && $0.bodyKind == .implemented
                } == true
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        // Whole-function placeholders only: a `raise NotImplementedError` in an unsupported-option branch of a
        // working function is a guard, not a placeholder.
        let sites = context.facts.stubs.filter { s in
            guard !s.declaration, s.kind != .todoComment, context.facts.snapshot.file(s.path)?.countsAsProduct == true,
                !context.isOutOfScope(s.path),
                let f = context.facts.python[s.path]?.functions.first(where: { $0.qualifiedName == s.symbol })
            else { return false }
            return f.bodyKind != .implemented
                && !Self.implementedInSiblingVariant(s.symbol, path: s.path, context: context)
                && !Self.emptyOverrideOfInherited(f, in: context.facts.python[s.path]!, context: context)
                && !Self.isIntentional(
                    f, text: s.text, in: context.facts.python[s.path]!, lines: context.facts.lines(s.path))
        }
        guard !sites.isEmpty else { return [] }
        // A placeholder in a class (or function) nothing names (no registry entry, import or call) is dead code: it
        // cannot fail a user, so those sites come last and a hit made only of them ranks low.
        var owners: [String: Bool] = [:]
        func live(_ s: StubSite) -> Bool {
            let owner = String(s.symbol.split(separator: ".").first ?? "")
            if let known = owners[s.path + "\u{0}" + owner] { return known }
            let line =
                context.facts.python[s.path].flatMap { m in
                    (m.classes.first { $0.qualifiedName == owner }?.span.start)
                        ?? m.functions.first { $0.qualifiedName == owner }?.span.start
                } ?? s.line
            let r = DeadCode.isReferenced(owner, definedIn: s.path, line: line, context)
            owners[s.path + "\u{0}" + owner] = r
            return r
        }
        let liveSites = sites.filter(live)
        let deadSites = sites.filter { !live($0) }
        let ordered = liveSites + deadSites
        let evidence = ordered.map { context.facts.evidence($0.path, $0.line) }
        let symbols = ordered.prefix(3).map(\.symbol).joined(separator: ", ")
        return [
            FindingHit(
                title:
                    "\(sites.count) placeholder implementation(s) in product code (\(symbols)\(sites.count > 3 ? ", ..." : ""))"
                    + (liveSites.isEmpty ? ", in code nothing references" : ""),
                evidence: evidence, strength: .code, severity: liveSites.isEmpty ? .low : nil)
        ]
    }
}

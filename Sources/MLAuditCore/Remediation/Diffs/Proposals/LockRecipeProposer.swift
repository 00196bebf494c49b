import Foundation

/// A `make lock` recipe that pins the whole dependency tree, with hashes, from the repository's own manifest
/// (or from the README's ad hoc `pip install` line when there is no manifest at all).
struct LockRecipeProposer: DiffProposer {
    func propose(_ context: FindingContext) -> DiffProposal? {
        guard !NoLockFileCheck().evaluate(context).isEmpty else { return nil }
        var files: [DiffProposal.File] = []
        var source: String
        if let req = Requirements.files(context).first(where: { !$0.path.contains("/") }) {
            source = req.path
        } else if let py = context.editor("pyproject.toml"), py.lines.contains(where: { $0.hasPrefix("dependencies") }) {
            source = "pyproject.toml"
        } else if context.facts.snapshot.file("setup.py") != nil {
            source = "setup.py"
        } else if let packages = Self.readmePackages(context), context.isFree("requirements.in") {
            source = "requirements.in"
            files.append(DiffProposal.File(path: source, original: nil,
                                           updated: "# Direct dependencies (from the README's install line); pin them with `make lock`.\n" + packages.joined(separator: "\n") + "\n"))
        } else {
            return nil
        }
        let output = "requirements.lock"
        guard context.isFree(output) else { return nil }
        let recipe = [".PHONY: lock sync",
                      "lock:  ## Pin every dependency, with hashes, into \(output) (pip install pip-tools)",
                      "\tpython -m piptools compile --generate-hashes --output-file \(output) \(source)",
                      "sync:  ## Install exactly the pinned set",
                      "\tpython -m piptools sync \(output)"]
        let makefile: DiffProposal.File
        if var editor = context.editor("Makefile") {
            guard !editor.lines.contains(where: { $0.hasPrefix("lock:") || $0.hasPrefix("sync:") }) else { return nil }
            if editor.lines.last?.isEmpty == false { editor.append([""]) }
            editor.append(recipe)
            makefile = DiffProposal.File(editor)
        } else {
            guard context.isFree("Makefile") else { return nil }
            makefile = DiffProposal.File(path: "Makefile", original: nil, updated: recipe.joined(separator: "\n") + "\n")
        }
        files.insert(makefile, at: 0)
        let created = files.filter { $0.original == nil }.map(\.path)
        let modified = files.filter { $0.original != nil }.map(\.path)
        return DiffProposal(
            title: "Add a `make lock` recipe that pins dependencies with hashes (\(output) from \(source))",
            why: "No lock file exists, so every install resolves \(source == "requirements.in" ? "the README's unversioned packages" : source) afresh and transitive versions drift; `make lock` writes a fully pinned, hashed \(output) and `make sync` installs exactly it.",
            risk: "Running `make lock` needs network and pip-tools; the lock is platform-specific (CUDA wheels, OS markers), so generate it on the target platform and commit it.",
            rollback: FindingContext.rollback(modified: modified, created: created),
            testsDocs: "Run `make lock` once and commit \(output); make the local gate install with `make sync`; document both in the README's install section.",
            files: files)
    }

    /// Package names of the README's single `pip install a b c` line (plain names only).
    static func readmePackages(_ context: FindingContext) -> [String]? {
        guard let readme = context.files({ $0.path.lowercased().hasPrefix("readme") }).first else { return nil }
        let candidates = context.facts.lines(readme.path).compactMap { line -> [String]? in
            guard let r = line.range(of: "pip install ") else { return nil }
            let words = line[r.upperBound...].split(separator: " ").map(String.init).filter { !$0.isEmpty }
            guard !words.isEmpty, words.allSatisfy({ w in w.allSatisfy { $0.isLetter || $0.isNumber || "-_.[]=<>!~,".contains($0) } && !w.hasPrefix("-") }) else { return nil }
            return words
        }
        guard candidates.count == 1 else { return nil }
        return candidates[0]
    }
}

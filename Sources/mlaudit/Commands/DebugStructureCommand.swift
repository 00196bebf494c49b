import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditRemediation
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// `mlaudit debug structure PATH...`: the structure reader's facts (or the stub inventory) as JSON.
struct DebugStructureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "structure",
        abstract: "Print what the structure reader reads from Python files and notebooks, as JSON.",
        discussion: """
            A FILE prints one pretty JSON module. A DIRECTORY is walked for .py, .pyi and .ipynb files (hidden \
            directories and __pycache__ skipped); paths are then relative to it. --jsonl prints one module per line \
            (used by scripts/structure_diff.py). --stubs prints the stub inventory of everything read instead, one \
            site per line. Exit 2 when a path cannot be read.
            """
    )

    @Argument(help: "Python files, notebooks or directories.") var paths: [String]
    @Flag(help: "One JSON module per line.") var jsonl = false
    @Flag(help: "Print the stub inventory (one JSON site per line) instead of the modules.") var stubs = false

    func run() throws {
        var modules: [PythonModule] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("mlaudit: cannot read \(path): no such file\n".utf8))
                throw ExitCode(2)
            }
            let files = isDirectory.boolValue ? Self.sourceFiles(under: path) : [(path, path)]
            for (full, display) in files {
                guard let data = FileManager.default.contents(atPath: full) else {
                    FileHandle.standardError.write(Data("mlaudit: cannot read \(full)\n".utf8))
                    if isDirectory.boolValue { continue }
                    throw ExitCode(2)
                }
                if full.hasSuffix(".ipynb") {
                    switch NotebookReader.read(json: [UInt8](data), path: display) {
                    case .success(let m): modules.append(m)
                    case .failure(let f):
                        FileHandle.standardError.write(Data("mlaudit: \(display): \(f.description)\n".utf8))
                    }
                } else {
                    modules.append(PythonReader.read(source: [UInt8](data), path: display))
                }
            }
        }
        var out = ""
        if stubs {
            for site in StubInventory.build(modules: modules) { out += Self.line(site.jsonObject()) + "\n" }
        } else if jsonl || modules.count != 1 {
            for m in modules { out += m.jsonLine() + "\n" }
        } else if let m = modules.first {
            let data = try JSONSerialization.data(
                withJSONObject: m.jsonObject(),
                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            out = String(decoding: data, as: UTF8.self) + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    static func line(_ object: [String: Any]) -> String {
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// (full path, path relative to `root`) of every .py/.pyi/.ipynb file under `root`, sorted.
    static func sourceFiles(under root: String) -> [(String, String)] {
        let base = URL(fileURLWithPath: root).standardizedFileURL
        guard
            let e = FileManager.default.enumerator(
                at: base, includingPropertiesForKeys: [.isDirectoryKey],
                options: [.skipsHiddenFiles])
        else { return [] }
        var out: [(String, String)] = []
        let prefix = base.path.hasSuffix("/") ? base.path : base.path + "/"
        for case let url as URL in e {
            let name = url.lastPathComponent
            if name == "__pycache__" || name == "node_modules" {
                e.skipDescendants()
                continue
            }
            guard name.hasSuffix(".py") || name.hasSuffix(".pyi") || name.hasSuffix(".ipynb") else { continue }
            let full = url.standardizedFileURL.path
            let rel = full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
            out.append((full, rel))
        }
        return out.sorted { $0.1 < $1.1 }
    }
}

import Foundation
import XCTest

@testable import MLAuditPython

/// Differential check against CPython's `ast` (scripts/structure_diff.py): the reader's functions (qualified
/// name, def and end line), class bases, decorators, imports, calls (callee, line, enclosing function),
/// parameters, docstrings, assignment targets and main blocks must agree exactly on the
/// fixtures. Set MLAUDIT_STRUCTURE_DIFF_DIRS=dir1:dir2 to also compare whole repositories (each category
/// must then agree on at least 99%; the numbers are printed).
final class StructureDiffTests: XCTestCase {
    private var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    func testFixturesAgreeWithCPythonAST() throws {
        let summary = try compare(StructureFixtures.directory)
        let categories = try XCTUnwrap(summary["categories"] as? [String: [String: Any]])
        XCTAssertEqual(
            Set(categories.keys),
            [
                "functions", "classes", "decorators", "imports", "calls", "parameters",
                "docstrings", "assignments", "main_blocks",
            ])
        for (name, c) in categories {
            XCTAssertEqual(c["agreement"] as? Double, 1.0, "\(name): \(c)")
            XCTAssertGreaterThan(c["ast"] as? Int ?? 0, 0, "\(name) has no cases in the fixtures")
        }
    }

    func testRepositoriesFromEnvironment() throws {
        guard let dirs = ProcessInfo.processInfo.environment["MLAUDIT_STRUCTURE_DIFF_DIRS"], !dirs.isEmpty else {
            throw XCTSkip("set MLAUDIT_STRUCTURE_DIFF_DIRS to compare whole repositories")
        }
        for dir in dirs.split(separator: ":") {
            let summary = try compare(URL(fileURLWithPath: String(dir)))
            print("structure_diff \(dir): \(summary)")
            let categories = summary["categories"] as? [String: [String: Any]] ?? [:]
            for (name, c) in categories {
                XCTAssertGreaterThanOrEqual(c["agreement"] as? Double ?? 0, 0.99, "\(dir) \(name): \(c)")
            }
        }
    }

    /// Reads every .py file under `dir`, writes the modules as JSON lines, runs the script on them.
    private func compare(_ dir: URL) throws -> [String: Any] {
        let files = pythonFiles(under: dir)
        var lines = ""
        for rel in files {
            let data = try Data(contentsOf: dir.appendingPathComponent(rel))
            lines += PythonReader.read(source: [UInt8](data), path: rel).jsonLine() + "\n"
        }
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("structure-\(UUID().uuidString).jsonl")
        try lines.write(to: dump, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: dump) }
        let script = repositoryRoot.appendingPathComponent("scripts/structure_diff.py").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, dir.path, "--ours", dump.path, "--summary-json"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { throw XCTSkip("python3 is not available: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus == 127 { throw XCTSkip("python3 is not available") }
        XCTAssertEqual(p.terminationStatus, 0, "structure_diff.py failed")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The same walk as the script: .py files, hidden and cache directories skipped, relative paths.
    private func pythonFiles(under dir: URL) -> [String] {
        let skip: Set<String> = ["node_modules", "__pycache__", "venv"]
        guard
            let e = FileManager.default.enumerator(
                at: dir, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        else { return [] }
        let prefix = dir.standardizedFileURL.path + "/"
        var out: [String] = []
        for case let url as URL in e {
            if skip.contains(url.lastPathComponent) {
                e.skipDescendants()
                continue
            }
            let path = url.standardizedFileURL.path
            if path.hasSuffix(".py"), path.hasPrefix(prefix) { out.append(String(path.dropFirst(prefix.count))) }
        }
        return out.sorted()
    }
}

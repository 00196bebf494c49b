import Foundation
import XCTest

/// Test helpers: the fixture corpus, and CPython 3.11's `tokenize` as an oracle.
enum TokenizerOracle {
    /// `Tests/Fixtures/python`, located from this file.
    static var fixtureDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("python")
    }

    static func fixtureFiles() throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtureDirectory.path)
        return names.filter { $0.hasSuffix(".py") }.sorted().map { fixtureDirectory.appendingPathComponent($0) }
    }

    /// Path of a python3 that is CPython 3.11, or nil.
    static let python3: String? = {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/usr/local/bin")
            .split(separator: ":").map { "\($0)/python3" }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        guard let version = run(path, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]),
            version.status == 0, String(decoding: version.stdout, as: UTF8.self).hasPrefix("3.11")
        else { return nil }
        return path
    }()

    static func requirePython() throws -> String {
        guard let python = python3 else { throw XCTSkip("python3 (CPython 3.11) is not available") }
        return python
    }

    /// `python3 -m tokenize -e FILE`: its stdout, or nil when it exits non-zero (CPython rejected the file).
    static func cpythonDump(_ python: String, file: URL) -> String? {
        guard let result = run(python, ["-m", "tokenize", "-e", file.path]), result.status == 0 else { return nil }
        return String(decoding: result.stdout, as: UTF8.self)
    }

    /// The dumps of many files from one CPython process (same output as `-m tokenize -e` per file);
    /// nil entries are files CPython rejects.
    static func cpythonDumps(_ python: String, files: [URL]) -> [String?]? {
        let script = """
            import sys, tokenize
            out = sys.stdout.buffer
            for path in sys.argv[1:]:
                try:
                    with open(path, 'rb') as f:
                        toks = list(tokenize.tokenize(f.readline))
                except Exception:
                    out.write(b'\\x01REJECT\\x00'); continue
                text = ''.join('%-20s%-15s%-15r\\n' % ('%d,%d-%d,%d:' % (t.start + t.end), tokenize.tok_name[t.exact_type], t.string) for t in toks)
                out.write(text.encode('utf-8') + b'\\x00')
            """
        guard let result = run(python, ["-c", script] + files.map(\.path)), result.status == 0 else { return nil }
        let parts = result.stdout.split(separator: 0, omittingEmptySubsequences: false).dropLast()
        guard parts.count == files.count else { return nil }
        return parts.map { part in
            part.first == 1 ? nil : String(decoding: part, as: UTF8.self)
        }
    }

    /// The first differing line of two dumps, for failure messages.
    static func firstDifference(expected: String, actual: String) -> String? {
        if expected == actual { return nil }
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(want.count, got.count) {
            let left = index < want.count ? String(want[index]) : "<end>"
            let right = index < got.count ? String(got[index]) : "<end>"
            if left != right { return "line \(index + 1):\n  cpython: \(left)\n  mlaudit: \(right)" }
        }
        return "outputs differ"
    }

    static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, stdout: Data)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}

import Foundation
import XCTest

@testable import MLAuditPython

/// The stub inventory against the hand-labelled devset (spec devset/labels.json, "stubs" of each repo).
/// Needs MLAUDIT_DEVSET_DIR (holding the checkouts nanoGPT/, lightning-hydra-template/, alignment-handbook/ at
/// the labelled commits) and MLAUDIT_DEVSET_LABELS (labels.json); skipped otherwise. Every labelled site must
/// be found with its kind, and no unlabelled gap (non-declaration site) may be reported.
final class StubDevsetTests: XCTestCase {
    func testDevsetStubSites() throws {
        let env = ProcessInfo.processInfo.environment
        guard let dir = env["MLAUDIT_DEVSET_DIR"], let labelsPath = env["MLAUDIT_DEVSET_LABELS"] else {
            throw XCTSkip("set MLAUDIT_DEVSET_DIR and MLAUDIT_DEVSET_LABELS")
        }
        let labels = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: labelsPath)))
        let repos = try XCTUnwrap((labels as? [String: Any])?["repos"] as? [[String: Any]])
        var expectedTotal = 0
        var found = 0
        var extra = 0
        for repo in repos {
            let name = try XCTUnwrap((repo["repo"] as? String)?.split(separator: "/").last.map(String.init))
            let root = URL(fileURLWithPath: dir).appendingPathComponent(name)
            let sites = StubInventory.build(modules: try modules(under: root))
            let expected = (repo["stubs"] as? [[String: Any]] ?? []).compactMap { s -> String? in
                guard let p = s["path"] as? String, let l = s["line"] as? Int, let k = s["kind"] as? String else {
                    return nil
                }
                return "\(p):\(l) \(k)"
            }
            let reported = Set(sites.filter { !$0.declaration }.map { "\($0.path):\($0.line) \($0.kind.rawValue)" })
            for e in expected {
                expectedTotal += 1
                if reported.contains(e) { found += 1 } else { XCTFail("\(name): missing \(e)") }
            }
            for r in reported.subtracting(expected) {
                extra += 1
                XCTFail("\(name): unlabelled site \(r)")
            }
        }
        print("devset stub sites: \(found)/\(expectedTotal) found, \(extra) unlabelled")
    }

    private func modules(under root: URL) throws -> [PythonModule] {
        guard
            let e = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        else { return [] }
        let prefix = root.standardizedFileURL.path + "/"
        var out: [PythonModule] = []
        for case let url as URL in e {
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(prefix) else { continue }
            let rel = String(path.dropFirst(prefix.count))
            if path.hasSuffix(".py") {
                out.append(PythonReader.read(source: [UInt8](try Data(contentsOf: url)), path: rel))
            } else if path.hasSuffix(".ipynb"),
                case .success(let m) = NotebookReader.read(json: [UInt8](try Data(contentsOf: url)), path: rel)
            {
                out.append(m)
            }
        }
        return out
    }
}

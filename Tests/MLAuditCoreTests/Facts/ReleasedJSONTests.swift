import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport

/// JSON texts go once the config stage has taken their entries: the entries stay, a later reading of the text (a byte
/// search, a cited line) reads the file again and gives the same text, and a search for text the file cannot hold
/// is answered without reading it.
final class ReleasedJSONTests: XCTestCase {
    func testJSONTextsAreReleasedAfterTheConfigStageAndReadAgainOnDemand() throws {
        let tree = try FixtureRepository("released-json")
        let json = "{\n  \"model_type\": \"llama\",\n  \"trust_remote_code\": true,\n  \"hidden_size\": 4096\n}\n"
        try tree.write("configs/model.json", json)
        try tree.write("configs/train.yaml", "trainer:\n  precision: bf16\n")
        try tree.write("train.py", "import json\nprint(json.load(open('configs/model.json')))\n")
        let errors = ErrorLog(timestamp: "2026-12-06T00:00:00Z")
        let snapshot = RepositorySnapshot.take(root: tree.root, errors: errors)
        let facts = RepositoryFacts.build(snapshot: snapshot, git: GitFacts(), errors: errors)
        // the entries were taken before the text went
        let entries = facts.config.entries(in: "configs/model.json")
        XCTAssertEqual(entries.map(\.key), ["model_type", "trust_remote_code", "hidden_size"])
        XCTAssertEqual(entries.first { $0.key == "hidden_size" }?.line, 4)
        // a YAML text is still held: reading it reads nothing again
        let before = snapshot.rereads
        XCTAssertEqual(facts.text("configs/train.yaml"), "trainer:\n  precision: bf16\n")
        XCTAssertEqual(snapshot.rereads, before)
        // the JSON text is read again, whole and equal
        XCTAssertEqual(facts.text("configs/model.json"), json)
        XCTAssertEqual(snapshot.rereads, before + 1)
        XCTAssertEqual(facts.line("configs/model.json", 3).map(String.init), "  \"trust_remote_code\": true,")
        // a needle whose byte pairs the file lacks is ruled out without a read
        XCTAssertFalse(snapshot.mayContain("configs/model.json", Array("zzqx".utf8)))
        XCTAssertTrue(snapshot.mayContain("configs/model.json", Array("trust_remote_code".utf8)))
    }
}

import Testing
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Runs each catalogue check's examples: triggering ones must hit, clean ones must not. One test case per check,
/// named by its code, so a failure names the check and one check runs alone.
@Suite struct FindingExampleTests {
    @Test("the check's documented examples", arguments: FindingCatalog.checks.map(\.code))
    func examples(_ code: FindingCode) throws {
        let check = try #require(FindingCatalog.check(code: code.rawValue))
        #expect(!(check.summary.isEmpty || check.why.isEmpty || check.fix.isEmpty), "\(code) lacks documentation")
        #expect(!check.triggering.isEmpty, "\(code) has no triggering example")
        #expect(!check.clean.isEmpty, "\(code) has no clean example")
        for (i, example) in check.triggering.enumerated() {
            if example.needsPythonReader && !ReaderProbe.available { continue }
            let hits = try hitsOf(check, example)
            #expect(!hits.isEmpty, "\(code): triggering example \(i) yields no finding")
            for hit in hits { #expect(!hit.title.isEmpty, "\(code): a hit without a title") }
        }
        for (i, example) in check.clean.enumerated() {
            let hits = try hitsOf(check, example)
            #expect(hits.isEmpty, "\(code): clean example \(i) yields \(hits.map(\.title))")
        }
    }

    /// The check's hits with the per-file readings taken in the read pass, as the auditor runs it; the same hits
    /// must come out when the check computes those readings itself from the files' content.
    private func hitsOf(_ check: any FindingCheck, _ example: FindingExample) throws -> [FindingHit] {
        let repo = try FixtureRepository.committed(example.files)
        let analysed = FindingContext(
            facts: repo.facts(analyses: FindingCatalog.sourceAnalyses), capabilities: example.capabilities)
        let onDemand = FindingContext(facts: repo.facts(), capabilities: example.capabilities)
        // As the catalogue does: citations in folders closed to changes are dropped from every check's hits.
        let hits = check.evaluate(analysed).compactMap(analysed.withoutClosedEvidence)
        #expect(
            Self.summary(hits) == Self.summary(check.evaluate(onDemand).compactMap(onDemand.withoutClosedEvidence)),
            "\(check.code): read-pass and on-demand source analyses disagree")
        return hits
    }

    private static func summary(_ hits: [FindingHit]) -> [String] {
        hits.map { h in
            h.title + " @ " + h.evidence.map { "\($0.path):\($0.line):\($0.text ?? "")" }.joined(separator: ",")
        }
    }
}

final class FindingCatalogCodeTests: XCTestCase {
    func testOneCheckPerCodeInCodeOrder() {
        XCTAssertEqual(
            FindingCatalog.checks.map(\.code), FindingCode.allCases, "one check per finding code, in code order")
    }
}

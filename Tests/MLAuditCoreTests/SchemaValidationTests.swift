import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// The JSON twin against `schema/mlaudit.report-1.schema.json` and the SARIF log against the official OASIS
/// SARIF 2.1.0 schema (`Tests/Schemas`), with a validator in Swift: no network, no Python package.
final class SchemaValidationTests: XCTestCase {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardizedFileURL
    static let reportSchema = repoRoot.appendingPathComponent("schema/mlaudit.report-1.schema.json")
    static let sarifSchema = repoRoot.appendingPathComponent("Tests/Schemas/sarif-schema-2.1.0.json")

    private func validator(_ url: URL) throws -> JSONSchemaValidator {
        try JSONSchemaValidator(schema: Data(contentsOf: url))
    }

    func testEveryGoldenReportValidates() throws {
        let v = try validator(Self.reportSchema)
        let golden = Self.repoRoot.appendingPathComponent("Tests/MLAuditCoreTests/Golden")
        let files = try FileManager.default.contentsOfDirectory(atPath: golden.path).filter { $0.hasSuffix(".json") }
            .sorted()
        XCTAssertFalse(files.isEmpty)
        for f in files {
            let errors = v.errors(try JSONDoc.parse(Data(contentsOf: golden.appendingPathComponent(f))))
            XCTAssertEqual(errors, [], f)
        }
    }

    /// Reports with every optional part filled: suppressions, a delta, captured errors, many findings.
    private func richReport() throws -> (AuditReport, FixtureRepository) {
        let repo = try FixtureRepository.mlProject()
        try repo.write(
            "tinyml/load.py",
            "import torch, pickle\nx = torch.load(p)  # nosec\ny = pickle.load(f)\nK = \"\(FixtureSecrets.huggingFace)\"  # gitleaks:allow\n"
        )
        try repo.write("broken.py", "def f(:\n")
        try repo.write("pyproject.toml", "[tool.mlaudit]\nignore = [\"MLA117\"]\n")
        try repo.commitAll("more", date: "2026-01-06T00:00:00Z")
        var settings = AuditSettings.pinned()
        settings.ignore = ["MLA117"]
        var report = Auditor.run(root: repo.root, settings: settings).report
        report.delta = ReportSnapshot(report: report).delta(
            since: ReportSnapshot(
                report: Auditor.run(root: repo.root, settings: .pinned("2026-11-24")).report, file: "x.json"))
        XCTAssertFalse(report.suppressed.isEmpty)
        return (report, repo)
    }

    func testFreshReportsValidate() throws {
        let v = try validator(Self.reportSchema)
        let (report, repo) = try richReport()
        _ = repo
        XCTAssertEqual(v.errors(try JSONDoc.parse(Data(Auditor.render(report).json.utf8))), [])
    }

    func testSARIFValidatesAgainstTheOASISSchema() throws {
        let v = try validator(Self.sarifSchema)
        let (report, repo) = try richReport()
        _ = repo
        let text = Auditor.sarif(report)
        let doc = try JSONDoc.parse(Data(text.utf8))
        XCTAssertEqual(v.errors(doc), [])
        // Content: rules with help, findings with fingerprints, verdicts pass/fail, suppressions.
        let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        let run = (json["runs"] as! [[String: Any]])[0]
        let rules = ((run["tool"] as! [String: Any])["driver"] as! [String: Any])["rules"] as! [[String: Any]]
        XCTAssertTrue(
            rules.contains {
                $0["id"] as? String == "MLA101"
                    && (($0["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false
            })
        XCTAssertTrue(rules.contains { ($0["id"] as? String)?.hasPrefix("CAP-") == true })
        let results = run["results"] as! [[String: Any]]
        let kinds = Set(results.compactMap { $0["kind"] as? String })
        XCTAssertTrue(kinds.isSuperset(of: ["pass", "fail"]), "\(kinds)")
        let fails = results.filter { ($0["ruleId"] as? String)?.hasPrefix("MLA") == true }
        XCTAssertTrue(fails.allSatisfy { ($0["partialFingerprints"] as? [String: String])?.values.first?.count == 64 })
        XCTAssertTrue(results.contains { $0["suppressions"] != nil })
        XCTAssertFalse(text.contains(FixtureSecrets.huggingFace))
    }

    func testNotApplicableVerdict() throws {
        let repo = try FixtureRepository.mlProject()
        var settings = AuditSettings.pinned()
        try SettingsFile.apply(
            text: "[subfeatures.\"Docker infra\"]\nnot_applicable = \"a library: no container\"\n", to: &settings)
        let text = Auditor.sarif(Auditor.run(root: repo.root, settings: settings).report)
        XCTAssertEqual(try validator(Self.sarifSchema).errors(try JSONDoc.parse(Data(text.utf8))), [])
        XCTAssertTrue(text.contains("\"kind\": \"notApplicable\""))
    }

    /// The validator must be able to fail: documents that break each schema are rejected.
    func testTheValidatorRejectsBrokenDocuments() throws {
        let report = try validator(Self.reportSchema)
        let sarif = try validator(Self.sarifSchema)
        let golden = try String(
            contentsOf: Self.repoRoot.appendingPathComponent("Tests/MLAuditCoreTests/Golden/tinyml.json"),
            encoding: .utf8)
        for (from, to) in [
            ("\"severity\": \"", "\"severity\": \"urgent-"), ("\"mlaudit.report/1\"", "\"mlaudit.report/2\""),
            ("\"capabilities\":", "\"capabilitiez\":"), ("\"line\": ", "\"line\": -"),
            ("\"state\": \"", "\"state\": \"x"),
        ] {
            XCTAssertTrue(golden.contains(from), from)
            let broken = golden.replacingOccurrences(of: from, with: to)
            XCTAssertFalse(report.errors(try JSONDoc.parse(Data(broken.utf8))).isEmpty, to)
        }
        for bad in [
            "{\"version\":\"2.1.0\"}", "{\"version\":\"2.0.0\",\"runs\":[]}",
            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{}}}]}",
            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},\"results\":[{\"message\":{\"text\":\"m\"},\"kind\":\"broken\"}]}]}",
            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},\"extra\":1}]}",
        ] {
            XCTAssertFalse(sarif.errors(try JSONDoc.parse(Data(bad.utf8))).isEmpty, bad)
        }
        XCTAssertEqual(
            sarif.errors(
                try JSONDoc.parse(
                    Data(
                        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"x\"}},\"results\":[]}]}"
                            .utf8))), [])
    }
}

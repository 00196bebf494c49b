import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class SecretScannerTests: XCTestCase {
    private func detected(_ text: String) -> [String] {
        SecretDetector.hits(in: Array(text.utf8)).map(\.kind.rawValue)
    }

    func testEveryPlantedKindIsDetectedWithItsKind() {
        for p in SecretFixtures.all() {
            let hits = SecretDetector.hits(in: Array(p.line.utf8))
            XCTAssertEqual(hits.map(\.kind.rawValue), [p.kind], "line: \(p.line.prefix(60))")
            if let hit = hits.first {
                XCTAssertEqual(
                    String(decoding: Array(p.line.utf8)[hit.range], as: UTF8.self), p.value,
                    "the value, not more or less")
            }
        }
    }

    func testRedactRemovesEveryValueAndNamesTheKind() {
        for p in SecretFixtures.all(seed: 11) {
            let text = "before \(p.line) after"
            let red = SecretScanner.redact(text)
            for fragment in SecretFixtures.forbiddenFragments([p]) { XCTAssertFalse(red.contains(fragment), red) }
            XCTAssertTrue(red.contains("[REDACTED:\(p.kind)]"), red)
            XCTAssertTrue(red.hasPrefix("before ") && red.hasSuffix(" after"), red)
        }
    }

    func testPlaceholdersEnvironmentLookupsAndCodeAreNotSecrets() {
        let clean = [
            "token = os.environ[\"HF_TOKEN\"]",
            "token = os.getenv('HF_TOKEN')",
            "password = \"changeme\"",
            "api_key = \"<your-api-key>\"",
            "API_KEY=${OPENAI_API_KEY}",
            "secret: \"{{ secrets.DEPLOY_KEY }}\"",
            "secret = \"xxxxxxxxxxxxxxxx\"",
            "password = \"********\"",
            "pad_token = \"<pad>\"",
            "max_tokens = 4096",
            "tokenizer = AutoTokenizer.from_pretrained(\"bert-base-uncased\")",
            "password: Optional[str] = None",
            "token = args.token",
            "self.token = token",
            "TOKEN_URL = \"https://oauth2.example.org/v1/token\"",
            "parser.add_argument(\"--token\", help=\"The Hugging Face token to use for uploads\")",
            "url = \"postgres://user:password@localhost/db\"",
            "url = \"https://github.com/huggingface/transformers\"",
            "api = \"http://localhost:8080/v1\"",
            "from huggingface_hub import hf_hub_download",
            "pip install scikit-learn  # aka sk-learn",
            "risk-management-approach-2024-Q1-final-Version",
            "MAX_SEQUENCE_LENGTH_IN_TOKENS = 512",
            "secret_name = \"prod/db/credentials-v2\"",
            // 40 hex, but not a W&B name and no wandb on the line
            "key = \"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0\"",
            "eos_token_id = 50256",
            "-----BEGIN PUBLIC KEY-----",
            "if password == other_password_value_2: pass",
            "AWS_REGION = \"us-east-1\"",
            "IDENTIFIERS_IN_CAPITALS = AKIAWORDSONLYNODIGIT",
            // A trigger word that also names the file loaded on the same line.
            "pipe.load_textual_inversion(\"./charturnerv2.pt\", token=\"charturnerv2\")",
        ]
        for line in clean { XCTAssertEqual(detected(line), [], line) }
    }

    func testAValueRepeatedAsAFileNameIsALabelButARepeatedValueIsStillASecret() {
        XCTAssertEqual(detected("pipe.load_textual_inversion(\"./charturnerv2.pt\", token=\"charturnerv2\")"), [])
        XCTAssertEqual(detected("load(\"weights/Zq8Lw2Xr9Pk4\", token=\"Zq8Lw2Xr9Pk4\")"), [])
        XCTAssertEqual(
            detected("login(token=\"Zq8Lw2Xr9Pk4\", name=\"Zq8Lw2Xr9Pk4-run\")"), ["high-entropy secret"],
            "a second use of the value that is not a file name keeps it a secret")
    }

    func testWandbKeyIsRecognisedByNameOrByTheLoginCall() {
        var g = SecretFixtures.Generator(seed: 3)
        let hex = g.string("0123456789abcdef", 40)
        XCTAssertEqual(detected("WANDB_API_KEY=\(hex)"), ["W&B API key"])
        XCTAssertEqual(detected("wandb.login(key=\"\(hex)\")"), ["W&B API key"])
        XCTAssertEqual(
            detected("wandb:\n  api_key: \(hex)"), ["high-entropy secret"],
            "a key under a wandb: block still reads as a secret")
    }

    func testNotebookJSONWithEscapedQuotesAndNewlines() {
        let planted = SecretFixtures.all(seed: 5)
        let generic = planted.first { $0.kind == "high-entropy secret" }!
        let key = planted.first { $0.kind == "private key" }!
        let cell =
            "    \"api_token = \\\"\(generic.value)\\\"\\n\",\n    \"KEY = \\\"\(key.value.replacingOccurrences(of: "\n", with: "\\\\n"))\\\"\"\n"
        let hits = SecretDetector.hits(in: Array(cell.utf8))
        XCTAssertEqual(hits.map(\.kind.rawValue), ["high-entropy secret", "private key"])
        let red = SecretScanner.redact(cell)
        for fragment in SecretFixtures.forbiddenFragments([generic]) { XCTAssertFalse(red.contains(fragment)) }
        for line in key.value.split(separator: "\n") where !line.hasPrefix("-----") {
            XCTAssertFalse(red.contains(line))
        }
    }

    func testUnterminatedPrivateKeyBlockIsStillRedacted() {
        var g = SecretFixtures.Generator(seed: 9)
        let body = (0..<3).map { _ in g.string(SecretFixtures.alnum + "+/", 64) }
        let text =
            "-----BEGIN " + "OPENSSH PRIVATE" + " KEY-----\n" + body.joined(separator: "\n") + "\n\nnext paragraph"
        let red = SecretScanner.redact(text)
        for line in body { XCTAssertFalse(red.contains(line)) }
        XCTAssertTrue(red.hasSuffix("\n\nnext paragraph"), red)
        // The same, JSON-escaped inside a string, with the END line cut off.
        let json =
            "{\"key\": \"-----BEGIN " + "EC PRIVATE" + " KEY-----\\n" + body.joined(separator: "\\n") + "\", \"n\": 1}"
        let redJSON = SecretScanner.redact(json)
        for line in body { XCTAssertFalse(redJSON.contains(line)) }
        XCTAssertEqual(redJSON, "{\"key\": \"[REDACTED:private key]\", \"n\": 1}")
    }

    func testRedactIsIdempotentOnAdversarialMixtures() {
        let planted = SecretFixtures.all(seed: 21)
        let glue = [
            "", " ", "\n", "\"", "'", "=", ": ", "|", "`", "\\", "@", "://", "token=", "password: ", "-----",
            "[REDACTED:", "]", "sk-", "hf_", "AKIA", "xoxb-", "user:", "\u{00E9}", "\u{FFFD}", "\t",
        ]
        var g = SecretFixtures.Generator(seed: 99)
        for _ in 0..<1500 {
            var text = ""
            for _ in 0..<Int(g.next() % 8) {
                if g.next() % 3 == 0 { text += planted[Int(g.next() % UInt64(planted.count))].line }
                text += glue[Int(g.next() % UInt64(glue.count))]
                if g.next() % 4 == 0 { text += g.string(SecretFixtures.alnum, Int(g.next() % 50)) }
            }
            let once = SecretScanner.redact(text)
            XCTAssertEqual(SecretScanner.redact(once), once, "not idempotent on: \(text.debugDescription.prefix(200))")
        }
    }

    func testARedactionMarkerIsNeverTheNameOfTheNextValue() {
        // Found by fuzz/run.sh redact: "[REDACTED:high-entropy secret]" ends in "secret]", which once read as the
        // name `x["secret"]` of the value after it, so a second redaction changed the text again.
        var g = SecretFixtures.Generator(seed: 77)
        let first = SecretFixtures.mixed(&g, SecretFixtures.alnum, 20)
        let next = SecretFixtures.mixed(&g, SecretFixtures.alnum, 12)
        let text = "token =\(first) = \"\(next)\""
        let once = SecretScanner.redact(text)
        XCTAssertEqual(once, "token =[REDACTED:high-entropy secret] = \"\(next)\"")
        XCTAssertEqual(SecretScanner.redact(once), once)
    }

    func testRedactLeavesCleanTextUntouched() {
        let text =
            "## Capability Audit Table\n| Capability | Status |\n|---|---|\n| Tokenizer | `pad_token = \"<pad>\"` |\n"
        XCTAssertEqual(SecretScanner.redact(text), text)
        XCTAssertEqual(SecretScanner.redact(""), "")
    }

    func testScanReportsPathLineAndKindAcrossFileTypesAndRemembersValues() throws {
        let planted = SecretFixtures.all(seed: 33)
        let dir = try TemporaryTree()
        let byKind = Dictionary(grouping: planted, by: \.kind).mapValues { $0[0] }
        try dir.write("train.py", "import os\n\n" + byKind["Hugging Face token"]!.line + "\n")
        try dir.write("configs/deploy.yaml", "service:\n  " + byKind["GitLab token"]!.line + "\n")
        try dir.write(
            "settings.json",
            "{\n  \"name\": \"x\",\n  \"client_secret\": \"\(byKind["high-entropy secret"]!.value)\"\n}\n")
        try dir.write("scripts/run.sh", "#!/bin/sh\nexport " + byKind["GitHub token"]!.line + "\n")
        try dir.write("pyproject.toml", "[tool.x]\n" + byKind["URL password"]!.line + "\n")
        try dir.write("README.md", "# Demo\n\nUse `\(byKind["OpenAI API key"]!.value)`.\n")
        try dir.write("keys/id_rsa.txt", "\n\n" + byKind["private key"]!.value + "\n")
        try dir.write(
            "Dockerfile",
            "FROM python:3.11\nENV "
                + byKind["W&B API key"]!.line.replacingOccurrences(
                    of: "os.environ[\"WANDB_API_KEY\"] = ", with: "WANDB_API_KEY=") + "\n")
        let snapshot = RepositorySnapshot.take(root: dir.url, errors: ErrorLog(timestamp: "t"))
        let secrets = SecretScanner.scan(snapshot: snapshot)
        let matches = secrets.matches
        let got = matches.map { "\($0.path):\($0.line):\($0.kind)" }
        XCTAssertEqual(
            got,
            [
                "Dockerfile:2:W&B API key",
                "README.md:3:OpenAI API key",
                "configs/deploy.yaml:2:GitLab token",
                "keys/id_rsa.txt:3:private key",
                "pyproject.toml:2:URL password",
                "scripts/run.sh:2:GitHub token",
                "settings.json:3:high-entropy secret",
                "train.py:3:Hugging Face token",
            ])
        // A value seen by the scan is redacted even out of context (e.g. quoted in an error message), when the
        // scan's values are handed to redaction; shape detection alone does not recognise it there.
        let bare = "error: unexpected value \(byKind["high-entropy secret"]!.value) in settings"
        XCTAssertEqual(
            SecretScanner.redact(bare, known: secrets.known),
            "error: unexpected value [REDACTED:high-entropy secret] in settings")
        XCTAssertEqual(SecretScanner.redact(bare), bare)
    }

    func testRedactOverALargeReportIsLinear() {
        // Not a timed assertion: the durations are printed for the record. A quadratic redact would stall here.
        var g = SecretFixtures.Generator(seed: 5)
        let row =
            "| `src/models/encoder.py:123` | token: value = x == y; a=b, c: d :: e | "
            + g.string(SecretFixtures.alnum, 40) + " |\n"
        let big = String(repeating: row, count: 40_000)  // ~6 MB of '=' and ':'
        let start = Date()
        let red = SecretScanner.redact(big)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(red.utf8.count, big.utf8.count)
        print("SecretScannerTests: redact over \(big.utf8.count) bytes took \(String(format: "%.2f", elapsed)) s")
    }
}

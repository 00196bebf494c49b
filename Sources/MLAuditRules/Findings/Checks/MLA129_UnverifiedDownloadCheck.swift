import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Data fetched over the network and used without verifying what arrived.
package struct UnverifiedDownloadCheck: FindingCheck {
    package let code = FindingCode.mla129
    package let severity = Severity.low
    package let capability: Capability? = .dataHandling
    package let summary = "Datasets or weights are downloaded from URLs without a checksum check."
    package let why =
        "A moved, truncated or replaced file at the URL silently changes the training data; the run still succeeds and results stop being comparable."
    package let fix =
        "Record the expected SHA-256 next to each URL and verify it after download (`hashlib.sha256`), or use a loader with a hash argument (`torch.hub.download_url_to_file(..., hash_prefix=...)`)."
    package static let downloads: Set<String> = [
        "requests.get", "urllib.request.urlretrieve", "urllib.request.urlopen", "wget.download",
        "gdown.download", "torch.hub.download_url_to_file", "torchvision.datasets.utils.download_url",
    ]
    /// Calls that fetch a response rather than a file.
    static let requests: Set<String> = ["requests.get", "urllib.request.urlopen"]

    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "data/prepare.py":
                        "import requests\ntext = requests.get(url).text\nopen('input.txt', 'w').write(text)\n"
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "data/prepare.py":
                        "import hashlib\nimport requests\nraw = requests.get(url).content\nassert hashlib.sha256(raw).hexdigest() == SHA\n",
                    "env/client.py":
                        "import requests\nok = requests.get(f'{url}/health', timeout=2).ok\nrows = requests.get(api).json()\n",
                    ".github/scripts/triage.py":
                        "import urllib.request\nwith urllib.request.urlopen(req) as r:\n    data = r.read()\n",
                ], needsPythonReader: true),
            // A cell POSTed to the harness's own kernel server on the loopback address: nothing is downloaded.
            FindingExample(
                [
                    "harness/run_cell.py":
                        "import sys\nimport urllib.request\nPORT = 8888\nreq = urllib.request.Request(\n    f'http://127.0.0.1:{PORT}', data=payload, method='POST'\n)\nwith urllib.request.urlopen(req) as r:\n    sys.stdout.write(r.read().decode())\n"
                ], needsPythonReader: true),
            // A local server's URL built from a loopback host variable, and an upload with `requests.put`-style
            // verbs given to `urlopen`: neither fetches a file from the network.
            FindingExample(
                [
                    "serve/probe.py":
                        "import requests\nHOST = 'localhost'\nurl = f'http://{HOST}:8000/weights'\nopen('w.bin', 'wb').write(requests.get(url).content)\n",
                    "serve/push.py":
                        "import urllib.request\nreq = urllib.request.Request(endpoint, data=blob)\nopen('log', 'w').write(urllib.request.urlopen(req).read())\n",
                ], needsPythonReader: true),
        ]
    }

    /// `http://127.0.0.1:8888`, `"localhost"`, `http://[::1]/`: a host on this machine.
    static let loopback = try! NSRegularExpression(
        pattern: #"(?:://|["'])(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[?::1\]?)(?=[:/"'\]]|$)"#)

    /// True when the request at `call` cannot be a download: it is sent with a body or an upload verb (`data=`,
    /// `method="POST"`), or its URL names a loopback host (directly, through the `Request` object it sends, or
    /// through a variable of the module holding the host or the URL).
    static func isLocalOrUpload(_ call: PythonCall, in module: PythonModule) -> Bool {
        var request = call
        var url = call.positionalArguments.first ?? call.keywordValues["url"] ?? ""
        // `urlopen(req)` where `req = urllib.request.Request(url, data=..., method=...)`: read the Request call.
        if isIdentifier(url), let made = lastAssignment(url, before: call.line, in: module),
            let built = module.calls.first(where: {
                $0.line == made.line && FindingContext.lastSegment($0.callee) == "Request"
            })
        {
            request = built
            url = built.positionalArguments.first ?? built.keywordValues["url"] ?? ""
        }
        let verb = request.keywordValues["method"].map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }
        if let verb, ["POST", "PUT", "PATCH", "DELETE"].contains(verb.uppercased()) { return true }
        if request.keywords.contains("data")
            || (request.callee.hasSuffix("Request") && request.positionalArguments.count >= 2)
        {
            return true
        }
        // The URL, and the values of the module's names it is built from (one level: `url = f"http://{HOST}"`).
        var texts = [url]
        for name in identifiers(in: url) {
            if let a = lastAssignment(name, before: call.line, in: module) {
                texts.append(a.valueText)
                for inner in identifiers(in: a.valueText) {
                    if let b = lastAssignment(inner, before: a.line + 1, in: module) { texts.append(b.valueText) }
                }
            }
        }
        return texts.contains { t in loopback.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) != nil }
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first == "_" || first.isLetter else { return false }
        return text.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
    }

    /// Plain names in an expression (`f"http://{HOST}:{PORT}"` -> HOST, PORT), at most eight.
    static func identifiers(in text: String) -> [String] {
        let ns = text as NSString
        return identifier.matches(in: text, range: NSRange(location: 0, length: ns.length)).prefix(8).map {
            ns.substring(with: $0.range)
        }
    }
    private static let identifier = try! NSRegularExpression(pattern: #"(?<![\w.'"])[A-Za-z_]\w*(?![\w(.'"])"#)

    /// The module's last assignment to `name` above `line`.
    static func lastAssignment(_ name: String, before line: Int, in module: PythonModule) -> PythonAssignment? {
        module.assignments.last { $0.target == name && $0.line < line }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        for m in context.productModules where !m.path.hasPrefix(".github/") {
            // An HTTP request is a download only where the module stores what arrived (a file written or copied):
            // API calls and health checks have nothing to checksum.
            let stores = m.calls.contains { c in
                ["write", "write_bytes", "write_text", "copyfileobj", "save_to_disk", "extractall"].contains(
                    FindingContext.lastSegment(c.callee))
            }
            let sites = m.calls.filter { c in
                let name = context.resolved(c, in: m)
                guard Self.downloads.contains(name), !Self.isLocalOrUpload(c, in: m) else { return false }
                return stores || !Self.requests.contains(name)
            }
            guard !sites.isEmpty else { continue }
            let verifies =
                m.imports.contains { $0.module == "hashlib" }
                || m.calls.contains { c in
                    c.keywords.contains { ["hash_prefix", "md5", "sha256", "checksum", "known_hash"].contains($0) }
                        || ["check_integrity", "verify", "check_md5"].contains(FindingContext.lastSegment(c.callee))
                }
            if !verifies { evidence += sites.map { context.evidence(m, $0) } }
        }
        guard !evidence.isEmpty else { return [] }
        return [
            FindingHit(
                title: "\(evidence.count) download(s) used without a checksum (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}

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
                ], needsPythonReader: true)
        ]
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
                guard Self.downloads.contains(name) else { return false }
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

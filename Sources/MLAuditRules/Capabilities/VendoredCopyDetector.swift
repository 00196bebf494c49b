import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts

/// Copied third-party packages that sit outside a `vendor/`-style folder: a sub-directory that carries its own
/// LICENSE/COPYING file next to Python package or packaging files. Their code never counts for a capability.
package enum VendoredCopyDetector {
    package static func copiedPackageRoots(facts: RepositoryFacts) -> [String] {
        var dirsWithLicense: Set<String> = []
        var dirsWithCode: Set<String> = []
        for f in facts.files {
            let parts = f.path.split(separator: "/")
            guard parts.count >= 2 else { continue }
            let dir = parts.dropLast().joined(separator: "/")
            let name = parts.last!.uppercased()
            if name.hasPrefix("LICENSE") || name.hasPrefix("LICENCE") || name.hasPrefix("COPYING") { dirsWithLicense.insert(dir) }
            if name == "__INIT__.PY" || name == "SETUP.PY" || name == "PYPROJECT.TOML" { dirsWithCode.insert(dir) }
        }
        return dirsWithLicense.intersection(dirsWithCode).sorted()
    }
}

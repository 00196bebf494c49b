import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// Names in settings that must exist: finding codes in `ignore` / `per_file_ignores` and sub-feature names under
/// `[subfeatures."..."]`. A typo must never silently switch nothing off: each unknown name is a problem (an Error
/// Capture entry for the repository's own settings, a usage error for `--config`), and the entry is dropped.
public enum SettingsValidation {
    public static var findingCodes: Set<String> { Set(FindingCatalog.checks.map(\.code.rawValue)) }

    /// The problems found; `settings` keeps only the known entries.
    public static func validate(_ settings: inout AuditSettings) -> [String] {
        var problems: [String] = []
        let codes = findingCodes
        let source = settings.settingsSource
        let unknownIgnore = settings.ignore.filter { !codes.contains($0.uppercased()) }
        if !unknownIgnore.isEmpty {
            problems.append(
                "\(source): ignore names unknown finding code(s) \(unknownIgnore.joined(separator: ", ")) (see `mlaudit rules`)"
            )
            settings.ignore.removeAll { !codes.contains($0.uppercased()) }
        }
        for glob in settings.perFileIgnores.keys.sorted() {
            let unknown = settings.perFileIgnores[glob]!.filter { !codes.contains($0.uppercased()) }
            if !unknown.isEmpty {
                problems.append(
                    "\(source): per_file_ignores \"\(glob)\" names unknown finding code(s) \(unknown.joined(separator: ", ")) (see `mlaudit rules`)"
                )
                settings.perFileIgnores[glob]!.removeAll { !codes.contains($0.uppercased()) }
            }
        }
        let valid = Subfeature.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        for name in settings.unknownSubfeatures.sorted() {
            problems.append(
                "\(source): [subfeatures.\"\(name)\"] is not a sub-feature of the rubric (valid names: \(valid))")
        }
        settings.unknownSubfeatures = []
        return problems
    }
}

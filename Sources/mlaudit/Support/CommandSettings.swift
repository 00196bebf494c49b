import Foundation
import MLAuditCore
import MLAuditFacts

/// `SettingsLoader` for the commands that take `--config`: a `--config` naming an unknown finding code or
/// sub-feature is a usage error (exit 2), not a setting silently dropped.
enum CommandSettings {
    struct UsageError: Error { let message: String }

    static func load(root: URL, config: String?, into settings: inout AuditSettings) throws {
        do { try SettingsLoader.load(root: root, config: config, into: &settings) } catch {
            throw UsageError(message: "\(error)")
        }
        guard let config else { return }
        settings.settingsSource = config
        var check = settings
        if let first = SettingsValidation.validate(&check).first { throw UsageError(message: first) }
    }
}

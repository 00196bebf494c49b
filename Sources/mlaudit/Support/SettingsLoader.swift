import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditKit
import MLAuditReport
import MLAuditFacts
import MLAuditRules
import MLAuditRender

/// Where an audit's settings come from: `--config FILE`, else the repository's `.mlaudit.toml`, else the
/// `[tool.mlaudit]` table of its `pyproject.toml`. A problem in `--config` is a usage error (exit 2); a problem in
/// the repository's own file is recorded in the report and the audit goes on.
enum SettingsLoader {
    struct UsageError: Error { let message: String }

    static func load(root: URL, config: String?, into settings: inout AuditSettings) throws {
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else { throw UsageError(message: "cannot read --config \(config)") }
            settings.settingsSource = config
            do { try SettingsFile.apply(text: String(decoding: data, as: UTF8.self), to: &settings) } catch {
                throw UsageError(message: "--config \(config): \(error)")
            }
            var check = settings
            let problems = SettingsValidation.validate(&check)
            if let first = problems.first { throw UsageError(message: first) }
            return
        }
        if let data = regularFile(root.appendingPathComponent(".mlaudit.toml"), settings: &settings) {
            do { try SettingsFile.apply(text: String(decoding: data, as: UTF8.self), to: &settings) } catch {
                settings.problems.append("\(error)")
            }
            return
        }
        let pyproject = root.appendingPathComponent("pyproject.toml")
        var st = stat()
        guard lstat(pyproject.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
              let data = FileManager.default.contents(atPath: pyproject.path) else { return }
        var candidate = settings
        candidate.settingsSource = "pyproject.toml [tool.mlaudit]"
        do {
            if try SettingsFile.applyPyproject(text: String(decoding: data, as: UTF8.self), to: &candidate) { settings = candidate }
        } catch let problem as SettingsFile.Problem {
            // A pyproject.toml that is not TOML is the repository's business, not ours; a bad [tool.mlaudit] is.
            if !problem.description.hasPrefix("not valid TOML") {
                settings.settingsSource = candidate.settingsSource
                settings.problems.append("\(problem)")
            }
        } catch {}
    }

    /// The file's bytes when it is a regular file (a symlink is not followed); records a problem otherwise.
    private static func regularFile(_ file: URL, settings: inout AuditSettings) -> Data? {
        var st = stat()
        guard lstat(file.path, &st) == 0 else { return nil }
        guard (st.st_mode & S_IFMT) == S_IFREG, let data = FileManager.default.contents(atPath: file.path) else {
            settings.problems.append("not a regular readable file (a symlink is not followed)"); return nil
        }
        return data
    }
}

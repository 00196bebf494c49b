import Foundation
import MLAuditKit

#if canImport(Glibc)
    import Glibc
#endif

/// The one settings loader of `audit`, `apply` and `explain`: `--config FILE` (the user's, trusted like a flag)
/// or else the audited repository's own `.mlaudit.toml` (repository content: read through `SafeFileReader`, never
/// through a symlink, capped, and able only to tighten limits, see `SettingsFile.Origin`).
public enum SettingsLoader {
    /// A `--config` problem: a usage error (exit 2).
    public struct ConfigError: Error, CustomStringConvertible { public let description: String }

    public static let maxBytes = 1 << 20

    public static func load(root: URL, config: String?, into settings: inout AuditSettings) throws {
        if let config {
            // The user names this file; a symlink the user made is theirs to follow. Regular files only, capped.
            var st = stat()
            guard stat(config, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw ConfigError(description: "cannot read --config \(config): not a regular file")
            }
            let fd = open(config, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                throw ConfigError(description: "cannot read --config \(config): \(String(cString: strerror(errno)))")
            }
            defer { close(fd) }
            guard case .success(let bytes) = SafeFileReader.readOpen(fd, limit: maxBytes) else {
                throw ConfigError(description: "cannot read --config \(config)")
            }
            do {
                var copy = settings
                try SettingsFile.apply(text: String(decoding: bytes, as: UTF8.self), to: &copy, origin: .user)
                settings = copy
            } catch {
                throw ConfigError(description: "--config \(config): \(error)")
            }
            return
        }
        switch SafeFileReader.read(root: root.path, relative: ".mlaudit.toml", limit: maxBytes + 1) {
        case .failure(.missing):
            loadPyproject(root: root, into: &settings)
        case .failure(.symlink), .failure(.notRegular):
            settings.problems.append("not a regular readable file (a symlink is not followed)")
        case .failure(let why):
            settings.problems.append("cannot be read: \(why)")
        case .success(let bytes):
            guard bytes.count <= maxBytes else {
                settings.problems.append("larger than \(maxBytes) bytes: not read")
                return
            }
            do {
                var copy = settings
                try SettingsFile.apply(text: String(decoding: bytes, as: UTF8.self), to: &copy, origin: .repository)
                settings = copy
            } catch {
                settings.problems.append("\(error)")
            }
        }
    }

    /// Without `.mlaudit.toml`: the `[tool.mlaudit]` table of the repository's `pyproject.toml`, read the same
    /// guarded way. A `pyproject.toml` that is not TOML is the repository's business (nothing is recorded); a bad
    /// `[tool.mlaudit]` table is a problem like a bad `.mlaudit.toml`.
    static func loadPyproject(root: URL, into settings: inout AuditSettings) {
        guard
            case .success(let bytes) = SafeFileReader.read(
                root: root.path, relative: "pyproject.toml", limit: maxBytes + 1),
            bytes.count <= maxBytes
        else { return }
        var copy = settings
        copy.settingsSource = "pyproject.toml [tool.mlaudit]"
        do {
            if try SettingsFile.applyPyproject(
                text: String(decoding: bytes, as: UTF8.self), to: &copy, origin: .repository)
            {
                settings = copy
            }
        } catch let problem as SettingsFile.Problem {
            if problem.kind != .notTOML {
                settings.settingsSource = copy.settingsSource
                settings.problems.append("\(problem)")
            }
        } catch {}
    }
}

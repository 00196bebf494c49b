import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditRemediation
import MLAuditRender
import MLAuditReport
import MLAuditRules

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit PATH and print (or write) its Status Update.",
        discussion: """
            Without --out the Markdown goes to stdout and nothing is written. With --out DIR, \
            status-update-YYYY-MM-DD.md and .json are written there; an existing file is never overwritten without --force.
            The audited tree is only read: repository code runs only with --run-gates, in a temporary copy.

            \(ExitCodes.help)
            """
    )

    @Argument(help: "The repository to audit.") var path: String = "."
    @Option(help: "Write status-update-DATE.md/.json into this folder instead of printing.") var out: String?
    @Option(help: "Formats to write: md, json, sarif, or a comma list (stdout takes one).") var format: String =
        "md,json"
    @Option(
        help:
            "The report date YYYY-MM-DD (default: today, UTC). Also pins Error Capture timestamps to DATET00:00:00Z unless MLAUDIT_TIMESTAMP is set."
    ) var date: String?
    @Option(
        help: "default (the repository's own name, remote and branches) or codex (the template's _codex_ preamble).")
    var preset: String?
    @Option(help: "A settings file to use instead of PATH/.mlaudit.toml.") var config: String?
    @Flag(help: "Overwrite existing report files in --out.") var force = false
    @Flag(help: "Run the repository's local gates (its code!) in a temporary copy, offline where possible.")
    var runGates = false
    @Option(help: "Seconds each gate may run with --run-gates.") var gateTimeout: Double = 300
    @Option(help: "Files larger than this many bytes are listed but not read.") var maxFileBytes: Int?
    @Option(help: "Seconds the whole audit may take; files not reached in time are skipped, listed and captured.")
    var timeBudget: Double?
    @Option(
        help:
            "Exit 1 when a finding is at or above this severity (critical, high, medium, low), or with `error` when the report captured an error. Default: never."
    ) var failOn: FailOn?
    @Option(
        help:
            "An earlier JSON report to state the changes against (default with --out: the newest earlier status-update-*.json there)."
    ) var compareTo: String?
    @Flag(name: .shortAndLong, help: "No progress and no 'wrote' line; warnings still go to stderr.") var quiet = false
    @Flag(help: "Read every file afresh: neither read nor write the fact cache.") var noCache = false
    @Option(help: "The fact cache folder (default: $XDG_CACHE_HOME/mlaudit, else ~/.cache/mlaudit; never inside PATH).")
    var cacheDir: String?

    func run() throws {
        let root = URL(fileURLWithPath: path).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDir), isDir.boolValue else {
            fail("\(path) is not a folder: pass the repository's root folder")
        }
        let formats = Set(format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        guard !formats.isEmpty, formats.isSubset(of: ["md", "json", "sarif"]) else {
            fail("--format takes md, json, sarif or a comma list such as md,json")
        }
        if out == nil && formats.count > 1 && format != "md,json" {
            fail("stdout takes one format: --format md, json or sarif")
        }

        let reportDate = date ?? Self.today()
        guard Self.isDate(reportDate) else { fail("--date must be YYYY-MM-DD, got '\(reportDate)'") }
        let env = ProcessInfo.processInfo.environment
        let timestamp = env["MLAUDIT_TIMESTAMP"] ?? (date != nil ? "\(reportDate)T00:00:00Z" : Self.now())
        var settings = AuditSettings(date: reportDate, timestamp: timestamp)
        do { try CommandSettings.load(root: root, config: config, into: &settings) } catch let e
            as CommandSettings.UsageError
        { fail(e.message) }
        if let preset {
            guard let p = AuditSettings.Preset(rawValue: preset) else {
                fail("--preset takes default or codex, got '\(preset)'")
            }
            settings.preset = p
        }
        if let maxFileBytes {
            guard maxFileBytes > 0 else { fail("--max-file-bytes must be positive") }
            settings.setCommandLineMaxFileBytes(maxFileBytes)
        }
        settings.runGates = runGates
        if let timeBudget {
            guard timeBudget > 0 else { fail("--time-budget must be positive") }
            settings.timeBudget = timeBudget
        }
        settings.gateTimeout = gateTimeout
        settings.useFactCache = !noCache
        settings.cacheDirectory = cacheDir

        var targets: [(URL, String)] = []
        if let out {
            let dir = URL(fileURLWithPath: out).standardizedFileURL
            do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                fail("cannot create --out folder \(out): \(error.localizedDescription)")
            }
            for f in ["md", "json", "sarif"] where formats.contains(f) {
                let file = dir.appendingPathComponent("status-update-\(reportDate).\(f)")
                if FileManager.default.fileExists(atPath: file.path) && !force {
                    fail("\(file.path) exists; pass --force to overwrite it or choose another --out")
                }
                targets.append((file, f))
            }
        }

        var earlier: ReportSnapshot?
        if let compareTo {
            do { earlier = try ReportSnapshot(jsonFile: URL(fileURLWithPath: compareTo)) } catch {
                fail("--compare-to: \(error)")
            }
        } else if let out,
            let file = ReportSnapshot.newestEarlierReport(in: URL(fileURLWithPath: out), before: reportDate)
        {
            do { earlier = try ReportSnapshot(jsonFile: file) } catch {
                fail("the earlier report in --out cannot be compared: \(error)")
            }
        }

        let progress = Progress(enabled: Terminal.progressEnabled(quiet: quiet))
        var outcome = Auditor.run(root: root, settings: settings, progress: progress.show)
        progress.finish()
        if let earlier {
            var report = outcome.report
            report.delta = ReportSnapshot(report: report).delta(since: earlier)
            outcome = Auditor.render(report)
        }
        for line in outcome.stderrLines { Self.stderr(TerminalText.clean(line)) }
        let text = { (f: String) -> String in
            switch f {
            case "md": outcome.markdown
            case "sarif": Auditor.sarif(outcome.report)
            default: outcome.json
            }
        }
        if targets.isEmpty {
            FileHandle.standardOutput.write(Data(text(formats.contains("md") ? "md" : formats.first!).utf8))
        } else {
            let files = targets.map { (name: $0.0.lastPathComponent, data: Data(text($0.1).utf8)) }
            do { try ReportPublisher.publish(files, in: targets[0].0.deletingLastPathComponent(), force: force) } catch
            {
                fail("\(error)")
            }
            if !quiet { Self.stderr("mlaudit: wrote " + targets.map(\.0.path).joined(separator: " and ")) }
        }
        if let failOn, failOn.fails(outcome.report) { throw ExitCode(ExitCodes.failed) }
    }

    private func fail(_ message: String) -> Never {
        Self.stderr("mlaudit: error: \(message)")
        Foundation.exit(ExitCodes.usage)
    }

    /// Every line to stderr passes the terminal filter: paths and messages carry repository text.
    static func stderr(_ s: String) { FileHandle.standardError.write(Data((TerminalText.clean(s) + "\n").utf8)) }

    static func today() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }

    static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }

    static func isDate(_ s: String) -> Bool {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return s.count == 10 && f.date(from: s).map { f.string(from: $0) == s } == true
    }
}

/// Stage names on stderr, only on an interactive terminal (see `Terminal.progressEnabled`).
final class Progress: Sendable {
    private let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }
    func show(_ stage: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[Kmlaudit: \(stage)…".utf8))
    }
    func finish() { if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
}

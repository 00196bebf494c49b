/// The one list of hosted-CI pipeline files: what MLA106 reports, what no Atomic Diff may touch and what
/// `mlaudit apply` refuses to write. mlaudit never writes, enables or suggests one.
package enum HostedCI {
    /// Exact repository-root file names (compared lower-cased).
    package static let rootFiles: Set<String> = [
        ".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml", "jenkinsfile",
    ]
    /// Folders whose every file belongs to a hosted pipeline.
    package static let folders = [".circleci/", ".buildkite/"]

    package static func isHostedCI(_ path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasPrefix(".github/workflows/") && (lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")) {
            return true
        }
        if rootFiles.contains(lower) { return true }
        return folders.contains { lower.hasPrefix($0) }
    }

    /// What no change of mlaudit's may touch: every pipeline file, and anything in `.github/workflows/`.
    package static func isOffLimits(_ path: String) -> Bool {
        isHostedCI(path) || path.lowercased().hasPrefix(".github/workflows/")
    }
}

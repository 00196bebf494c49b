extension FetchPreamble {
    /// The mandated `_codex_` preamble, byte for byte as the template fixes it.
    public static let codex = FetchPreamble(
        repositoryURL: "https://github.com/Aries-Serpent/_codex_",
        branches: ["0A_base_", "0B_base_", "0C_base_"],
        displayName: "_codex_",
        environmentName: "the Codex Environment for Ubuntu")
}

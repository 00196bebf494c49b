// swift-tools-version: 6.0
import PackageDescription

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
    ],
    targets: [
        // The Python reader: tokenizer, structure reader, notebook reader. No dependencies.
        .target(name: "MLAuditPython", swiftSettings: [.swiftLanguageMode(.v5)]),
        // The audit pipeline: snapshot -> per-file facts -> analyses -> AuditReport -> renderers.
        .target(
            name: "MLAuditCore",
            dependencies: [
                "MLAuditPython",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [.copy("Remediation/Script/codex_remediation.py")],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        // The thin command layer.
        .executableTarget(
            name: "mlaudit",
            dependencies: [
                "MLAuditCore",
                "MLAuditPython",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .testTarget(name: "MLAuditPythonTests", dependencies: ["MLAuditPython"],
                    swiftSettings: [.swiftLanguageMode(.v5)]),
        .testTarget(name: "MLAuditCoreTests", dependencies: ["MLAuditCore", "MLAuditPython"],
                    resources: [.copy("Golden")],
                    swiftSettings: [.swiftLanguageMode(.v5)]),
    ]
)

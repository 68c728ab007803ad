// swift-tools-version: 6.0
// An example client of the Convergence API, generated at build time by Apple's
// swift-openapi-generator from the service's own document (openapi/openapi.json, linked into the
// target). Not part of the main package: build and run it on its own (docs/api.md):
//   swift run -c release CallEveryOperation http://127.0.0.1:8080
import PackageDescription

let package = Package(
    name: "SwiftClient",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", from: "1.4.0"),
    ],
    targets: [
        .executableTarget(
            name: "CallEveryOperation",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
    ]
)

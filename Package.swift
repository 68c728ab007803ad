// swift-tools-version: 6.2
// Module boundaries (each knows only what is listed as its dependency):
//   JSON               RFC 8259 parser (errors with line, column and JSON pointer), value, the one
//                      writer, JSON Pointer tokens: knows nothing about convergence or HTTP
//   ConvergenceEngine  the convergence model on typed values: no HTTP, no sockets, no JSON writing;
//                      reads its config through JSON; data embedded from config/
//   HTTPServer         HTTP/1.1 on POSIX sockets + Dispatch: knows nothing about convergence
//                      (JSON only to escape its default problem bodies)
//   ConvergenceAPI     maps HTTP to the engine and back (routes, request mapping, each result's
//                      JSON members, problem+json, caching)
//   convergence        the executable: configuration, signals, startup
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "convergence",
    // Linux only: the server is built on epoll and Glibc (no kqueue), so no Apple platform is
    // declared. Tested with Swift 6.3.1 on Debian 12 (bookworm).
    products: [
        .executable(name: "convergence", targets: ["convergence"]),
        .library(name: "ConvergenceEngine", targets: ["ConvergenceEngine"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        .library(name: "JSON", targets: ["JSON"]),
    ],
    // Pinned exactly: this is an application, and Package.resolved cannot be committed here, so
    // `exact:` is what makes two builds (CI, the Docker image) resolve the same versions.
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // No default traits: the JSON trait imports all of Foundation (+ ICU), several MiB of
        // resident memory; the settings file is parsed by the JSON module's parser instead.
        .package(url: "https://github.com/apple/swift-configuration", exact: "1.4.0", traits: []),
    ],
    targets: [
        // Parsing and writing JSON, for config files, request bodies and every response.
        .target(name: "JSON", swiftSettings: strict),

        // The model. Its data (models, levels, catalog) lives in config/ and is compiled in by
        // the EmbedConfig plugin, so the binary runs with no config directory at all.
        .target(
            name: "ConvergenceEngine",
            dependencies: ["JSON"],
            swiftSettings: strict,
            plugins: ["EmbedConfig"]
        ),
        .executableTarget(name: "EmbedConfigTool", swiftSettings: strict),
        .plugin(name: "EmbedConfig", capability: .buildTool(), dependencies: ["EmbedConfigTool"]),

        // The server: Glibc + Dispatch (plus a header-only shim for epoll and accept4, which
        // Swift's Glibc module does not expose) and OpenSSL for the optional TLS transport.
        .systemLibrary(name: "CHTTPServerShims"),
        // OpenSSL 3 for HTTPS (Debian: libssl-dev; docs/tls.md).
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "HTTPServer", dependencies: ["CHTTPServerShims", "COpenSSL", "JSON"], swiftSettings: strict),

        // zlib for gzip responses (Debian: zlib1g-dev).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),

        .target(
            name: "ConvergenceAPI",
            dependencies: [
                "ConvergenceEngine",
                "HTTPServer",
                "JSON",
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strict,
            // openapi/openapi.json, the contract, compiled in as config/ is into the engine.
            plugins: ["EmbedConfig"]
        ),

        .executableTarget(
            name: "convergence",
            dependencies: [
                "ConvergenceAPI",
                "ConvergenceEngine",
                "HTTPServer",
                "COpenSSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: strict
        ),

        // Engine and request-path micro-benchmark: prints figures, never asserts on time.
        .executableTarget(
            name: "ConvergenceBenchmarks",
            dependencies: ["ConvergenceEngine", "ConvergenceAPI", "HTTPServer", "JSON"],
            swiftSettings: strict
        ),

        // A raw-socket HTTP client for tests (byte-exact requests, slow clients, pipelining).
        .target(name: "HTTPTestSupport", dependencies: ["HTTPServer", "COpenSSL"], swiftSettings: strict),

        // The API in process (`APITestClient`, no socket) and live (`ServiceHarness`), for tests.
        .target(
            name: "ConvergenceAPITesting",
            dependencies: ["ConvergenceAPI", "ConvergenceEngine", "HTTPServer", "HTTPTestSupport"],
            swiftSettings: strict
        ),

        .testTarget(name: "JSONTests", dependencies: ["JSON"], swiftSettings: strict),
        .testTarget(name: "ConvergenceEngineTests", dependencies: ["ConvergenceEngine", "JSON"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ConvergenceAPITests",
            dependencies: ["ConvergenceAPI", "ConvergenceAPITesting", "ConvergenceEngine", "HTTPServer", "HTTPTestSupport", "JSON"],
            swiftSettings: strict
        ),
        // The executable's own parts: lifecycle (reload, drain) against a live service
        // (SwiftPM lets tests import an executable target).
        .testTarget(
            name: "ConvergenceCommandTests",
            dependencies: ["convergence", "ConvergenceAPI", "ConvergenceAPITesting", "HTTPServer", "HTTPTestSupport"],
            swiftSettings: strict
        ),
    ]
)

import Foundation
import Testing

/// What a new user of a fresh clone meets before any request: the README's links and the
/// Docker build inputs (the files the Dockerfile copies exist, and .dockerignore keeps build output out).
@Suite struct RepositoryFilesTests {
    /// The package root, from this file's place in Tests/ConvergenceAPITests/.
    static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func text(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appending(path: path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: Self.root.appending(path: path).path)
    }

    /// No reference outside the repository (`../…`), and every relative Markdown
    /// link points at a file of the clone.
    @Test func readmeLinksStayInsideTheRepository() throws {
        let readme = try text("README.md")
        #expect(!readme.contains("../"), "README points outside the repository")
        var targets: [String] = []
        var rest = Substring(readme)
        while let open = rest.range(of: "](") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            targets.append(String(rest[..<close]))
        }
        for target in targets where !target.hasPrefix("http://") && !target.hasPrefix("https://") && !target.hasPrefix("#") {
            let path = String(target.split(separator: "#", maxSplits: 1).first ?? "")
            #expect(exists(path), "README links to \(target), which is not in the repository")
        }
        // GET /models and GET / have examples.
        #expect(readme.contains("$ curl -s http://localhost:8080/models | "))
        #expect(readme.contains("$ curl -s http://localhost:8080/ | "))
    }

    /// The runtime image gets Public/ and config/, both exist, and the
    /// build context leaves out build products, VCS data and tool caches.
    @Test func dockerBuildInputs() throws {
        let dockerfile = try text("Dockerfile")
        #expect(dockerfile.contains("COPY --chown=root:root Public/ /app/Public/"))
        #expect(dockerfile.contains("COPY --chown=root:root config/ /app/config/"))
        #expect(exists("Public/index.html"))
        #expect(exists("config/convergence.json"))
        let ignored = try text(".dockerignore").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for entry in [".build", ".build-*", ".git", ".schemathesis", "Fuzz/corpus-run"] {
            #expect(ignored.contains(entry), "\(entry) is not in .dockerignore")
        }
        for needed in ["Public", "config", "Sources", "Package.swift", "Plugins", "Tests"] {
            #expect(!ignored.contains(needed), "\(needed) must stay in the build context")
        }
    }

    /// Issue 14: a rebuild resolves the same code. Every dependency is pinned `exact:` (no
    /// `Package.resolved` is committed), the builder is the toolchain CI tests with, and both
    /// base images are exact release tags, never floating ones like `bookworm-slim`.
    @Test func imageAndDependenciesArePinned() throws {
        let manifest = try text("Package.swift")
        let packages = manifest.split(separator: "\n").filter { $0.contains(".package(url:") }
        #expect(packages.count == 5)
        for line in packages {
            #expect(line.contains("exact: \""), "not pinned exactly: \(line)")
        }
        #expect(!manifest.contains(".macOS("), "the server is Linux only (epoll, Glibc)")
        let froms = try text("Dockerfile").split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(froms.count == 2)
        #expect(froms.first?.hasPrefix("FROM swift:6.3.1-") == true)
        for line in froms {
            let image = line.split(separator: " ")[1]
            let tag = image.split(separator: ":").last ?? ""
            #expect(tag.first?.isNumber == true, "\(image) is not an exact release tag")
        }
    }

    /// Issue 14: the drain ends before the platform's SIGKILL: docker stop's 10 s default, and
    /// the Deployment's terminationGracePeriodSeconds.
    @Test func drainFitsTheStopTimeouts() throws {
        func value(after key: String, in text: String) -> Int? {
            guard let range = text.range(of: key) else { return nil }
            let digits = text[range.upperBound...].drop { !$0.isNumber }.prefix { $0.isNumber }
            return Int(digits)
        }
        let dockerfile = try text("Dockerfile")
        let dockerDrain = try #require(value(after: "CONVERGENCE_TIMEOUTS_DRAIN_SECONDS=", in: dockerfile))
        #expect(dockerDrain < 10)
        #expect(dockerfile.contains("STOPSIGNAL SIGTERM"))
        let deployment = try text("deploy/kubernetes/deployment.yaml")
        let grace = try #require(value(after: "terminationGracePeriodSeconds:", in: deployment))
        let drain = try #require(value(after: "name: CONVERGENCE_TIMEOUTS_DRAIN_SECONDS", in: deployment))
        let drainGrace = try #require(value(after: "name: CONVERGENCE_TIMEOUTS_DRAIN_GRACE_SECONDS", in: deployment))
        #expect(drain < grace)
        #expect(drainGrace < drain)
    }
}

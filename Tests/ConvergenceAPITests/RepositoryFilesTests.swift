import Foundation
import Testing

/// What a new user of a fresh clone meets before any request: the README's links and the
/// Docker build inputs (review #13, #14).
@Suite struct RepositoryFilesTests {
    /// The package root, from this file's place in Tests/ConvergenceAPITests/.
    static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func text(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appending(path: path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: Self.root.appending(path: path).path)
    }

    /// Review #13: no reference outside the repository (`../…`), and every relative Markdown
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
        // Review #13: GET /models and GET / have examples.
        #expect(readme.contains("$ curl -s http://localhost:8080/models | "))
        #expect(readme.contains("$ curl -s http://localhost:8080/ | "))
    }

    /// Review #14: the runtime image gets Public/ and config/ (issue 4), both exist, and the
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
}

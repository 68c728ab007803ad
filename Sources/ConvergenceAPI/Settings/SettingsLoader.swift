public import Configuration
import ConvergenceEngine
import JSON

/// Builds `ServiceSettings` from the layers, lowest first: embedded defaults < the JSON file
/// (`config/convergence.json`) < environment (`PORT`, `CONVERGENCE_*`) < command-line flags.
///
/// Keys are hierarchical (`server.port`); the environment spells them `CONVERGENCE_SERVER_PORT`.
public struct SettingsLoader: Sendable {
    /// The default file; a missing default file is fine, a missing explicit one is an error.
    public static let defaultFilePath = "config/convergence.json"

    public var filePath: String?
    public var environment: [String: String]
    /// Values from flags, already keyed (`server.host`, `server.port`).
    public var overrides: [String: ConfigContent]

    public init(filePath: String? = nil, environment: [String: String], overrides: [String: ConfigContent] = [:]) {
        self.filePath = filePath
        self.environment = environment
        self.overrides = overrides
    }

    /// One thing wrong with the settings, with where it came from.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var source: String
        public var key: String
        public var message: String
        public var description: String { key.isEmpty ? "\(source): \(message)" : "\(source): \(key): \(message)" }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var problems: [Problem]
        /// The settings as far as they could be read (defaults where a value was bad), so
        /// `check-config` can still check the catalog they point at; nil when the settings
        /// file itself could not be read or parsed.
        public var settings: ServiceSettings?
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }

    public func load() async throws(Failure) -> ServiceSettings {
        let defaults = ServiceSettings()
        let path = filePath ?? Self.defaultFilePath
        let fileValues: [AbsoluteConfigKey: ConfigValue]
        var problems: [Problem] = []
        do {
            fileValues = try Self.readFile(path, required: filePath != nil, expected: Dictionary(
                Self.defaults(defaults).map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a }), unknown: &problems)
        } catch {
            throw Failure(problems: [error], settings: nil)
        }
        var flagValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in overrides { flagValues[Self.key(key)] = ConfigValue(value, isSecret: false) }
        var portValues: [AbsoluteConfigKey: ConfigValue] = [:]
        if let port = environment["PORT"] {
            portValues[Self.key("server.port")] = ConfigValue(
                Int(port[...].trimmingSpaces).map(ConfigContent.int) ?? .string(port), isSecret: false)
        }
        let env = EnvironmentVariablesProvider(
            environmentVariables: environment.filter { $0.key.hasPrefix("CONVERGENCE_") }
        ).prefixKeys(with: "convergence")
        // Every key has a default in the lowest layer, so a required read only throws when some
        // layer holds a value of the wrong type: that is a problem to report, never to ignore.
        var defaultValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, content) in Self.defaults(defaults) { defaultValues[Self.key(key)] = ConfigValue(content, isSecret: false) }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: flagValues),
            env,
            InMemoryProvider(name: "PORT", values: portValues),
            InMemoryProvider(name: path, values: fileValues),
            InMemoryProvider(name: "defaults", values: defaultValues),
        ])

        var s = defaults
        func sourceOf(_ key: String) -> String {
            if overrides[key] != nil { return "command line" }
            let envName = "CONVERGENCE_" + key.split(separator: ".").map { Self.screaming(String($0)) }.joined(separator: "_")
            if environment[envName] != nil { return envName }
            if key == "server.port", environment["PORT"] != nil { return "PORT" }
            return path
        }
        for setting in SettingKey.all {
            do {
                try setting.read(reader, ConfigKey(setting.name.split(separator: ".").map(String.init)), &s)
            } catch {
                problems.append(Problem(source: sourceOf(setting.name), key: setting.name, message: "\(error)"))
            }
        }

        for issue in Self.validate(s) {
            problems.append(Problem(source: sourceOf(issue.key), key: issue.key, message: issue.message))
        }
        if !problems.isEmpty { throw Failure(problems: problems, settings: s) }
        return s
    }

    /// Range checks that do not depend on where a value came from: each key's own (in
    /// `SettingKey.all`), then those that relate two keys.
    static func validate(_ s: ServiceSettings) -> [(key: String, message: String)] {
        var issues: [(key: String, message: String)] = []
        for setting in SettingKey.all {
            for message in setting.check(s) { issues.append((setting.name, message)) }
        }
        if s.drainGrace > 0, s.drainTimeout > 0, s.drainGrace.isFinite, s.drainGrace >= s.drainTimeout {
            // The grace is part of the drain deadline: in-flight requests need some of it too.
            issues.append(("timeouts.drainGraceSeconds",
                           "must be less than timeouts.drainSeconds (\(s.drainTimeout)), got \(s.drainGrace)"))
        }
        if s.tlsCertificate.isEmpty != s.tlsKey.isEmpty {
            issues.append((s.tlsKey.isEmpty ? "tls.key" : "tls.certificate",
                           "tls.certificate and tls.key are set together (HTTPS) or not at all"))
        }
        if !s.tlsClientCA.isEmpty && s.tlsCertificate.isEmpty {
            issues.append(("tls.clientCA", "mutual TLS needs tls.certificate and tls.key"))
        }
        return issues
    }

    /// The settings file as configuration values: objects become dotted keys; numbers take the
    /// type the key expects (so `10` is fine for seconds), anything else keeps its JSON type and
    /// is reported by the typed read if it does not fit. A key the settings do not have is a
    /// problem in `unknown` (as the catalog rejects unknown fields): a typo must not silently
    /// leave a limit at its default.
    static func readFile(_ path: String, required: Bool, expected: [String: ConfigContent],
                         unknown: inout [Problem]) throws(Problem) -> [AbsoluteConfigKey: ConfigValue]
    {
        guard let bytes = StaticFiles.readFile(path) else {
            let reason = StaticFiles.lastErrorReason()
            if required { throw Problem(source: path, key: "", message: "cannot read the file: \(reason)") }
            return [:]
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw Problem(source: path, key: "", message: "not valid JSON: \(error.description)")
        }
        guard case .object = document else {
            throw Problem(source: path, key: "", message: "must be a JSON object, got \(document.typeName)")
        }
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        flatten(document, [], into: &values, expected: expected, source: path, unknown: &unknown)
        return values
    }

    /// Objects become dotted keys, `null` leaves a key unset, every other value is one setting.
    static func flatten(_ value: JSONValue, _ prefix: [String], into values: inout [AbsoluteConfigKey: ConfigValue],
                        expected: [String: ConfigContent], source: String, unknown: inout [Problem]) {
        let dotted = prefix.joined(separator: ".")
        if !prefix.isEmpty, expected[dotted] == nil,
           let problem = unexpected(value, prefix, expected: expected, source: source) {
            unknown.append(problem)
            return
        }
        if case .object(let members) = value {
            for (name, member) in members {
                flatten(member, prefix + [name], into: &values, expected: expected, source: source, unknown: &unknown)
            }
        } else if let content = content(of: value, expected: expected[dotted]) {
            values[AbsoluteConfigKey(prefix)] = ConfigValue(content, isSecret: false)
        }
    }

    /// The problem with a key the settings do not have; nil for a section (`limits`) holding an
    /// object, whose keys are then checked one by one.
    static func unexpected(_ value: JSONValue, _ prefix: [String], expected: [String: ConfigContent],
                           source: String) -> Problem? {
        let dotted = prefix.joined(separator: ".")
        let isSection = expected.keys.contains { $0.hasPrefix(dotted + ".") }
        var isObject = false
        if case .object = value { isObject = true }
        if isSection && isObject { return nil }
        let parent = prefix.dropLast().joined(separator: ".")
        let siblings = Set(expected.keys.compactMap { key -> String? in
            if parent.isEmpty { return key.split(separator: ".").first.map(String.init) }
            guard key.hasPrefix(parent + ".") else { return nil }
            return key.dropFirst(parent.count + 1).split(separator: ".").first.map(String.init)
        }).sorted()
        let what = isSection ? "must be an object, got \(value.typeName)"
            : "unknown key \"\(prefix.last ?? "")\" (expected one of: \(siblings.joined(separator: ", ")))"
        return Problem(source: source, key: dotted, message: what)
    }

    /// A JSON value as the configuration value of its key: numbers take the type the key expects
    /// (so `10` is fine for seconds); anything else keeps its JSON type and is reported by the
    /// typed read if it does not fit. Nil for `null` (and objects, which are sections).
    static func content(of value: JSONValue, expected: ConfigContent?) -> ConfigContent? {
        switch value {
        case .object, .null:
            return nil
        case .bool(let b):
            return .bool(b)
        case .string(let text):
            return .string(text)
        case .number(let x):
            if case .double = expected { return .double(x) }
            return Int(exactly: x).map { .int($0) } ?? .double(x)
        case .array(let items):
            var strings: [String] = []
            for item in items {
                guard case .string(let text) = item else { return .string("[array of \(item.typeName)]") }
                strings.append(text)
            }
            return .stringArray(strings)
        }
    }

    static func key(_ dotted: String) -> AbsoluteConfigKey {
        AbsoluteConfigKey(dotted.split(separator: ".").map(String.init))
    }

    /// The embedded defaults as the lowest configuration layer.
    static func defaults(_ d: ServiceSettings) -> [(String, ConfigContent)] {
        SettingKey.all.map { ($0.name, $0.defaultContent(d)) }
    }

    /// `maxConnections` → `MAX_CONNECTIONS`, `clientCA` → `CLIENT_CA`, as the environment
    /// provider spells keys (an underscore where a lowercase letter meets an uppercase one).
    static func screaming(_ component: String) -> String {
        var out = ""
        var previous: Character?
        for ch in component {
            if ch.isUppercase, previous?.isLowercase == true { out.append("_") }
            out.append(contentsOf: ch.uppercased())
            previous = ch
        }
        return out
    }
}

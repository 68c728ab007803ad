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
        func read<T>(_ key: String, _ value: inout T, _ get: (ConfigKey) throws -> T) {
            do {
                value = try get(ConfigKey(key.split(separator: ".").map(String.init)))
            } catch {
                problems.append(Problem(source: sourceOf(key), key: key, message: "\(error)"))
            }
        }
        read("server.host", &s.host) { try reader.requiredString(forKey: $0) }
        read("server.port", &s.port) { try reader.requiredInt(forKey: $0) }
        read("server.loops", &s.loops) { try reader.requiredInt(forKey: $0) }
        read("server.maxConnections", &s.maxConnections) { try reader.requiredInt(forKey: $0) }
        read("limits.requestLineBytes", &s.maxRequestLineBytes) { try reader.requiredInt(forKey: $0) }
        read("limits.headerBytes", &s.maxHeaderBytes) { try reader.requiredInt(forKey: $0) }
        read("limits.headerCount", &s.maxHeaderCount) { try reader.requiredInt(forKey: $0) }
        read("limits.bodyBytes", &s.maxBodyBytes) { try reader.requiredInt(forKey: $0) }
        read("limits.batchItems", &s.maxBatchItems) { try reader.requiredInt(forKey: $0) }
        read("timeouts.headerSeconds", &s.headerTimeout) { try reader.requiredDouble(forKey: $0) }
        read("timeouts.bodySeconds", &s.bodyTimeout) { try reader.requiredDouble(forKey: $0) }
        read("timeouts.idleSeconds", &s.idleTimeout) { try reader.requiredDouble(forKey: $0) }
        read("timeouts.writeSeconds", &s.writeTimeout) { try reader.requiredDouble(forKey: $0) }
        read("timeouts.drainSeconds", &s.drainTimeout) { try reader.requiredDouble(forKey: $0) }
        read("timeouts.drainGraceSeconds", &s.drainGrace) { try reader.requiredDouble(forKey: $0) }
        read("cors.origins", &s.corsOrigins) { try reader.requiredStringArray(forKey: $0) }
        read("proxy.trusted", &s.trustedProxies) { try reader.requiredStringArray(forKey: $0) }
        read("proxy.header", &s.proxyHeader) { key in
            let text = try reader.requiredString(forKey: key)
            guard let header = ServiceSettings.ProxyHeader(rawValue: text.lowercased()) else {
                throw LoaderTypeError(message: "must be x-forwarded-for or forwarded, got \(text)")
            }
            return header
        }
        read("gzip.minimumBytes", &s.gzipMinimumBytes) { try reader.requiredInt(forKey: $0) }
        read("log.format", &s.logFormat) { key in
            let text = try reader.requiredString(forKey: key)
            guard let format = ServiceSettings.LogFormat(rawValue: text) else {
                throw LoaderTypeError(message: "must be json or text, got \(text)")
            }
            return format
        }
        read("log.level", &s.logLevel) { try reader.requiredString(forKey: $0) }
        read("log.access", &s.accessLog) { try reader.requiredBool(forKey: $0) }
        read("paths.catalog", &s.catalogPath) { try reader.requiredString(forKey: $0) }
        read("paths.public", &s.publicPath) { try reader.requiredString(forKey: $0) }
        read("tls.certificate", &s.tlsCertificate) { try reader.requiredString(forKey: $0) }
        read("tls.key", &s.tlsKey) { try reader.requiredString(forKey: $0) }
        read("tls.clientCA", &s.tlsClientCA) { try reader.requiredString(forKey: $0) }
        read("tls.handshakeTimeoutSeconds", &s.tlsHandshakeTimeout) { try reader.requiredDouble(forKey: $0) }

        for issue in Self.validate(s) {
            problems.append(Problem(source: sourceOf(issue.key), key: issue.key, message: issue.message))
        }
        if !problems.isEmpty { throw Failure(problems: problems, settings: s) }
        return s
    }

    /// Range checks that do not depend on where a value came from.
    static func validate(_ s: ServiceSettings) -> [(key: String, message: String)] {
        var issues: [(key: String, message: String)] = []
        if !(0...65_535).contains(s.port) { issues.append(("server.port", "must be 0...65535, got \(s.port)")) }
        if s.host.isEmpty { issues.append(("server.host", "must not be empty")) }
        if !(0...256).contains(s.loops) { issues.append(("server.loops", "must be 0...256, got \(s.loops)")) }
        if s.maxConnections < 1 { issues.append(("server.maxConnections", "must be at least 1")) }
        for (key, value) in [("limits.requestLineBytes", s.maxRequestLineBytes), ("limits.headerBytes", s.maxHeaderBytes),
                             ("limits.headerCount", s.maxHeaderCount), ("limits.bodyBytes", s.maxBodyBytes),
                             ("limits.batchItems", s.maxBatchItems)] where value < 1 {
            issues.append((key, "must be at least 1, got \(value)"))
        }
        for (key, value) in [("timeouts.headerSeconds", s.headerTimeout), ("timeouts.bodySeconds", s.bodyTimeout),
                             ("timeouts.idleSeconds", s.idleTimeout), ("timeouts.writeSeconds", s.writeTimeout),
                             ("timeouts.drainSeconds", s.drainTimeout),
                             ("tls.handshakeTimeoutSeconds", s.tlsHandshakeTimeout)] where !(value > 0 && value.isFinite) {
            issues.append((key, "must be a positive number of seconds, got \(value)"))
        }
        if !(s.drainGrace >= 0 && s.drainGrace.isFinite) {
            issues.append(("timeouts.drainGraceSeconds", "must be 0 or a positive number of seconds, got \(s.drainGrace)"))
        } else if s.drainGrace > 0, s.drainTimeout > 0, s.drainGrace >= s.drainTimeout {
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
        if s.gzipMinimumBytes < 0 { issues.append(("gzip.minimumBytes", "must not be negative")) }
        if !["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(s.logLevel) {
            issues.append(("log.level", "must be one of trace, debug, info, notice, warning, error, critical; got \(s.logLevel)"))
        }
        for proxy in s.trustedProxies where AddressBlock(proxy) == nil {
            issues.append(("proxy.trusted", "not an IP address or CIDR block: \(proxy)"))
        }
        for origin in s.corsOrigins where origin != "*" && !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) {
            issues.append(("cors.origins", "an origin is * or starts with http:// or https://, got \(origin)"))
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
        func walk(_ value: JSONValue, _ prefix: [String]) {
            let dotted = prefix.joined(separator: ".")
            let content: ConfigContent
            if !prefix.isEmpty, expected[dotted] == nil {
                let isSection = expected.keys.contains { $0.hasPrefix(dotted + ".") }
                var isObject = false
                if case .object = value { isObject = true }
                if !(isSection && isObject) {
                    let parent = prefix.dropLast().joined(separator: ".")
                    let siblings = Set(expected.keys.compactMap { key -> String? in
                        if parent.isEmpty { return key.split(separator: ".").first.map(String.init) }
                        guard key.hasPrefix(parent + ".") else { return nil }
                        return key.dropFirst(parent.count + 1).split(separator: ".").first.map(String.init)
                    }).sorted()
                    let what = isSection ? "must be an object, got \(value.typeName)"
                        : "unknown key \"\(prefix.last ?? "")\" (expected one of: \(siblings.joined(separator: ", ")))"
                    unknown.append(Problem(source: path, key: dotted, message: what))
                    return
                }
            }
            switch value {
            case .object(let members):
                for (name, member) in members { walk(member, prefix + [name]) }
                return
            case .null:
                return
            case .bool(let b):
                content = .bool(b)
            case .string(let text):
                content = .string(text)
            case .number(let x):
                if case .double = expected[dotted] {
                    content = .double(x)
                } else if let i = Int(exactly: x) {
                    content = .int(i)
                } else {
                    content = .double(x)
                }
            case .array(let items):
                var strings: [String] = []
                for item in items {
                    if case .string(let text) = item { strings.append(text) } else {
                        content = .string("[array of \(item.typeName)]")
                        values[AbsoluteConfigKey(prefix)] = ConfigValue(content, isSecret: false)
                        return
                    }
                }
                content = .stringArray(strings)
            }
            values[AbsoluteConfigKey(prefix)] = ConfigValue(content, isSecret: false)
        }
        walk(document, [])
        return values
    }

    static func key(_ dotted: String) -> AbsoluteConfigKey {
        AbsoluteConfigKey(dotted.split(separator: ".").map(String.init))
    }

    /// The embedded defaults as the lowest configuration layer.
    static func defaults(_ d: ServiceSettings) -> [(String, ConfigContent)] {
        [
            ("server.host", .string(d.host)), ("server.port", .int(d.port)), ("server.loops", .int(d.loops)),
            ("server.maxConnections", .int(d.maxConnections)),
            ("limits.requestLineBytes", .int(d.maxRequestLineBytes)), ("limits.headerBytes", .int(d.maxHeaderBytes)),
            ("limits.headerCount", .int(d.maxHeaderCount)), ("limits.bodyBytes", .int(d.maxBodyBytes)),
            ("limits.batchItems", .int(d.maxBatchItems)),
            ("timeouts.headerSeconds", .double(d.headerTimeout)), ("timeouts.bodySeconds", .double(d.bodyTimeout)),
            ("timeouts.idleSeconds", .double(d.idleTimeout)), ("timeouts.writeSeconds", .double(d.writeTimeout)),
            ("timeouts.drainSeconds", .double(d.drainTimeout)), ("timeouts.drainGraceSeconds", .double(d.drainGrace)),
            ("cors.origins", .stringArray(d.corsOrigins)), ("proxy.trusted", .stringArray(d.trustedProxies)),
            ("proxy.header", .string(d.proxyHeader.rawValue)),
            ("gzip.minimumBytes", .int(d.gzipMinimumBytes)),
            ("log.format", .string(d.logFormat.rawValue)), ("log.level", .string(d.logLevel)),
            ("log.access", .bool(d.accessLog)),
            ("paths.catalog", .string(d.catalogPath)), ("paths.public", .string(d.publicPath)),
            ("tls.certificate", .string(d.tlsCertificate)), ("tls.key", .string(d.tlsKey)),
            ("tls.clientCA", .string(d.tlsClientCA)), ("tls.handshakeTimeoutSeconds", .double(d.tlsHandshakeTimeout)),
        ]
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

private struct LoaderTypeError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

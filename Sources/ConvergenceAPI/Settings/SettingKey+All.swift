/// Every setting, in the order config/README.md lists them. Checks that relate two keys
/// (the drain grace within the drain deadline, TLS files set together) are in
/// `SettingsLoader.validate`.
extension SettingKey {
    /// Built on each read (key paths are not `Sendable`, so this is no stored global).
    static var all: [SettingKey] {
        [
            .string("server.host", \.host, restart: true) { $0.isEmpty ? "must not be empty" : nil },
            .int("server.port", \.port, restart: true) { (0...65_535).contains($0) ? nil : "must be 0...65535, got \($0)" },
            .int("server.loops", \.loops, restart: true) { (0...256).contains($0) ? nil : "must be 0...256, got \($0)" },
            .int("server.maxConnections", \.maxConnections, restart: true) { $0 < 1 ? "must be at least 1" : nil },
            .int("limits.requestLineBytes", \.maxRequestLineBytes, restart: true, check: atLeastOne),
            .int("limits.headerBytes", \.maxHeaderBytes, restart: true, check: atLeastOne),
            .int("limits.headerCount", \.maxHeaderCount, restart: true, check: atLeastOne),
            .int("limits.bodyBytes", \.maxBodyBytes, restart: true, check: atLeastOne),
            .int("limits.batchItems", \.maxBatchItems, check: atLeastOne),
            .seconds("timeouts.headerSeconds", \.headerTimeout, restart: true),
            .seconds("timeouts.bodySeconds", \.bodyTimeout, restart: true),
            .seconds("timeouts.idleSeconds", \.idleTimeout, restart: true),
            .seconds("timeouts.writeSeconds", \.writeTimeout, restart: true),
            .seconds("timeouts.drainSeconds", \.drainTimeout),
            .seconds("timeouts.drainGraceSeconds", \.drainGrace) {
                $0 >= 0 && $0.isFinite ? nil : "must be 0 or a positive number of seconds, got \($0)"
            },
            .strings("cors.origins", \.corsOrigins) { origin in
                origin == "*" || origin.hasPrefix("http://") || origin.hasPrefix("https://") ? nil
                    : "an origin is * or starts with http:// or https://, got \(origin)"
            },
            .strings("proxy.trusted", \.trustedProxies) { AddressBlock($0) == nil ? "not an IP address or CIDR block: \($0)" : nil },
            .choice("proxy.header", \.proxyHeader, expected: "x-forwarded-for or forwarded") {
                ServiceSettings.ProxyHeader(rawValue: $0.lowercased())
            },
            .int("gzip.minimumBytes", \.gzipMinimumBytes) { $0 < 0 ? "must not be negative" : nil },
            .choice("log.format", \.logFormat, expected: "json or text") { ServiceSettings.LogFormat(rawValue: $0) },
            .string("log.level", \.logLevel) {
                ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains($0) ? nil
                    : "must be one of trace, debug, info, notice, warning, error, critical; got \($0)"
            },
            .bool("log.access", \.accessLog),
            .string("paths.catalog", \.catalogPath),
            .string("paths.public", \.publicPath),
            // New files are re-read on reload; turning HTTPS on or off needs a new listener
            // (`ServiceSettings.restartOnlyChanges`).
            .string("tls.certificate", \.tlsCertificate),
            .string("tls.key", \.tlsKey),
            .string("tls.clientCA", \.tlsClientCA),
            .seconds("tls.handshakeTimeoutSeconds", \.tlsHandshakeTimeout, restart: true),
        ]
    }
}

extension ServiceSettings {
    /// Keys that differ and only take effect with a new server (socket, parser limits, timeouts).
    public static func restartOnlyChanges(from a: ServiceSettings, to b: ServiceSettings) -> [String] {
        var keys = SettingKey.all.filter { $0.needsRestart && $0.differs(a, b) }.map(\.name)
        if (a.tlsFiles == nil) != (b.tlsFiles == nil) { keys.append("tls.certificate") }
        return keys
    }
}

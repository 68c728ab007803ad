import Configuration

/// One setting (config/README.md lists them all): its dotted key, how its default becomes the
/// lowest configuration layer, how it is read into `ServiceSettings`, its range check, and
/// whether a change only applies with a new server. `SettingKey.all` is the one list that the
/// loader, the reload's restart warning and `check-config` read.
struct SettingKey {
    /// `server.port`; the environment spells it `CONVERGENCE_SERVER_PORT`.
    let name: String
    /// A change needs a restart: the socket, the parser's limits and the timeouts are fixed
    /// when the server is built.
    let needsRestart: Bool
    let defaultContent: (ServiceSettings) -> ConfigContent
    let read: (ConfigReader, ConfigKey, inout ServiceSettings) throws -> Void
    /// Whether two settings differ in this key.
    let differs: (ServiceSettings, ServiceSettings) -> Bool
    /// What is wrong with the value read (one message per bad entry of a list); empty when fine.
    let check: (ServiceSettings) -> [String]

    init<T: Equatable>(_ name: String, _ path: WritableKeyPath<ServiceSettings, T>, restart: Bool,
                       content: @escaping (T) -> ConfigContent,
                       read: @escaping (ConfigReader, ConfigKey) throws -> T,
                       check: ((T) -> [String])?) {
        self.name = name
        needsRestart = restart
        defaultContent = { content($0[keyPath: path]) }
        self.read = { reader, key, settings in settings[keyPath: path] = try read(reader, key) }
        differs = { $0[keyPath: path] != $1[keyPath: path] }
        self.check = { settings in check?(settings[keyPath: path]) ?? [] }
    }

    static func int(_ name: String, _ path: WritableKeyPath<ServiceSettings, Int>, restart: Bool = false,
                    check: ((Int) -> String?)? = nil) -> SettingKey {
        SettingKey(name, path, restart: restart, content: { .int($0) }, read: { try $0.requiredInt(forKey: $1) }, check: one(check))
    }

    static func seconds(_ name: String, _ path: WritableKeyPath<ServiceSettings, Double>, restart: Bool = false,
                        check: ((Double) -> String?)? = positiveSeconds) -> SettingKey {
        SettingKey(name, path, restart: restart, content: { .double($0) }, read: { try $0.requiredDouble(forKey: $1) }, check: one(check))
    }

    static func string(_ name: String, _ path: WritableKeyPath<ServiceSettings, String>, restart: Bool = false,
                       check: ((String) -> String?)? = nil) -> SettingKey {
        SettingKey(name, path, restart: restart, content: { .string($0) }, read: { try $0.requiredString(forKey: $1) }, check: one(check))
    }

    /// A list of words; `checkEach` is asked about every entry.
    static func strings(_ name: String, _ path: WritableKeyPath<ServiceSettings, [String]>,
                        checkEach: ((String) -> String?)? = nil) -> SettingKey {
        SettingKey(name, path, restart: false, content: { .stringArray($0) },
                   read: { try $0.requiredStringArray(forKey: $1) },
                   check: checkEach.map { check in { $0.compactMap(check) } })
    }

    static func bool(_ name: String, _ path: WritableKeyPath<ServiceSettings, Bool>) -> SettingKey {
        SettingKey(name, path, restart: false, content: { .bool($0) }, read: { try $0.requiredBool(forKey: $1) }, check: nil)
    }

    /// One of a fixed set of words (`parse` lowercases where case does not matter).
    static func choice<T: RawRepresentable<String> & Equatable>(
        _ name: String, _ path: WritableKeyPath<ServiceSettings, T>, expected: String, parse: @escaping (String) -> T?
    ) -> SettingKey {
        SettingKey(name, path, restart: false, content: { .string($0.rawValue) }, read: { reader, key in
            let text = try reader.requiredString(forKey: key)
            guard let value = parse(text) else { throw SettingTypeError(message: "must be \(expected), got \(text)") }
            return value
        }, check: nil)
    }

    private static func one<T>(_ check: ((T) -> String?)?) -> ((T) -> [String])? {
        check.map { check in { check($0).map { [$0] } ?? [] } }
    }

    static func atLeastOne(_ value: Int) -> String? { value < 1 ? "must be at least 1, got \(value)" : nil }

    static func positiveSeconds(_ value: Double) -> String? {
        value > 0 && value.isFinite ? nil : "must be a positive number of seconds, got \(value)"
    }
}

/// A value of the right JSON type but not one of the words a key takes.
struct SettingTypeError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

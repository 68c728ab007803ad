import Logging

/// The service's loggers: lines through `LineLogHandler` into the `LogSink`, in the configured
/// format and level; no sink, no lines.
enum ServiceLoggers {
    static func make(_ label: String, settings: ServiceSettings, sink: LogSink?) -> Logger {
        guard let sink else { return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() }) }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        return Logger(label: label, factory: { label in
            LineLogHandler(label: label, format: settings.logFormat, level: level, sink: sink)
        })
    }
}

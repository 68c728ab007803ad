/// Problems collected across all files of one load.
final class ProblemLog {
    var problems: [ConfigurationError.Problem] = []
}

import ArgumentParser
struct Serve: AsyncParsableCommand {
    @OptionGroup var options: SettingsOptions
    func run() async throws {}
}

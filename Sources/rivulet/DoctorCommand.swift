import ArgumentParser
import RivuletApp
import RivuletCore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor", abstract: "Check ports, data directory, disk space and config.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let checks = Doctor(config: try global.load()).run()
        for check in checks {
            print("\(check.status.rawValue.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0)) \(check.name): \(check.detail)")
        }
        if checks.contains(where: { $0.status == .fail }) {
            throw RivuletError(.aborted, "doctor found problems; fix the FAIL lines above")
        }
    }
}

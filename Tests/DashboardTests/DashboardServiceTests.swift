import Dashboard
import Logging
import Testing

@Suite struct DashboardServiceTests {
    /// Cancelling a server logs at error level; the test expects that and keeps the output clean.
    static var quiet: Logger {
        var logger = Logger(label: "dashboard-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func aTakenPortIsAClearUsageError() async throws {
        var configuration = DashboardServerConfiguration()
        configuration.port = 0
        let (ports, reportPort) = AsyncStream.makeStream(of: Int.self)
        let first = DashboardService(configuration: configuration, dataSource: StubDataSource(), logger: Self.quiet) {
            _, port in
            reportPort.yield(port)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await first.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)
            var taken = configuration
            taken.port = port
            let second = DashboardService(configuration: taken, dataSource: StubDataSource(), logger: Self.quiet)
            let error = await #expect(throws: DashboardError.self) { try await second.run() }
            #expect(error?.code == .addressInUse)
            #expect(error?.isUsageError == true)
            group.cancelAll()
        }
    }
}

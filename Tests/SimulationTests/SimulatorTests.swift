import Foundation
import RivuletCore
import TestSupport
import Testing
@testable import Simulation

@Suite struct SimulatorTests {
    @Test func countAndDurationLimitsStopTheRun() throws {
        var byCount = try Simulator(
            stream: .iot, seed: 1, devices: 8, rate: .perSecond(4), jitter: 0.3, limits: SimulationLimits(count: 100))
        var sent = 0
        while let slot = byCount.nextSlot(elapsed: slot0) {
            _ = byCount.event(for: slot, at: Timestamp(milliseconds: 1_730_638_570_000 + slot.due.milliseconds))
            sent += 1
        }
        #expect(sent == 100)

        var byDuration = try Simulator(
            stream: .building, seed: 1, devices: 12, rate: .perSecond(1), jitter: 0.3,
            limits: SimulationLimits(duration: .seconds(60)))
        sent = 0
        while let slot = byDuration.nextSlot(elapsed: slot0) {
            _ = byDuration.event(for: slot, at: Timestamp(milliseconds: slot.due.milliseconds))
            sent += 1
        }
        #expect(abs(sent - 720) < 40)
    }

    private var slot0: Duration { .zero }

    @Test func drivenByAManualClockLikeProduce() async throws {
        let clock = ManualClock()
        var simulator = try Simulator(
            stream: .vehicle, seed: 3, devices: 1, rate: .perSecond(2), jitter: 0, topic: "{stream}_data",
            faults: FaultConfiguration(duplicateRatio: 0.1), limits: SimulationLimits(count: 400))
        let start = clock.now
        let directory = try TemporaryDirectory(prefix: "rivulet-sim")
        defer { directory.remove() }
        let writer = FileBlobWriter(lakeRoot: directory.path)
        var events: [SimulatedEvent] = []
        while let slot = simulator.nextSlot(elapsed: start.duration(to: clock.now)) {
            clock.advance(by: start.duration(to: start.advanced(by: slot.due)) - start.duration(to: clock.now))
            let event = simulator.event(for: slot, at: clock.wallTime())
            if let blob = event.blob { try writer.write(blob) }
            events.append(event)
        }
        events += simulator.drain()
        #expect(events.count == 400)
        #expect(simulator.faultCounts[.duplicate, default: 0] > 10)
        #expect(Set(simulator.topics) == ["vehicle_data", "gps_data", "traffic_data", "weather_data", "emergency_data"])
        for event in events where event.topic == "traffic_data" {
            let url = try parsed(event).string("image_url")
            let path = writer.filePath(for: try #require(SimulationFormat.blobPath(forURL: url)))
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(Array(data).starts(with: PNGEncoder.signature))
            #expect(url.hasPrefix("/objects/cameras/cam-"))
        }
    }

    @Test func blobURLsMapToLakePaths() {
        #expect(SimulationFormat.blobPath(forURL: "/objects/cameras/cam-edsa-cubao/1.png") == "cameras/cam-edsa-cubao/1.png")
        #expect(SimulationFormat.blobPath(forURL: "/objects/../etc/passwd") == nil)
        #expect(SimulationFormat.blobPath(forURL: "https://example.com/x.png") == nil)
        #expect(FileBlobWriter(lakeRoot: "data/lake").filePath(for: "cameras/c/1.png") == "data/lake/_objects/cameras/c/1.png")
    }

    @Test func blobWriterRefusesPathsOutsideTheLake() throws {
        let writer = FileBlobWriter(lakeRoot: "/tmp/nowhere")
        #expect(throws: SimulationError.self) {
            try writer.write(SimulatedBlob(path: "../escape.png", bytes: [1], contentType: "image/png"))
        }
    }
}

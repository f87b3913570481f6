extension EngineBenchmark {
    /// Seed 000's aggregation holding `devices` devices × `windowsPerDevice` open windows:
    /// one event per device and window, window after window, with the watermark delay raised
    /// past the span so that none closes. The input is generated batch by batch and dropped,
    /// so the caller can measure what the state alone takes (`stateBytes`, or RSS around it).
    public static func openState(devices: Int, windowsPerDevice: Int, batchSize: Int = 4096) throws -> WindowAggregator {
        var definition = PipelineDefinition.seed000()
        let size: Int64 = 10_000
        definition.eventTime.watermarkDelay = .milliseconds(size * Int64(windowsPerDevice + 1))
        var aggregator = try WindowAggregator(definition: definition)
        let decoder = aggregator.makeDecoder()
        let ids = deviceIDs(devices)
        let t0: Int64 = 1_730_638_570_000
        var chunk: [UInt8] = []
        var offset: Int64 = 0
        func flush(_ aggregator: inout WindowAggregator) {
            var batch = aggregator.makeBatch()
            decoder.decode(lines: chunk, firstOffset: offset, into: &batch)
            offset = batch.nextOffset ?? offset
            _ = aggregator.process(batch: batch, partition: 0, now: ProcessingTime(milliseconds: 0))
            chunk.removeAll(keepingCapacity: true)
        }
        var n = 0
        for w in 0..<windowsPerDevice {
            for d in 0..<devices {
                let ts = t0 + Int64(w) * size + Int64(d % 10_000)
                chunk += Array(#"{"device_id":""#.utf8) + ids[d] + Array(#"","ts":"#.utf8) + Array(String(ts).utf8)
                chunk += Array(#","temperature":21.5,"humidity":48.2,"battery":77.1,"status":"ok","location":"lab"}"#.utf8)
                chunk.append(UInt8(ascii: "\n"))
                n += 1
                if n % batchSize == 0 { flush(&aggregator) }
            }
        }
        if !chunk.isEmpty { flush(&aggregator) }
        return aggregator
    }
}

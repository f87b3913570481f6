import RivuletConfig
import Testing

@Suite struct ValueParsingTests {
    @Test func hostPorts() {
        #expect(HostPort(parsing: "127.0.0.1:9092") == HostPort(host: "127.0.0.1", port: 9092))
        #expect(HostPort(parsing: "[::1]:9092") == HostPort(host: "::1", port: 9092))
        #expect(HostPort(parsing: "kafka-1:0") == HostPort(host: "kafka-1", port: 0))
        for bad in ["", "9092", ":9092", "host:", "host:65536", "host:-1", "::1:9092", "[::1]9092", "a b:1", "h:9o92"] {
            #expect(HostPort(parsing: bad) == nil, "\(bad)")
        }
        #expect(HostPort(host: "::1", port: 5000).description == "[::1]:5000")
    }

    @Test func aggregates() {
        #expect(AggregateSpec(name: "n", parsing: "count()") == AggregateSpec(name: "n", function: .count))
        #expect(AggregateSpec(name: "n", parsing: " count(*) ") == AggregateSpec(name: "n", function: .count))
        #expect(AggregateSpec(name: "t", parsing: "avg( temperature )")?.argument == "temperature")
        #expect(AggregateSpec(name: "t", parsing: "p99(payload.latency_ms)")?.function == .p99)
        #expect(AggregateSpec(name: "e", parsing: "count_if(status == 'error')")?.argument == "status == 'error'")
        for bad in ["avg", "avg()", "mean(x)", "sum(a, b)", "max(1x)", "count_if()", "(x)"] {
            #expect(AggregateSpec(name: "x", parsing: bad) == nil, "\(bad)")
        }
    }
}

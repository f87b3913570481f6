// swift-tools-version:6.0
import PackageDescription

// Targets follow DESIGN §4: dependencies point down only. Parts that do no I/O
// (RivuletCore, RivuletConfig, KafkaProtocol) never import NIOPosix.
let package = Package(
    name: "rivulet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rivulet", targets: ["rivulet"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .executableTarget(
            name: "rivulet",
            dependencies: [
                "RivuletApp", "RivuletConfig", "RivuletCore", "LogStore", "Lakehouse", "StreamEngine", "KafkaClient",
                "Simulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "RivuletApp",
            dependencies: [
                "RivuletConfig", "RivuletCore", "LogStore", "KafkaProtocol", "KafkaBroker", "KafkaClient", "Lakehouse",
                "Simulation", "StreamEngine", "Dashboard",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "RivuletConfig",
            dependencies: ["RivuletCore", .product(name: "Yams", package: "Yams")]
        ),
        // SSE4.2 CRC32C kernel; the portable table implementation lives in RivuletCore.
        .target(name: "CRC32CHardware"),
        .target(name: "RivuletCore", dependencies: ["CRC32CHardware"]),
        // libzstd through dlopen at run time: no zstd headers needed to build, and a missing
        // library is a KafkaClientError that says what to install.
        .target(name: "ZstdRuntime", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(
            name: "KafkaProtocol",
            dependencies: ["RivuletCore", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(
            name: "LogStore",
            dependencies: [
                "RivuletCore", "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "KafkaBroker",
            dependencies: [
                "LogStore", "KafkaProtocol", "RivuletCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "KafkaClient",
            dependencies: [
                "KafkaProtocol", "RivuletCore", "ZstdRuntime",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "Simulation", dependencies: ["RivuletCore"]),
        .target(name: "StreamEngine", dependencies: ["RivuletCore"]),
        .target(
            name: "Lakehouse",
            dependencies: [
                "RivuletCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        // The live page and its JSON/SSE/Prometheus API; data arrives through DashboardDataSource
        // so this target never sees the log, the engine or the lake directly (DESIGN §4).
        .target(
            name: "Dashboard",
            dependencies: [
                "RivuletCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["RivuletCore"]),
        .testTarget(name: "RivuletCoreTests", dependencies: ["RivuletCore", "TestSupport"]),
        .testTarget(name: "RivuletConfigTests", dependencies: ["RivuletConfig", "TestSupport"]),
        .testTarget(name: "KafkaProtocolTests", dependencies: ["KafkaProtocol", "TestSupport"]),
        .testTarget(name: "LogStoreTests", dependencies: ["LogStore", "KafkaProtocol", "TestSupport"]),
        .testTarget(
            name: "KafkaBrokerTests",
            dependencies: [
                "KafkaBroker", "LogStore", "KafkaProtocol", "TestSupport", .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "KafkaClientTests", dependencies: ["KafkaClient", "KafkaProtocol", "TestSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "TestSupport"]),
        .testTarget(name: "StreamEngineTests", dependencies: ["StreamEngine", "TestSupport"]),
        .testTarget(
            name: "DashboardTests",
            dependencies: [
                "Dashboard", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "LakehouseTests", dependencies: ["Lakehouse", "TestSupport"]),
        .testTarget(
            name: "RivuletAppTests",
            dependencies: [
                "RivuletApp", "RivuletConfig", "LogStore", "KafkaProtocol", "KafkaClient", "TestSupport", "StreamEngine",
                "Lakehouse", "Dashboard",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

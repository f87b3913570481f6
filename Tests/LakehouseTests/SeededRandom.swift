import TestSupport

/// The shared seeded generator, under the name these tests use.
typealias SeededRandom = SeededGenerator

extension SeededGenerator {
    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &self) } }
}

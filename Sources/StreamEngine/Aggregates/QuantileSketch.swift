#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A DDSketch-style quantile sketch: values are counted in logarithmic buckets so that any
/// quantile comes back within `relativeAccuracy` of a true value, in bounded memory. When
/// more than `maxBuckets` buckets are in use the lowest ones are collapsed together, which
/// only costs accuracy for the smallest values (the tail that p50/p95/p99 do not read).
struct QuantileSketch: Hashable, Sendable {
    static let relativeAccuracy = 0.01
    static let gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
    static let logGamma = log(gamma)
    static let maxBuckets = 1024
    /// Magnitudes below this count as zero.
    static let minMagnitude = 1e-9

    var positive = BucketStore()
    var negative = BucketStore()
    var zeroCount: UInt64 = 0
    var count: UInt64 = 0

    static func bucket(_ magnitude: Double) -> Int32 {
        Int32(clamping: Int((log(magnitude) / logGamma).rounded(.up)))
    }

    static func representative(_ index: Int32) -> Double {
        2 * pow(gamma, Double(index)) / (gamma + 1)
    }

    mutating func add(_ v: Double) {
        guard v.isFinite else { return }
        count += 1
        if v > Self.minMagnitude {
            positive.add(Self.bucket(v), 1)
        } else if v < -Self.minMagnitude {
            negative.add(Self.bucket(-v), 1)
        } else {
            zeroCount += 1
        }
    }

    mutating func merge(_ other: QuantileSketch) {
        count += other.count
        zeroCount += other.zeroCount
        positive.merge(other.positive)
        negative.merge(other.negative)
    }

    func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = UInt64((max(0, min(1, q)) * Double(count - 1)).rounded(.down))
        var seen: UInt64 = 0
        // Negative values from the most negative (largest magnitude) upwards.
        for i in stride(from: negative.counts.count - 1, through: 0, by: -1) where negative.counts[i] > 0 {
            seen += UInt64(negative.counts[i])
            if seen > rank { return -Self.representative(negative.offset + Int32(i)) }
        }
        seen += zeroCount
        if seen > rank { return 0 }
        for i in 0..<positive.counts.count where positive.counts[i] > 0 {
            seen += UInt64(positive.counts[i])
            if seen > rank { return Self.representative(positive.offset + Int32(i)) }
        }
        return positive.counts.isEmpty ? 0 : Self.representative(positive.offset + Int32(positive.counts.count - 1))
    }
}

/// Contiguous bucket counts starting at bucket index `offset`.
struct BucketStore: Hashable, Sendable {
    var offset: Int32 = 0
    var counts: [UInt32] = []

    mutating func add(_ index: Int32, _ n: UInt32) {
        if counts.isEmpty {
            offset = index
            counts = [n]
            return
        }
        var i = index
        if i < offset {
            // Below the lowest bucket: grow downwards, or fold into the lowest when full.
            let grow = Int(offset - i)
            if counts.count + grow > QuantileSketch.maxBuckets {
                i = offset
            } else {
                counts.insert(contentsOf: repeatElement(0, count: grow), at: 0)
                offset = i
            }
        } else if Int(i - offset) >= counts.count {
            counts.append(contentsOf: repeatElement(0, count: Int(i - offset) - counts.count + 1))
            if counts.count > QuantileSketch.maxBuckets { collapseLowest() }
        }
        let at = Int(max(i, offset) - offset)
        counts[at] = counts[at] &+ n
    }

    /// Folds the lowest buckets into one so that at most `maxBuckets` remain.
    private mutating func collapseLowest() {
        let excess = counts.count - QuantileSketch.maxBuckets
        guard excess > 0 else { return }
        var folded: UInt32 = 0
        for k in 0...excess { folded = folded &+ counts[k] }
        counts.removeFirst(excess)
        counts[0] = folded
        offset += Int32(excess)
    }

    mutating func merge(_ other: BucketStore) {
        for (k, n) in other.counts.enumerated() where n > 0 { add(other.offset + Int32(k), n) }
    }
}

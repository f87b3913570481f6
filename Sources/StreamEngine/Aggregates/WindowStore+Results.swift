import RivuletCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading aggregate results out of a slot, and merging two slots (session windows).
extension WindowStore {
    /// The aggregate values of a slot, in definition order. `fieldType` gives each schema
    /// field's type, `string` resolves a global string id.
    func values(_ slot: Int32, fieldTypes: [FieldType], string: (Int64) -> String) -> [Value] {
        let a = Int(slot) * plan.i64Stride
        let b = Int(slot) * plan.f64Stride
        func int(_ k: Int) -> Int64 { i64[a + k] }
        func dbl(_ k: Int) -> Double { f64[b + k] }
        func typed(_ word: Int64, _ f: Int) -> Value {
            switch fieldTypes[f] {
            case .int64: .int64(word)
            case .timestamp: .timestamp(Timestamp(milliseconds: word))
            case .double: .double(Double(bitPattern: UInt64(bitPattern: word)))
            case .bool: .bool(word != 0)
            case .string: .string(string(word))
            }
        }
        return plan.kernels.map { kernel -> Value in
            switch kernel {
            case .count: return .int64(int(0))
            case .countField(_, let n): return .int64(int(n))
            case .sumDouble(_, let sum, let n): return int(n) > 0 ? .double(dbl(sum)) : .null
            case .sumInt(_, let sum, let n): return int(n) > 0 ? .int64(int(sum)) : .null
            case .avg(_, let sum, let n): return int(n) > 0 ? .double(dbl(sum) / Double(int(n))) : .null
            case .minDouble(_, let v, let n), .maxDouble(_, let v, let n): return int(n) > 0 ? .double(dbl(v)) : .null
            case .minInt(let f, let v, let n), .maxInt(let f, let v, let n): return int(n) > 0 ? typed(int(v), f) : .null
            case .first(let f, let v, _, let n), .last(let f, let v, _, let n): return int(n) > 0 ? typed(int(v), f) : .null
            case .stddev(_, let n, _, let m2): return int(n) > 1 ? .double(sqrt(dbl(m2) / Double(int(n) - 1))) : .null
            case .countIf(_, let c): return .int64(int(c))
            case .percentile(let k, let q):
                return sketches[Int(slot) * plan.sketchFields.count + k].quantile(q).map { .double($0) } ?? .null
            }
        }
    }

    /// Folds slot `from` into slot `into`; the caller releases `from`.
    mutating func merge(_ from: Int32, into: Int32) {
        let si = plan.i64Stride, sf = plan.f64Stride
        let fa = Int(from) * si, ta = Int(into) * si
        let fb = Int(from) * sf, tb = Int(into) * sf
        i64[ta] += i64[fa]
        for kernel in plan.kernels {
            switch kernel {
            case .count, .percentile: break
            case .countField(_, let n), .countIf(_, let n): i64[ta + n] += i64[fa + n]
            case .sumDouble(_, let s, let n), .avg(_, let s, let n):
                f64[tb + s] += f64[fb + s]
                i64[ta + n] += i64[fa + n]
            case .sumInt(_, let s, let n):
                i64[ta + s] &+= i64[fa + s]
                i64[ta + n] += i64[fa + n]
            case .minDouble(_, let v, let n), .maxDouble(_, let v, let n):
                let isMin: Bool = if case .minDouble = kernel { true } else { false }
                if i64[fa + n] > 0, i64[ta + n] == 0 || (isMin ? f64[fb + v] < f64[tb + v] : f64[fb + v] > f64[tb + v]) {
                    f64[tb + v] = f64[fb + v]
                }
                i64[ta + n] += i64[fa + n]
            case .minInt(_, let v, let n), .maxInt(_, let v, let n):
                let isMin: Bool = if case .minInt = kernel { true } else { false }
                if i64[fa + n] > 0, i64[ta + n] == 0 || (isMin ? i64[fa + v] < i64[ta + v] : i64[fa + v] > i64[ta + v]) {
                    i64[ta + v] = i64[fa + v]
                }
                i64[ta + n] += i64[fa + n]
            case .first(_, let v, let t, let n), .last(_, let v, let t, let n):
                let isFirst: Bool = if case .first = kernel { true } else { false }
                if i64[fa + n] > 0,
                    i64[ta + n] == 0 || (isFirst ? i64[fa + t] < i64[ta + t] : i64[fa + t] >= i64[ta + t])
                {
                    i64[ta + v] = i64[fa + v]
                    i64[ta + t] = i64[fa + t]
                }
                i64[ta + n] += i64[fa + n]
            case .stddev(_, let n, let mean, let m2):
                // Chan et al.'s parallel combination of two Welford states.
                let na = Double(i64[ta + n]), nb = Double(i64[fa + n])
                guard nb > 0 else { continue }
                let total = na + nb
                let delta = f64[fb + mean] - f64[tb + mean]
                f64[tb + m2] += f64[fb + m2] + delta * delta * na * nb / total
                f64[tb + mean] += delta * nb / total
                i64[ta + n] += i64[fa + n]
            }
        }
        let k = plan.sketchFields.count
        for j in 0..<k { sketches[Int(into) * k + j].merge(sketches[Int(from) * k + j]) }
    }
}

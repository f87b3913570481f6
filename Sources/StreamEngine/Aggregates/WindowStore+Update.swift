/// The aggregate kernels: each runs over all pending (row, slot) pairs of a batch segment in
/// one tight loop on raw pointers, column by column, rather than dispatching per row.
extension WindowStore {
    mutating func apply(rows: [Int32], slots: [Int32], inputs: BatchInputs) {
        guard !rows.isEmpty else { return }
        let si = plan.i64Stride
        let sf = plan.f64Stride
        rows.withUnsafeBufferPointer { rows in
            slots.withUnsafeBufferPointer { slots in
                i64.withUnsafeMutableBufferPointer { i64b in
                    f64.withUnsafeMutableBufferPointer { f64b in
                        let i64 = i64b.baseAddress!
                        let f64 = f64b.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!
                        for k in 0..<rows.count { i64[Int(slots[k]) * si] += 1 }
                        for kernel in plan.kernels {
                            Self.run(kernel, rows, slots, i64, si, f64, sf, inputs)
                        }
                    }
                }
            }
        }
        for (k, field) in plan.sketchFields.enumerated() {
            guard let input = inputs.fields[field] else { continue }
            let stride = plan.sketchFields.count
            for p in rows.indices {
                let r = Int(rows[p])
                if input.hasNulls, !input.validity.isValid(r) { continue }
                sketches[Int(slots[p]) * stride + k].add(input.doubles[r])
            }
        }
    }

    // Kernels stay generic over nothing: one switch per kernel per segment, then plain loops.
    private static func run(
        _ kernel: AggregatePlan.Kernel, _ rows: UnsafeBufferPointer<Int32>, _ slots: UnsafeBufferPointer<Int32>,
        _ i64: UnsafeMutablePointer<Int64>, _ si: Int, _ f64: UnsafeMutablePointer<Double>, _ sf: Int,
        _ inputs: BatchInputs
    ) {
        @inline(__always) func each(_ field: Int, _ body: (Int, Int, FieldInputView) -> Void) {
            guard let input = inputs.fields[field] else { return }
            input.doubles.withUnsafeBufferPointer { d in
                input.ints.withUnsafeBufferPointer { n in
                    input.words.withUnsafeBufferPointer { w in
                        let view = FieldInputView(doubles: d, ints: n, words: w)
                        if input.hasNulls {
                            for k in 0..<rows.count where input.validity.isValid(Int(rows[k])) {
                                body(Int(rows[k]), Int(slots[k]), view)
                            }
                        } else {
                            for k in 0..<rows.count { body(Int(rows[k]), Int(slots[k]), view) }
                        }
                    }
                }
            }
        }
        switch kernel {
        case .count, .percentile:
            break
        case .countField(let f, let n):
            each(f) { _, s, _ in i64[s * si + n] += 1 }
        case .sumDouble(let f, let sum, let n), .avg(let f, let sum, let n):
            each(f) { r, s, v in
                f64[s * sf + sum] += v.doubles[r]
                i64[s * si + n] += 1
            }
        case .sumInt(let f, let sum, let n):
            each(f) { r, s, v in
                i64[s * si + sum] &+= v.ints[r]
                i64[s * si + n] += 1
            }
        case .minDouble(let f, let value, let n):
            each(f) { r, s, v in
                let x = v.doubles[r]
                if i64[s * si + n] == 0 || x < f64[s * sf + value] { f64[s * sf + value] = x }
                i64[s * si + n] += 1
            }
        case .maxDouble(let f, let value, let n):
            each(f) { r, s, v in
                let x = v.doubles[r]
                if i64[s * si + n] == 0 || x > f64[s * sf + value] { f64[s * sf + value] = x }
                i64[s * si + n] += 1
            }
        case .minInt(let f, let value, let n):
            each(f) { r, s, v in
                let x = v.ints[r]
                if i64[s * si + n] == 0 || x < i64[s * si + value] { i64[s * si + value] = x }
                i64[s * si + n] += 1
            }
        case .maxInt(let f, let value, let n):
            each(f) { r, s, v in
                let x = v.ints[r]
                if i64[s * si + n] == 0 || x > i64[s * si + value] { i64[s * si + value] = x }
                i64[s * si + n] += 1
            }
        case .first(let f, let value, let time, let n):
            inputs.eventTimes.withUnsafeBufferPointer { t in
                each(f) { r, s, v in
                    if i64[s * si + n] == 0 || t[r] < i64[s * si + time] {
                        i64[s * si + value] = v.words[r]
                        i64[s * si + time] = t[r]
                    }
                    i64[s * si + n] += 1
                }
            }
        case .last(let f, let value, let time, let n):
            inputs.eventTimes.withUnsafeBufferPointer { t in
                each(f) { r, s, v in
                    if i64[s * si + n] == 0 || t[r] >= i64[s * si + time] {
                        i64[s * si + value] = v.words[r]
                        i64[s * si + time] = t[r]
                    }
                    i64[s * si + n] += 1
                }
            }
        case .stddev(let f, let n, let mean, let m2):
            // Welford's update: stable for long windows of similar values.
            each(f) { r, s, v in
                let x = v.doubles[r]
                let count = i64[s * si + n] + 1
                i64[s * si + n] = count
                let delta = x - f64[s * sf + mean]
                f64[s * sf + mean] += delta / Double(count)
                f64[s * sf + m2] += delta * (x - f64[s * sf + mean])
            }
        case .countIf(let c, let count):
            inputs.conditionMatches[c].withUnsafeBufferPointer { m in
                for k in 0..<rows.count where m[Int(rows[k])] { i64[Int(slots[k]) * si + count] += 1 }
            }
        }
    }
}

struct FieldInputView {
    let doubles: UnsafeBufferPointer<Double>
    let ints: UnsafeBufferPointer<Int64>
    let words: UnsafeBufferPointer<Int64>
}

/// A ggml tensor element type: how many weights a block holds and how to expand it to f32.
public enum TensorType: UInt32, Sendable, CustomStringConvertible {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q5_0 = 6, q5_1 = 7, q8_0 = 8, q8_1 = 9
    case q2_K = 10, q3_K = 11, q4_K = 12, q5_K = 13, q6_K = 14, q8_K = 15
    case iq2_xxs = 16, iq2_xs = 17, iq3_xxs = 18, iq1_s = 19, iq4_nl = 20, iq3_s = 21, iq2_s = 22, iq4_xs = 23
    case i8 = 24, i16 = 25, i32 = 26, i64 = 27, f64 = 28, iq1_m = 29, bf16 = 30
    case tq1_0 = 34, tq2_0 = 35

    public var description: String {
        switch self {
        case .f32: "F32"
        case .f16: "F16"
        case .bf16: "BF16"
        case .q4_0: "Q4_0"
        case .q4_1: "Q4_1"
        case .q5_0: "Q5_0"
        case .q5_1: "Q5_1"
        case .q8_0: "Q8_0"
        case .q4_K: "Q4_K"
        case .q5_K: "Q5_K"
        case .q6_K: "Q6_K"
        default: "ggml type \(rawValue)"
        }
    }

    /// Weights per block.
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16, .i8, .i16, .i32, .i64, .f64: 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1, .iq4_nl: 32
        default: 256
        }
    }

    /// Bytes per block (0 for types whose layout this engine does not know).
    public var blockBytes: Int {
        switch self {
        case .f32, .i32: 4
        case .f16, .bf16, .i16: 2
        case .i8: 1
        case .i64, .f64: 8
        case .q4_0: 18
        case .q4_1: 20
        case .q5_0: 22
        case .q5_1: 24
        case .q8_0: 34
        case .q8_1: 36
        case .q2_K: 84
        case .q3_K: 110
        case .q4_K: 144
        case .q5_K: 176
        case .q6_K: 210
        case .q8_K: 292
        case .iq4_nl: 18
        case .iq4_xs: 136
        default: 0
        }
    }

    /// Whether the engine can expand this type to f32.
    public var isSupported: Bool {
        switch self {
        case .f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K: true
        default: false
        }
    }

    /// Bytes of one row of `length` weights.
    public func rowBytes(_ length: Int) -> Int { length / blockSize * blockBytes }
}

/// Expands `count` weights of type `type` at `source` into f32 at `destination`.
/// `count` is a multiple of the type's block size.
@inline(__always)
func dequantize(_ type: TensorType, _ source: UnsafeRawPointer, _ destination: UnsafeMutablePointer<Float>, count: Int) {
    switch type {
    case .f32: destination.update(from: source.assumingMemoryBound(to: Float.self), count: count)
    case .f16:
        for i in 0..<count { destination[i] = Float(Float16(bitPattern: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
    case .bf16:
        for i in 0..<count { destination[i] = Float(bitPattern: UInt32(source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16) }
    default:
        expandBlocks(type, source, count: count) { offset, values in
            UnsafeMutableRawPointer(destination + offset).storeBytes(of: values, as: SIMD8<Float>.self)
        }
    }
}

/// Σ w[i]·x[i] over a row of `count` quantized weights, each expanded to f32 exactly as
/// `dequantize` does, without storing the row (the decode path, one token at a time).
@inline(__always)
func dotQuantized(_ type: TensorType, _ source: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float {
    var sum = SIMD8<Float>()
    let input = UnsafeRawPointer(x)
    expandBlocks(type, source, count: count) { offset, values in
        sum.addProduct(values, input.loadUnaligned(fromByteOffset: 4 * offset, as: SIMD8<Float>.self))
    }
    return sum.sum()
}

/// Whether `expandBlocks` handles the type (the block-quantized ones).
extension TensorType {
    var isBlockQuantized: Bool {
        switch self {
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K: true
        default: false
        }
    }
}

/// Expands the blocks of a quantized row eight weights at a time: `emit(offset, values)`.
@inline(__always)
private func expandBlocks(_ type: TensorType, _ source: UnsafeRawPointer, count: Int, _ emit: (Int, SIMD8<Float>) -> Void) {
    switch type {
    case .q8_0: for block in 0..<count / 32 { expandQ8_0(source + block * 34) { emit(block * 32 + $0, $1) } }
    case .q4_0: for block in 0..<count / 32 { expandQ4_0(source + block * 18) { emit(block * 32 + $0, $1) } }
    case .q4_1: for block in 0..<count / 32 { expandQ4_1(source + block * 20) { emit(block * 32 + $0, $1) } }
    case .q5_0: for block in 0..<count / 32 { expandQ5_0(source + block * 22) { emit(block * 32 + $0, $1) } }
    case .q5_1: for block in 0..<count / 32 { expandQ5_1(source + block * 24) { emit(block * 32 + $0, $1) } }
    case .q4_K: for block in 0..<count / 256 { expandQ4_K(source + block * 144) { emit(block * 256 + $0, $1) } }
    case .q5_K: for block in 0..<count / 256 { expandQ5_K(source + block * 176) { emit(block * 256 + $0, $1) } }
    case .q6_K: for block in 0..<count / 256 { expandQ6_K(source + block * 210) { emit(block * 256 + $0, $1) } }
    default: preconditionFailure("\(type) is not block-quantized or not supported; model loading rejects it")
    }
}

@inline(__always)
private func half(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
}

@inline(__always)
private func byte(_ p: UnsafeRawPointer, _ offset: Int) -> Int { Int(p.load(fromByteOffset: offset, as: UInt8.self)) }

// Block layouts: ggml-common.h; formulas: docs/engine.md §Quantization.

@inline(__always)
private func load8(_ p: UnsafeRawPointer, _ offset: Int) -> SIMD8<Int32> {
    SIMD8<Int32>(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt8>.self))
}

@inline(__always)
private func expandQ8_0(_ b: UnsafeRawPointer, _ emit: (Int, SIMD8<Float>) -> Void) {
    let d = half(b, 0)
    for c in 0..<4 {
        let q = SIMD8<Int32>(truncatingIfNeeded: b.loadUnaligned(fromByteOffset: 2 + 8 * c, as: SIMD8<Int8>.self))
        emit(8 * c, d * SIMD8<Float>(q))
    }
}

@inline(__always)
private func expandQ4_0(_ b: UnsafeRawPointer, _ emit: (Int, SIMD8<Float>) -> Void) {
    let d = half(b, 0)
    for c in 0..<2 {
        let q = load8(b, 2 + 8 * c)
        emit(8 * c, d * SIMD8<Float>((q & 15) &- 8))
        emit(16 + 8 * c, d * SIMD8<Float>((q &>> 4) &- 8))
    }
}

@inline(__always)
private func expandQ4_1(_ b: UnsafeRawPointer, _ emit: (Int, SIMD8<Float>) -> Void) {
    let d = half(b, 0), m = half(b, 2)
    for c in 0..<2 {
        let q = load8(b, 4 + 8 * c)
        emit(8 * c, d * SIMD8<Float>(q & 15) + m)
        emit(16 + 8 * c, d * SIMD8<Float>(q &>> 4) + m)
    }
}

private let lanes8 = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)

@inline(__always)
private func expandQ5_0(_ b: UnsafeRawPointer, _ emit: (Int, SIMD8<Float>) -> Void) {
    let d = half(b, 0)
    let qh = SIMD8<Int32>(repeating: Int32(bitPattern: UInt32(littleEndian: b.loadUnaligned(fromByteOffset: 2, as: UInt32.self))))
    for c in 0..<2 {
        let j = lanes8 &+ Int32(8 * c)
        let q = load8(b, 6 + 8 * c)
        let h0 = ((qh &>> j) &<< 4) & 0x10
        let h1 = (qh &>> (j &+ 12)) & 0x10
        emit(8 * c, d * SIMD8<Float>(((q & 15) | h0) &- 16))
        emit(16 + 8 * c, d * SIMD8<Float>(((q &>> 4) | h1) &- 16))
    }
}

@inline(__always)
private func expandQ5_1(_ b: UnsafeRawPointer, _ emit: (Int, SIMD8<Float>) -> Void) {
    let d = half(b, 0), m = half(b, 2)
    let qh = SIMD8<Int32>(repeating: Int32(bitPattern: UInt32(littleEndian: b.loadUnaligned(fromByteOffset: 4, as: UInt32.self))))
    for c in 0..<2 {
        let j = lanes8 &+ Int32(8 * c)
        let q = load8(b, 8 + 8 * c)
        let h0 = ((qh &>> j) &<< 4) & 0x10
        let h1 = (qh &>> (j &+ 12)) & 0x10
        emit(8 * c, d * SIMD8<Float>((q & 15) | h0) + m)
        emit(16 + 8 * c, d * SIMD8<Float>((q &>> 4) | h1) + m)
    }
}

/// The 6-bit scale and min of sub-block `j` (0..<8) of a Q4_K/Q5_K block's 12 scale bytes.
@inline(__always)
private func scaleMin(_ scales: UnsafeRawPointer, _ j: Int) -> (Float, Float) {
    if j < 4 { return (Float(byte(scales, j) & 63), Float(byte(scales, j + 4) & 63)) }
    let scale = (byte(scales, j + 4) & 15) | ((byte(scales, j - 4) >> 6) << 4)
    let min = (byte(scales, j + 4) >> 4) | ((byte(scales, j) >> 6) << 4)
    return (Float(scale), Float(min))
}

@inline(__always)
private func expandQ4_K(_ b: UnsafeRawPointer, _ emit: (Int, SIMD8<Float>) -> Void) {
    let d = half(b, 0), dmin = half(b, 2)
    let scales = b + 4, qs = b + 16
    for g in 0..<4 {
        let (s1, m1) = scaleMin(scales, 2 * g), (s2, m2) = scaleMin(scales, 2 * g + 1)
        let d1 = d * s1, min1 = dmin * m1, d2 = d * s2, min2 = dmin * m2
        for c in 0..<4 {
            let q = load8(qs, 32 * g + 8 * c)
            emit(64 * g + 8 * c, d1 * SIMD8<Float>(q & 15) - min1)
            emit(64 * g + 32 + 8 * c, d2 * SIMD8<Float>(q &>> 4) - min2)
        }
    }
}

@inline(__always)
private func expandQ5_K(_ b: UnsafeRawPointer, _ emit: (Int, SIMD8<Float>) -> Void) {
    let d = half(b, 0), dmin = half(b, 2)
    let scales = b + 4, qh = b + 16, qs = b + 48
    for g in 0..<4 {
        let (s1, m1) = scaleMin(scales, 2 * g), (s2, m2) = scaleMin(scales, 2 * g + 1)
        let d1 = d * s1, min1 = dmin * m1, d2 = d * s2, min2 = dmin * m2
        let u1 = Int32(1 << (2 * g)), u2 = Int32(2 << (2 * g))
        for c in 0..<4 {
            let q = load8(qs, 32 * g + 8 * c), h = load8(qh, 8 * c)
            let high1 = SIMD8<Int32>.zero.replacing(with: 16, where: (h & u1) .!= 0)
            let high2 = SIMD8<Int32>.zero.replacing(with: 16, where: (h & u2) .!= 0)
            emit(64 * g + 8 * c, d1 * SIMD8<Float>((q & 15) &+ high1) - min1)
            emit(64 * g + 32 + 8 * c, d2 * SIMD8<Float>((q &>> 4) &+ high2) - min2)
        }
    }
}

@inline(__always)
private func expandQ6_K(_ b: UnsafeRawPointer, _ emit: (Int, SIMD8<Float>) -> Void) {
    let d = half(b, 208)
    for n in 0..<2 {
        let ql = b + 64 * n, qh = b + 128 + 32 * n, sc = b + 192 + 8 * n
        for c in 0..<4 {
            let l = 8 * c, i = l / 16
            let low = load8(ql, l), high = load8(ql, l + 32), h = load8(qh, l)
            let s0 = d * Float(sc.load(fromByteOffset: i, as: Int8.self))
            let s2 = d * Float(sc.load(fromByteOffset: i + 2, as: Int8.self))
            let s4 = d * Float(sc.load(fromByteOffset: i + 4, as: Int8.self))
            let s6 = d * Float(sc.load(fromByteOffset: i + 6, as: Int8.self))
            emit(128 * n + l, s0 * SIMD8<Float>(((low & 15) | ((h & 3) &<< 4)) &- 32))
            emit(128 * n + l + 32, s2 * SIMD8<Float>(((high & 15) | (((h &>> 2) & 3) &<< 4)) &- 32))
            emit(128 * n + l + 64, s4 * SIMD8<Float>(((low &>> 4) | (((h &>> 4) & 3) &<< 4)) &- 32))
            emit(128 * n + l + 96, s6 * SIMD8<Float>(((high &>> 4) | (((h &>> 6) & 3) &<< 4)) &- 32))
        }
    }
}

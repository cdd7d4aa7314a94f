import Dispatch

// The arithmetic of a forward pass, all in f32 (weights are expanded to f32 before they are
// multiplied; activations are never quantized).

/// Σ a[i]·b[i] over `count` floats, eight lanes at a time (fused multiply-add: the engine is
/// built for Haswell and later, where `addProduct` is one `vfmadd231ps`).
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 16 <= count {
        acc0.addProduct(ra.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self), rb.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
        acc1.addProduct(ra.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self), rb.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self))
        i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}

/// y[i] += s·x[i].
@inline(__always)
func axpy(_ s: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int) {
    var i = 0
    let scale = SIMD8<Float>(repeating: s)
    let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
    while i + 8 <= count {
        let sum = ry.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self) + scale * rx.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
        ry.storeBytes(of: sum, toByteOffset: 4 * i, as: SIMD8<Float>.self)
        i += 8
    }
    while i < count {
        y[i] += s * x[i]
        i += 1
    }
}

/// out = x / sqrt(mean(x²) + eps) · weight (weight as stored: Gemma's GGUF norms already hold 1 + w).
@inline(__always)
func rmsNorm(_ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int, _ eps: Float) {
    let meanSquare = dot(x, x, count) / Float(count)
    let scale = 1 / (meanSquare + eps).squareRoot()
    for i in 0..<count { out[i] = x[i] * scale * weight[i] }
}

/// In-place softmax over `count` floats.
@inline(__always)
func softmax(_ x: UnsafeMutablePointer<Float>, _ count: Int) {
    var maximum = -Float.infinity
    for i in 0..<count { maximum = max(maximum, x[i]) }
    var sum: Float = 0
    for i in 0..<count {
        x[i] = expf(x[i] - maximum)
        sum += x[i]
    }
    let inverse = 1 / sum
    for i in 0..<count { x[i] *= inverse }
}

/// GELU with the tanh approximation (Gemma's `gelu_pytorch_tanh`).
@inline(__always)
func geluTanh(_ x: Float) -> Float {
    0.5 * x * (1 + tanhf(0.797_884_56 * (x + 0.044_715 * x * x * x)))
}

/// SiLU: x·σ(x) (Llama, Qwen2).
@inline(__always)
func silu(_ x: Float) -> Float { x / (1 + expf(-x)) }

/// e^x for eight lanes (Cephes' expf: x = n·ln2 + r, a degree-5 polynomial for e^r, then 2^n
/// from the exponent bits); within 2 ulp of libm's expf, flushing to 0 and +∞ outside ±88.
@inline(__always)
func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = x.clamped(lowerBound: SIMD8(repeating: -87.3), upperBound: SIMD8(repeating: 88.7))
    let n = (clamped * 1.442_695_04).rounded(.toNearestOrEven)
    var r = clamped - n * 0.693_359_375
    r = r + n * 2.121_944_4e-4
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_6e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_1e-1
    let er = p * r * r + r + 1
    // 2^n from the exponent bits. n is an integer in [-126, 128], so n + 2^23 + 127 is exact and
    // its low mantissa bits are n + 127 (a float-to-int conversion without the slow generic path).
    let biased = unsafeBitCast(n + 8_388_735, to: SIMD8<UInt32>.self) &- 0x4B00_0000
    let scale = unsafeBitCast(biased &<< 23, to: SIMD8<Float>.self)
    return er * scale
}

/// GELU-tanh for eight lanes: tanh(u) = 1 − 2/(e^{2u} + 1).
@inline(__always)
func geluTanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let u = 0.797_884_56 * (x + 0.044_715 * x * x * x)
    let tanh = 1 - 2 / (exp(2 * u) + 1)
    return 0.5 * x * (1 + tanh)
}

/// SiLU for eight lanes.
@inline(__always)
func silu(_ x: SIMD8<Float>) -> SIMD8<Float> { x / (1 + exp(-x)) }

/// A sendable wrapper for raw buffers handed to parallel workers, each of which writes a disjoint part.
public struct UnsafeSendable<Pointer>: @unchecked Sendable {
    public let pointer: Pointer
    public init(_ pointer: Pointer) { self.pointer = pointer }
}

/// Runs `body(start, end)` over `0..<count` split into about `threads` contiguous chunks.
func parallelFor(_ count: Int, threads: Int, _ body: (Int, Int) -> Void) {
    let chunks = max(1, min(threads, count))
    if chunks == 1 { return body(0, count) }
    withoutActuallyEscaping(body) { body in
        let work = UnsafeSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
            work.pointer(start, end)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

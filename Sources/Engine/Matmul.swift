/// A weight matrix of a GGUF file: `rows` rows of `columns` weights, stored in `type`,
/// multiplied in f32 after expanding each row (never with quantized activations).
struct WeightMatrix: @unchecked Sendable {
    let type: TensorType
    let rows: Int
    let columns: Int
    let data: UnsafeRawPointer
    let rowBytes: Int

    init(file: GGUFFile, tensor: GGUFTensorInfo) throws {
        guard tensor.dimensions.count <= 2 else {
            throw GGUFError(path: file.path, problem: "tensor '\(tensor.name)' has \(tensor.dimensions.count) dimensions; a matrix has 2")
        }
        guard tensor.type.isSupported else {
            throw GGUFError(path: file.path, problem: "tensor '\(tensor.name)' has type \(tensor.type), which this engine does not support (supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K)")
        }
        type = tensor.type
        columns = tensor.rowLength
        rows = tensor.rowCount
        data = file.data(of: tensor).baseAddress!
        rowBytes = tensor.type.rowBytes(columns)
    }

    /// Expands row `row` into `destination` (`columns` floats).
    @inline(__always)
    func expandRow(_ row: Int, into destination: UnsafeMutablePointer<Float>) {
        dequantize(type, data + row * rowBytes, destination, count: columns)
    }

    /// y[t][r] = Σ_c x[t][c] · W[r][c] for `tokens` input rows, over output rows split across threads.
    /// `x` is tokens × columns, `y` is tokens × `outputStride` (written at columns `0..<rows`).
    func multiply(_ x: UnsafePointer<Float>, tokens: Int, into y: UnsafeMutablePointer<Float>, outputStride: Int? = nil, threads: Int) {
        let stride = outputStride ?? rows
        let input = UnsafeSendable(x), output = UnsafeSendable(y)
        if tokens == 1 && type.isBlockQuantized {
            // Decode: one dot product per row straight from the quantized blocks. Small matrices
            // stay on one thread: handing them out costs more than it saves.
            parallelFor(rows, threads: rows * columns < 1 << 20 ? 1 : threads) { start, end in
                for row in start..<end {
                    output.pointer[row] = dotQuantized(type, data + row * rowBytes, input.pointer, count: columns)
                }
            }
            return
        }
        let block = 4
        parallelFor((rows + block - 1) / block, threads: threads) { startBlock, endBlock in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: block * columns)
            defer { scratch.deallocate() }
            for rowBlock in startBlock..<endBlock {
                let first = rowBlock * block, count = min(block, rows - first)
                for r in 0..<count { expandRow(first + r, into: scratch + r * columns) }
                var t = 0
                if count == block {
                    while t + 3 <= tokens {
                        kernel4x3(scratch, input.pointer + t * columns, columns, output.pointer + t * stride + first, stride)
                        t += 3
                    }
                    while t + 2 <= tokens {
                        kernel4x2(scratch, input.pointer + t * columns, columns, output.pointer + t * stride + first, stride)
                        t += 2
                    }
                }
                while t < tokens {
                    let xt = input.pointer + t * columns
                    for r in 0..<count { output.pointer[t * stride + first + r] = dot(scratch + r * columns, xt, columns) }
                    t += 1
                }
            }
        }
    }
}

/// Four weight rows times two input rows: eight dot products sharing their loads.
@inline(__always)
private func kernel4x2(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int,
                       _ y: UnsafeMutablePointer<Float>, _ stride: Int) {
    let w0 = UnsafeRawPointer(w), w1 = w0 + 4 * n, w2 = w1 + 4 * n, w3 = w2 + 4 * n
    let x0 = UnsafeRawPointer(x), x1 = x0 + 4 * n
    var a00 = SIMD8<Float>(), a01 = SIMD8<Float>(), a10 = SIMD8<Float>(), a11 = SIMD8<Float>()
    var a20 = SIMD8<Float>(), a21 = SIMD8<Float>(), a30 = SIMD8<Float>(), a31 = SIMD8<Float>()
    var i = 0
    while i + 8 <= n {
        let o = 4 * i
        let v0 = x0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        let v1 = x1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        let r0 = w0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        a00.addProduct(r0, v0); a01.addProduct(r0, v1)
        let r1 = w1.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        a10.addProduct(r1, v0); a11.addProduct(r1, v1)
        let r2 = w2.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        a20.addProduct(r2, v0); a21.addProduct(r2, v1)
        let r3 = w3.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        a30.addProduct(r3, v0); a31.addProduct(r3, v1)
        i += 8
    }
    var s00 = a00.sum(), s10 = a10.sum(), s20 = a20.sum(), s30 = a30.sum()
    var s01 = a01.sum(), s11 = a11.sum(), s21 = a21.sum(), s31 = a31.sum()
    while i < n {
        let v0 = x[i], v1 = x[n + i]
        s00 += w[i] * v0; s01 += w[i] * v1
        s10 += w[n + i] * v0; s11 += w[n + i] * v1
        s20 += w[2 * n + i] * v0; s21 += w[2 * n + i] * v1
        s30 += w[3 * n + i] * v0; s31 += w[3 * n + i] * v1
        i += 1
    }
    y[0] = s00; y[1] = s10; y[2] = s20; y[3] = s30
    y[stride] = s01; y[stride + 1] = s11; y[stride + 2] = s21; y[stride + 3] = s31
}

/// Four weight rows times three input rows: twelve accumulators, one weight load per row and step.
@inline(__always)
private func kernel4x3(_ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int,
                       _ y: UnsafeMutablePointer<Float>, _ stride: Int) {
    let w0 = UnsafeRawPointer(w), x0 = UnsafeRawPointer(x)
    var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(),
               SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(),
               SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
    var i = 0
    let rowBytes = 4 * n
    while i + 8 <= n {
        let o = 4 * i
        let v0 = x0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        let v1 = x0.loadUnaligned(fromByteOffset: o + rowBytes, as: SIMD8<Float>.self)
        let v2 = x0.loadUnaligned(fromByteOffset: o + 2 * rowBytes, as: SIMD8<Float>.self)
        var r = w0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        acc.0.addProduct(r, v0); acc.1.addProduct(r, v1); acc.2.addProduct(r, v2)
        r = w0.loadUnaligned(fromByteOffset: o + rowBytes, as: SIMD8<Float>.self)
        acc.3.addProduct(r, v0); acc.4.addProduct(r, v1); acc.5.addProduct(r, v2)
        r = w0.loadUnaligned(fromByteOffset: o + 2 * rowBytes, as: SIMD8<Float>.self)
        acc.6.addProduct(r, v0); acc.7.addProduct(r, v1); acc.8.addProduct(r, v2)
        r = w0.loadUnaligned(fromByteOffset: o + 3 * rowBytes, as: SIMD8<Float>.self)
        acc.9.addProduct(r, v0); acc.10.addProduct(r, v1); acc.11.addProduct(r, v2)
        i += 8
    }
    let sums = (acc.0.sum(), acc.1.sum(), acc.2.sum(), acc.3.sum(), acc.4.sum(), acc.5.sum(),
                acc.6.sum(), acc.7.sum(), acc.8.sum(), acc.9.sum(), acc.10.sum(), acc.11.sum())
    y[0] = sums.0; y[stride] = sums.1; y[2 * stride] = sums.2
    y[1] = sums.3; y[stride + 1] = sums.4; y[2 * stride + 1] = sums.5
    y[2] = sums.6; y[stride + 2] = sums.7; y[2 * stride + 2] = sums.8
    y[3] = sums.9; y[stride + 3] = sums.10; y[2 * stride + 3] = sums.11
    while i < n {
        for r in 0..<4 { for t in 0..<3 { y[t * stride + r] += w[r * n + i] * x[t * n + i] } }
        i += 1
    }
}

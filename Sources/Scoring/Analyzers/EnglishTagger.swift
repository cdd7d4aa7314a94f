import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// en_core_web_sm's part-of-speech tagger: the shared `tok2vec` component and the tagger's
/// softmax layer, run in Float32 as thinc runs them on the CPU.
///
/// Architecture (the model's config.cfg; `scripts/analyzer-data/en.sh` checks it):
/// 1. MultiHashEmbed: six `HashEmbed` tables (NORM, PREFIX, SUFFIX, SHAPE, SPACY, IS_SPACE; 96
///    wide; 5000/1000/2500/2500/50/50 rows; seeds 8...13). Each feature id is hashed into four
///    row numbers and the four rows are summed; the six sums are concatenated (576).
/// 2. Maxout (96 outputs, 3 pieces) + LayerNorm mixes them down to 96. The Maxout's product is
///    linear in the table rows, so every table row is multiplied by its slice of the weights once,
///    at load time (`projectedTables`), and a token then needs only 24 row additions.
/// 3. MaxoutWindowEncoder: four residual blocks `x + LayerNorm(Maxout([x[i-1], x[i], x[i+1]]))`.
///    thinc pads each text with four zero rows on both sides before the first block, and those
///    rows are transformed by the blocks like tokens, so they are computed here too.
/// 4. Softmax layer (50 tags); the tag is the first highest score.
///
/// Matrix products sum in a different order than thinc's BLAS (and the mixer's is distributed
/// over the table rows), so scores can differ in the last bits; that changes a tag only when two
/// tags score (almost) exactly alike. On 377k tokens of BLEnD text every tag agrees.
struct EnglishTagger: Sendable {
    static let width = 96
    static let pieces = 3
    static let depth = 4
    static let tableRows = [5000, 1000, 2500, 2500, 50, 50]

    /// A Maxout layer followed by LayerNorm.
    private struct MaxoutNorm: Sendable {
        var weights: [Float]   // (width * pieces) x inputWidth, row = output * pieces + piece
        var bias: [Float]      // width * pieces
        var gain: [Float]      // width
        var shift: [Float]     // width
        var inputWidth: Int
    }

    /// The fine-grained tags (Penn Treebank), indexed by the tagger's output.
    let labels: [String]
    private let seeds: [UInt32]
    /// Per embedding table: each row times the mixer weights of that table's slice of the
    /// concatenation (rows x 288).
    private let projectedTables: [[Float]]
    /// The mixer's bias and LayerNorm (its weights are folded into `projectedTables`, so
    /// `weights` is empty).
    private let mixer: MaxoutNorm
    private let encoder: [MaxoutNorm]
    private let softmaxWeights: [Float]
    private let softmaxBias: [Float]
    /// The first encoder block's output for a padding row whose whole window is padding.
    private let paddingAfterFirstBlock: [Float]

    /// Loads `tagger.json` (labels, seeds, tensor shapes and offsets) and `tagger.bin`.
    init(dataDirectory: String) throws {
        let manifestPath = dataDirectory + "/tagger.json"
        let weightsPath = dataDirectory + "/tagger.bin"
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw AnalyzerDataError(path: manifestPath, problem: "missing")
        }
        guard let manifest = try? JSONSerialization.jsonObject(with: manifestData) as? [String: Any],
              let labels = manifest["labels"] as? [String], let seeds = manifest["seeds"] as? [Int],
              let tensorList = manifest["tensors"] as? [[String: Any]]
        else { throw AnalyzerDataError(path: manifestPath, problem: "malformed tagger manifest") }
        guard let weightData = FileManager.default.contents(atPath: weightsPath) else {
            throw AnalyzerDataError(path: weightsPath, problem: "missing")
        }
        let floats: [Float] = weightData.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }

        var tensors: [String: (shape: [Int], offset: Int)] = [:]
        for entry in tensorList {
            guard let name = entry["name"] as? String, let shape = entry["shape"] as? [Int],
                  let offset = entry["offset"] as? Int else {
                throw AnalyzerDataError(path: manifestPath, problem: "malformed tensor entry")
            }
            tensors[name] = (shape, offset)
        }
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let (actual, offset) = tensors[name] else {
                throw AnalyzerDataError(path: manifestPath, problem: "no tensor \(name)")
            }
            let count = shape.reduce(1, *)
            guard actual == shape, offset >= 0, offset + count <= floats.count else {
                throw AnalyzerDataError(path: manifestPath, problem: "tensor \(name) is \(actual), expected \(shape)")
            }
            return Array(floats[offset..<offset + count])
        }
        func layer(_ index: Int, inputWidth: Int) throws -> MaxoutNorm {
            MaxoutNorm(weights: try tensor("maxout\(index).W", [Self.width, Self.pieces, inputWidth]),
                       bias: try tensor("maxout\(index).b", [Self.width, Self.pieces]),
                       gain: try tensor("layernorm\(index).G", [Self.width]),
                       shift: try tensor("layernorm\(index).b", [Self.width]),
                       inputWidth: inputWidth)
        }

        guard seeds.count == Self.tableRows.count else {
            throw AnalyzerDataError(path: manifestPath, problem: "expected \(Self.tableRows.count) seeds")
        }
        self.labels = labels
        self.seeds = seeds.map { UInt32($0) }
        let fullMixer = try layer(0, inputWidth: Self.width * Self.tableRows.count)
        projectedTables = try Self.tableRows.indices.map { column in
            let table = try tensor("embed\(column)", [Self.tableRows[column], Self.width])
            let outputs = Self.width * Self.pieces
            var slice = [Float]()
            slice.reserveCapacity(outputs * Self.width)
            for output in 0..<outputs {
                let start = output * fullMixer.inputWidth + column * Self.width
                slice += fullMixer.weights[start..<start + Self.width]
            }
            var projected = [Float](repeating: 0, count: Self.tableRows[column] * outputs)
            Self.affine(table, rows: Self.tableRows[column], inputWidth: Self.width, slice,
                        [Float](repeating: 0, count: outputs), outputWidth: outputs, into: &projected)
            return projected
        }
        mixer = MaxoutNorm(weights: [], bias: fullMixer.bias, gain: fullMixer.gain, shift: fullMixer.shift,
                           inputWidth: fullMixer.inputWidth)
        encoder = try (1...Self.depth).map { try layer($0, inputWidth: 3 * Self.width) }
        softmaxWeights = try tensor("softmax.W", [labels.count, Self.width])
        softmaxBias = try tensor("softmax.b", [labels.count])

        let zeroWindow = [Float](repeating: 0, count: 3 * Self.width)
        paddingAfterFirstBlock = Self.apply(encoder[0], to: zeroWindow, rows: 1)
    }

    /// The tag index of each token, given its six feature ids (`EnglishLexemeAttributes.features`,
    /// flattened: token after token). Only tokens with `needed` set are tagged (the others get
    /// `nil`), and only the network rows their tags depend on are computed.
    func tags(features: [UInt64], count: Int, needed: [Bool]) -> [Int?] {
        precondition(features.count == count * Self.tableRows.count && needed.count == count)
        guard needed.contains(true) else { return [Int?](repeating: nil, count: count) }
        let width = Self.width
        // Row r of the padded sequence is position r - 4: four zero rows on each side.
        let padding = Self.depth
        let total = count + 2 * padding
        // wanted[block][r]: block `block`'s output is needed at row r (block 0 is the embedding).
        var wanted = [[Bool]](repeating: [Bool](repeating: false, count: total), count: Self.depth + 1)
        for (token, isNeeded) in needed.enumerated() where isNeeded { wanted[Self.depth][padding + token] = true }
        for block in stride(from: Self.depth - 1, through: 0, by: -1) {
            for row in 0..<total where wanted[block + 1][row] {
                for neighbour in max(0, row - 1)...min(total - 1, row + 1) { wanted[block][neighbour] = true }
            }
        }

        var x = [Float](repeating: 0, count: total * width)
        let embeddedTokens = (0..<count).filter { wanted[0][padding + $0] }
        let embedded = Self.maxoutNorm(mixerProducts(features, tokens: embeddedTokens), rows: embeddedTokens.count, mixer)
        for (index, token) in embeddedTokens.enumerated() {
            x.replaceSubrange((padding + token) * width..<(padding + token + 1) * width,
                              with: embedded[index * width..<(index + 1) * width])
        }
        var windows = [Float]()
        for block in 1...Self.depth {
            var rows: [Int] = []
            var paddingRows: [Int] = []
            for row in 0..<total where wanted[block][row] {
                // In the first block a padding row whose whole window is padding gets a constant.
                if block == 1 && (row + 1 < padding || row - 1 >= padding + count) {
                    paddingRows.append(row)
                } else {
                    rows.append(row)
                }
            }
            windows.removeAll(keepingCapacity: true)
            for row in rows { windows.append(contentsOf: x[(row - 1) * width..<(row + 2) * width]) }
            let delta = Self.apply(encoder[block - 1], to: windows, rows: rows.count)
            for (index, row) in rows.enumerated() {
                for i in 0..<width { x[row * width + i] += delta[index * width + i] }
            }
            for row in paddingRows {
                x.replaceSubrange(row * width..<(row + 1) * width, with: paddingAfterFirstBlock)
            }
        }

        let tagged = (0..<count).filter { needed[$0] }
        var inputs = [Float]()
        for token in tagged { inputs.append(contentsOf: x[(padding + token) * width..<(padding + token + 1) * width]) }
        let tagCount = labels.count
        var scores = [Float](repeating: 0, count: tagged.count * tagCount)
        Self.affine(inputs, rows: tagged.count, inputWidth: width, softmaxWeights, softmaxBias,
                    outputWidth: tagCount, into: &scores)
        var result = [Int?](repeating: nil, count: count)
        for (index, token) in tagged.enumerated() {
            var best = 0
            for tag in 1..<tagCount where scores[index * tagCount + tag] > scores[index * tagCount + best] { best = tag }
            result[token] = best
        }
        return result
    }

    /// The mixer Maxout's products (before the max) for `tokens`: its bias plus, for each of the
    /// six features, the four projected rows HashEmbed picks (tokens.count x 288).
    private func mixerProducts(_ features: [UInt64], tokens: [Int]) -> [Float] {
        let outputs = Self.width * Self.pieces
        let columns = Self.tableRows.count
        var out = [Float](repeating: 0, count: tokens.count * outputs)
        out.withUnsafeMutableBufferPointer { out in
            for (index, token) in tokens.enumerated() {
                let destination = out.baseAddress! + index * outputs
                for i in 0..<outputs { destination[i] = mixer.bias[i] }
                for column in 0..<columns {
                    let keys = EnglishHashing.embeddingKeys(features[token * columns + column], seed: seeds[column])
                    let rows = UInt32(Self.tableRows[column])
                    projectedTables[column].withUnsafeBufferPointer { table in
                        for key in [keys.0, keys.1, keys.2, keys.3] {
                            let source = table.baseAddress! + Int(key % rows) * outputs
                            for i in 0..<outputs { destination[i] += source[i] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Maxout over `rows` input rows followed by LayerNorm (rows x 96).
    private static func apply(_ layer: MaxoutNorm, to input: [Float], rows: Int) -> [Float] {
        var products = [Float](repeating: 0, count: rows * Self.width * Self.pieces)
        affine(input, rows: rows, inputWidth: layer.inputWidth, layer.weights, layer.bias,
               outputWidth: Self.width * Self.pieces, into: &products)
        return maxoutNorm(products, rows: rows, layer)
    }

    /// The max over each unit's pieces, then the layer's LayerNorm (rows x 96).
    private static func maxoutNorm(_ products: [Float], rows: Int, _ layer: MaxoutNorm) -> [Float] {
        let width = Self.width, pieces = Self.pieces
        var out = [Float](repeating: 0, count: rows * width)
        for row in 0..<rows {
            for unit in 0..<width {
                let base = (row * width + unit) * pieces
                var best = products[base]
                for piece in 1..<pieces where products[base + piece] > best { best = products[base + piece] }
                out[row * width + unit] = best
            }
            layerNorm(&out, row: row, gain: layer.gain, shift: layer.shift)
        }
        return out
    }

    /// thinc's LayerNorm on one row, with numpy's float32 mean and variance (pairwise sums of
    /// eight interleaved partial sums, as numpy reduces 96 contiguous values).
    private static func layerNorm(_ x: inout [Float], row: Int, gain: [Float], shift: [Float]) {
        let width = Self.width
        let base = row * width
        func numpySum(_ value: (Int) -> Float) -> Float {
            var partial = [Float](repeating: 0, count: 8)
            for lane in 0..<8 { partial[lane] = value(lane) }
            var i = 8
            while i < width {
                for lane in 0..<8 { partial[lane] += value(i + lane) }
                i += 8
            }
            return ((partial[0] + partial[1]) + (partial[2] + partial[3]))
                + ((partial[4] + partial[5]) + (partial[6] + partial[7]))
        }
        let mean = numpySum { x[base + $0] } / Float(width)
        let variance = numpySum { (x[base + $0] - mean) * (x[base + $0] - mean) } / Float(width) + Float(1e-8)
        let scale = powf(variance, -0.5)
        for i in 0..<width {
            var y = (x[base + i] - mean) * scale
            y = y * gain[i]
            x[base + i] = y + shift[i]
        }
    }

    /// out[r][m] = bias[m] + sum_k input[r][k] * weights[m][k], in blocks of four rows and two
    /// outputs (eight SIMD4 accumulators fit the SSE registers); `inputWidth` must be a multiple
    /// of 4 and `outputWidth` even.
    private static func affine(_ input: [Float], rows: Int, inputWidth: Int, _ weights: [Float], _ bias: [Float],
                               outputWidth: Int, into out: inout [Float]) {
        precondition(inputWidth % 4 == 0 && outputWidth % 2 == 0 && input.count >= rows * inputWidth)
        typealias V = SIMD4<Float>
        input.withUnsafeBufferPointer { input in
            weights.withUnsafeBufferPointer { weights in
                out.withUnsafeMutableBufferPointer { out in
                    let x = UnsafeRawPointer(input.baseAddress!)
                    let w = UnsafeRawPointer(weights.baseAddress!)
                    let rowBytes = inputWidth * 4
                    // Outputs outermost: each pair of weight rows is read once per call and
                    // stays in L1 while every block of input rows uses it.
                    var m = 0
                    while m < outputWidth {
                        let wa = w + m * rowBytes, wb = wa + rowBytes
                        var row = 0
                        while row < rows {
                            let block = min(4, rows - row)
                            // Rows past the end of the block repeat its first row (results unused).
                            let x0 = x + row * rowBytes
                            let x1 = block > 1 ? x0 + rowBytes : x0
                            let x2 = block > 2 ? x0 + 2 * rowBytes : x0
                            let x3 = block > 3 ? x0 + 3 * rowBytes : x0
                            var a0 = V(), a1 = V(), a2 = V(), a3 = V()
                            var b0 = V(), b1 = V(), b2 = V(), b3 = V()
                            var offset = 0
                            while offset < rowBytes {
                                let va = wa.loadUnaligned(fromByteOffset: offset, as: V.self)
                                let vb = wb.loadUnaligned(fromByteOffset: offset, as: V.self)
                                let v0 = x0.loadUnaligned(fromByteOffset: offset, as: V.self)
                                a0 += va * v0; b0 += vb * v0
                                let v1 = x1.loadUnaligned(fromByteOffset: offset, as: V.self)
                                a1 += va * v1; b1 += vb * v1
                                let v2 = x2.loadUnaligned(fromByteOffset: offset, as: V.self)
                                a2 += va * v2; b2 += vb * v2
                                let v3 = x3.loadUnaligned(fromByteOffset: offset, as: V.self)
                                a3 += va * v3; b3 += vb * v3
                                offset &+= 16
                            }
                            let base = row * outputWidth + m
                            out[base] = a0.sum() + bias[m]
                            out[base + 1] = b0.sum() + bias[m + 1]
                            if block > 1 {
                                out[base + outputWidth] = a1.sum() + bias[m]
                                out[base + outputWidth + 1] = b1.sum() + bias[m + 1]
                            }
                            if block > 2 {
                                out[base + 2 * outputWidth] = a2.sum() + bias[m]
                                out[base + 2 * outputWidth + 1] = b2.sum() + bias[m + 1]
                            }
                            if block > 3 {
                                out[base + 3 * outputWidth] = a3.sum() + bias[m]
                                out[base + 3 * outputWidth + 1] = b3.sum() + bias[m + 1]
                            }
                            row += block
                        }
                        m += 2
                    }
                }
            }
        }
    }
}

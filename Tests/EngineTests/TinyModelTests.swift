import Foundation
import Testing
@testable import Engine

/// Synthetic fixtures for what the two embedded models do not exercise (Fixtures/tiny, made by
/// scripts/tiny-model-fixtures.py; committed, so no Python, download or model install is needed):
/// - `qwen2/model.gguf`: a tiny random Qwen2 (q/k/v biases, NEOX rope, untied output),
/// - `llama31/model.gguf`: a tiny random Llama with Llama 3.1 rope scaling (`rope_freqs.weight`),
///   both converted to F32 by llama.cpp's convert_hf_to_gguf.py, against PyTorch `transformers`
///   run in float32 on the original HF weights;
/// - `types.gguf`: every supported quantized type against `gguf.quants.dequantize`.
@Suite struct TinyModelTests {
    static let root = ModelFiles.fixturesRoot + "/tiny"
    static let models = ["qwen2", "llama31"]

    static func path(_ model: String) -> String { "\(root)/\(model)/model.gguf" }

    static func json(_ path: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    static func manifest(_ model: String) -> [String: Any]? { json("\(root)/\(model)/forward/manifest.json") }

    static let prompts: [ForwardTests.Prompt] = models.flatMap { model -> [ForwardTests.Prompt] in
        guard let prompts = manifest(model)?["prompts"] as? [[String: Any]] else { return [] }
        return prompts.map {
            ForwardTests.Prompt(model: model, name: $0["name"] as! String, ids: ($0["ids"] as! [Int]).map(Int32.init),
                                positions: $0["positions"] as! [Int],
                                generated: ($0["generated_ids"] as! [Int]).map(Int32.init),
                                directory: "\(root)/\(model)/forward")
        }
    }

    @Test func fixturesExist() {
        #expect(Set(Self.prompts.map(\.model)) == Set(Self.models))
        #expect(Self.prompts.count == 4)
        #expect(!Self.typeEntries.isEmpty)
    }

    // MARK: - Tiny models

    @Test(arguments: models)
    func loadsWithTheExpectedConfiguration(model name: String) throws {
        let model = try Transformer(path: Self.path(name))
        let config = model.config
        #expect(config.architecture == (name == "qwen2" ? .qwen2 : .llama))
        #expect(config.layerCount == 2 && config.embeddingLength == 64 && config.ffnLength == 128)
        #expect(config.headCount == 4 && config.kvHeadCount == 2 && config.headDimension == 16)
        #expect(config.contextLength == 256 && model.vocabularySize == 512)
        #expect(config.activation == .silu)
        #expect(config.slidingWindow == nil)
        // Untied output: output.weight is its own tensor.
        #expect(model.output.data != model.embedding.data)
        for layer in model.layers {
            #expect((layer.queryBias != nil) == (name == "qwen2"))
            #expect((layer.keyBias != nil) == (name == "qwen2"))
            #expect((layer.valueBias != nil) == (name == "qwen2"))
            #expect(layer.queryNorm == nil && layer.postAttentionNorm == nil)
        }
        if name == "qwen2" {
            #expect(config.ropeStyle == .halves)
            #expect(config.ropeBase == 1_000_000)
            #expect(config.rmsEpsilon == 1e-6)
            #expect(model.ropeFrequencyFactors == nil)
        } else {
            #expect(config.ropeStyle == .adjacent)
            #expect(config.ropeBase == 500_000)
            #expect(config.rmsEpsilon == 1e-5)
            let verification = Self.manifest(name)?["gguf_verification"] as? [String: Any]
            let expected = (verification?["rope_freqs"] as? [NSNumber])?.map(\.floatValue)
            #expect(model.ropeFrequencyFactors == expected)
            // One pair kept, one smoothed, the rest divided by 8.
            #expect(Set(model.ropeFrequencyFactors ?? []).count == 3)
        }
    }

    @Test(arguments: prompts)
    func logitsAndActivationsMatchTransformers(prompt: ForwardTests.Prompt) throws {
        let model = try Transformer(path: Self.path(prompt.model))
        let session = InferenceSession(model: model, threads: 2)
        let positions = prompt.positions.first!..<prompt.positions.last! + 1
        let ffn = model.config.ffnLength
        for signal in [CapturedSignal.act, .gated] {
            session.reset()
            let (logits, captured) = try session.forward(prompt.ids, logits: .last, capture: (positions, signal))
            let expected = try ForwardTests.floats("\(prompt.directory)/\(prompt.name).\(signal.rawValue).f32")
            try #require(expected.count == model.config.layerCount * positions.count * ffn)
            var errors: [Float] = []
            for layer in 0..<model.config.layerCount {
                var worst: Float = 0
                for p in positions {
                    let start = (layer * positions.count + (p - positions.lowerBound)) * ffn
                    worst = max(worst, ForwardTests.relativeError(captured!.vector(layer: layer, position: p),
                                                                  expected[start..<start + ffn]))
                }
                errors.append(worst)
            }
            #expect(errors.allSatisfy { $0 < 1e-4 }, "\(prompt) \(signal): relative error per layer \(errors)")
            print("tiny \(prompt) \(signal): relative error per layer \(errors)")
            if signal == .act {
                let reference = try ForwardTests.floats("\(prompt.directory)/\(prompt.name).logits.f32")
                try #require(reference.count == model.vocabularySize)
                let error = ForwardTests.relativeError(logits[...], reference[...])
                #expect(error < 1e-4, "\(prompt) logits relative error \(error)")
                print("tiny \(prompt) logits: relative error \(error)")
            }
        }
    }

    @Test(arguments: prompts)
    func greedyGenerationMatchesTransformers(prompt: ForwardTests.Prompt) throws {
        let model = try Transformer(path: Self.path(prompt.model))
        let session = InferenceSession(model: model, threads: 2)
        let generation = try session.generate(prompt: prompt.ids, maxTokens: prompt.generated.count, stopTokens: [])
        #expect(generation.tokens == prompt.generated, "\(prompt)")
    }

    /// The GGUFs' tokenizer metadata (byte-level BPE with the `qwen2` and `llama-bpe`
    /// pre-tokenizers, which the embedded models do not use) loads and tokenizes as llama.cpp does.
    @Test(arguments: models)
    func tokenizerMatchesLlamaCpp(model name: String) throws {
        let tokenizer = try Tokenizer(file: GGUFFile(path: Self.path(name)))
        #expect(tokenizer.vocabularySize == 512)
        #expect(tokenizer.addsBOS == (name == "llama31"))
        let path = "\(Self.root)/\(name)/tokens.jsonl"
        let cases = try TokenizerFixtures.cases(path: path)
        #expect(try TokenizerFixtures.checkFixtures(tokenizer, "tiny-\(name)", path: path) == cases.count)
        for c in cases where !c.parseSpecial {
            let decoded = tokenizer.decode(tokenizer.encode(c.text, addBOS: false, parseSpecial: false))
            #expect(Array(decoded.utf8) == Array(c.text.utf8), "\(name) \(c.text.debugDescription)")
        }
    }

    // MARK: - Tensor types

    struct TypeEntry: Sendable, CustomStringConvertible {
        let name: String, type: String, rows: Int, columns: Int, offset: Int
        var description: String { name }
    }

    static let typeEntries: [TypeEntry] = {
        guard let tensors = json(root + "/types.json")?["tensors"] as? [[String: Any]] else { return [] }
        return tensors.map {
            TypeEntry(name: $0["name"] as! String, type: $0["type"] as! String, rows: $0["rows"] as! Int,
                      columns: $0["columns"] as! Int, offset: $0["offset"] as! Int)
        }
    }()

    @Test func fixtureCoversEverySupportedQuantizedType() {
        #expect(Set(Self.typeEntries.map(\.type))
            == ["F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K"])
    }

    @Test func typeNamesAndSupport() {
        let names: [(UInt32, String)] = [(0, "F32"), (1, "F16"), (30, "BF16"), (2, "Q4_0"), (3, "Q4_1"), (6, "Q5_0"),
                                         (7, "Q5_1"), (8, "Q8_0"), (12, "Q4_K"), (13, "Q5_K"), (14, "Q6_K")]
        for (raw, name) in names {
            let type = TensorType(rawValue: raw)
            #expect(type?.description == name)
            #expect(type?.isSupported == true)
        }
        for unsupported in [TensorType.q8_1, .q2_K, .q3_K, .q8_K, .iq4_nl, .tq1_0] {
            #expect(!unsupported.isSupported)
        }
    }

    /// Every row expanded by the engine equals gguf's dequantization: exactly, except the
    /// K-quants with a 6-bit scale and min (Q4_K, Q5_K), within 1e-6 relative.
    @Test(arguments: typeEntries)
    func rowsMatchGGUFPackage(entry: TypeEntry) throws {
        let file = try GGUFFile(path: Self.root + "/types.gguf")
        let tensor = try file.tensor(entry.name)
        #expect(tensor.type.description == entry.type)
        #expect(tensor.rowLength == entry.columns && tensor.rowCount == entry.rows)
        let expected = try ForwardTests.floats(Self.root + "/types.expected.f32")
        try #require(expected.count >= entry.offset + entry.rows * entry.columns)
        let tolerance: Float = entry.type == "Q4_K" || entry.type == "Q5_K" ? 1e-6 : 0
        var row = [Float](repeating: .nan, count: entry.columns)
        var worst: Float = 0
        for r in 0..<entry.rows {
            row.withUnsafeMutableBufferPointer {
                dequantize(tensor.type, file.data(of: tensor).baseAddress! + r * tensor.type.rowBytes(entry.columns),
                           $0.baseAddress!, count: entry.columns)
            }
            let reference = expected[entry.offset + r * entry.columns..<entry.offset + (r + 1) * entry.columns]
            let mismatches = zip(row, reference).filter { abs($0 - $1) > tolerance * max(1, abs($1)) }
            #expect(mismatches.isEmpty, "\(entry.name) row \(r): \(mismatches.count) of \(entry.columns) differ, e.g. \(mismatches.prefix(3))")
            worst = max(worst, zip(row, reference).reduce(0) { max($0, abs($1.0 - $1.1) / max(1, abs($1.1))) })
        }
        print("types \(entry.name) (\(entry.type)): worst relative difference \(worst)")
    }

    /// The matrix product reads each type through the same expansion: W·x for three inputs
    /// against the expected rows in Double.
    @Test(arguments: typeEntries)
    func matrixProductUsesTheType(entry: TypeEntry) throws {
        let file = try GGUFFile(path: Self.root + "/types.gguf")
        let matrix = try WeightMatrix(file: file, tensor: try file.tensor(entry.name))
        let expected = try ForwardTests.floats(Self.root + "/types.expected.f32")
        let n = entry.columns, tokens = 3
        let x = (0..<tokens * n).map { Float(sin(Double($0) * 0.37)) }
        var y = [Float](repeating: .nan, count: tokens * entry.rows)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { matrix.multiply(xp.baseAddress!, tokens: tokens, into: $0.baseAddress!, threads: 2) }
        }
        for t in 0..<tokens {
            for r in 0..<entry.rows {
                var sum = 0.0, magnitude = 0.0
                for c in 0..<n {
                    let product = Double(expected[entry.offset + r * n + c]) * Double(x[t * n + c])
                    sum += product
                    magnitude += abs(product)
                }
                #expect(abs(Double(y[t * entry.rows + r]) - sum) <= 1e-5 * max(magnitude, 1e-30),
                        "\(entry.name) token \(t) row \(r): \(y[t * entry.rows + r]) vs \(sum)")
            }
        }
    }
}

import Foundation
import Testing
@testable import Engine

/// The forward pass against PyTorch `transformers` in float32 on the same GGUF weights
/// (Fixtures/<model>/forward, made by scripts/engine-fixtures.py): logits and FFN activations
/// within 1e-4 of the reference's scale, and identical 16-token greedy generations.
@Suite(.serialized) struct ForwardTests {
    struct Prompt: Sendable, CustomStringConvertible {
        let model: String, name: String, ids: [Int32], positions: [Int], generated: [Int32]
        let directory: String
        var description: String { "\(model)/\(name)" }
    }

    static let prompts: [Prompt] = ["gemma", "smollm2"].flatMap { model -> [Prompt] in
        let directory = ModelFiles.fixtures(model) + "/forward"
        guard let data = FileManager.default.contents(atPath: directory + "/manifest.json"),
              let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let prompts = manifest["prompts"] as? [[String: Any]] else { return [] }
        return prompts.map {
            Prompt(model: model, name: $0["name"] as! String, ids: ($0["ids"] as! [Int]).map(Int32.init),
                   positions: $0["positions"] as! [Int], generated: ($0["generated_ids"] as! [Int]).map(Int32.init),
                   directory: directory)
        }
    }

    static func path(_ model: String) -> String { model == "gemma" ? ModelFiles.gemma : ModelFiles.smollm2 }

    static func floats(_ path: String) throws -> [Float] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { raw in (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) } }
    }

    /// max |a − b| / max |b|: the error relative to the reference's scale.
    static func relativeError(_ a: ArraySlice<Float>, _ b: ArraySlice<Float>) -> Float {
        let scale = b.reduce(0) { max($0, abs($1)) }
        let error = zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
        return error / max(scale, 1e-30)
    }

    @Test func fixturesExistForBothModels() {
        #expect(Set(Self.prompts.map(\.model)) == ["gemma", "smollm2"])
    }

    @Test(arguments: Self.prompts)
    func logitsAndActivationsMatchTransformers(prompt: Prompt) throws {
        try #require(ModelFiles.available(Self.path(prompt.model)), "model missing: run scripts/install-models.sh")
        let model = try Transformer(path: Self.path(prompt.model))
        let session = InferenceSession(model: model, threads: 2)
        let positions = prompt.positions.first!..<prompt.positions.last! + 1
        for signal in [CapturedSignal.act, .gated] {
            session.reset()
            let (logits, captured) = try session.forward(prompt.ids, logits: .last, capture: (positions, signal))
            let expected = try Self.floats("\(prompt.directory)/\(prompt.name).\(signal.rawValue).f32")
            let ffn = model.config.ffnLength
            #expect(expected.count == model.config.layerCount * positions.count * ffn)
            var worst: Float = 0
            for layer in 0..<model.config.layerCount {
                for p in positions {
                    let start = (layer * positions.count + (p - positions.lowerBound)) * ffn
                    worst = max(worst, Self.relativeError(captured!.vector(layer: layer, position: p), expected[start..<start + ffn]))
                }
            }
            #expect(worst < 1e-4, "\(prompt) \(signal): worst layer error \(worst)")
            print("forward \(prompt) \(signal): worst relative error over layers \(worst)")
            if signal == .act {
                let reference = try Self.floats("\(prompt.directory)/\(prompt.name).logits.f32")
                let error = Self.relativeError(logits[...], reference[...])
                #expect(error < 1e-4, "\(prompt) logits error \(error)")
                print("forward \(prompt) logits: relative error \(error)")
            }
        }
    }

    @Test(arguments: Self.prompts)
    func greedyGenerationMatchesTransformers(prompt: Prompt) throws {
        try #require(ModelFiles.available(Self.path(prompt.model)), "model missing: run scripts/install-models.sh")
        let model = try Transformer(path: Self.path(prompt.model))
        let session = InferenceSession(model: model, threads: 2)
        let generation = try session.generate(prompt: prompt.ids, maxTokens: prompt.generated.count, stopTokens: [])
        #expect(generation.tokens == prompt.generated, "\(prompt)")
    }
}

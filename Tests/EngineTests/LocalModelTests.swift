import Foundation
import Testing
@testable import Engine

/// The engine's API as `ask` and `probe` use it.
@Suite(.serialized) struct LocalModelTests {
    static func model(_ path: String, template: ChatTemplate? = nil, contextLength: Int? = nil) throws -> LocalModel {
        try #require(ModelFiles.available(path), "model missing: run scripts/install-models.sh")
        return try LocalModel(path: path, template: template, contextLength: contextLength)
    }

    @Test func completionMatchesTheReferenceGeneration() throws {
        // The fixture prompt, as raw completion text: the same ids and the same greedy tokens as transformers.
        for prompt in ForwardTests.prompts where prompt.model == "gemma" {
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: prompt.directory + "/manifest.json"))) as! [String: Any]
            let entry = (manifest["prompts"] as! [[String: Any]]).first { $0["name"] as? String == prompt.name }!
            let model = try Self.model(ModelFiles.gemma)
            #expect(model.template == .none)
            #expect(model.promptTokens(for: entry["prompt"] as! String) == prompt.ids)
            let completion = try model.complete(entry["prompt"] as! String, maxTokens: 16)
            #expect(completion.tokens == prompt.generated, "\(prompt)")
            #expect(completion.text == entry["generated_text"] as? String)
            #expect(completion.promptTokens == prompt.ids.count)
        }
    }

    @Test func smolLM2UsesItsChatMLTemplateAndStops() throws {
        let model = try Self.model(ModelFiles.smollm2)
        #expect(model.template == .chatml)
        #expect(model.renderedPrompt(for: "hi") == "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n")
        let tokens = model.promptTokens(for: "hi")
        #expect(tokens.first == model.tokenizer.token(forText: "<|im_start|>"))
        let completion = try model.complete("What is the capital of France? Answer in one word.", maxTokens: 48)
        #expect(completion.finishReason == .stop)
        #expect(completion.text.contains("Paris"))
        #expect(!completion.tokens.contains { model.tokenizer.endOfGenerationTokens.contains($0) })
    }

    @Test func lengthFinishAndContextOverflow() throws {
        let model = try Self.model(ModelFiles.gemma, contextLength: 24)
        let short = try model.complete("Question: What is 2+2?\nAnswer:", maxTokens: 3)
        #expect(short.finishReason == .length && short.tokens.count == 3)
        #expect(throws: EngineError.self) {
            try model.complete(String(repeating: "word ", count: 40), maxTokens: 4)
        }
    }

    @Test func templatesRenderExactly() {
        #expect(ChatTemplate.gemma.render(user: " hi \n") == "<bos><start_of_turn>user\nhi<end_of_turn>\n<start_of_turn>model\n")
        #expect(ChatTemplate.gemma.render(user: "q", system: "s") == "<bos><start_of_turn>user\ns\n\nq<end_of_turn>\n<start_of_turn>model\n")
        #expect(ChatTemplate.llama3.render(user: "q") == "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nq<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")
        #expect(ChatTemplate.chatml.render(user: "q") == "<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\n")
        #expect(ChatTemplate.none.render(user: " q ") == " q ")
    }

    @Test func gemmaTurnsHaveASingleBOS() throws {
        let model = try Self.model(ModelFiles.gemma, template: .gemma)
        let tokens = model.promptTokens(for: "hi")
        #expect(tokens.filter { $0 == model.tokenizer.bosToken }.count == 1)
        #expect(tokens.first == model.tokenizer.bosToken)
    }

    @Test func teacherForcingCapturesTheResponsePositions() throws {
        let model = try Self.model(ModelFiles.gemma)
        let message = "Question: What is a common snack for preschool kids in the US?\nAnswer:"
        let captured = try model.activations(message: message, response: " Goldfish crackers", signal: .act)
        let promptCount = model.promptTokens(for: message).count
        let responseCount = model.tokenizer.encode(" Goldfish crackers", addBOS: false, parseSpecial: false).count
        #expect(captured.positions == promptCount..<promptCount + responseCount)
        #expect(captured.values.count == 18 * responseCount * 2048)
        #expect(captured.values.contains { $0 != 0 })
    }

    @Test func maskZeroesTheGatedValuesOfItsNeurons() throws {
        let model = try Self.model(ModelFiles.gemma)
        let message = "Question: What do people eat for breakfast?\nAnswer:", response = " Cereal"
        let act = try model.activations(message: message, response: response, signal: .act)
        let gated = try model.activations(message: message, response: response, signal: .gated)
        let masked = [3, 17, 1024, 2047]
        model.mask = NeuronMask(masked.map { (layer: 2, neuron: $0) })
        let maskedAct = try model.activations(message: message, response: response, signal: .act)
        let maskedGated = try model.activations(message: message, response: response, signal: .gated)
        model.mask = NeuronMask()
        for p in gated.positions {
            let layer2 = Array(maskedGated.vector(layer: 2, position: p))
            #expect(masked.allSatisfy { layer2[$0] == 0 })
            #expect(masked.allSatisfy { gated.vector(layer: 2, position: p)[gated.vector(layer: 2, position: p).startIndex + $0] != 0 })
            // Unmasked neurons of the masked layer and everything before it are unchanged.
            #expect(Array(maskedAct.vector(layer: 2, position: p)) == Array(act.vector(layer: 2, position: p)))
            #expect(Array(maskedGated.vector(layer: 1, position: p)) == Array(gated.vector(layer: 1, position: p)))
            // Later layers see the ablation.
            #expect(Array(maskedAct.vector(layer: 3, position: p)) != Array(act.vector(layer: 3, position: p)))
        }
        let restored = try model.activations(message: message, response: response, signal: .gated)
        #expect(restored.values == gated.values)
    }
}

import Crypto
import Engine
import Foundation
import Records

/// What `probe` records for each answer.
public struct ProbeConfiguration: Sendable {
    public var signal: CapturedSignal
    /// The threshold function that picks the key neurons: layer top-k (the paper's default,
    /// k = 5), layer top-score ratio, or global top-k over the stored entries.
    public var threshold: NeuronThreshold
    /// Entries kept per layer for re-thresholding later (the paper keeps 1000).
    public var keep: Int
    /// The model's name in the records.
    public var modelName: String

    public init(signal: CapturedSignal = .act, threshold: NeuronThreshold = NeuronThreshold(kind: .layerTopK, k: 5),
                keep: Int = 1000, modelName: String) {
        self.signal = signal
        self.threshold = threshold
        self.keep = keep
        self.modelName = modelName
    }
}

/// Runs the engine teacher-forced over an answer's exact prompt and response and returns its
/// key neurons (layer top-k) and the top entries of every layer.
public func probe(_ answer: Answer, model: LocalModel, modelSHA256: String, configuration: ProbeConfiguration) throws -> Neurons {
    let response = answer.response ?? ""
    let captured = try model.activations(message: answer.prompt, response: response, signal: configuration.signal)
    let rows = captured.positions.count, width = captured.ffnLength
    let threshold = configuration.threshold
    // Layers are independent: threshold them on every core.
    var perLayer = [(keys: [Int], entries: [ActivationEntry])](repeating: ([], []), count: captured.layers)
    perLayer.withUnsafeMutableBufferPointer { slots in
        let slots = UnsafeSendable(slots)
        DispatchQueue.concurrentPerform(iterations: captured.layers) { layer in
            let start = layer * rows * width
            let activations = LayerActivations(values: captured.values[start..<start + rows * width], rows: rows, width: width)
            let keys: [Int] = switch threshold.kind {
            case .layerTopK: KeyNeurons.layerTopK(activations, k: threshold.k ?? 5)
            case .layerRatio: KeyNeurons.layerRatio(activations, ratio: threshold.ratio ?? 0.9)
            case .globalTopK: []
            }
            slots.pointer[layer] = (keys, KeyNeurons.topEntries(activations, count: configuration.keep))
        }
    }
    var keyNeurons = perLayer.map(\.keys)
    let entriesPerLayer = perLayer.map(\.entries)
    if threshold.kind == .globalTopK {
        for pair in KeyNeurons.globalTopK(entriesPerLayer, k: threshold.k ?? 50) { keyNeurons[pair.layer].append(pair.neuron) }
    }
    let top = entriesPerLayer.map { entries in
        TopActivations(positions: entries.map { UInt32($0.position) }, neurons: entries.map { UInt32($0.neuron) },
                       values: entries.map(\.value))
    }
    let question = answer.question
    return Neurons(id: question.id, templateID: question.templateID, culture: question.culture, lang: question.lang,
                   model: configuration.modelName, modelSHA256: modelSHA256, instruction: answer.instruction, key: answer.key,
                   signal: configuration.signal == .act ? .act : .gated, promptTokens: captured.positions.lowerBound,
                   responseTokens: rows, ffnSize: width, threshold: threshold,
                   keyNeurons: keyNeurons, top: top)
}

/// sha256 (hex) of a file, read in 1 MiB chunks.
public func fileSHA256(_ path: String) throws -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw RecordError(.missingInput, input: path, problem: "cannot open")
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
    return hexString(hasher.finalize())
}

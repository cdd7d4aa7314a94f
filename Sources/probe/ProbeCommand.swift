import ArgumentParser
import Engine
import Foundation
import Neurons
import Records
import StageCLI

/// Teacher-forces each answer through a local GGUF model and records its key FFN neurons.
@main
struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Record the key FFN neurons of answers (teacher-forced, native engine).",
        discussion: """
        For every answer record: the exact prompt (with the chat template the answer was generated \
        with, or --chat-template) and the response are run through the model in one pass; the FFN \
        activation at every response position of every layer is thresholded (layer top-k) and the \
        largest --keep entries per layer are stored. Answers without a response are skipped. \
        Resumable with --output; --shard i/n splits a set across hosts.
        """)

    @OptionGroup var input: InputStreamOptions

    @Option(help: ArgumentHelp("The GGUF model to probe.", valueName: "file.gguf"))
    var modelFile: String

    @Option(help: "The model's name in the records (default: the file name).")
    var modelName: String?

    @Option(help: "act (act(W_gate·h), the paper's) or gated (act(W_gate·h)·(W_up·h)).")
    var signal: String = "act"

    @Option(help: "Threshold function: layer_top_k (the paper's), layer_ratio or global_top_k.") var threshold: String = "layer_top_k"
    @Option(help: "k of layer_top_k (default 5) or global_top_k (default 50).") var k: Int?
    @Option(help: "r of layer_ratio: neurons whose maximum is ≥ r × the layer's maximum.") var ratio: Double = 0.9
    @Option(help: "Largest entries stored per layer.") var keep: Int = 1000
    @Option(help: "Worker threads.") var threads: Int = 2
    @Option(help: "Chat template (none, gemma, chatml, llama3); default: the answer's, else the model's own.") var chatTemplate: String?
    @OptionGroup var shard: ShardOptions
    @Option(help: ArgumentHelp("Write to this file and resume from it if it exists.", valueName: "file")) var output: String?
    @OptionGroup var outputOptions: OutputStreamOptions

    func validate() throws {
        guard CapturedSignal(rawValue: signal) != nil else { throw ValidationError("--signal is act or gated") }
        guard let kind = NeuronThreshold.Kind(rawValue: threshold) else {
            throw ValidationError("--threshold is one of \(NeuronThreshold.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (k ?? 1) > 0, keep >= 0, threads > 0 else { throw ValidationError("--k and --threads must be positive") }
        guard ratio > 0, ratio <= 1 else { throw ValidationError("--ratio must be in (0, 1]") }
        if kind == .globalTopK, keep < (k ?? 50) { throw ValidationError("global_top_k draws from the stored entries: --keep must be at least --k") }
        if let chatTemplate, ChatTemplate(rawValue: chatTemplate) == nil { throw ValidationError("unknown --chat-template '\(chatTemplate)'") }
    }


    func run() throws {
        try reportingFailures("probe") {
            let kind = NeuronThreshold.Kind(rawValue: threshold)!
            let chosen = switch kind {
            case .layerTopK: NeuronThreshold(kind: kind, k: k ?? 5)
            case .layerRatio: NeuronThreshold(kind: kind, ratio: ratio)
            case .globalTopK: NeuronThreshold(kind: kind, k: k ?? 50)
            }
            let configuration = ProbeConfiguration(signal: CapturedSignal(rawValue: signal)!, threshold: chosen, keep: keep,
                                                   modelName: modelName ?? URL(fileURLWithPath: modelFile).lastPathComponent)
            let sha256 = try fileSHA256(modelFile)
            var models: [ChatTemplate?: LocalModel] = [:]
            func model(for template: ChatTemplate?) throws -> LocalModel {
                if let loaded = models[template] { return loaded }
                let loaded = try LocalModel(path: modelFile, template: template, threads: threads)
                models[template] = loaded
                return loaded
            }
            var done = Set<String>()
            let writer: RecordWriter
            if let output {
                done = try recoverPartialOutput(at: output, keyField: "key", format: outputOptions.format).keys
                writer = try RecordWriter(path: output, format: outputOptions.format, append: true)
            } else {
                writer = try RecordWriter(standardOutput: outputOptions.format)
            }
            var probed = 0, skipped = 0
            do {
                let reader = try input.makeReader()
                while let answer = try reader.next(Answer.self) {
                    if let shard = shard.shard, !shard.contains(answer.key) { continue }
                    if done.contains(answer.key) { skipped += 1; continue }
                    guard answer.response != nil else { skipped += 1; continue }
                    let template = chatTemplate.flatMap(ChatTemplate.init(rawValue:)) ?? answer.chatTemplate.flatMap(ChatTemplate.init(rawValue:))
                    try writer.write(try probe(answer, model: try model(for: template), modelSHA256: sha256, configuration: configuration))
                    try writer.flush()
                    probed += 1
                }
                try writer.finish()
            } catch let error as GGUFError {
                try? writer.finish()
                throw RecordError(.data, input: modelFile, problem: error.problem)
            } catch let error as EngineError {
                try? writer.finish()
                throw RecordError(.data, problem: "\(error)")
            } catch {
                try? writer.finish()
                throw error
            }
            printError("probe: \(probed) answers probed, \(skipped) skipped (done, other shard, or no response)")
        }
    }
}

import ArgumentParser
import DualSets
import ClientCLI
import Foundation
import ModelClients
import Records
import StageCLI

/// Asks a model every question of the input, writing one answer record per question.
@main
struct Ask: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask a model the questions of dual sets; write answer records.",
        discussion: """
        Endpoints: an OpenAI-compatible base URL (vLLM, SGLang, llama.cpp server, Ollama, OpenAI: \
        http://host:8000/v1), Anthropic's (--api anthropic, https://api.anthropic.com), or \
        local:<file.gguf> for the native engine. Repeat --endpoint to spread load over servers of \
        the same model. API keys are read from the environment variable named by --api-key-env.
        With --output FILE the run is resumable: records already in FILE are kept and their \
        request keys skipped. Exit 75 means the provider's quota is exhausted: run again later.
        """)

    @OptionGroup var input: InputStreamOptions

    @OptionGroup var backend: BackendOptions

    @Option(help: "Prompt template: inst-4 (instruction 1), inst-8 (2), inst-7 (3) or pers-3.")
    var instruction: String = "inst-4"

    @Option(help: ArgumentHelp("BLEnD release directory (its prompt templates).", valueName: "dir"))
    var blendDir: String

    @Option(help: ArgumentHelp("Dual-Eval release directory (inst-8 templates).", valueName: "dir"))
    var dualEvalDir: String?

    @Option(help: "A system message (the paper uses none).") var system: String?

    @Option(help: ArgumentHelp("Write to this file and resume from it if it exists (instead of standard output).", valueName: "file"))
    var output: String?

    @Flag(help: "With --output: redo the questions whose earlier attempt failed for good.")
    var retryErrors = false

    @Flag(help: "Estimate tokens (and cost, with --prices) without calling the model.")
    var dryRun = false

    @Option(help: ArgumentHelp("Price table (model<TAB>USD per 1M input<TAB>per 1M output), e.g. data/prices.tsv.", valueName: "file"))
    var prices: String?

    @OptionGroup var shard: ShardOptions
    @OptionGroup var outputOptions: OutputStreamOptions

    func validate() throws {
        guard InstructionID(rawValue: instruction) != nil else {
            throw ValidationError("--instruction is one of \(InstructionID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        try await runModelStage("ask") { try await ask() }
    }

    func ask() async throws {
        let templates = try PromptTemplates(blendDir: blendDir, dualEvalDir: dualEvalDir)
        let instructionID = InstructionID(rawValue: instruction)!
        let priceTable = try prices.map(PriceTable.init(path:))
        if dryRun { return try estimate(templates: templates, instruction: instructionID, prices: priceTable) }
        let backends = try backend.makeBackends()
        let local = backend.isLocal
        let configuration = AskConfiguration(
            model: backend.model, instruction: instruction, settings: backend.settings, retry: backend.retry,
            initialConcurrency: local ? 1 : backend.concurrency, maxConcurrency: local ? 1 : backend.maxConcurrency,
            system: system, shard: shard.shard)
        let total = try countRecords()
        var done = Set<String>()
        let writer: RecordWriter
        if let output {
            let recovered = try recoverPartialOutput(at: output, keyField: "key", format: outputOptions.format) { object in
                !retryErrors || !(object.contains("error") && (try? object.optionalObject("error")) != nil)
            }
            if let dropped = recovered.droppedTail { printError("ask: \(output): kept \(recovered.records) records; dropped an incomplete tail (\(dropped))") }
            done = recovered.keys
            writer = try RecordWriter(path: output, format: outputOptions.format, append: true)
        } else {
            writer = try RecordWriter(standardOutput: outputOptions.format)
        }
        let progress = Progress(total: total)
        do {
            let totals = try await runAsk(
                questions: try input.makeReader(), writer: writer, done: done, pool: EndpointPool(backends),
                backendKind: backends[0].kind, chatTemplate: backends[0].chatTemplate, mask: backends[0].mask,
                configuration: configuration,
                prompt: { try templates.prompt(for: $0, instruction: instructionID) }, progress: progress)
            try writer.finish()
            progress.finish(totals)
            report(totals)
            if let cost = priceTable?.cost(model: backend.model, inputTokens: totals.inputTokens, outputTokens: totals.outputTokens) {
                printError(String(format: "ask: cost $%.4f (%@)", cost, prices ?? ""))
            }
        } catch let quota as QuotaExhausted {
            try? writer.finish()
            report(quota.totals)
            throw quota
        } catch {
            try? writer.finish()
            throw error
        }
    }

    /// --dry-run: the questions, their prompts' estimated tokens and the most output tokens, and
    /// what that would cost; no model is called.
    func estimate(templates: PromptTemplates, instruction: InstructionID, prices: PriceTable?) throws {
        let reader = try input.makeReader()
        var questions = 0, inputTokens = 0
        while let question = try reader.next(Question.self) {
            questions += 1
            inputTokens += estimatedTokens(try templates.prompt(for: question, instruction: instruction) + (system ?? ""))
        }
        let outputTokens = questions * backend.maxTokens
        var line = "ask --dry-run: \(questions) questions, about \(inputTokens) input tokens, at most \(outputTokens) output tokens"
        if let cost = prices?.cost(model: backend.model, inputTokens: inputTokens, outputTokens: outputTokens) {
            line += String(format: ", at most $%.2f", cost)
        } else if prices != nil {
            line += " (no price for \(backend.model))"
        }
        print(line)
    }

    /// The number of input records when every input is a file (for the progress line), else nil.
    func countRecords() throws -> Int? {
        guard !input.inputs.isEmpty, !input.inputs.contains("-") else { return nil }
        let reader = try input.makeReader()
        var count = 0
        while try reader.nextLine() != nil { count += 1 }
        return count
    }

    func report(_ totals: AskTotals) {
        printError("ask: \(totals.answered) answered, \(totals.failed) failed for good, \(totals.skipped) already done, \(totals.retries) retries; tokens in \(totals.inputTokens), out \(totals.outputTokens)")
    }
}

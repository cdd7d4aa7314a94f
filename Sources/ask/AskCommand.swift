import ArgumentParser
import DualSets
import Engine
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

    @Option(help: ArgumentHelp("The model name sent to the API and written in every record.", valueName: "name"))
    var model: String

    @Option(help: ArgumentHelp("An API base URL, or local:<file.gguf>; repeat for several servers.", valueName: "url"))
    var endpoint: [String]

    @Option(help: "The API of HTTP endpoints: openai or anthropic.")
    var api: String = "openai"

    @Option(help: ArgumentHelp("Environment variable holding the API key.", valueName: "name"))
    var apiKeyEnv: String?

    @Option(help: "Prompt template: inst-4 (instruction 1), inst-8 (2), inst-7 (3) or pers-3.")
    var instruction: String = "inst-4"

    @Option(help: ArgumentHelp("BLEnD release directory (its prompt templates).", valueName: "dir"))
    var blendDir: String

    @Option(help: ArgumentHelp("Dual-Eval release directory (inst-8 templates).", valueName: "dir"))
    var dualEvalDir: String?

    @Option(help: "Maximum new tokens.") var maxTokens: Int = 1024
    @Option(help: "Sampling temperature (the paper: 0).") var temperature: Double = 0
    @Option(help: "Nucleus sampling mass.") var topP: Double = 1
    @Option(help: "Seed, for APIs that take one.") var seed: Int?
    @Option(help: "A system message (the paper uses none).") var system: String?

    @Option(help: "Requests in flight at the start.") var concurrency: Int = 8
    @Option(help: "Most requests in flight (additive increase up to here, halved on 429).") var maxConcurrency: Int = 64
    @Option(help: "Attempts per request.") var maxAttempts: Int = 6
    @Option(help: "Seconds one attempt may take.") var timeout: Double = 600
    @Option(help: "Seconds one request may take, retries included.") var deadline: Double = 1800
    @Option(help: "Longest Retry-After honoured, seconds; longer means the quota is exhausted (exit 75).") var retryAfterCap: Double = 120

    @Option(help: ArgumentHelp("Write to this file and resume from it if it exists (instead of standard output).", valueName: "file"))
    var output: String?

    @Flag(help: "With --output: redo the questions whose earlier attempt failed for good.")
    var retryErrors = false

    @Option(help: "Local engine: worker threads.") var threads: Int = 2
    @Option(help: "Local engine: chat template (none, gemma, chatml, llama3); default: the model's own.") var chatTemplate: String?

    @OptionGroup var outputOptions: OutputStreamOptions

    func validate() throws {
        guard !endpoint.isEmpty else { throw ValidationError("give at least one --endpoint") }
        guard ["openai", "anthropic"].contains(api) else { throw ValidationError("--api is openai or anthropic") }
        guard InstructionID(rawValue: instruction) != nil else {
            throw ValidationError("--instruction is one of \(InstructionID.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let locals = endpoint.filter { $0.hasPrefix("local:") }
        guard locals.isEmpty || (locals.count == 1 && endpoint.count == 1) else {
            throw ValidationError("local:<file.gguf> is the only endpoint of its run")
        }
        if let chatTemplate, ChatTemplate(rawValue: chatTemplate) == nil {
            throw ValidationError("--chat-template is one of \(ChatTemplate.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let apiKeyEnv, ProcessInfo.processInfo.environment[apiKeyEnv] == nil {
            throw ValidationError("the environment variable \(apiKeyEnv) (--api-key-env) is not set")
        }
        guard concurrency > 0, maxConcurrency >= concurrency, maxAttempts > 0, maxTokens > 0 else {
            throw ValidationError("--concurrency, --max-concurrency, --max-attempts and --max-tokens must be positive (max-concurrency ≥ concurrency)")
        }
    }

    func makeBackends() throws -> [any ModelBackend] {
        if let local = endpoint.first, local.hasPrefix("local:") {
            return [try LocalBackend(path: String(local.dropFirst("local:".count)),
                                     template: chatTemplate.flatMap(ChatTemplate.init(rawValue:)), threads: threads)]
        }
        let key = apiKeyEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
        return try endpoint.map { text in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw RecordError(.usage, problem: "--endpoint '\(text)' is not an http(s) URL or local:<file.gguf>")
            }
            return api == "anthropic"
                ? AnthropicBackend(baseURL: url, apiKey: key, attemptTimeout: timeout)
                : OpenAIBackend(baseURL: url, apiKey: key, attemptTimeout: timeout)
        }
    }

    func run() async throws {
        do {
            try await ask()
        } catch let quota as QuotaExhausted {
            printError("ask: \(quota)")
            report(quota.totals)
            throw ExitCode(ExitStatus.tempFail.rawValue)
        } catch let error as GGUFError {
            printError("ask: \(error)")
            throw ExitCode(ExitStatus.dataError.rawValue)
        } catch let error as EngineError {
            printError("ask: \(error)")
            throw ExitCode(ExitStatus.software.rawValue)
        }
    }

    func ask() async throws {
        try await reportingFailuresAsync("ask") {
            let templates = try PromptTemplates(blendDir: blendDir, dualEvalDir: dualEvalDir)
            let instructionID = InstructionID(rawValue: instruction)!
            let backends = try makeBackends()
            let local = backends.first is LocalBackend
            let configuration = AskConfiguration(
                model: model, instruction: instruction,
                settings: GenerationSettings(temperature: temperature, topP: topP, maxTokens: maxTokens, seed: seed),
                retry: RetryPolicy(maxAttempts: maxAttempts, retryAfterCap: retryAfterCap, deadline: deadline),
                initialConcurrency: local ? 1 : concurrency, maxConcurrency: local ? 1 : maxConcurrency, system: system)
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
                    backendKind: backends[0].kind, chatTemplate: backends[0].chatTemplate, configuration: configuration,
                    prompt: { try templates.prompt(for: $0, instruction: instructionID) }, progress: progress)
                try writer.finish()
                progress.finish(totals)
                report(totals)
            } catch {
                try? writer.finish()
                throw error
            }
        }
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

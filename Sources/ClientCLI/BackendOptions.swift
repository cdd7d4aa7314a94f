import ArgumentParser
import Engine
import Foundation
import ModelClients
import Records

/// Where and how a stage reaches a model: endpoints, API, key variable, timeouts, retries,
/// concurrency; shared by `ask` and `translate-fill`.
public struct BackendOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The model name sent to the API and written in every record.", valueName: "name"))
    public var model: String

    @Option(help: ArgumentHelp("An API base URL, or local:<file.gguf>; repeat for several servers of one model.", valueName: "url"))
    public var endpoint: [String]

    @Option(help: "The API of HTTP endpoints: openai (any OpenAI-compatible server) or anthropic.")
    public var api: String = "openai"

    @Option(help: ArgumentHelp("Environment variable holding the API key (never given on the command line).", valueName: "name"))
    public var apiKeyEnv: String?

    @Option(help: "Maximum new tokens.") public var maxTokens: Int = 1024
    @Option(help: "Sampling temperature (the paper: 0).") public var temperature: Double = 0
    @Option(help: "Nucleus sampling mass.") public var topP: Double = 1
    @Option(help: "Seed, for APIs that take one.") public var seed: Int?

    @Option(help: "Requests in flight at the start.") public var concurrency: Int = 8
    @Option(help: "Most requests in flight (additive increase up to here, halved on 429).") public var maxConcurrency: Int = 64
    @Option(help: "Attempts per request.") public var maxAttempts: Int = 6
    @Option(help: "Seconds to establish a connection.") public var connectTimeout: Double = 10
    @Option(help: "Seconds one attempt may take.") public var timeout: Double = 600
    @Option(help: "Seconds one request may take, retries included.") public var deadline: Double = 1800
    @Option(help: "Longest Retry-After honoured, seconds; longer means the quota is exhausted (exit 75).") public var retryAfterCap: Double = 120

    @Option(help: "Local engine: worker threads.") public var threads: Int = 2
    @Option(help: "Local engine: chat template (none, gemma, chatml, llama3); default: the model's own.") public var chatTemplate: String?
    @Option(help: ArgumentHelp("Local engine: zero these neurons in every forward pass — a neurons record stream (their key neurons, united) or 'layer neuron' lines.", valueName: "file"))
    public var mask: String?
    @Option(help: ArgumentHelp("Local engine: zero this many neurons drawn uniformly over all layers (the ablation's control).", valueName: "n"))
    public var maskRandom: Int?
    @Option(help: "Seed of --mask-random.") public var maskSeed: UInt64 = 0

    public init() {}

    public func validate() throws {
        guard !endpoint.isEmpty else { throw ValidationError("give at least one --endpoint") }
        guard ["openai", "anthropic"].contains(api) else { throw ValidationError("--api is openai or anthropic") }
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
        if mask != nil || maskRandom != nil {
            guard isLocal else { throw ValidationError("--mask and --mask-random need a local:<file.gguf> endpoint") }
            guard mask == nil || maskRandom == nil else { throw ValidationError("give --mask or --mask-random, not both") }
            if let maskRandom, maskRandom < 1 { throw ValidationError("--mask-random must be positive") }
        }
        guard concurrency > 0, maxConcurrency >= concurrency, maxAttempts > 0, maxTokens > 0 else {
            throw ValidationError("--concurrency, --max-concurrency, --max-attempts and --max-tokens must be positive (max-concurrency ≥ concurrency)")
        }
    }

    public var isLocal: Bool { endpoint.first?.hasPrefix("local:") ?? false }

    public var settings: GenerationSettings {
        GenerationSettings(temperature: temperature, topP: topP, maxTokens: maxTokens, seed: seed)
    }

    public var retry: RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, retryAfterCap: retryAfterCap, deadline: deadline)
    }

    /// The backends the endpoints name (a local model is loaded here).
    public func makeBackends() throws -> [any ModelBackend] {
        if isLocal, let local = endpoint.first {
            return [try LocalBackend(path: String(local.dropFirst("local:".count)),
                                     template: chatTemplate.flatMap(ChatTemplate.init(rawValue:)), threads: threads,
                                     mask: try mask.map(NeuronMaskSpec.load(path:)),
                                     randomMask: maskRandom.map { (count: $0, seed: maskSeed) })]
        }
        let key = apiKeyEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
        return try endpoint.map { text in
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https" else {
                throw RecordError(.usage, problem: "--endpoint '\(text)' is not an http(s) URL or local:<file.gguf>")
            }
            return api == "anthropic"
                ? AnthropicBackend(baseURL: url, apiKey: key, attemptTimeout: timeout, connectTimeout: connectTimeout)
                : OpenAIBackend(baseURL: url, apiKey: key, attemptTimeout: timeout, connectTimeout: connectTimeout)
        }
    }
}

/// Runs a stage body that talks to models, mapping its failures to sysexits statuses:
/// an exhausted quota 75, a bad model file 65, an engine failure 70, record errors as usual.
public func runModelStage(_ command: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as RecordError {
        printStageError("\(command): \(error)")
        throw ExitCode(error.exitStatus.rawValue)
    } catch let quota as QuotaExhausted {
        printStageError("\(command): \(quota)")
        throw ExitCode(ExitStatus.tempFail.rawValue)
    } catch let error as GGUFError {
        printStageError("\(command): \(error)")
        throw ExitCode(ExitStatus.dataError.rawValue)
    } catch let error as EngineError {
        printStageError("\(command): \(error)")
        throw ExitCode(ExitStatus.software.rawValue)
    }
}

func printStageError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

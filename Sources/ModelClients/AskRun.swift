import Foundation
import Records

/// How one `ask` run asks: the model, the prompt template id, sampling, retries, concurrency.
public struct AskConfiguration: Sendable {
    /// The model name sent to the API and written in every record.
    public var model: String
    /// The prompt template id written in every record (`inst-4`, …).
    public var instruction: String
    public var settings: GenerationSettings
    public var retry: RetryPolicy
    public var initialConcurrency: Int
    public var maxConcurrency: Int
    /// An optional system message (the paper uses none).
    public var system: String?
    /// Ask only the questions of this shard (by question id); nil: all.
    public var shard: Shard?

    public init(model: String, instruction: String, settings: GenerationSettings = GenerationSettings(),
                retry: RetryPolicy = RetryPolicy(), initialConcurrency: Int = 8, maxConcurrency: Int = 64, system: String? = nil,
                shard: Shard? = nil) {
        self.shard = shard
        self.model = model
        self.instruction = instruction
        self.settings = settings
        self.retry = retry
        self.initialConcurrency = initialConcurrency
        self.maxConcurrency = maxConcurrency
        self.system = system
    }
}

/// What a run did.
public struct AskTotals: Sendable, Equatable {
    public var answered = 0
    public var failed = 0
    /// Questions whose request key was already in the output (a resumed run).
    public var skipped = 0
    /// Retries made (attempts beyond the first).
    public var retries = 0
    public var inputTokens = 0
    public var outputTokens = 0

    public init() {}
}

/// A run stopped because the provider asked to wait longer than the retry cap (an exhausted
/// quota): in-flight work was finished and flushed; run again later (exit 75).
public struct QuotaExhausted: Error, Sendable, CustomStringConvertible {
    public var retryAfter: Double
    public var totals: AskTotals
    public var description: String {
        "the provider asks to wait \(Int(retryAfter)) s, longer than the retry cap: stopped after finishing in-flight requests; run again later"
    }
}

/// The outcome of one question's request, all attempts included.
enum RequestOutcome: Sendable {
    case answered(ChatReply, attempts: Int, latency: Double)
    case failed(BackendError, attempts: Int)
    case park(retryAfter: Double)
}

/// Asks every question of `questions` whose request key is not in `done`, writing one answer
/// record per question to `writer` (flushed after each) as requests complete, with at most the
/// limiter's concurrency in flight. Reads and writes stay on the calling task; requests run as
/// child tasks.
public func runAsk(questions: RecordReader, writer: RecordWriter, done: Set<String>, pool: EndpointPool,
                   backendKind: String, chatTemplate: String?, mask: NeuronMaskInfo? = nil, configuration: AskConfiguration,
                   prompt makePrompt: (Question) throws -> String, progress: Progress? = nil) async throws -> AskTotals {
    let limiter = ConcurrencyLimiter(initial: configuration.initialConcurrency, ceiling: configuration.maxConcurrency)
    var totals = AskTotals()
    var parkedFor: Double?

    struct Job: Sendable {
        var question: Question
        var prompt: String
        var key: String
        var request: ChatRequest
    }

    /// The next question still to ask (skipping done keys).
    func nextJob() throws -> Job? {
        while parkedFor == nil, let question = try questions.next(Question.self) {
            if let shard = configuration.shard, !shard.contains(question.id) { continue }
            let text = try makePrompt(question)
            var messages: [ChatMessage] = []
            if let system = configuration.system { messages.append(ChatMessage(role: "system", content: system)) }
            messages.append(.user(text))
            let request = ChatRequest(model: configuration.model, messages: messages, settings: configuration.settings)
            let key = requestKey(backend: backendKind, request: request, chatTemplate: chatTemplate, mask: mask)
            if done.contains(key) {
                totals.skipped += 1
                continue
            }
            return Job(question: question, prompt: text, key: key, request: request)
        }
        return nil
    }

    try await forEachConcurrently(next: nextJob, limiter: limiter, work: { job in
        (job, await performRequest(job.request, pool: pool, limiter: limiter, retry: configuration.retry))
    }, deliver: { (job: Job, outcome: RequestOutcome) in
        var answer = Answer(question: job.question, model: configuration.model, backend: backendKind,
                            instruction: configuration.instruction, prompt: job.prompt, chatTemplate: chatTemplate,
                            settings: configuration.settings, key: job.key, response: nil, finishReason: nil,
                            usage: nil, latencyMS: nil, attempts: 0, mask: mask)
        switch outcome {
        case .answered(let reply, let attempts, let latency):
            answer.response = reply.text
            answer.finishReason = reply.finishReason
            answer.usage = reply.usage
            answer.latencyMS = (latency * 1000).rounded()
            answer.attempts = attempts
            totals.record(reply: reply, attempts: attempts)
        case .failed(let error, let attempts):
            answer.attempts = attempts
            answer.error = AnswerFailure(kind: error.kind.rawValue, status: error.status, message: error.message)
            totals.failed += 1
            totals.retries += attempts - 1
        case .park(let retryAfter):
            parkedFor = max(parkedFor ?? 0, retryAfter)
            return
        }
        try writer.write(answer)
        try writer.flush()
    }, progress: { inFlight in progress?.update(totals, concurrency: inFlight) })
    if let parkedFor { throw QuotaExhausted(retryAfter: parkedFor, totals: totals) }
    return totals
}

extension AskTotals {
    mutating func record(reply: ChatReply, attempts: Int) {
        answered += 1
        retries += attempts - 1
        inputTokens += reply.usage?.inputTokens ?? 0
        outputTokens += reply.usage?.outputTokens ?? 0
    }
}

/// Runs `work` on every item `next` yields, with at most the limiter's current limit in flight,
/// and hands each result to `deliver` on the calling task, in completion order. When `next`
/// throws (bad input), the work in flight is still finished and delivered before the error
/// is rethrown, so nothing that completed is lost.
func forEachConcurrently<Item: Sendable, Output: Sendable>(
    next: () throws -> Item?, limiter: ConcurrencyLimiter,
    work: @escaping @Sendable (Item) async -> Output,
    deliver: (Output) throws -> Void, progress: (Int) -> Void = { _ in }
) async throws {
    var inputError: Error?
    try await withThrowingTaskGroup(of: Output.self) { group in
        var inFlight = 0
        func receive(_ output: Output) throws {
            inFlight -= 1
            try deliver(output)
            progress(inFlight)
        }
        do {
            while let item = try next() {
                while inFlight >= (await limiter.limit), let output = try await group.next() { try receive(output) }
                group.addTask { await work(item) }
                inFlight += 1
                progress(inFlight)
            }
        } catch {
            inputError = error
        }
        while let output = try await group.next() { try receive(output) }
    }
    if let inputError { throw inputError }
}

/// One request with retries: backoff with full jitter or the server's Retry-After, a bounded
/// number of attempts, and a total deadline. Rate limits and server errors inform the limiter.
func performRequest(_ request: ChatRequest, pool: EndpointPool, limiter: ConcurrencyLimiter, retry: RetryPolicy) async -> RequestOutcome {
    let clock = ContinuousClock()
    let start = clock.now
    var attempt = 0
    while true {
        attempt += 1
        let (index, backend) = await pool.acquire()
        let attemptStart = clock.now
        do {
            let reply = try await backend.send(request)
            await pool.release(index, failed: false)
            await limiter.recordSuccess()
            let latency = clock.now - attemptStart
            return .answered(reply, attempts: attempt, latency: Double(latency.components.seconds) + Double(latency.components.attoseconds) / 1e18)
        } catch {
            let serverSide = error.kind != .http || (error.status ?? 0) >= 500
            await pool.release(index, failed: serverSide)
            if error.isRateLimit { await limiter.recordRateLimit() } else if serverSide { await limiter.recordServerError() }
            guard error.isRetryable else { return .failed(error, attempts: attempt) }
            if let requested = error.retryAfter, requested > retry.retryAfterCap { return .park(retryAfter: requested) }
            guard attempt < retry.maxAttempts else { return .failed(error, attempts: attempt) }
            let wait = retry.delay(after: error, attempt: attempt)
            let elapsed = clock.now - start
            let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            guard elapsedSeconds + wait < retry.deadline else {
                var final = error
                final.message += " (deadline of \(Int(retry.deadline)) s reached after \(attempt) attempts)"
                return .failed(final, attempts: attempt)
            }
            try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
        }
    }
}

import Foundation
import Testing
@testable import ModelClients
@testable import Records

/// A scripted model API (scripted_server.py) running on loopback for one test.
final class ScriptedServer: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// The server's stdin: it exits when this closes, so no server outlives its test run.
    private let lifeline = Pipe()

    init() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scripted_server.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = lifeline
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        port = Int(String(decoding: line, as: UTF8.self))!
    }

    var openAI: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }
    var root: URL { URL(string: "http://127.0.0.1:\(port)")! }

    func attempts() throws -> [String: Int] {
        let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/stats")!)
        return try JSONSerialization.jsonObject(with: data) as! [String: Int]
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? lifeline.fileHandleForWriting.close()
    }

    deinit { stop() }
}

/// Question records whose question texts are `messages`, in a temporary plain file.
func questionFile(_ messages: [String]) throws -> String {
    let path = NSTemporaryDirectory() + "ask-questions-" + UUID().uuidString + ".jsonl"
    let writer = try RecordWriter(path: path, format: .plain)
    for (i, message) in messages.enumerated() {
        try writer.write(Question(templateID: "T-\(i)", culture: .US, lang: .en, question: message, enQuestion: message,
                                  topic: "Food", authoredIn: "English (US)", answers: [], idk: IdkCounts(idk: 0, noAnswer: 0, notApplicable: 0),
                                  source: .blend, provenance: Provenance(question: Origin(dataset: "test"), answers: nil)))
    }
    try writer.finish()
    return path
}

func readAnswers(_ path: String) throws -> [Answer] {
    let reader = try RecordReader(paths: [path], options: InputOptions(allowEmpty: true))
    var answers: [Answer] = []
    while let answer = try reader.next(Answer.self) { answers.append(answer) }
    return answers
}

@Suite(.serialized) struct AskTests {
    let fastRetry = RetryPolicy(maxAttempts: 5, baseDelay: 0.01, maxDelay: 0.05, retryAfterCap: 10, deadline: 30)

    func run(_ messages: [String], backend: any ModelBackend, retry: RetryPolicy? = nil, output: String? = nil,
             done: Set<String> = []) async throws -> (AskTotals, [Answer], String) {
        let input = try questionFile(messages)
        let outputPath = output ?? NSTemporaryDirectory() + "ask-answers-" + UUID().uuidString + ".jsonl"
        let writer = try RecordWriter(path: outputPath, format: .plain, append: true)
        let configuration = AskConfiguration(model: "test-model", instruction: "inst-4", retry: retry ?? fastRetry,
                                             initialConcurrency: 4, maxConcurrency: 16)
        do {
            let totals = try await runAsk(questions: try RecordReader(paths: [input]), writer: writer, done: done,
                                          pool: EndpointPool([backend]), backendKind: backend.kind, chatTemplate: nil,
                                          configuration: configuration, prompt: { $0.question })
            try writer.finish()
            return (totals, try readAnswers(outputPath), outputPath)
        } catch {
            try writer.finish()
            throw error
        }
    }

    @Test func everyQuestionEndsAnsweredOrWithARecordedError() async throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        let backend = OpenAIBackend(baseURL: server.openAI, apiKey: "sk-test-secret-123", attemptTimeout: 1)
        let messages = (0..<40).map { "plain \($0)" } + ["RATE:2 a", "RATE:3 b", "FAIL:2 c", "BAD:1 d", "RESET:1 e", "HANG:1 f",
                                                        "SLOW:200 g", "DENY h", "FAIL:9 i"]
        let (totals, answers, _) = try await run(messages, backend: backend)
        #expect(answers.count == messages.count)
        #expect(Set(answers.map(\.question.question)) == Set(messages))
        #expect(totals.answered + totals.failed == messages.count)
        #expect(totals.failed == 2)
        let byMessage = Dictionary(uniqueKeysWithValues: answers.map { ($0.question.question, $0) })
        #expect(byMessage["plain 7"]?.response == "answer: plain 7")
        #expect(byMessage["plain 7"]?.usage == TokenUsage(inputTokens: 2, outputTokens: 2))
        #expect(byMessage["RATE:2 a"]?.attempts == 3)
        #expect(byMessage["RATE:3 b"]?.attempts == 4)
        #expect(byMessage["FAIL:2 c"]?.attempts == 3)
        #expect(byMessage["BAD:1 d"]?.attempts == 2)
        #expect(byMessage["RESET:1 e"]?.response == "answer: RESET:1 e")
        #expect(byMessage["HANG:1 f"]?.attempts == 2)
        // Permanent errors are not retried; retryable ones stop at the attempt limit.
        #expect(byMessage["DENY h"]?.error?.status == 401)
        #expect(byMessage["DENY h"]?.attempts == 1)
        #expect(byMessage["FAIL:9 i"]?.attempts == 5)
        #expect(byMessage["FAIL:9 i"]?.response == nil)
        // The key never appears in a record.
        #expect(byMessage["DENY h"]?.error?.message.contains("sk-test-secret-123") == false)
        #expect(byMessage["DENY h"]?.error?.message.contains("[redacted]") == true)
        let attempts = try server.attempts()
        #expect(attempts["DENY h"] == 1)
        #expect(totals.retries == answers.map { $0.attempts - 1 }.reduce(0, +))
    }

    @Test func anthropicBackendSpeaksTheMessagesAPI() async throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        let backend = AnthropicBackend(baseURL: server.root, apiKey: "key", attemptTimeout: 2)
        let (totals, answers, _) = try await run(["hello there", "RATE:1 x"], backend: backend)
        #expect(totals.answered == 2)
        #expect(answers.first { $0.question.question == "hello there" }?.response == "answer: hello there")
        #expect(answers.allSatisfy { $0.finishReason == "stop" && $0.backend == "anthropic" })
    }

    @Test func exhaustedQuotaParksAfterFinishingInFlightWork() async throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        let backend = OpenAIBackend(baseURL: server.openAI, apiKey: nil, attemptTimeout: 2)
        let messages = (0..<10).map { "q \($0)" } + ["QUOTA now"] + (10..<30).map { "q \($0)" }
        await #expect(throws: QuotaExhausted.self) {
            _ = try await run(messages, backend: backend)
        }
        // A rerun over the partial output (after the quota resets) completes every question exactly once.
        let output = NSTemporaryDirectory() + "ask-park-" + UUID().uuidString + ".jsonl"
        _ = try? await run(messages, backend: backend, output: output)
        let partial = try readAnswers(output)
        #expect(!partial.contains { $0.question.question == "QUOTA now" })
        let recovered = try recoverPartialOutput(at: output, keyField: "key", format: .plain)
        #expect(recovered.records == partial.count)
        let remaining = messages.filter { $0 != "QUOTA now" }
        let (totals, answers, _) = try await run(remaining, backend: backend, output: output, done: recovered.keys)
        #expect(totals.skipped == partial.count)
        #expect(answers.count == remaining.count)
        #expect(Set(answers.map(\.key)).count == answers.count)
    }

    @Test func aDeadEndpointCoolsDownAndTheOtherServes() async throws {
        let server = try ScriptedServer()
        defer { server.stop() }
        let live = OpenAIBackend(baseURL: server.openAI, apiKey: nil, attemptTimeout: 2)
        let dead = OpenAIBackend(baseURL: URL(string: "http://127.0.0.1:1/v1")!, apiKey: nil, attemptTimeout: 2)
        let pool = EndpointPool([dead, live], failuresBeforeCooldown: 2, cooldown: .seconds(60))
        let input = try questionFile((0..<30).map { "q \($0)" })
        let output = NSTemporaryDirectory() + "ask-pool-" + UUID().uuidString + ".jsonl"
        let writer = try RecordWriter(path: output, format: .plain)
        let totals = try await runAsk(questions: try RecordReader(paths: [input]), writer: writer, done: [], pool: pool,
                                      backendKind: "openai", chatTemplate: nil,
                                      configuration: AskConfiguration(model: "m", instruction: "inst-4", retry: fastRetry, initialConcurrency: 2, maxConcurrency: 2),
                                      prompt: { $0.question })
        try writer.finish()
        #expect(totals.answered == 30 && totals.failed == 0)
        // The dead endpoint was tried only until it started resting.
        #expect(totals.retries <= 4)
        #expect(try server.attempts().count == 30)
    }

    @Test func connectTimeoutBoundsAnEndpointThatNeverAccepts() async throws {
        // A listener with a full backlog that never accepts: further SYNs go unanswered.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(listener, 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<4 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) } }
            fillers.append(fd)
        }
        try await Task.sleep(for: .milliseconds(200))
        let start = Date()
        #expect(!canConnect(host: "127.0.0.1", port: port, timeout: 0.5))
        #expect(Date().timeIntervalSince(start) < 2)
        let backend = OpenAIBackend(baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, apiKey: nil, attemptTimeout: 30, connectTimeout: 0.5)
        let t0 = Date()
        await #expect(throws: BackendError.self) { try await backend.send(ChatRequest(model: "m", messages: [.user("q")], settings: GenerationSettings())) }
        #expect(Date().timeIntervalSince(t0) < 3, "the connect timeout, not the 30 s attempt timeout, bounds the request")
        // A refused port fails at once; a live server connects.
        #expect(!canConnect(host: "127.0.0.1", port: 1, timeout: 2))
        let server = try ScriptedServer()
        defer { server.stop() }
        #expect(canConnect(host: "127.0.0.1", port: server.port, timeout: 2))
    }

    @Test func pricesAndEstimates() throws {
        let path = NSTemporaryDirectory() + "prices-" + UUID().uuidString + ".tsv"
        try "# comment\ngpt-x\t2.50\t10.00\n".write(toFile: path, atomically: true, encoding: .utf8)
        let table = try PriceTable(path: path)
        #expect(table.cost(model: "gpt-x", inputTokens: 1_000_000, outputTokens: 500_000) == 7.5)
        #expect(table.cost(model: "other", inputTokens: 1, outputTokens: 1) == nil)
        try "gpt-x 2.50 10.00\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RecordError.self) { try PriceTable(path: path) }
        #expect(estimatedTokens("abcdefgh") == 2)
        #expect(estimatedTokens("") == 1)
    }

    @Test func requestKeysCoverModelMessagesAndSettings() {
        let base = ChatRequest(model: "m", messages: [.user("q")], settings: GenerationSettings())
        let key = requestKey(backend: "openai", request: base)
        #expect(key.count == 64)
        #expect(key == requestKey(backend: "openai", request: base))
        var other = base
        other.model = "m2"
        #expect(requestKey(backend: "openai", request: other) != key)
        other = base
        other.settings.maxTokens = 512
        #expect(requestKey(backend: "openai", request: other) != key)
        other = base
        other.settings.seed = 1
        #expect(requestKey(backend: "openai", request: other) != key)
        #expect(requestKey(backend: "anthropic", request: base) != key)
        #expect(requestKey(backend: "local", request: base, chatTemplate: "none") != requestKey(backend: "local", request: base, chatTemplate: "chatml"))
    }

    @Test func retryDelaysFollowTheServer() {
        #expect(retryDelay(from: ["retry-after-ms": "250"]) == 0.25)
        #expect(retryDelay(from: ["retry-after": "7"]) == 7)
        #expect(retryDelay(from: ["x-ratelimit-reset-requests": "1m30s", "x-ratelimit-reset-tokens": "20ms"]) == 90)
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(retryDelay(from: ["retry-after": "Mon, 12 Jan 1970 13:46:50 GMT"], now: now) == 10)
        #expect(retryDelay(from: [:]) == nil)
        let policy = RetryPolicy(baseDelay: 1, maxDelay: 8)
        #expect(policy.delay(after: BackendError(kind: .timeout, message: ""), attempt: 3, random: 1) == 4)
        #expect(policy.delay(after: BackendError(kind: .timeout, message: ""), attempt: 9, random: 0.5) == 4)
        #expect(policy.delay(after: BackendError(kind: .http, status: 429, retryAfter: 3, message: ""), attempt: 1) == 3)
    }

    @Test func limiterIsAdditiveIncreaseMultiplicativeDecrease() async {
        let limiter = ConcurrencyLimiter(initial: 8, floor: 2, ceiling: 10, window: 3)
        for _ in 0..<8 { await limiter.recordSuccess() }
        #expect(await limiter.limit == 9)
        await limiter.recordRateLimit()
        #expect(await limiter.limit == 4)
        await limiter.recordRateLimit()
        await limiter.recordRateLimit()
        #expect(await limiter.limit == 2)
    }
}

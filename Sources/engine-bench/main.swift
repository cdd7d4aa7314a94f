import ArgumentParser
import Engine
import Foundation

/// Measures the engine on one model: load time, prefill and decode tokens/s, teacher-forced
/// forward with activation capture tokens/s, peak RSS. Prints one JSON object (for scripts/bench-engine.py).
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine-bench",
        abstract: "Time the native engine on a GGUF model.")

    @Option(help: "The GGUF model file.")
    var model: String

    @Option(help: "Worker threads.")
    var threads: Int = 2

    @Option(help: "Comma-separated prompt lengths to prefill.")
    var prefill: String = "128,512"

    @Option(help: "Tokens to decode after a 128-token prompt.")
    var decode: Int = 128

    @Option(help: "Response tokens of the teacher-forced pass (after a 128-token prompt).")
    var capture: Int = 32

    @Option(help: "Repetitions; the best is reported.")
    var repeats: Int = 2

    func run() throws {
        let start = Date()
        let transformer = try Transformer(path: model)
        let loadSeconds = Date().timeIntervalSince(start)
        let session = InferenceSession(model: transformer, capacity: 2048, threads: threads)
        // Token ids spread over the vocabulary, the same on every run (scripts use the same formula).
        func tokens(_ count: Int) -> [Int32] { (0..<count).map { Int32(1000 + ($0 * 7919) % 20000) } }
        func best(_ body: () throws -> Void) rethrows -> Double {
            var result = Double.infinity
            for _ in 0..<repeats {
                let t0 = Date()
                try body()
                result = min(result, Date().timeIntervalSince(t0))
            }
            return result
        }
        var report: [String: Double] = ["load_seconds": loadSeconds]
        for length in prefill.split(separator: ",").compactMap({ Int($0) }) {
            let prompt = tokens(length)
            let seconds = try best {
                session.reset()
                _ = try session.forward(prompt, logits: .last)
            }
            report["prefill_\(length)_tokens_per_second"] = Double(length) / seconds
        }
        let prompt = tokens(128)
        let decodeSeconds = try best {
            session.reset()
            _ = try session.forward(prompt, logits: .last)
            for token in tokens(decode) { _ = try session.forward([token], logits: .last) }
        } - (try best {
            session.reset()
            _ = try session.forward(prompt, logits: .last)
        })
        report["decode_tokens_per_second"] = Double(decode) / decodeSeconds
        let response = tokens(capture)
        let captureSeconds = try best {
            _ = try session.activations(prompt: prompt, response: response, signal: .act)
        }
        report["capture_tokens_per_second"] = Double(prompt.count + capture) / captureSeconds
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        report["peak_rss_mib"] = Double(usage.ru_maxrss) / 1024
        let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}

EngineBench.main()

import Foundation
import Testing

/// `ask` on the local engine, killed with SIGKILL in the middle and run again: exactly one
/// answer per question, identical to an uninterrupted run.
@Suite(.serialized) struct AskResumeTests {
    static let models = ProcessInfo.processInfo.environment["DUALEVAL_MODELS"] ?? NSHomeDirectory() + "/.cache/dualeval/models"
    static let smollm2 = models + "/SmolLM2-135M-Instruct.Q4_1.gguf"

    func answers(_ path: String) throws -> [String: String] {
        let result = try Executables.shell("dualeval cat --plain \(path)")
        var byKey: [String: String] = [:]
        for line in String(decoding: result.stdout, as: UTF8.self).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let key = object["key"] as! String
            #expect(byKey[key] == nil, "duplicate record for \(key)")
            byKey[key] = object["response"] as? String
        }
        return byKey
    }

    @Test func killedRunResumesToTheSameAnswers() throws {
        try #require(FileManager.default.fileExists(atPath: Self.smollm2), "model missing: run make models")
        let directory = NSTemporaryDirectory() + "ask-resume-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let questions = directory + "/q.jsonl.zst"
        try Executables.shell("import-blend --blend-dir \(Executables.blendDir) --set Q_ES_es --limit 6 > \(questions)")
        let ask = "ask \(questions) --model smollm2 --endpoint local:\(Self.smollm2) --blend-dir \(Executables.blendDir) --max-tokens 24"

        let full = try Executables.shell("\(ask) --output \(directory)/full.jsonl.zst")
        #expect(full.status == 0, "\(full.stderr)")
        let reference = try answers(directory + "/full.jsonl.zst")
        #expect(reference.count == 6)

        // Start, wait for the first answers to reach the file, kill -9, run again.
        let part = directory + "/part.jsonl.zst"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "exec \(Executables.directory)/\(ask) --output \(part) 2>/dev/null"]
        try process.run()
        let start = Date()
        while Date().timeIntervalSince(start) < 60 {
            if let size = try? FileManager.default.attributesOfItem(atPath: part)[.size] as? Int, size > 0,
               (try? answers(part).count) ?? 0 >= 2 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let partial = try answers(part).count
        #expect(partial >= 2 && partial < 6, "killed after \(partial) answers")

        let resumed = try Executables.shell("\(ask) --output \(part)")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("\(partial) already done"))
        #expect(try answers(part) == reference)
    }
}

import Foundation
import Testing

/// `probe` over real answers: shards partition the work, a rerun adds nothing, records are complete.
@Suite(.serialized) struct ProbeTests {
    @Test func shardsPartitionAndRerunsResume() throws {
        try #require(FileManager.default.fileExists(atPath: AskResumeTests.smollm2), "model missing: run make models")
        let directory = NSTemporaryDirectory() + "probe-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Executables.shell("import-blend --blend-dir \(Executables.blendDir) --set Q_KR_ko --limit 5 > \(directory)/q.jsonl.zst")
        let answered = try Executables.shell("ask \(directory)/q.jsonl.zst --model smollm2 --endpoint local:\(AskResumeTests.smollm2) --blend-dir \(Executables.blendDir) --max-tokens 6 > \(directory)/a.jsonl.zst")
        #expect(answered.status == 0, "\(answered.stderr)")
        let probe = "probe \(directory)/a.jsonl.zst --model-file \(AskResumeTests.smollm2) --keep 50"

        func keys(_ file: String) throws -> [String] {
            let lines = String(decoding: try Executables.shell("dualeval cat --plain --allow-empty \(file)").stdout, as: UTF8.self).split(separator: "\n")
            return try lines.map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                #expect((object["key_neurons"] as! [[Int]]).count == 30)
                // Top-k values may share a neuron across positions: 1 to k neurons per layer (more only on exact ties).
                #expect((object["key_neurons"] as! [[Int]]).allSatisfy { (1...5).contains($0.count) && $0 == $0.sorted() })
                #expect((object["top"] as! [[String: Any]]).allSatisfy { $0["count"] as! Int == 50 })
                return object["key"] as! String
            }
        }
        #expect(try Executables.shell("\(probe) --output \(directory)/all.jsonl.zst").status == 0)
        #expect(try Executables.shell("\(probe) --shard 0/2 --output \(directory)/s0.jsonl.zst").status == 0)
        #expect(try Executables.shell("\(probe) --shard 1/2 --output \(directory)/s1.jsonl.zst").status == 0)
        let all = try keys("\(directory)/all.jsonl.zst"), s0 = try keys("\(directory)/s0.jsonl.zst"), s1 = try keys("\(directory)/s1.jsonl.zst")
        #expect(all.count == 5)
        #expect(Set(s0).isDisjoint(with: s1) && Set(s0 + s1) == Set(all))
        let again = try Executables.shell("\(probe) --output \(directory)/all.jsonl.zst")
        #expect(again.stderr.contains("0 answers probed"))
        #expect(try keys("\(directory)/all.jsonl.zst").count == 5)
    }
}

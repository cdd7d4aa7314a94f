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

    /// The paper's ablation: asking with the key neurons of the answers masked, and with a random
    /// mask of the same size; the mask is recorded and keyed, so masked and plain runs never mix.
    @Test func maskedAskIsRecordedAndKeyed() throws {
        try #require(FileManager.default.fileExists(atPath: AskResumeTests.smollm2), "model missing: run make models")
        let directory = NSTemporaryDirectory() + "mask-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ask = "ask \(directory)/q.jsonl.zst --model smollm2 --endpoint local:\(AskResumeTests.smollm2) --blend-dir \(Executables.blendDir) --max-tokens 8"
        try Executables.shell("import-blend --blend-dir \(Executables.blendDir) --set Q_ES_es --limit 4 > \(directory)/q.jsonl.zst")
        #expect(try Executables.shell("\(ask) > \(directory)/a.jsonl.zst").status == 0)
        #expect(try Executables.shell("probe \(directory)/a.jsonl.zst --model-file \(AskResumeTests.smollm2) --keep 10 > \(directory)/n.jsonl.zst").status == 0)

        func answers(_ file: String) throws -> [[String: Any]] {
            let lines = String(decoding: try Executables.shell("dualeval cat --plain \(file)").stdout, as: UTF8.self).split(separator: "\n")
            return try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        }
        let plain = try answers("\(directory)/a.jsonl.zst")
        let neurons = try answers("\(directory)/n.jsonl.zst")
        var union: Set<[Int]> = []
        for record in neurons {
            for (layer, ids) in (record["key_neurons"] as! [[Int]]).enumerated() { for id in ids { union.insert([layer, id]) } }
        }

        // dualeval mask writes the same union as 'layer neuron' lines; a smaller k gives a subset.
        let lines = String(decoding: try Executables.shell("dualeval mask \(directory)/n.jsonl.zst").stdout, as: UTF8.self)
            .split(separator: "\n").map { $0.split(separator: " ").map { Int($0)! } }
        #expect(Set(lines) == union)
        let k1 = String(decoding: try Executables.shell("dualeval mask --k 1 \(directory)/n.jsonl.zst").stdout, as: UTF8.self)
            .split(separator: "\n").map { $0.split(separator: " ").map { Int($0)! } }
        #expect(!k1.isEmpty && Set(k1).isSubset(of: union) && k1.count < union.count)

        let masked = try Executables.shell("\(ask) --mask \(directory)/n.jsonl.zst > \(directory)/m.jsonl.zst")
        #expect(masked.status == 0, "\(masked.stderr)")
        let maskedAnswers = try answers("\(directory)/m.jsonl.zst")
        for (a, m) in zip(plain, maskedAnswers) {
            let mask = try #require(m["mask"] as? [String: Any])
            #expect(mask["pairs"] as? Int == union.count)
            #expect(mask["source"] as? String == "file:\(directory)/n.jsonl.zst")
            #expect(a["mask"] == nil)
            #expect(a["key"] as? String != m["key"] as? String)
        }
        // Masking the neurons that carried the answers changes what the model says.
        #expect(zip(plain, maskedAnswers).contains { $0["response"] as? String != $1["response"] as? String })

        let random = "\(ask) --mask-random \(union.count) --mask-seed 3"
        #expect(try Executables.shell("\(random) > \(directory)/r1.jsonl.zst").status == 0)
        #expect(try Executables.shell("\(random) > \(directory)/r2.jsonl.zst").status == 0)
        let r1 = try answers("\(directory)/r1.jsonl.zst"), r2 = try answers("\(directory)/r2.jsonl.zst")
        let info = try #require(r1.first?["mask"] as? [String: Any])
        #expect(info["pairs"] as? Int == union.count)
        #expect(info["source"] as? String == "random:\(union.count):seed=3")
        #expect(r1.map { $0["key"] as! String } == r2.map { $0["key"] as! String })
        #expect(r1.map { $0["key"] as! String } != maskedAnswers.map { $0["key"] as! String })

        try "0 5\n# a comment\n99 1\n".write(toFile: "\(directory)/bad.tsv", atomically: true, encoding: .utf8)
        let outside = try Executables.shell("\(ask) --mask \(directory)/bad.tsv")
        #expect(outside.status == 64)
        #expect(outside.stderr.contains("(layer 99, neuron 1) is outside the model (30 layers × 1536 neurons)"), "\(outside.stderr)")
        try "0 5\n1 x\n".write(toFile: "\(directory)/bad2.tsv", atomically: true, encoding: .utf8)
        let malformed = try Executables.shell("\(ask) --mask \(directory)/bad2.tsv")
        #expect(malformed.status == 65)
        #expect(malformed.stderr.contains("bad2.tsv:2: expected 'layer neuron'"), "\(malformed.stderr)")
    }

    @Test func askShardsPartitionTheQuestions() throws {
        try #require(FileManager.default.fileExists(atPath: AskResumeTests.smollm2), "model missing: run make models")
        let directory = NSTemporaryDirectory() + "ask-shards-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Executables.shell("import-blend --blend-dir \(Executables.blendDir) --set Q_ID_id --limit 6 > \(directory)/q.jsonl.zst")
        let ask = "ask \(directory)/q.jsonl.zst --model smollm2 --endpoint local:\(AskResumeTests.smollm2) --blend-dir \(Executables.blendDir) --max-tokens 2"
        func ids(_ shard: String) throws -> [String] {
            let result = try Executables.shell("\(ask) --shard \(shard) | dualeval cat --plain --allow-empty")
            #expect(result.status == 0, "\(result.stderr)")
            return try String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map {
                (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["id"] as! String
            }
        }
        let first = try ids("0/2"), second = try ids("1/2")
        #expect(Set(first).isDisjoint(with: second))
        #expect((first + second).count == 6)
        #expect(try Executables.shell("\(ask) --shard 2/2").status == 64)
    }

    /// The paper's three threshold functions, recorded in every record.
    @Test func thresholdFunctions() throws {
        try #require(FileManager.default.fileExists(atPath: AskResumeTests.smollm2), "model missing: run make models")
        let directory = NSTemporaryDirectory() + "thresholds-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Executables.shell("import-blend --blend-dir \(Executables.blendDir) --set Q_CN_zh --limit 3 > \(directory)/q.jsonl.zst")
        #expect(try Executables.shell("ask \(directory)/q.jsonl.zst --model smollm2 --endpoint local:\(AskResumeTests.smollm2) --blend-dir \(Executables.blendDir) --max-tokens 4 > \(directory)/a.jsonl.zst").status == 0)
        func records(_ options: String) throws -> [[String: Any]] {
            let result = try Executables.shell("probe \(directory)/a.jsonl.zst --model-file \(AskResumeTests.smollm2) --keep 100 \(options) | dualeval cat --plain")
            #expect(result.status == 0, "\(result.stderr)")
            return try String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            }
        }
        for record in try records("--threshold global_top_k --k 40") {
            #expect((record["threshold"] as? [String: Any])?["kind"] as? String == "global_top_k")
            let pairs = (record["key_neurons"] as! [[Int]]).reduce(0) { $0 + $1.count }
            #expect((1...40).contains(pairs))
        }
        let strict = try records("--threshold layer_ratio --ratio 1")
        let loose = try records("--threshold layer_ratio --ratio 0.5")
        for (s, l) in zip(strict, loose) {
            #expect((s["threshold"] as? [String: Any])?["ratio"] as? Double == 1)
            let strictLayers = s["key_neurons"] as! [[Int]], looseLayers = l["key_neurons"] as! [[Int]]
            // r = 1 keeps the layer's maximum only; a lower r keeps a superset.
            #expect(strictLayers.allSatisfy { $0.count >= 1 })
            #expect(zip(strictLayers, looseLayers).allSatisfy { Set($0).isSubset(of: Set($1)) })
        }
        #expect(try Executables.shell("probe \(directory)/a.jsonl.zst --model-file \(AskResumeTests.smollm2) --threshold top").status == 64)
    }
}


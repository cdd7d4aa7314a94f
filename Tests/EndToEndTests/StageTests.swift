import Foundation
import Testing

/// The executables as users run them: in pipes, with files, with bad input.
@Suite struct StageTests {
    let importer = "import-blend --blend-dir \(Executables.blendDir) --dual-eval-dir \(Executables.dualEvalDir)"

    @Test func importPipesIntoCatAndCount() throws {
        let result = try Executables.shell("\(importer) --set Q_KR_ko --sample 12 --seed 5 | dualeval cat | dualeval count")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(String(decoding: result.stdout, as: UTF8.self) == "question\t12\n")
    }

    @Test func outputIsZstdByDefaultAndPlainOnRequest() throws {
        let compressed = try Executables.shell("\(importer) --set Q_ES_es --limit 3")
        #expect(compressed.stdout.prefix(4) == Data([0x28, 0xB5, 0x2F, 0xFD]))
        let plain = try Executables.shell("\(importer) --set Q_ES_es --limit 3 --plain")
        #expect(try Executables.lines(compressed.stdout) == String(decoding: plain.stdout, as: UTF8.self).split(separator: "\n").map(String.init))
        #expect(try Executables.lines(compressed.stdout).count == 3)
    }

    @Test func listSetsMatchesTheMakefile() throws {
        let sets = String(decoding: try Executables.shell("import-blend --list-sets").stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(sets.count == 19)
        let makefile = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Makefile").path, encoding: .utf8)
        let block = makefile.components(separatedBy: "SETS := ")[1].components(separatedBy: "\n\n")[0]
        #expect(block.split(whereSeparator: { " \\\n".contains($0) }).map(String.init) == sets)
    }

    @Test func outDirWritesEverySetAtomically() throws {
        let directory = NSTemporaryDirectory() + "dualeval-sets-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Executables.shell("\(importer) --out-dir \(directory) --limit 4")
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files.count == 19)
        #expect(files.allSatisfy { $0.hasSuffix(".jsonl.zst") })
        let count = try Executables.shell("dualeval count \(directory)/*.jsonl.zst")
        #expect(String(decoding: count.stdout, as: UTF8.self) == "question\t76\n")
    }

    @Test func dataErrorKeepsWhatWasWrittenValid() throws {
        // 3 good records, then a record with a mistyped field, then more.
        let good = try Executables.shell("\(importer) --set Q_CN_zh --limit 5 --plain").stdout
        var lines = String(decoding: good, as: UTF8.self).split(separator: "\n").map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: #""topic":"Food""#, with: #""topic":7"#)
        let input = Data((lines.joined(separator: "\n") + "\n").utf8)
        let result = try Executables.shell("dualeval cat", stdin: input)
        #expect(result.status == 65)
        #expect(result.stderr == "dualeval cat: <stdin>:4: field 'topic': expected a string, found an integer\n")
        // The output is a complete zstd stream of the three records before the bad one.
        #expect(try Executables.lines(result.stdout) == Array(lines[0..<3]))
    }

    @Test func exitStatusesFollowSysexits() throws {
        let missing = try Executables.shell("dualeval cat /nonexistent/file.jsonl.zst")
        #expect(missing.status == 66)
        #expect(missing.stderr == "dualeval cat: /nonexistent/file.jsonl.zst: no such file\n")
        let usage = try Executables.shell("dualeval cat --zstd-level 40 </dev/null")
        #expect(usage.status == 64)
        let badSet = try Executables.shell("import-blend --blend-dir x --set Q_XX_en")
        #expect(badSet.status == 64)
        let missingData = try Executables.shell("import-blend --blend-dir /nonexistent --set Q_CN_zh")
        #expect(missingData.status == 66)
        #expect(missingData.stderr.contains("/nonexistent/data/questions/China_questions.csv"))
        let empty = try Executables.shell("dualeval cat </dev/null")
        #expect(empty.status == 65)
        #expect(empty.stderr == "dualeval cat: <stdin>: input is empty: it holds no records\n")
        let allowed = try Executables.shell("dualeval cat --allow-empty --plain </dev/null")
        #expect(allowed.status == 0 && allowed.stdout.isEmpty)
    }

    @Test func truncatedStreamIsADataErrorNamingTheLine() throws {
        let whole = try Executables.shell("\(importer) --set Q_US_en --zstd-level 1").stdout
        let cut = whole.prefix(whole.count / 2)
        let result = try Executables.shell("dualeval cat --raw --plain", stdin: cut)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("dualeval cat: <stdin>:"))
        #expect(result.stderr.contains("truncated zstd stream"))
        // Every line written before the error is a whole record.
        let written = String(decoding: result.stdout, as: UTF8.self)
        #expect(written.hasSuffix("\n") && written.split(separator: "\n").count > 100)
    }

    @Test func concatenatedStreamsReadAsOne() throws {
        let result = try Executables.shell("cat <(\(importer) --set Q_ID_id --limit 2) <(\(importer) --set Q_ID_en --limit 3) | dualeval count")
        #expect(String(decoding: result.stdout, as: UTF8.self) == "question\t5\n")
    }
}

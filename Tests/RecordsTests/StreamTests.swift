import Foundation
import Testing
@testable import Records

@Suite struct StreamTests {
    let lines = (0..<2000).map { #"{"kind":"x","id":"r\#($0)","text":"\#(String(repeating: "é", count: $0 % 50))"}"# }

    @Test(arguments: [OutputFormat.zstd, .plain, OutputFormat(compressed: true, level: 3, workers: 0)])
    func writesAndReadsBack(format: OutputFormat) throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        try writeLines(lines, to: scratch.file("a"), format: format)
        let head = scratch.read("a").prefix(4)
        #expect((head == [0x28, 0xB5, 0x2F, 0xFD]) == format.compressed)
        #expect(try readLines([scratch.file("a")]) == lines)
    }

    @Test func readsConcatenatedFramesAndSkippableFrames() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        try writeLines(Array(lines[..<700]), to: scratch.file("a"), format: .zstd)
        try writeLines(Array(lines[700...]), to: scratch.file("b"), format: .zstd)
        // A skippable frame (magic 0x184D2A5?, 4-byte size, payload) between the two.
        let skippable: [UInt8] = [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3]
        let joined = scratch.write("joined", scratch.read("a") + skippable + scratch.read("b"))
        #expect(try readLines([joined]) == lines)
    }

    @Test func readsSeveralInputsInOrder() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        try writeLines(Array(lines[..<10]), to: scratch.file("a"), format: .zstd)
        try writeLines(Array(lines[10..<20]), to: scratch.file("b"), format: .plain)
        #expect(try readLines([scratch.file("a"), scratch.file("b")]) == Array(lines[..<20]))
    }

    @Test func acceptsALastLineWithoutLF() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.write("a", "{\"a\":1}\n{\"a\":2}")
        #expect(try readLines([path]) == ["{\"a\":1}", "{\"a\":2}"])
    }

    @Test func readsLinesLongerThanTheInitialBuffer() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let long = "{\"s\":\"" + String(repeating: "x", count: 3 << 20) + "\"}"
        try writeLines(["{}", long, "{}"], to: scratch.file("a"), format: .zstd)
        #expect(try readLines([scratch.file("a")]) == ["{}", long, "{}"])
    }

    @Test func flushedRecordsReachTheFileBeforeFinish() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let writer = try RecordWriter(path: scratch.file("a"), format: .zstd)
        for line in lines[..<5] { try writer.writeLine(Array(line.utf8)) }
        try writer.flush()
        // The frame is still open: a reader sees the records, then a truncated stream.
        let recovered = try recoverPartialOutput(at: scratch.file("a"), keyField: "id", format: .zstd)
        #expect(recovered.records == 5)
        #expect(recovered.droppedTail?.contains("truncated zstd stream") == true)
        try writer.finish()
    }
}

@Suite struct BadInputTests {
    /// Reads `bytes` as an input named `name` and returns the error, which must be a data error (exit 65).
    func dataError(_ bytes: [UInt8], name: String = "in.jsonl", options: InputOptions = InputOptions(),
                   decode: Bool = true) -> RecordError? {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.write(name, bytes)
        let error = recordError {
            let reader = try RecordReader(paths: [path], options: options)
            while let object = try reader.nextObject() {
                if decode { _ = try AnyRecord(record: object) }
            }
        }
        #expect(error?.exitStatus == .dataError)
        #expect(error?.input == path)
        return error
    }

    func encodedQuestion(_ edit: (inout String) -> Void = { _ in }) -> String {
        var writer = JSONWriter()
        sampleQuestion().encode(to: &writer)
        var text = String(decoding: writer.bytes, as: UTF8.self)
        edit(&text)
        return text
    }

    @Test func malformedJSON() {
        let error = dataError(Array((encodedQuestion() + "\n{\"kind\": \n").utf8))
        #expect(error?.line == 2)
        #expect(error?.problem.hasPrefix("invalid JSON") == true)
    }

    @Test func lineThatIsNotAnObject() {
        let error = dataError(Array("[1,2]\n".utf8))
        #expect(error?.line == 1)
        #expect(error?.problem == "line is not a JSON object (found an array)")
    }

    @Test func emptyLine() {
        #expect(dataError(Array("{}\n\n{}\n".utf8), decode: false)?.line == 2)
    }

    @Test func missingField() {
        let line = encodedQuestion { $0 = $0.replacingOccurrences(of: #""topic":"Food","#, with: "") }
        let error = dataError(Array((encodedQuestion() + "\n" + line + "\n").utf8))
        #expect(error?.line == 2)
        #expect(error?.field == "topic")
        #expect(error?.problem == "missing")
    }

    @Test func mistypedNestedField() {
        let line = encodedQuestion { $0 = $0.replacingOccurrences(of: #""votes":1"#, with: #""votes":"1""#) }
        let error = dataError(Array((line + "\n").utf8))
        #expect(error?.field == "answers[1].votes")
        #expect(error?.problem == "expected an integer, found a string")
        #expect(error?.description.hasSuffix("in.jsonl:1: field 'answers[1].votes': expected an integer, found a string") == true)
    }

    @Test func unknownEnumerationValue() {
        let line = encodedQuestion { $0 = $0.replacingOccurrences(of: #""culture":"IR""#, with: #""culture":"XX""#) }
        #expect(dataError(Array((line + "\n").utf8))?.field == "culture")
    }

    @Test func inconsistentID() {
        let line = encodedQuestion { $0 = $0.replacingOccurrences(of: #""lang":"fa""#, with: #""lang":"en""#) }
        #expect(dataError(Array((line + "\n").utf8))?.field == "id")
    }

    @Test func invalidUTF8() {
        let bytes = Array("{\"a\":\"".utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
        let error = dataError(Array("{}\n".utf8) + bytes, decode: false)
        #expect(error?.line == 2)
        #expect(error?.problem == "invalid JSON at column 8: invalid UTF-8 byte 0x28")
    }

    @Test func truncatedZstd() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let lines = (0..<5000).map { #"{"id":"\#($0)","pad":"\#(String(repeating: "ab", count: $0 % 90))"}"# }
        try writeLines(lines, to: scratch.file("whole"), format: .zstd)
        let whole = scratch.read("whole")
        let error = dataError(Array(whole.prefix(whole.count * 2 / 3)), name: "cut.jsonl.zst", decode: false)
        #expect(error?.problem.hasPrefix("truncated zstd stream") == true)
        #expect((error?.line ?? 0) > 1)
    }

    @Test func corruptZstd() throws {
        var bytes: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD] + Array(repeating: 0xFF, count: 64)
        bytes[4] = 0xFF
        #expect(dataError(bytes, decode: false)?.problem.hasPrefix("corrupt zstd data") == true)
    }

    @Test func lineLongerThanTheCap() {
        let bytes = Array("{}\n{\"s\":\"\(String(repeating: "x", count: 5000))\"}\n{}\n".utf8)
        let error = dataError(bytes, options: InputOptions(maxLineBytes: 1000), decode: false)
        #expect(error?.line == 2)
        #expect(error?.problem.contains("longer than the limit of 1000 bytes") == true)
    }

    @Test func emptyInput() throws {
        #expect(dataError([])?.problem == "input is empty: it holds no records")
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.write("e", [UInt8]())
        #expect(try readLines([path], options: InputOptions(allowEmpty: true)) == [])
    }

    @Test func crlfLineEnds() {
        let error = dataError(Array("{}\n{}\r\n".utf8), decode: false)
        #expect(error?.line == 2)
        #expect(error?.problem.contains("CR LF") == true)
    }

    @Test func gzipInput() {
        #expect(dataError([0x1F, 0x8B, 8, 0, 0, 0], decode: false)?.problem.contains("gzip") == true)
    }

    @Test func wrongKind() {
        let line = encodedQuestion()
        let error = recordError {
            _ = try Array(line.utf8).withUnsafeBytes { try Answer(record: try parseObject($0, at: RecordLocation(input: "q", line: 3))) }
        }
        #expect(error?.description == "q:3: field 'kind': expected a answer record, found 'question'")
    }

    @Test func missingInputFile() {
        let error = recordError { _ = try RecordReader(paths: ["/nonexistent/q.jsonl.zst"]) }
        #expect(error?.exitStatus == .noInput)
        #expect(error?.description == "/nonexistent/q.jsonl.zst: no such file")
    }
}

@Suite struct ResumeTests {
    let records = (0..<300).map { #"{"kind":"x","key":"k\#($0)","v":"\#(String(repeating: "z", count: $0))"}"# }

    /// Simulates a kill at every tenth byte boundary of a partial output: recovery keeps a prefix
    /// of whole records, and appending the rest gives every record exactly once.
    @Test(arguments: [OutputFormat.zstd, .plain])
    func recoversAPrefixAndAppends(format: OutputFormat) throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let writer = try RecordWriter(path: scratch.file("full"), format: format)
        for (index, line) in records.enumerated() {
            try writer.writeLine(Array(line.utf8))
            if index % 7 == 0 { try writer.flush() }
        }
        try writer.finish()
        let full = scratch.read("full")
        for cut in stride(from: 0, to: full.count, by: max(1, full.count / 37)) {
            let part = scratch.write("out.part", Array(full.prefix(cut)))
            let recovered = try recoverPartialOutput(at: part, keyField: "key", format: format)
            #expect(recovered.keys.count == recovered.records)
            let appender = try RecordWriter(path: part, format: format, append: true)
            for line in records where !recovered.keys.contains(String(line.split(separator: "\"")[7])) {
                try appender.writeLine(Array(line.utf8))
            }
            try appender.finish()
            #expect(try readLines([part]) == records, "cut at \(cut) of \(full.count)")
        }
    }

    @Test func missingPartialFileRecoversNothing() throws {
        let recovered = try recoverPartialOutput(at: "/nonexistent/x.part", keyField: "key", format: .zstd)
        #expect(recovered.records == 0)
    }

    @Test func damageInTheMiddleIsAnError() throws {
        let scratch = ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.write("p", "{\"key\":\"a\"}\n{\"key\":\n{\"key\":\"c\"}\n")
        let error = recordError { _ = try recoverPartialOutput(at: path, keyField: "key", format: .plain) }
        #expect(error?.line == 2)
    }
}

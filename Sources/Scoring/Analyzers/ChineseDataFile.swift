import Foundation

/// A tab-separated UTF-8 data file of the Chinese analyzer, read whole and walked line by line.
struct ChineseDataFile {
    /// The file's path, named in every error.
    let path: String
    private let bytes: [UInt8]

    /// Reads the file at `path`, throwing `AnalyzerDataError` when it is missing or empty.
    init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AnalyzerDataError(path: path, problem: "missing or unreadable")
        }
        guard !data.isEmpty else { throw AnalyzerDataError(path: path, problem: "empty") }
        bytes = [UInt8](data)
    }

    /// Calls `body` with every non-empty line (without its newline) and its 1-based number.
    func forEachLine(_ body: (_ line: ArraySlice<UInt8>, _ lineNumber: Int) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            var lineNumber = 0
            var lineStart = 0
            while lineStart < buffer.count {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < buffer.count && buffer[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                if lineEnd > lineStart { try body(bytes[lineStart..<lineEnd], lineNumber) }
                lineStart = lineEnd + 1
            }
        }
    }

    /// The tab-separated fields of a line.
    static func fields(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
    }

    /// An error naming this file and line.
    func malformed(_ lineNumber: Int, _ problem: String) -> AnalyzerDataError {
        AnalyzerDataError(path: path, problem: "line \(lineNumber): \(problem)")
    }

    /// Replaces `scalars` with the Unicode scalar values of a UTF-8 field; false when the field is
    /// not valid UTF-8.
    static func decode(_ field: ArraySlice<UInt8>, into scalars: inout [UInt32]) -> Bool {
        scalars.removeAll(keepingCapacity: true)
        var decoder = UTF8()
        var iterator = field.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar.value)
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// The value of a field of ASCII decimal digits, or nil when it is anything else or too large.
    static func unsignedInteger(_ field: ArraySlice<UInt8>) -> Int? {
        guard !field.isEmpty, field.count <= 18 else { return nil }
        var value = 0
        for byte in field {
            guard byte &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    /// The text of an ASCII field.
    static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field, as: UTF8.self)
    }
}

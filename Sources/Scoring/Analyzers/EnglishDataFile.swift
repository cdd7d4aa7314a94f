import Foundation

/// Reads a tab-separated UTF-8 file with `fields` columns per line, failing with the file's path.
func englishReadTSV(_ path: String, fields: Int, _ row: ([String], String) throws -> Void) throws {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw AnalyzerDataError(path: path, problem: "missing")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw AnalyzerDataError(path: path, problem: "not UTF-8")
    }
    var count = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == fields else {
            throw AnalyzerDataError(path: path, problem: "line \(count + 1) does not have \(fields) fields")
        }
        try row(parts, path)
        count += 1
    }
    if count == 0 { throw AnalyzerDataError(path: path, problem: "empty") }
}

import Foundation
import Records

/// Writes `results.json`, `report.md` and `report.html` into `directory` (created if needed),
/// each atomically: a reader never sees a half-written file.
public func writeReports(_ results: AggregateResults, to directory: String) throws {
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
        throw RecordError(.io, input: directory, problem: "cannot create the directory")
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    let files: [(String, Data)] = [
        ("results.json", try encoder.encode(results) + Data("\n".utf8)),
        ("report.md", Data(markdownReport(results).utf8)),
        ("report.html", Data(htmlReport(results).utf8)),
    ]
    for (name, data) in files {
        let path = join(directory, name)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw RecordError(.io, input: path, problem: "cannot write: \(error.localizedDescription)")
        }
    }
}

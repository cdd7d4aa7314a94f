#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What survived of an interrupted run's output.
public struct RecoveredOutput: Sendable {
    /// The resume keys of the complete records kept.
    public var keys: Set<String>
    /// How many complete records were kept.
    public var records: Int
    /// Why the tail was dropped (a truncated zstd frame, a partial last line), or nil if it was whole.
    public var droppedTail: String?
}

/// The resume convention shared by every stage that can be interrupted (docs/resume.md):
/// a stage writes its output to a partial file (`<target>.part`) that `make` renames when the
/// stage succeeds. Run again over an existing partial file, the stage first calls this function,
/// which keeps every complete record, drops a tail damaged by a kill (a zstd frame cut short,
/// a line without its LF or that does not parse), rewrites the file atomically with the kept
/// records, and returns their keys; the stage then skips those keys and appends.
///
/// - Parameters:
///   - path: the partial output; a missing file recovers nothing.
///   - keyField: the string field that identifies a unit of work, e.g. `key` or `id`.
///   - format: how to rewrite the kept records.
///   - keeping: records for which this is false are dropped too (e.g. failed answers to redo).
public func recoverPartialOutput(at path: String, keyField: String, format: OutputFormat,
                                 keeping: (JSONObject) throws -> Bool = { _ in true }) throws -> RecoveredOutput {
    guard access(path, F_OK) == 0 else { return RecoveredOutput(keys: [], records: 0, droppedTail: nil) }
    var keys = Set<String>()
    var records = 0
    var droppedTail: String?
    try writeAtomically(to: path, format: format) { writer in
        let lines = LineReader(input: try DecodedInput(path: path), maxLineBytes: InputOptions().maxLineBytes)
        while true {
            let line: UnsafeRawBufferPointer
            do {
                guard let next = try lines.next() else { break }
                line = next
            } catch let error as RecordError where error.kind == .data {
                droppedTail = error.problem
                break
            }
            let location = RecordLocation(input: path, line: lines.lineNumber)
            guard lines.lastLineTerminated else {
                droppedTail = "line \(location.line) has no line end"
                break
            }
            let object: JSONObject
            do {
                object = try parseObject(line, at: location)
            } catch let error as RecordError {
                // A damaged line in the middle is not a kill's trace: keep it an error.
                if (try? lines.next()) != nil { throw error }
                droppedTail = error.description
                break
            }
            guard try keeping(object) else { continue }
            keys.insert(try object.string(keyField))
            try writer.writeLine(line)
            records += 1
        }
    }
    return RecoveredOutput(keys: keys, records: records, droppedTail: droppedTail)
}

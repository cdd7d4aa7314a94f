#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a record file so that it never looks finished before it is: records go to
/// `path.tmp`, which is renamed to `path` only after the stream is finished; on failure
/// the temporary file is removed and `path` is left as it was.
public func writeAtomically(to path: String, format: OutputFormat, _ body: (RecordWriter) throws -> Void) throws {
    let temporary = path + ".tmp"
    do {
        let writer = try RecordWriter(path: temporary, format: format)
        try body(writer)
        try writer.finish()
        guard fsync(writer.fileDescriptor) == 0 else {
            throw RecordError(.io, input: temporary, problem: "fsync failed: \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else {
            throw RecordError(.io, input: path, problem: "cannot rename \(temporary) to it: \(String(cString: strerror(errno)))")
        }
    } catch {
        unlink(temporary)
        throw error
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole (small) data file, or fails with exit status 66 naming it.
public func readFile(atPath path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else {
        throw RecordError(.missingInput, input: path, problem: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = fread(&chunk, 1, chunk.count, file)
        if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
        if count < chunk.count {
            if ferror(file) != 0 { throw RecordError(.io, input: path, problem: "read failed") }
            return bytes
        }
    }
}

/// Whether a file exists at `path`.
public func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// `directory/relative`.
public func join(_ directory: String, _ relative: String) -> String {
    directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options for reading record streams.
public struct InputOptions: Sendable {
    /// Longest line accepted, in bytes; 64 MiB by default.
    public var maxLineBytes: Int
    /// Whether an input with no records is acceptable (by default it is a data error).
    public var allowEmpty: Bool

    public init(maxLineBytes: Int = 64 << 20, allowEmpty: Bool = false) {
        self.maxLineBytes = maxLineBytes
        self.allowEmpty = allowEmpty
    }
}

/// Reads JSON Lines records from standard input or from files, one after another, each
/// zstd-compressed or plain (detected from its bytes), in constant memory.
///
/// Every input must exist when the reader is made (else a `.missingInput` error, exit 66),
/// and every record is a JSON object on its own LF-terminated line.
public final class RecordReader {
    private var pendingPaths: ArraySlice<String>
    private let options: InputOptions
    private var current: LineReader?
    private var currentHadLines = false
    private var parser = JSONLineParser()

    /// `paths` empty or `-` means standard input.
    public init(paths: [String], options: InputOptions = InputOptions()) throws {
        let paths = paths.isEmpty ? ["-"] : paths
        for path in paths where path != "-" {
            if access(path, F_OK) != 0 {
                throw RecordError(.missingInput, input: path, problem: "no such file")
            }
        }
        pendingPaths = paths[...]
        self.options = options
    }

    /// The next line's bytes (valid until the next call) and location, or nil at the end.
    public func nextLine() throws -> (bytes: UnsafeRawBufferPointer, location: RecordLocation)? {
        while true {
            if let reader = current {
                if let line = try reader.next() {
                    currentHadLines = true
                    return (line, RecordLocation(input: reader.name, line: reader.lineNumber))
                }
                if !currentHadLines && !options.allowEmpty {
                    throw RecordError(.data, input: reader.name, problem: "input is empty: it holds no records")
                }
                current = nil
            }
            guard let path = pendingPaths.popFirst() else { return nil }
            current = LineReader(input: try DecodedInput(path: path), maxLineBytes: options.maxLineBytes)
            currentHadLines = false
        }
    }

    /// The next record as a JSON object, or nil at the end.
    public func nextObject() throws -> JSONObject? {
        guard let (bytes, location) = try nextLine() else { return nil }
        return try parser.parseObject(bytes, at: location)
    }

    /// The next record decoded as `type`, or nil at the end.
    public func next<R: Record>(_ type: R.Type) throws -> R? {
        guard let object = try nextObject() else { return nil }
        return try R(record: object)
    }
}

import ArgumentParser
import Records
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The inputs of a stage: record streams named as arguments, or standard input.
public struct InputStreamOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Input files of JSON Lines records, zstd-compressed or plain; standard input when none is given or for '-'.", valueName: "input"))
    public var inputs: [String] = []

    @Option(help: ArgumentHelp("Longest accepted input line, in bytes.", valueName: "bytes"))
    public var maxLineBytes: Int = 64 << 20

    @Flag(help: "Accept an input that holds no records (by default it is an error).")
    public var allowEmpty = false

    public init() {}

    public func validate() throws {
        guard maxLineBytes > 0 else { throw ValidationError("--max-line-bytes must be positive") }
    }

    /// Opens the inputs (exit 66 when one is missing).
    public func makeReader() throws -> RecordReader {
        try RecordReader(paths: inputs, options: InputOptions(maxLineBytes: maxLineBytes, allowEmpty: allowEmpty))
    }
}

/// The output of a stage: zstd-compressed JSON Lines on standard output, or plain.
public struct OutputStreamOptions: ParsableArguments {
    @Flag(help: "Write plain JSON Lines instead of zstd-compressed.")
    public var plain = false

    @Option(help: ArgumentHelp("zstd compression level (1-19).", valueName: "level"))
    public var zstdLevel: Int32 = 3

    public init() {}

    public func validate() throws {
        guard (1...19).contains(zstdLevel) else { throw ValidationError("--zstd-level must be between 1 and 19") }
    }

    public var format: OutputFormat { plain ? .plain : OutputFormat(compressed: true, level: zstdLevel) }
}

/// Runs a stage's body with a writer on standard output, and turns failures into the
/// sysexits status and a one-line message on standard error.
///
/// The stream is finished (zstd frame closed, whole lines only) whether the body succeeds or
/// fails, so what was written before a data error stays valid.
public func runStage(_ command: String, output: OutputStreamOptions, _ body: (RecordWriter) throws -> Void) throws {
    try reportingFailures(command) {
        let writer = try RecordWriter(standardOutput: output.format)
        do {
            try body(writer)
        } catch {
            try? writer.finish()
            throw error
        }
        try writer.finish()
    }
}

/// Runs `body`, printing a `RecordError` as `command: message` and exiting with its status.
public func reportingFailures(_ command: String, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as RecordError {
        printError("\(command): \(error)")
        throw ExitCode(error.exitStatus.rawValue)
    }
}

/// The async form of `reportingFailures`.
public func reportingFailuresAsync(_ command: String, _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as RecordError {
        printError("\(command): \(error)")
        throw ExitCode(error.exitStatus.rawValue)
    }
}

/// Writes one line to standard error.
public func printError(_ message: String) {
    var line = message
    line += "\n"
    line.withUTF8 { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZstd

/// How a stage writes its records.
public struct OutputFormat: Sendable, Equatable {
    /// zstd-compress the output (the default) or write plain JSON Lines.
    public var compressed: Bool
    /// zstd level; 3 is zstd's own default.
    public var level: Int32
    /// zstd worker threads: 1 compresses on a second thread while the stage works.
    public var workers: Int32

    public init(compressed: Bool = true, level: Int32 = 3, workers: Int32 = 1) {
        self.compressed = compressed
        self.level = level
        self.workers = workers
    }

    public static let plain = OutputFormat(compressed: false)
    public static let zstd = OutputFormat()
}

/// Writes JSON Lines records, whole lines only, zstd-compressed or plain, to a file descriptor.
///
/// Output is buffered; `flush()` pushes everything written so far to the file (for zstd, a
/// flushed block that a reader of a later-truncated file still recovers), and `finish()`
/// closes the zstd frame. A stage that stops on a data error calls `finish()` first, so what
/// it wrote stays a valid stream.
public final class RecordWriter {
    private let fd: Int32
    /// The descriptor written to.
    public var fileDescriptor: Int32 { fd }
    private let ownsDescriptor: Bool
    /// The output's name, for error messages.
    public let name: String
    private var encoder: OpaquePointer?
    private var pending: [UInt8] = []
    private var compressed: UnsafeMutableRawBufferPointer
    private var finished = false
    private let chunkSize = 1 << 17
    /// Scratch writer reused for every record.
    private var json = JSONWriter()
    /// Records written so far.
    public private(set) var count = 0

    /// Writes to standard output.
    public convenience init(standardOutput format: OutputFormat) throws {
        try self.init(fd: STDOUT_FILENO, name: "<stdout>", ownsDescriptor: false, format: format)
    }

    /// Creates (or truncates, or with `append` extends) the file at `path`.
    public convenience init(path: String, format: OutputFormat, append: Bool = false) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else {
            throw RecordError(.io, input: path, problem: "cannot open for writing: \(String(cString: strerror(errno)))")
        }
        try self.init(fd: fd, name: path, ownsDescriptor: true, format: format)
    }

    init(fd: Int32, name: String, ownsDescriptor: Bool, format: OutputFormat) throws {
        self.fd = fd
        self.name = name
        self.ownsDescriptor = ownsDescriptor
        compressed = .allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
        pending.reserveCapacity(chunkSize + 4096)
        if format.compressed {
            let context = ZSTD_createCCtx()
            ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, format.level)
            ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
            if format.workers > 0 {
                // Ignored (an error we do not need) when libzstd lacks threads.
                _ = ZSTD_CCtx_setParameter(context, ZSTD_c_nbWorkers, format.workers)
            }
            encoder = context
        }
    }

    deinit {
        compressed.deallocate()
        if let encoder { ZSTD_freeCCtx(encoder) }
        if ownsDescriptor { close(fd) }
    }

    /// Writes one record as one line.
    public func write(_ record: some JSONEncodable) throws {
        json.reset()
        record.encode(to: &json)
        try writeLine(json.bytes)
    }

    /// Writes one line of already-encoded JSON (without its LF).
    public func writeLine(_ line: some Collection<UInt8>) throws {
        precondition(!finished, "RecordWriter used after finish()")
        pending.append(contentsOf: line)
        pending.append(0x0A)
        count += 1
        if pending.count >= chunkSize { try push(ZSTD_e_continue) }
    }

    /// Makes every record written so far reach the file.
    public func flush() throws {
        try push(ZSTD_e_flush)
    }

    /// Ends the stream (closes the zstd frame) and flushes. Further writes are an error.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        try push(ZSTD_e_end)
    }

    private func push(_ directive: ZSTD_EndDirective) throws {
        guard let encoder else {
            try pending.withUnsafeBytes { try writeAll($0) }
            pending.removeAll(keepingCapacity: true)
            return
        }
        try pending.withUnsafeBytes { bytes in
            var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
            while true {
                var output = ZSTD_outBuffer(dst: compressed.baseAddress, size: compressed.count, pos: 0)
                let remaining = ZSTD_compressStream2(encoder, &output, &input, directive)
                if ZSTD_isError(remaining) != 0 {
                    throw RecordError(.io, input: name, problem: "zstd compression failed: \(String(cString: ZSTD_getErrorName(remaining)))")
                }
                if output.pos > 0 { try writeAll(UnsafeRawBufferPointer(start: compressed.baseAddress, count: output.pos)) }
                let done = directive == ZSTD_e_continue ? input.pos == input.size : remaining == 0
                if done { break }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw RecordError(.io, input: name, problem: "write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}

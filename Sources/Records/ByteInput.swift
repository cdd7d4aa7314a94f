#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZstd

/// A readable file: standard input or a path, read with plain `read(2)` calls.
final class FileReader {
    let name: String
    private let fd: Int32
    private let ownsDescriptor: Bool

    /// Opens `path`, or standard input for `-`.
    init(path: String) throws {
        if path == "-" {
            name = "<stdin>"
            fd = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        name = path
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else {
            throw RecordError(.missingInput, input: path, problem: "cannot open: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(opened)
            throw RecordError(.missingInput, input: path, problem: "is a directory, not a file")
        }
        fd = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw RecordError(.io, input: name, problem: "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// The bytes of one input, decompressed when they are zstd (detected from the magic number,
/// any number of concatenated frames, skippable frames included), passed through when plain.
final class DecodedInput {
    let name: String
    private let file: FileReader
    private var raw: UnsafeMutableRawBufferPointer
    private var rawStart = 0
    private var rawEnd = 0
    private var rawAtEOF = false
    private var decoder: OpaquePointer?
    /// What the last `ZSTD_decompressStream` returned: 0 at the end of a frame.
    private var frameRemainder = 0
    private var outputMayBePending = false
    /// Whether the input is zstd-compressed.
    let isCompressed: Bool

    init(path: String) throws {
        file = try FileReader(path: path)
        name = file.name
        raw = .allocate(byteCount: ZSTD_DStreamInSize(), alignment: 16)
        // Fill at least the 4 magic bytes (or reach end of file) before deciding.
        while rawEnd < 4 && !rawAtEOF {
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[rawEnd...]))
            if count == 0 { rawAtEOF = true } else { rawEnd += count }
        }
        let magic = rawEnd >= 4 ? raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self).littleEndian : 0
        let isZstd = magic == 0xFD2F_B528 || (magic & 0xFFFF_FFF0) == 0x184D_2A50
        if rawEnd >= 2 && raw[0] == 0x1F && raw[1] == 0x8B {
            raw.deallocate()
            throw RecordError(.data, input: name, problem: "input is gzip-compressed; dualeval reads zstd-compressed or plain JSON Lines")
        }
        isCompressed = isZstd
        if isZstd {
            decoder = ZSTD_createDStream()
            ZSTD_initDStream(decoder)
        }
    }

    deinit {
        raw.deallocate()
        if let decoder { ZSTD_freeDStream(decoder) }
    }

    /// Fills `buffer` with the next decoded bytes; returns 0 only at the end of the input.
    /// A compressed input that ends inside a frame throws a data error.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let decoder else { return try readPlain(into: buffer) }
        while true {
            if rawStart == rawEnd && !outputMayBePending {
                if rawAtEOF {
                    if frameRemainder != 0 {
                        throw RecordError(.data, input: name, problem: "truncated zstd stream: the input ends inside a compressed frame")
                    }
                    return 0
                }
                rawStart = 0
                rawEnd = try file.read(into: raw)
                if rawEnd == 0 { rawAtEOF = true; continue }
            }
            var input = ZSTD_inBuffer(src: raw.baseAddress! + rawStart, size: rawEnd - rawStart, pos: 0)
            var output = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
            let result = ZSTD_decompressStream(decoder, &output, &input)
            if ZSTD_isError(result) != 0 {
                throw RecordError(.data, input: name, problem: "corrupt zstd data: \(String(cString: ZSTD_getErrorName(result)))")
            }
            rawStart += input.pos
            frameRemainder = result
            outputMayBePending = output.pos == output.size
            if output.pos > 0 { return output.pos }
        }
    }

    private func readPlain(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if rawStart < rawEnd {
            let count = min(buffer.count, rawEnd - rawStart)
            buffer.baseAddress!.copyMemory(from: raw.baseAddress! + rawStart, byteCount: count)
            rawStart += count
            return count
        }
        if rawAtEOF { return 0 }
        return try file.read(into: buffer)
    }
}

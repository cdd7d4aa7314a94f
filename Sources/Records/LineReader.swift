#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits one decoded input into LF-terminated lines, in constant memory.
///
/// A line is handed out as a view into the reader's buffer, valid until the next call.
/// Lines longer than `maxLineBytes` and CR LF line ends are data errors naming the line.
final class LineReader {
    private let input: DecodedInput
    private let maxLineBytes: Int
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// Where to resume the newline search inside the pending line.
    private var scanned = 0
    private var atEOF = false
    /// The number of the last line handed out.
    private(set) var lineNumber = 0
    /// Whether the last line handed out ended in LF (only the input's last line may not).
    private(set) var lastLineTerminated = true
    var name: String { input.name }

    init(input: DecodedInput, maxLineBytes: Int) {
        self.input = input
        self.maxLineBytes = maxLineBytes
        buffer = .allocate(byteCount: min(1 << 20, maxLineBytes + 1), alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The next line without its LF, or nil at the end of the input.
    func next() throws -> UnsafeRawBufferPointer? {
        while true {
            if scanned < end,
               let found = memchr(buffer.baseAddress! + scanned, 0x0A, end - scanned) {
                let newline = buffer.baseAddress!.distance(to: found)
                let line = UnsafeRawBufferPointer(start: buffer.baseAddress! + start, count: newline - start)
                start = newline + 1
                scanned = start
                lineNumber += 1
                lastLineTerminated = true
                try check(line)
                return line
            }
            scanned = end
            if end - start > maxLineBytes { throw tooLong() }
            if atEOF {
                guard start < end else { return nil }
                let line = UnsafeRawBufferPointer(start: buffer.baseAddress! + start, count: end - start)
                start = end
                lineNumber += 1
                lastLineTerminated = false
                try check(line)
                return line
            }
            try refill()
        }
    }

    private func check(_ line: UnsafeRawBufferPointer) throws {
        if line.count > maxLineBytes { throw tooLong() }
        if line.last == 0x0D {
            throw RecordError(.data, input: name, line: lineNumber,
                              problem: "line ends in CR LF; JSON Lines needs LF line ends (convert with `tr -d '\\r'`)")
        }
    }

    private func tooLong() -> RecordError {
        RecordError(.data, input: name, line: lineNumber + 1,
                    problem: "line is longer than the limit of \(maxLineBytes) bytes (--max-line-bytes)")
    }

    /// Moves the pending line to the front, grows the buffer if it is full, and reads more.
    private func refill() throws {
        if start > 0 {
            let pending = end - start
            if pending > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending) }
            scanned -= start
            end = pending
            start = 0
        }
        if end == buffer.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: min(buffer.count * 2, maxLineBytes + 1 + (1 << 16)), alignment: 16)
            grown.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
            buffer.deallocate()
            buffer = grown
        }
        do {
            let count = try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if count == 0 { atEOF = true } else { end += count }
        } catch var error as RecordError {
            // Name the line the damage reached.
            if error.line == nil { error.line = lineNumber + 1 }
            throw error
        }
    }
}

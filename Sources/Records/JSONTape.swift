/// A strict, validating JSON parser for record lines: one pass over the bytes, no allocation
/// per value, producing a flat tape that field accessors read lazily.
///
/// It accepts exactly RFC 8259 JSON in UTF-8 (like jansson with `JSON_REJECT_DUPLICATES |
/// JSON_DECODE_ANY | JSON_ALLOW_NUL`, which the tests use as the oracle): no duplicate keys,
/// no lone surrogates, no overlong or out-of-range UTF-8, no control characters in strings.
/// jansson parses at about 75 MB/s on question records; this parser is what lets a stage
/// keep up with zstd (docs/records.md, "Parsing").
struct JSONTape {
    /// One value on the tape. Containers are followed by their members (for objects, key then
    /// value); `end` is the index just past the container's last descendant.
    struct Entry {
        var kind: Kind
        /// Strings: whether the text holds escapes (else its bytes are the value).
        var escaped: Bool
        /// Byte offset of the value's first byte (for strings, just after the quote).
        var start: Int32
        /// Strings and numbers: byte length (without quotes). Containers: member count.
        var length: Int32
        /// Tape index just past this value and its descendants.
        var end: Int32
    }

    enum Kind: UInt8 {
        case object, array, string, number, integer, `true`, `false`, null
    }

    /// The parse failure: a byte offset and what is wrong.
    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    /// Open containers deeper than this are a syntax error.
    static let maximumDepth = 1024

    /// The tape: `entries[0 ..< count]`. The owner calls `deallocate()`.
    private(set) var entries: UnsafeMutablePointer<Entry>
    private(set) var count = 0
    private var capacity = 256
    /// Tape indices of the open containers: `stack[0 ..< depth]`.
    private let stack: UnsafeMutablePointer<Int32>
    private var depth = 0

    init() {
        entries = .allocate(capacity: capacity)
        stack = .allocate(capacity: Self.maximumDepth)
    }

    /// Frees the tape's memory; the tape must not be used afterwards.
    func deallocate() {
        entries.deallocate()
        stack.deallocate()
    }

    private mutating func append(_ entry: Entry) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = grown
            capacity *= 2
        }
        (entries + count).initialize(to: entry)
        count += 1
    }

    /// Parses `bytes` (one JSON text) onto the tape, replacing what was there.
    mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(SyntaxError) {
        count = 0
        depth = 0
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw SyntaxError(offset: 0, message: "empty text")
        }
        var cursor = Cursor(base: base, count: bytes.count)
        try parseValue(&cursor)
        cursor.skipWhitespace()
        if cursor.index < cursor.count {
            throw SyntaxError(offset: cursor.index, message: "unexpected \(cursor.describeCurrent()) after the end of the value")
        }
    }

    // MARK: Values

    private mutating func parseValue(_ cursor: inout Cursor) throws(SyntaxError) {
        // Iterative over containers: `stack` holds the tape indices of open containers.
        var expectingValue = true
        while true {
            cursor.skipWhitespace()
            if expectingValue {
                guard cursor.index < cursor.count else { throw cursor.error("unexpected end of text, expected a value") }
                let byte = cursor.current
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = byte == UInt8(ascii: "{")
                    guard depth < Self.maximumDepth else { throw cursor.error("nesting deeper than \(Self.maximumDepth) levels") }
                    stack[depth] = Int32(count)
                    depth += 1
                    append(Entry(kind: isObject ? .object : .array, escaped: false, start: Int32(cursor.index), length: 0, end: 0))
                    cursor.index += 1
                    cursor.skipWhitespace()
                    let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if cursor.index < cursor.count && cursor.current == closer {
                        cursor.index += 1
                        closeContainer()
                        expectingValue = false
                    } else if isObject {
                        try parseKey(&cursor)
                    }
                    continue
                case UInt8(ascii: "\""):
                    try parseString(&cursor)
                case UInt8(ascii: "t"):
                    try cursor.expectLiteral("true")
                    append(Entry(kind: .true, escaped: false, start: Int32(cursor.index - 4), length: 4, end: Int32(count + 1)))
                case UInt8(ascii: "f"):
                    try cursor.expectLiteral("false")
                    append(Entry(kind: .false, escaped: false, start: Int32(cursor.index - 5), length: 5, end: Int32(count + 1)))
                case UInt8(ascii: "n"):
                    try cursor.expectLiteral("null")
                    append(Entry(kind: .null, escaped: false, start: Int32(cursor.index - 4), length: 4, end: Int32(count + 1)))
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    try parseNumber(&cursor)
                default:
                    throw cursor.error("unexpected \(cursor.describeCurrent()), expected a value")
                }
                expectingValue = false
            }
            // After a value: close containers or move to the next member.
            guard depth > 0 else { return }
            let open = stack[depth - 1]
            cursor.skipWhitespace()
            guard cursor.index < cursor.count else { throw cursor.error("unexpected end of text inside \(entries[Int(open)].kind == .object ? "an object" : "an array")") }
            let isObject = entries[Int(open)].kind == .object
            let byte = cursor.current
            cursor.index += 1
            if byte == UInt8(ascii: ",") {
                if isObject { try parseKey(&cursor) }
                expectingValue = true
            } else if byte == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                if isObject { try checkDuplicateKeys(open, &cursor) }
                closeContainer()
            } else {
                cursor.index -= 1
                throw cursor.error("unexpected \(cursor.describeCurrent()), expected ',' or '\(isObject ? "}" : "]")'")
            }
        }
    }

    private mutating func closeContainer() {
        depth -= 1
        let open = Int(stack[depth])
        entries[open].end = Int32(count)
        // Count direct members by walking the children.
        var count: Int32 = 0
        var child = open + 1
        while child < count {
            count += 1
            child = Int(entries[child].end)
        }
        entries[open].length = entries[open].kind == .object ? count / 2 : count
    }

    /// Parses `"key" :` inside an object.
    private mutating func parseKey(_ cursor: inout Cursor) throws(SyntaxError) {
        cursor.skipWhitespace()
        guard cursor.index < cursor.count, cursor.current == UInt8(ascii: "\"") else {
            throw cursor.error("expected a string key")
        }
        try parseString(&cursor)
        if entries[count - 1].escaped && stringValue(at: count - 1, base: UnsafeRawPointer(cursor.base)).utf8.contains(0) {
            throw SyntaxError(offset: Int(entries[count - 1].start), message: "NUL character in an object key")
        }
        cursor.skipWhitespace()
        guard cursor.index < cursor.count, cursor.current == UInt8(ascii: ":") else {
            throw cursor.error("expected ':' after an object key")
        }
        cursor.index += 1
    }

    /// Rejects an object (closed at the current end of the tape) with two equal keys.
    private func checkDuplicateKeys(_ open: Int32, _ cursor: inout Cursor) throws(SyntaxError) {
        let end = count
        var key = Int(open) + 1
        while key < end {
            var earlier = Int(open) + 1
            while earlier < key {
                if keyEquals(key, earlier, cursor.base) {
                    let text = stringValue(at: key, base: UnsafeRawPointer(cursor.base))
                    throw SyntaxError(offset: Int(entries[key].start) - 1, message: "duplicate object key '\(text)'")
                }
                earlier = Int(entries[earlier + 1].end)
            }
            key = Int(entries[key + 1].end)
        }
    }

    private func keyEquals(_ a: Int, _ b: Int, _ base: UnsafePointer<UInt8>) -> Bool {
        let x = entries[a], y = entries[b]
        if !x.escaped && !y.escaped {
            return x.length == y.length && memcmp(base + Int(x.start), base + Int(y.start), Int(x.length)) == 0
        }
        return stringValue(at: a, base: UnsafeRawPointer(base)) == stringValue(at: b, base: UnsafeRawPointer(base))
    }

    // MARK: Strings

    private mutating func parseString(_ cursor: inout Cursor) throws(SyntaxError) {
        cursor.index += 1  // opening quote
        let start = cursor.index
        var escaped = false
        let base = cursor.base, limit = cursor.count
        var i = cursor.index
        while true {
            // Fast path: 8 plain ASCII bytes at a time (no quote, backslash, control or non-ASCII).
            while i + 8 <= limit {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if Self.hasSpecialByte(word) { break }
                i += 8
            }
            guard i < limit else { throw SyntaxError(offset: start - 1, message: "unterminated string") }
            let byte = base[i]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                i = try Self.validateEscape(base, limit, i)
            } else if byte < 0x20 {
                throw SyntaxError(offset: i, message: "control character U+\(hex(byte, width: 4)) in a string must be escaped")
            } else if byte >= 0x80 {
                i = try Self.validateUTF8(base, limit, i)
            } else {
                i += 1
            }
        }
        append(Entry(kind: .string, escaped: escaped, start: Int32(start), length: Int32(i - start), end: Int32(count + 1)))
        cursor.index = i + 1
    }

    /// Whether any byte of `word` is `"`, `\`, below 0x20 or above 0x7F.
    @inline(__always)
    private static func hasSpecialByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote & high
        let zeroBackslash = (backslash &- ones) & ~backslash & high
        let control = (word &- ones &* 0x20) & ~word & high
        return (zeroQuote | zeroBackslash | control | (word & high)) != 0
    }

    /// Validates the escape at `i` (a backslash); returns the index after it.
    private static func validateEscape(_ base: UnsafePointer<UInt8>, _ count: Int, _ i: Int) throws(SyntaxError) -> Int {
        guard i + 1 < count else { throw SyntaxError(offset: i, message: "unterminated string") }
        switch base[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try hex4(base, count, i + 2)
            if (0xDC00...0xDFFF).contains(unit) {
                throw SyntaxError(offset: i, message: "invalid Unicode escape: lone low surrogate \\u\(hex(unit, width: 4))")
            }
            guard (0xD800...0xDBFF).contains(unit) else { return i + 6 }
            guard i + 7 < count, base[i + 6] == UInt8(ascii: "\\"), base[i + 7] == UInt8(ascii: "u"),
                  (0xDC00...0xDFFF).contains(try hex4(base, count, i + 8)) else {
                throw SyntaxError(offset: i, message: "invalid Unicode escape: high surrogate \\u\(hex(unit, width: 4)) without a low surrogate")
            }
            return i + 12
        default:
            throw SyntaxError(offset: i, message: "invalid escape '\\\(Cursor.describe(base[i + 1]))'")
        }
    }

    private static func hex4(_ base: UnsafePointer<UInt8>, _ count: Int, _ i: Int) throws(SyntaxError) -> Int {
        guard i + 4 <= count else { throw SyntaxError(offset: i, message: "\\u escape needs four hex digits") }
        var value = 0
        for k in 0..<4 {
            guard let digit = hexDigit(base[i + k]) else {
                throw SyntaxError(offset: i + k, message: "\\u escape needs four hex digits")
            }
            value = value << 4 | digit
        }
        return value
    }

    static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Validates one UTF-8 sequence starting at `i` (a byte ≥ 0x80); returns the index after it.
    private static func validateUTF8(_ base: UnsafePointer<UInt8>, _ count: Int, _ i: Int) throws(SyntaxError) -> Int {
        let lead = base[i]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw SyntaxError(offset: i, message: "invalid UTF-8 byte 0x\(hex(lead, width: 2))")
        }
        guard i + length <= count else { throw SyntaxError(offset: i, message: "truncated UTF-8 sequence") }
        guard (low...high).contains(base[i + 1]) else {
            throw SyntaxError(offset: i + 1, message: "invalid UTF-8 byte 0x\(hex(base[i + 1], width: 2))")
        }
        for k in 2..<max(2, length) where base[i + k] & 0xC0 != 0x80 {
            throw SyntaxError(offset: i + k, message: "invalid UTF-8 byte 0x\(hex(base[i + k], width: 2))")
        }
        return i + length
    }

    // MARK: Numbers

    private mutating func parseNumber(_ cursor: inout Cursor) throws(SyntaxError) {
        let start = cursor.index
        var isInteger = true
        if cursor.peek == UInt8(ascii: "-") { cursor.index += 1 }
        guard let first = cursor.peek, first.isDigit else { throw cursor.error("expected a digit after '-'") }
        cursor.index += 1
        if first == UInt8(ascii: "0"), let next = cursor.peek, next.isDigit {
            throw cursor.error("number has a leading zero")
        }
        while let byte = cursor.peek, byte.isDigit { cursor.index += 1 }
        if cursor.peek == UInt8(ascii: ".") {
            isInteger = false
            cursor.index += 1
            guard let byte = cursor.peek, byte.isDigit else { throw cursor.error("expected a digit after '.'") }
            while let byte = cursor.peek, byte.isDigit { cursor.index += 1 }
        }
        if cursor.peek == UInt8(ascii: "e") || cursor.peek == UInt8(ascii: "E") {
            isInteger = false
            cursor.index += 1
            if cursor.peek == UInt8(ascii: "+") || cursor.peek == UInt8(ascii: "-") { cursor.index += 1 }
            guard let byte = cursor.peek, byte.isDigit else { throw cursor.error("expected a digit in the exponent") }
            while let byte = cursor.peek, byte.isDigit { cursor.index += 1 }
        }
        let length = cursor.index - start
        if isInteger && integerValue(start: start, length: length, base: cursor.base) == nil {
            throw SyntaxError(offset: start, message: "integer out of range (64-bit)")
        }
        if !isInteger && !doubleValue(start: start, length: length, base: cursor.base).isFinite {
            throw SyntaxError(offset: start, message: "number out of range")
        }
        append(Entry(kind: isInteger ? .integer : .number, escaped: false, start: Int32(start), length: Int32(length), end: Int32(count + 1)))
    }

    // MARK: Reading values

    /// The integer at a span of digits (with optional '-'), or nil on overflow.
    func integerValue(start: Int, length: Int, base: UnsafePointer<UInt8>) -> Int? {
        var i = start, negative = false
        if base[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var value = 0
        while i < start + length {
            let digit = Int(base[i] - UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// The number at a span (any JSON number), as the nearest Double.
    func doubleValue(start: Int, length: Int, base: UnsafePointer<UInt8>) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: base + start, byteCount: length)
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    /// The decoded text of the string entry at `index`.
    func stringValue(at index: Int, base: UnsafeRawPointer) -> String {
        let entry = entries[index]
        let bytes = UnsafeRawBufferPointer(start: base + Int(entry.start), count: Int(entry.length))
        guard entry.escaped else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\") else { decoded.append(byte); i += 1; continue }
            let code = bytes[i + 1]
            i += 2
            switch code {
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = Self.hexValue(bytes, i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (Self.hexValue(bytes, i + 2) - 0xDC00)
                    i += 6
                }
                decoded.append(contentsOf: String(Character(Unicode.Scalar(UInt32(scalar))!)).utf8)
            default: decoded.append(code)  // " \ /
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    private static func hexValue(_ bytes: UnsafeRawBufferPointer, _ i: Int) -> Int {
        (0..<4).reduce(0) { $0 << 4 | hexDigit(bytes[i + $1])! }
    }
}

/// A read position over the bytes being parsed.
private struct Cursor {
    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    var current: UInt8 { base[index] }
    var peek: UInt8? { index < count ? base[index] : nil }

    mutating func skipWhitespace() {
        while index < count {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONTape.SyntaxError) {
        let length = literal.utf8CodeUnitCount
        guard index + length <= count, memcmp(base + index, literal.utf8Start, length) == 0 else {
            throw error("invalid literal, expected '\(literal)'")
        }
        index += length
    }

    func error(_ message: String) -> JSONTape.SyntaxError {
        JSONTape.SyntaxError(offset: index, message: message)
    }

    func describeCurrent() -> String { "'\(Self.describe(base[index]))'" }

    static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "0x\(hex(byte, width: 2))"
    }
}

private extension UInt8 {
    var isDigit: Bool { self &- UInt8(ascii: "0") < 10 }
}

/// `value` in uppercase hex, zero-padded to `width`.
func hex(_ value: some BinaryInteger, width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

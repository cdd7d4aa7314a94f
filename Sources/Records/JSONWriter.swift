/// Writes compact JSON into a byte buffer, fields in the order written.
///
/// Numbers use the shortest form that reads back to the same value, so the output is
/// canonical and can be hashed (request keys). Strings are UTF-8 with only `"`, `\` and
/// control characters escaped. jansson parses; this writes, because jansson prints reals
/// with 17 digits (`0.1` becomes `0.10000000000000001`).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init() { bytes.reserveCapacity(1024) }

    /// Empties the buffer, keeping its capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    // MARK: Structure

    public mutating func beginObject() { separate(); bytes.append(0x7B); needsComma = false }
    public mutating func endObject() { bytes.append(0x7D); needsComma = true }
    public mutating func beginArray() { separate(); bytes.append(0x5B); needsComma = false }
    public mutating func endArray() { bytes.append(0x5D); needsComma = true }

    /// Writes an object key; the next value written is its value.
    public mutating func key(_ key: String) {
        separate()
        writeString(key)
        bytes.append(0x3A)
        needsComma = false
    }

    // MARK: Values

    public mutating func string(_ value: String) { separate(); writeString(value); needsComma = true }
    public mutating func int(_ value: Int) { separate(); appendASCII(String(value)); needsComma = true }
    public mutating func bool(_ value: Bool) { separate(); appendASCII(value ? "true" : "false"); needsComma = true }
    public mutating func null() { separate(); appendASCII("null"); needsComma = true }

    /// Writes a number in its shortest round-trip form; NaN and infinities, which JSON
    /// cannot hold, are written as null.
    public mutating func double(_ value: Double) {
        guard value.isFinite else { return null() }
        separate()
        if value == value.rounded(), abs(value) < 1e15 {
            appendASCII(String(Int(value)))
            if value == 0 && value.sign == .minus { bytes.removeLast(); appendASCII("-0") }
        } else {
            appendASCII(value.description)
        }
        needsComma = true
    }

    public mutating func value(_ value: some JSONEncodable) { value.encode(to: &self) }

    // MARK: Fields (key + value)

    public mutating func field(_ name: String, _ value: String) { key(name); string(value) }
    public mutating func field(_ name: String, _ value: Int) { key(name); int(value) }
    public mutating func field(_ name: String, _ value: Double) { key(name); double(value) }
    public mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    public mutating func field(_ name: String, _ value: some JSONEncodable) { key(name); value.encode(to: &self) }

    /// Writes the field as null when `value` is nil.
    public mutating func field<T: JSONEncodable>(_ name: String, _ value: T?) {
        key(name)
        if let value { value.encode(to: &self) } else { null() }
    }

    /// Writes the field only when `value` is not nil.
    public mutating func fieldIfPresent<T: JSONEncodable>(_ name: String, _ value: T?) {
        if let value { key(name); value.encode(to: &self) }
    }

    // MARK: Bytes

    private mutating func separate() { if needsComma { bytes.append(0x2C) } }

    private mutating func appendASCII(_ text: String) { bytes.append(contentsOf: text.utf8) }

    private mutating func writeString(_ value: String) {
        bytes.append(0x22)
        var value = value
        value.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            var runStart = 0, index = 0
            while index < utf8.count {
                // Skip 8 bytes at a time while none is a quote, a backslash or a control character.
                while index + 8 <= utf8.count && !Self.needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                }
                guard index < utf8.count else { break }
                let byte = base[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { index += 1; continue }
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                index += 1
                runStart = index
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: utf8.count - runStart))
        }
        bytes.append(0x22)
    }

    /// Whether any byte of `word` is `"`, `\` or below 0x20 (bytes ≥ 0x80 need no escape).
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote & high
        let zeroBackslash = (backslash &- ones) & ~backslash & high
        let control = (word &- ones &* 0x20) & ~word & high
        return (zeroQuote | zeroBackslash | control) != 0
    }
}

/// A value that writes itself as JSON.
public protocol JSONEncodable {
    func encode(to writer: inout JSONWriter)
}

extension String: JSONEncodable {
    public func encode(to writer: inout JSONWriter) { writer.string(self) }
}

extension Int: JSONEncodable {
    public func encode(to writer: inout JSONWriter) { writer.int(self) }
}

extension Double: JSONEncodable {
    public func encode(to writer: inout JSONWriter) { writer.double(self) }
}

extension Bool: JSONEncodable {
    public func encode(to writer: inout JSONWriter) { writer.bool(self) }
}

extension Array: JSONEncodable where Element: JSONEncodable {
    public func encode(to writer: inout JSONWriter) {
        writer.beginArray()
        for element in self { element.encode(to: &writer) }
        writer.endArray()
    }
}

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
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
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
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(0x22)
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

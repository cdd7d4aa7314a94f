/// A parsed JSON text: its bytes and their tape.
final class JSONDocument {
    private(set) var bytes: UnsafeMutableRawBufferPointer
    private(set) var tape = JSONTape()

    init(capacity: Int = 4096) {
        bytes = .allocate(byteCount: max(capacity, 1), alignment: 16)
    }

    deinit {
        bytes.deallocate()
        tape.deallocate()
    }

    var base: UnsafePointer<UInt8> { UnsafePointer(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)) }

    /// Copies `text` in and parses it, replacing any previous content.
    func load(_ text: UnsafeRawBufferPointer) throws(JSONTape.SyntaxError) {
        if text.count > bytes.count {
            bytes.deallocate()
            bytes = .allocate(byteCount: text.count, alignment: 16)
        }
        if let source = text.baseAddress { bytes.baseAddress!.copyMemory(from: source, byteCount: text.count) }
        try tape.parse(UnsafeRawBufferPointer(start: bytes.baseAddress, count: text.count))
    }

    func entry(_ index: Int) -> JSONTape.Entry { tape.entries[index] }


    func string(at index: Int) -> String { tape.stringValue(at: index, base: UnsafeRawPointer(base)) }

    func integer(at index: Int) -> Int {
        let entry = tape.entries[index]
        return tape.integerValue(start: Int(entry.start), length: Int(entry.length), base: base)!
    }

    func double(at index: Int) -> Double {
        let entry = tape.entries[index]
        return tape.doubleValue(start: Int(entry.start), length: Int(entry.length), base: base)
    }

    func typeName(at index: Int) -> String {
        switch tape.entries[index].kind {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .integer: "an integer"
        case .number: "a number"
        case .true, .false: "a boolean"
        case .null: "null"
        }
    }
}

/// Parses JSON Lines lines into objects, reusing its buffers while no earlier result is still held.
public struct JSONLineParser {
    private var document = JSONDocument()

    public init() {}

    /// Parses one line, which must hold a single JSON object. Invalid UTF-8, bad syntax,
    /// duplicate keys and non-object lines are data errors at `location`.
    public mutating func parseObject(_ bytes: UnsafeRawBufferPointer, at location: RecordLocation) throws -> JSONObject {
        if bytes.isEmpty { throw RecordError.data(location, "line is empty; every line must hold one JSON object") }
        if !isKnownUniquelyReferenced(&document) { document = JSONDocument(capacity: bytes.count) }
        do {
            try document.load(bytes)
        } catch {
            throw RecordError.data(location, "invalid JSON at column \(error.offset + 1): \(error.message)")
        }
        guard document.entry(0).kind == .object else {
            throw RecordError.data(location, "line is not a JSON object (found \(document.typeName(at: 0)))")
        }
        return JSONObject(document: document, index: 0, location: location, fieldPath: FieldPath())
    }
}

/// Parses one JSON Lines line that must hold a single JSON object (see `JSONLineParser`).
public func parseObject(_ bytes: UnsafeRawBufferPointer, at location: RecordLocation) throws -> JSONObject {
    var parser = JSONLineParser()
    return try parser.parseObject(bytes, at: location)
}

/// Parses a whole JSON file (e.g. a BLEnD annotation file) whose top level is an object.
/// Errors name the file and, for syntax errors, the line.
public func parseObjectFile(atPath path: String) throws -> JSONObject {
    let bytes = try readFile(atPath: path)
    let document = JSONDocument(capacity: bytes.count)
    do {
        try bytes.withUnsafeBytes { try document.load($0) }
    } catch let error as JSONTape.SyntaxError {
        let before = bytes[..<min(error.offset, bytes.count)]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = before.count - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        throw RecordError(.data, input: path, line: line, problem: "invalid JSON at column \(column): \(error.message)")
    }
    guard document.entry(0).kind == .object else {
        throw RecordError(.data, input: path, problem: "top level is not a JSON object (found \(document.typeName(at: 0)))")
    }
    return JSONObject(document: document, index: 0, location: RecordLocation(input: path, line: 0), fieldPath: FieldPath())
}

/// A JSON object inside a parsed document, with typed field access whose errors
/// name the input, the line and the full field path.
public struct JSONObject {
    let document: JSONDocument
    let index: Int
    /// Where the document came from.
    public let location: RecordLocation
    let fieldPath: FieldPath

    /// This object's path inside the document, e.g. `answers[2]`; empty for the root.
    public var path: String { fieldPath.description }

    /// The path of field `key` of this object, for error messages (`answers[2].votes`).
    public func fieldPath(_ key: String) -> String { fieldPath.appending(key: key).description }

    func mismatch(_ key: String, expected: String, found value: Int) -> RecordError {
        RecordError.data(location, field: fieldPath(key), "expected \(expected), found \(document.typeName(at: value))")
    }

    /// The tape index of the value of `key`, or nil when the key is absent.
    func lookup(_ key: String) -> Int? {
        let end = Int(document.entry(index).end)
        let base = document.base
        var key = key
        return key.withUTF8 { wanted in
            var child = index + 1
            while child < end {
                let entry = document.entry(child)
                if entry.escaped {
                    if document.string(at: child) == String(decoding: wanted, as: UTF8.self) { return child + 1 }
                } else if Int(entry.length) == wanted.count,
                          wanted.isEmpty || memcmp(base + Int(entry.start), wanted.baseAddress!, wanted.count) == 0 {
                    return child + 1
                }
                child = Int(document.entry(child + 1).end)
            }
            return nil
        }
    }

    /// The value of `key`, nil when absent or null.
    func raw(_ key: String) -> Int? {
        guard let value = lookup(key), document.entry(value).kind != .null else { return nil }
        return value
    }

    func require(_ key: String) throws -> Int {
        guard let value = lookup(key) else { throw RecordError.data(location, field: fieldPath(key), "missing") }
        return value
    }

    /// Whether the field is present (even as null).
    public func contains(_ key: String) -> Bool { lookup(key) != nil }

    public func string(_ key: String) throws -> String { try stringValue(try require(key), key) }

    /// nil when the field is missing or null.
    public func optionalString(_ key: String) throws -> String? { try raw(key).map { try stringValue($0, key) } }

    public func int(_ key: String) throws -> Int { try intValue(try require(key), key) }

    public func optionalInt(_ key: String) throws -> Int? { try raw(key).map { try intValue($0, key) } }

    public func double(_ key: String) throws -> Double { try doubleValue(try require(key), key) }

    public func optionalDouble(_ key: String) throws -> Double? { try raw(key).map { try doubleValue($0, key) } }

    public func bool(_ key: String) throws -> Bool {
        let value = try require(key)
        switch document.entry(value).kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(key, expected: "a boolean", found: value)
        }
    }

    public func object(_ key: String) throws -> JSONObject { try objectValue(try require(key), key) }

    public func optionalObject(_ key: String) throws -> JSONObject? { try raw(key).map { try objectValue($0, key) } }

    public func array(_ key: String) throws -> JSONArray { try arrayValue(try require(key), key) }

    public func optionalArray(_ key: String) throws -> JSONArray? { try raw(key).map { try arrayValue($0, key) } }

    public func stringArray(_ key: String) throws -> [String] { try array(key).map { try $0.asString() } }

    /// A string field that must be one of an enumeration's raw values.
    public func enumeration<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type = T.self) throws -> T where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw RecordError.data(location, field: fieldPath(key), "'\(text)' is not one of \(allowed)")
        }
        return value
    }

    /// Like `enumeration`, nil when the field is missing or null.
    public func optionalEnumeration<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type = T.self) throws -> T? where T.RawValue == String {
        raw(key) == nil ? nil : try enumeration(key, T.self)
    }

    /// The keys in document order.
    public var keys: [String] {
        var result: [String] = []
        let end = Int(document.entry(index).end)
        var child = index + 1
        while child < end {
            result.append(document.string(at: child))
            child = Int(document.entry(child + 1).end)
        }
        return result
    }

    private func stringValue(_ value: Int, _ key: String) throws -> String {
        guard document.entry(value).kind == .string else { throw mismatch(key, expected: "a string", found: value) }
        return document.string(at: value)
    }

    private func intValue(_ value: Int, _ key: String) throws -> Int {
        guard document.entry(value).kind == .integer else { throw mismatch(key, expected: "an integer", found: value) }
        return document.integer(at: value)
    }

    private func doubleValue(_ value: Int, _ key: String) throws -> Double {
        switch document.entry(value).kind {
        case .number, .integer: return document.double(at: value)
        default: throw mismatch(key, expected: "a number", found: value)
        }
    }

    private func objectValue(_ value: Int, _ key: String) throws -> JSONObject {
        guard document.entry(value).kind == .object else { throw mismatch(key, expected: "an object", found: value) }
        return JSONObject(document: document, index: value, location: location, fieldPath: fieldPath.appending(key: key))
    }

    private func arrayValue(_ value: Int, _ key: String) throws -> JSONArray {
        guard document.entry(value).kind == .array else { throw mismatch(key, expected: "an array", found: value) }
        return JSONArray(document: document, index: value, location: location, fieldPath: fieldPath.appending(key: key))
    }
}

/// A JSON array inside a parsed document; its elements are `JSONElement`s.
public struct JSONArray: Sequence {
    let document: JSONDocument
    let index: Int
    public let location: RecordLocation
    let fieldPath: FieldPath

    /// This array's path inside the document, e.g. `answers[2].texts`.
    public var path: String { fieldPath.description }

    /// The number of elements.
    public var count: Int { Int(document.entry(index).length) }

    public func makeIterator() -> Iterator {
        Iterator(array: self, cursor: index + 1, position: 0, end: Int(document.entry(index).end))
    }

    public struct Iterator: IteratorProtocol {
        let array: JSONArray
        var cursor: Int
        var position: Int
        let end: Int

        public mutating func next() -> JSONElement? {
            guard cursor < end else { return nil }
            defer {
                cursor = Int(array.document.entry(cursor).end)
                position += 1
            }
            return JSONElement(document: array.document, index: cursor, location: array.location,
                               fieldPath: array.fieldPath.appending(index: position))
        }
    }
}

/// One element of a JSON array, converted with errors that name its index.
public struct JSONElement {
    let document: JSONDocument
    let index: Int
    public let location: RecordLocation
    let fieldPath: FieldPath

    /// This element's path inside the document, e.g. `answers[2]`.
    public var path: String { fieldPath.description }

    private func mismatch(_ expected: String) -> RecordError {
        RecordError.data(location, field: path, "expected \(expected), found \(document.typeName(at: index))")
    }

    public func asString() throws -> String {
        guard document.entry(index).kind == .string else { throw mismatch("a string") }
        return document.string(at: index)
    }

    public func asInt() throws -> Int {
        guard document.entry(index).kind == .integer else { throw mismatch("an integer") }
        return document.integer(at: index)
    }

    public func asObject() throws -> JSONObject {
        guard document.entry(index).kind == .object else { throw mismatch("an object") }
        return JSONObject(document: document, index: index, location: location, fieldPath: fieldPath)
    }

    public func asArray() throws -> JSONArray {
        guard document.entry(index).kind == .array else { throw mismatch("an array") }
        return JSONArray(document: document, index: index, location: location, fieldPath: fieldPath)
    }
}

/// A value's path inside a document (`answers[2].votes`), spelled out only when an error needs
/// it: a spelled-out prefix plus one pending step, so reading fields allocates no strings.
struct FieldPath: CustomStringConvertible {
    enum Step {
        case none
        case key(String)
        case index(Int)
    }

    var prefix = ""
    var step = Step.none

    var description: String {
        switch step {
        case .none: prefix
        case .key(let key): prefix.isEmpty ? key : "\(prefix).\(key)"
        case .index(let index): "\(prefix)[\(index)]"
        }
    }

    func appending(key: String) -> FieldPath { FieldPath(prefix: description, step: .key(key)) }
    func appending(index: Int) -> FieldPath { FieldPath(prefix: description, step: .index(index)) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

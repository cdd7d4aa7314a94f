import CJansson

/// A parsed JSON document (jansson tree), freed when the last view of it goes away.
final class JSONDocument {
    let root: UnsafeMutablePointer<json_t>
    init(root: UnsafeMutablePointer<json_t>) { self.root = root }
    deinit { cjansson_decref(root) }
}

/// Parses one JSON Lines line, which must hold a single JSON object.
/// Invalid UTF-8, bad syntax, duplicate keys and non-object lines are data errors at `location`.
public func parseObject(_ bytes: UnsafeRawBufferPointer, at location: RecordLocation) throws -> JSONObject {
    if bytes.isEmpty { throw RecordError.data(location, "line is empty; every line must hold one JSON object") }
    var error = json_error_t()
    let flags = Int(JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL)
    guard let root = json_loadb(bytes.baseAddress!.assumingMemoryBound(to: CChar.self), bytes.count, flags, &error) else {
        let text = withUnsafeBytes(of: error.text) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        throw RecordError.data(location, "invalid JSON at column \(error.column): \(text)")
    }
    let document = JSONDocument(root: root)
    guard root.pointee.type == JSON_OBJECT else {
        throw RecordError.data(location, "line is not a JSON object (found \(typeName(root)))")
    }
    return JSONObject(document: document, object: root, location: location, path: "")
}

/// Parses a whole JSON file (e.g. a BLEnD annotation file) whose top level is an object.
public func parseObjectFile(atPath path: String) throws -> JSONObject {
    var error = json_error_t()
    guard let root = json_load_file(path, Int(JSON_REJECT_DUPLICATES), &error) else {
        let text = withUnsafeBytes(of: error.text) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if cjansson_error_code(&error) == Int32(json_error_cannot_open_file.rawValue) {
            throw RecordError(.missingInput, input: path, problem: text)
        }
        throw RecordError(.data, input: path, line: Int(error.line), problem: "invalid JSON at column \(error.column): \(text)")
    }
    let document = JSONDocument(root: root)
    let location = RecordLocation(input: path, line: 0)
    guard root.pointee.type == JSON_OBJECT else {
        throw RecordError(.data, input: path, problem: "top level is not a JSON object (found \(typeName(root)))")
    }
    return JSONObject(document: document, object: root, location: location, path: "")
}

func typeName(_ value: UnsafeMutablePointer<json_t>) -> String {
    switch value.pointee.type {
    case JSON_OBJECT: "an object"
    case JSON_ARRAY: "an array"
    case JSON_STRING: "a string"
    case JSON_INTEGER: "an integer"
    case JSON_REAL: "a number"
    case JSON_TRUE, JSON_FALSE: "a boolean"
    default: "null"
    }
}

/// A JSON object inside a parsed document, with typed field access whose errors
/// name the input, the line and the full field path.
public struct JSONObject {
    let document: JSONDocument
    let object: UnsafeMutablePointer<json_t>
    /// Where the document came from.
    public let location: RecordLocation
    /// This object's path inside the document, e.g. `answers[2]`; empty for the root.
    public let path: String

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func mismatch(_ key: String, expected: String, found value: UnsafeMutablePointer<json_t>) -> RecordError {
        RecordError.data(location, field: fieldPath(key), "expected \(expected), found \(typeName(value))")
    }

    func raw(_ key: String) -> UnsafeMutablePointer<json_t>? {
        guard let value = json_object_get(object, key), value.pointee.type != JSON_NULL else { return nil }
        return value
    }

    func require(_ key: String) throws -> UnsafeMutablePointer<json_t> {
        guard let value = json_object_get(object, key) else {
            throw RecordError.data(location, field: fieldPath(key), "missing")
        }
        return value
    }

    /// Whether the field is present (even as null).
    public func contains(_ key: String) -> Bool { json_object_get(object, key) != nil }

    public func string(_ key: String) throws -> String {
        try stringValue(try require(key), key)
    }

    /// nil when the field is missing or null.
    public func optionalString(_ key: String) throws -> String? {
        try raw(key).map { try stringValue($0, key) }
    }

    public func int(_ key: String) throws -> Int {
        try intValue(try require(key), key)
    }

    public func optionalInt(_ key: String) throws -> Int? {
        try raw(key).map { try intValue($0, key) }
    }

    public func double(_ key: String) throws -> Double {
        try doubleValue(try require(key), key)
    }

    public func optionalDouble(_ key: String) throws -> Double? {
        try raw(key).map { try doubleValue($0, key) }
    }

    public func bool(_ key: String) throws -> Bool {
        let value = try require(key)
        switch value.pointee.type {
        case JSON_TRUE: return true
        case JSON_FALSE: return false
        default: throw mismatch(key, expected: "a boolean", found: value)
        }
    }

    public func object(_ key: String) throws -> JSONObject {
        try objectValue(try require(key), key)
    }

    public func optionalObject(_ key: String) throws -> JSONObject? {
        try raw(key).map { try objectValue($0, key) }
    }

    public func array(_ key: String) throws -> JSONArray {
        try arrayValue(try require(key), key)
    }

    public func optionalArray(_ key: String) throws -> JSONArray? {
        try raw(key).map { try arrayValue($0, key) }
    }

    public func stringArray(_ key: String) throws -> [String] {
        try array(key).map { try $0.asString() }
    }

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
        var iterator = json_object_iter(object)
        while let current = iterator {
            result.append(String(cString: json_object_iter_key(current)))
            iterator = json_object_iter_next(object, current)
        }
        return result
    }

    private func stringValue(_ value: UnsafeMutablePointer<json_t>, _ key: String) throws -> String {
        guard value.pointee.type == JSON_STRING else { throw mismatch(key, expected: "a string", found: value) }
        return makeString(value)
    }

    private func intValue(_ value: UnsafeMutablePointer<json_t>, _ key: String) throws -> Int {
        guard value.pointee.type == JSON_INTEGER else { throw mismatch(key, expected: "an integer", found: value) }
        return Int(json_integer_value(value))
    }

    private func doubleValue(_ value: UnsafeMutablePointer<json_t>, _ key: String) throws -> Double {
        switch value.pointee.type {
        case JSON_REAL: return json_real_value(value)
        case JSON_INTEGER: return Double(json_integer_value(value))
        default: throw mismatch(key, expected: "a number", found: value)
        }
    }

    private func objectValue(_ value: UnsafeMutablePointer<json_t>, _ key: String) throws -> JSONObject {
        guard value.pointee.type == JSON_OBJECT else { throw mismatch(key, expected: "an object", found: value) }
        return JSONObject(document: document, object: value, location: location, path: fieldPath(key))
    }

    private func arrayValue(_ value: UnsafeMutablePointer<json_t>, _ key: String) throws -> JSONArray {
        guard value.pointee.type == JSON_ARRAY else { throw mismatch(key, expected: "an array", found: value) }
        return JSONArray(document: document, array: value, location: location, path: fieldPath(key))
    }
}

func makeString(_ value: UnsafeMutablePointer<json_t>) -> String {
    let bytes = UnsafeRawBufferPointer(start: json_string_value(value), count: json_string_length(value))
    return String(decoding: bytes, as: UTF8.self)
}

/// A JSON array inside a parsed document; its elements are `JSONElement`s.
public struct JSONArray: RandomAccessCollection {
    let document: JSONDocument
    let array: UnsafeMutablePointer<json_t>
    public let location: RecordLocation
    public let path: String

    public var startIndex: Int { 0 }
    public var endIndex: Int { json_array_size(array) }

    public subscript(index: Int) -> JSONElement {
        JSONElement(document: document, value: json_array_get(array, index), location: location, path: "\(path)[\(index)]")
    }
}

/// One element of a JSON array, converted with errors that name its index.
public struct JSONElement {
    let document: JSONDocument
    let value: UnsafeMutablePointer<json_t>
    public let location: RecordLocation
    public let path: String

    private func mismatch(_ expected: String) -> RecordError {
        RecordError.data(location, field: path, "expected \(expected), found \(typeName(value))")
    }

    public func asString() throws -> String {
        guard value.pointee.type == JSON_STRING else { throw mismatch("a string") }
        return makeString(value)
    }

    public func asInt() throws -> Int {
        guard value.pointee.type == JSON_INTEGER else { throw mismatch("an integer") }
        return Int(json_integer_value(value))
    }

    public func asObject() throws -> JSONObject {
        guard value.pointee.type == JSON_OBJECT else { throw mismatch("an object") }
        return JSONObject(document: document, object: value, location: location, path: path)
    }

    public func asArray() throws -> JSONArray {
        guard value.pointee.type == JSON_ARRAY else { throw mismatch("an array") }
        return JSONArray(document: document, array: value, location: location, path: path)
    }
}

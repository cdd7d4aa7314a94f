/// A kind of record that stages exchange: one JSON object per line with a `kind` and an `id`.
///
/// The fields of every kind are documented in `docs/records.md`, the single source of truth.
public protocol Record: JSONEncodable {
    /// The value of the record's `kind` field, e.g. `question`.
    static var kind: String { get }
    /// The record's stable id, the key on which stages join and resume.
    var id: String { get }
    /// Decodes the record's fields (the `kind` is checked by `init(record:)`).
    init(fields: JSONObject) throws
    /// Writes the record's fields after `kind`.
    func encodeFields(to writer: inout JSONWriter)
}

extension Record {
    /// Decodes a record, checking that its `kind` is this type's.
    public init(record object: JSONObject) throws {
        let kind = try object.string("kind")
        guard kind == Self.kind else {
            throw RecordError.data(object.location, field: "kind", "expected a \(Self.kind) record, found '\(kind)'")
        }
        try self.init(fields: object)
    }

    public func encode(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("kind", Self.kind)
        encodeFields(to: &writer)
        writer.endObject()
    }
}

extension JSONObject {
    /// Decodes a nested object field with `decode`.
    public func decode<T>(_ key: String, _ decode: (JSONObject) throws -> T) throws -> T {
        try decode(try object(key))
    }

    /// Decodes a nullable nested object field with `decode`.
    public func decodeIfPresent<T>(_ key: String, _ decode: (JSONObject) throws -> T) throws -> T? {
        try optionalObject(key).map(decode)
    }

    /// Decodes an array of objects with `decode`.
    public func decodeArray<T>(_ key: String, _ decode: (JSONObject) throws -> T) throws -> [T] {
        try array(key).map { try decode(try $0.asObject()) }
    }

    /// A culture code field (`culture` by default).
    public func culture(_ key: String = "culture") throws -> Culture { try enumeration(key) }
    /// A language code field (`lang` by default).
    public func language(_ key: String = "lang") throws -> Language { try enumeration(key) }
}

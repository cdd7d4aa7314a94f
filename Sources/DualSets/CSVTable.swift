import Records

/// A whole RFC 4180 CSV file: a header and rows of fields, byte-exact (no trimming),
/// LF or CR LF record ends, quoted fields with `""` escapes and line breaks.
struct CSVTable {
    /// Where the table was read from, for error messages.
    let path: String
    let header: [String]
    /// The data rows, each with as many fields as the header.
    let rows: [[String]]
    /// For each data row, the 1-based line of the file where it starts.
    let rowLines: [Int]

    init(path: String) throws {
        let bytes = try readFile(atPath: path)
        var records: [[String]] = []
        var lines: [Int] = []
        var parser = Parser(bytes: bytes, path: path)
        while let (record, line) = try parser.nextRecord() {
            records.append(record)
            lines.append(line)
        }
        guard let header = records.first else {
            throw RecordError(.data, input: path, problem: "file is empty: expected a CSV header")
        }
        for (index, record) in records.enumerated().dropFirst() where record.count != header.count {
            throw RecordError(.data, input: path, line: lines[index],
                              problem: "row has \(record.count) fields; the header has \(header.count)")
        }
        self.path = path
        self.header = header
        self.rows = Array(records.dropFirst())
        self.rowLines = Array(lines.dropFirst())
    }

    /// The index of column `name`, or a data error naming the file.
    func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw RecordError(.data, input: path, line: 1, field: name, problem: "column missing from the header \(header)")
        }
        return index
    }

    /// Requires the header to be exactly `expected`.
    func requireHeader(_ expected: [String]) throws {
        guard header == expected else {
            throw RecordError(.data, input: path, line: 1,
                              problem: "unexpected header \(header); expected \(expected)")
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        let path: String
        var index = 0
        var line = 1

        init(bytes: [UInt8], path: String) {
            self.bytes = bytes
            self.path = path
        }

        mutating func nextRecord() throws -> (fields: [String], line: Int)? {
            guard index < bytes.count else { return nil }
            let startLine = line
            var fields: [String] = []
            while true {
                let (field, endOfRecord) = try nextField()
                fields.append(field)
                if endOfRecord { return (fields, startLine) }
            }
        }

        /// Reads one field and its terminator; true when the terminator ends the record.
        private mutating func nextField() throws -> (String, Bool) {
            var field: [UInt8] = []
            if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                let openingLine = line
                index += 1
                while true {
                    guard index < bytes.count else {
                        throw RecordError(.data, input: path, line: openingLine, problem: "quoted field opened here is not closed before the end of the file")
                    }
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\"") {
                        if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                            field.append(byte)
                            index += 1
                            continue
                        }
                        break
                    }
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                guard let endsRecord = try? terminator() else {
                    throw RecordError(.data, input: path, line: openingLine,
                                      problem: "quoted field opened here closes at line \(line) and is followed by more text (an unescaped quote?)")
                }
                return (try text(field), endsRecord)
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") || byte == 0x0A || (byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                    break
                }
                field.append(byte)
                index += 1
            }
            return (try text(field), try terminator())
        }

        private mutating func terminator() throws -> Bool {
            guard index < bytes.count else { return true }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                return false
            case 0x0A:
                index += 1
                line += 1
                return true
            case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                index += 2
                line += 1
                return true
            default:
                throw RecordError(.data, input: path, line: line, problem: "unexpected character after a closing quote")
            }
        }

        private func text(_ field: [UInt8]) throws -> String {
            guard let string = String(validating: field, as: UTF8.self) else {
                throw RecordError(.data, input: path, line: line, problem: "field is not valid UTF-8")
            }
            return string
        }
    }
}

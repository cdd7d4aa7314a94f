#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a GGUF file cannot be used. Every check runs before any tensor byte is read.
public struct GGUFError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var problem: String

    public var description: String { "\(path): \(problem)" }
}

/// A metadata value of a GGUF file.
public enum GGUFValue: Sendable, Equatable {
    case uint(UInt64)
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case string(String)
    case array([GGUFValue])

    public var intValue: Int? {
        switch self {
        case .uint(let v): Int(exactly: v)
        case .int(let v): Int(exactly: v)
        default: nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .float(let v): v
        case .uint(let v): Double(v)
        case .int(let v): Double(v)
        default: nil
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [GGUFValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}

/// One tensor's description: name, element type, shape (`dimensions[0]` is contiguous) and bytes.
public struct GGUFTensorInfo: Sendable {
    public var name: String
    public var type: TensorType
    /// ggml `ne`: `dimensions[0]` elements per row, then rows, ...
    public var dimensions: [Int]
    /// Offset of the data from the start of the file.
    public var fileOffset: Int
    public var byteCount: Int

    public var elementCount: Int { dimensions.reduce(1, *) }
    /// Elements per row (`ne[0]`).
    public var rowLength: Int { dimensions[0] }
    /// Rows (product of the other dimensions).
    public var rowCount: Int { dimensions.dropFirst().reduce(1, *) }
}

/// A GGUF model file (version 2 or 3), memory-mapped: metadata and tensors, validated on open.
public final class GGUFFile: @unchecked Sendable {
    public let path: String
    public let version: UInt32
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    public let tensors: [String: GGUFTensorInfo]
    /// Tensor names in file order.
    public let tensorNames: [String]
    /// The mapped file.
    public let bytes: UnsafeRawBufferPointer

    /// Opens and validates `path`: magic, version, every length, type and offset, before mapping data.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GGUFError(path: path, problem: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw GGUFError(path: path, problem: "cannot stat") }
        let size = Int(info.st_size)
        guard size >= 24 else { throw GGUFError(path: path, problem: "file of \(size) bytes is too small to be GGUF") }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw GGUFError(path: path, problem: "cannot map: \(String(cString: strerror(errno)))")
        }
        let bytes = UnsafeRawBufferPointer(start: address, count: size)
        do {
            var reader = GGUFReader(bytes: bytes, path: path)
            let magic = try reader.read(UInt32.self)
            guard magic == 0x4655_4747 else {
                throw GGUFError(path: path, problem: "not a GGUF file (bad magic 0x\(String(magic, radix: 16)))")
            }
            let version = try reader.read(UInt32.self)
            guard version == 2 || version == 3 else {
                throw GGUFError(path: path, problem: "unsupported GGUF version \(version) (supported: 2, 3)")
            }
            let tensorCount = try reader.count("tensor count")
            let keyCount = try reader.count("metadata count")
            var metadata: [String: GGUFValue] = [:]
            var keys: [String] = []
            for _ in 0..<keyCount {
                let key = try reader.string()
                let type = try reader.read(UInt32.self)
                metadata[key] = try reader.value(type: type, depth: 0)
                keys.append(key)
            }
            let alignment = metadata["general.alignment"]?.intValue ?? 32
            guard alignment > 0 && alignment & (alignment - 1) == 0 else {
                throw GGUFError(path: path, problem: "general.alignment \(alignment) is not a power of two")
            }
            var infos: [(name: String, type: TensorType, dimensions: [Int], offset: Int)] = []
            for _ in 0..<tensorCount {
                let name = try reader.string()
                let dimensionCount = try reader.read(UInt32.self)
                guard (1...4).contains(dimensionCount) else {
                    throw GGUFError(path: path, problem: "tensor '\(name)' has \(dimensionCount) dimensions (1 to 4 allowed)")
                }
                var dimensions: [Int] = []
                for _ in 0..<dimensionCount {
                    let extent = try reader.read(UInt64.self)
                    guard extent > 0, extent < 1 << 40 else {
                        throw GGUFError(path: path, problem: "tensor '\(name)' has an invalid dimension \(extent)")
                    }
                    dimensions.append(Int(extent))
                }
                let typeID = try reader.read(UInt32.self)
                guard let type = TensorType(rawValue: typeID) else {
                    throw GGUFError(path: path, problem: "tensor '\(name)' has unknown ggml type \(typeID)")
                }
                let offset = try reader.read(UInt64.self)
                guard offset < UInt64(size) else {
                    throw GGUFError(path: path, problem: "tensor '\(name)' offset \(offset) is outside the file")
                }
                infos.append((name, type, dimensions, Int(offset)))
            }
            let dataStart = (reader.position + alignment - 1) / alignment * alignment
            var tensors: [String: GGUFTensorInfo] = [:]
            var names: [String] = []
            for entry in infos {
                guard entry.dimensions[0] % entry.type.blockSize == 0 else {
                    throw GGUFError(path: path, problem: "tensor '\(entry.name)' row of \(entry.dimensions[0]) is not a whole number of \(entry.type) blocks")
                }
                let (elements, overflow) = entry.dimensions.reduce((1, false)) { partial, extent in
                    let (product, o) = partial.0.multipliedReportingOverflow(by: extent)
                    return (product, partial.1 || o)
                }
                guard !overflow, elements < 1 << 40 else {
                    throw GGUFError(path: path, problem: "tensor '\(entry.name)' size overflows")
                }
                let byteCount = elements / entry.type.blockSize * entry.type.blockBytes
                let start = dataStart + entry.offset
                guard entry.offset % alignment == 0, start + byteCount <= size else {
                    throw GGUFError(path: path, problem: "tensor '\(entry.name)' data (\(byteCount) bytes at \(start)) lies outside the file of \(size) bytes or is misaligned")
                }
                guard tensors[entry.name] == nil else {
                    throw GGUFError(path: path, problem: "tensor '\(entry.name)' appears twice")
                }
                tensors[entry.name] = GGUFTensorInfo(name: entry.name, type: entry.type, dimensions: entry.dimensions,
                                                     fileOffset: start, byteCount: byteCount)
                names.append(entry.name)
            }
            self.version = version
            self.metadata = metadata
            self.metadataKeys = keys
            self.tensors = tensors
            self.tensorNames = names
            self.bytes = bytes
        } catch {
            munmap(address, size)
            throw error
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }

    /// The bytes of a tensor's data.
    public func data(of tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[tensor.fileOffset..<tensor.fileOffset + tensor.byteCount])
    }

    /// The tensor named `name`, or an error naming the file and the tensor.
    public func tensor(_ name: String) throws -> GGUFTensorInfo {
        guard let tensor = tensors[name] else { throw GGUFError(path: path, problem: "tensor '\(name)' is missing") }
        return tensor
    }
}

/// A bounds-checked little-endian cursor over the file's header.
private struct GGUFReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var position = 0

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
        guard position + MemoryLayout<T>.size <= bytes.count else {
            throw GGUFError(path: path, problem: "truncated: the header ends at byte \(bytes.count)")
        }
        defer { position += MemoryLayout<T>.size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
    }

    /// A u64 count that must be plausible for the file's size.
    mutating func count(_ what: String) throws -> Int {
        let value = try read(UInt64.self)
        guard value <= UInt64(bytes.count) else {
            throw GGUFError(path: path, problem: "\(what) \(value) is larger than the file")
        }
        return Int(value)
    }

    mutating func string() throws -> String {
        let length = try count("string length")
        guard position + length <= bytes.count else {
            throw GGUFError(path: path, problem: "truncated: a string of \(length) bytes runs past the end")
        }
        defer { position += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
    }

    mutating func value(type: UInt32, depth: Int) throws -> GGUFValue {
        switch type {
        case 0: return .uint(UInt64(try read(UInt8.self)))
        case 1: return .int(Int64(try read(Int8.self)))
        case 2: return .uint(UInt64(try read(UInt16.self)))
        case 3: return .int(Int64(try read(Int16.self)))
        case 4: return .uint(UInt64(try read(UInt32.self)))
        case 5: return .int(Int64(try read(Int32.self)))
        case 6: return .float(Double(Float(bitPattern: try read(UInt32.self))))
        case 7: return .bool(try read(UInt8.self) != 0)
        case 8: return .string(try string())
        case 9:
            guard depth < 4 else { throw GGUFError(path: path, problem: "metadata arrays nested too deeply") }
            let elementType = try read(UInt32.self)
            let count = try count("array length")
            var values: [GGUFValue] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try value(type: elementType, depth: depth + 1)) }
            return .array(values)
        case 10: return .uint(try read(UInt64.self))
        case 11: return .int(try read(Int64.self))
        case 12: return .float(Double(bitPattern: try read(UInt64.self)))
        default: throw GGUFError(path: path, problem: "unknown metadata value type \(type)")
        }
    }
}

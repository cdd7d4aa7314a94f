import Foundation
import Testing
@testable import Engine

/// Writes small GGUF files for the reader's tests.
struct GGUFBuilder {
    var bytes: [UInt8] = []

    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func string(_ s: String) { u64(UInt64(s.utf8.count)); bytes += Array(s.utf8) }

    /// A valid file: one string and one u32 key, and one F32 tensor of `ne` with the given data.
    static func valid(tensorType: UInt32 = 0, ne: [UInt64] = [4, 2], offset: UInt64 = 0, dataBytes: Int = 32) -> [UInt8] {
        var b = GGUFBuilder()
        b.u32(0x4655_4747); b.u32(3); b.u64(1); b.u64(2)
        b.string("general.architecture"); b.u32(8); b.string("llama")
        b.string("general.alignment"); b.u32(4); b.u32(32)
        b.string("t.weight"); b.u32(UInt32(ne.count)); ne.forEach { b.u64($0) }; b.u32(tensorType); b.u64(offset)
        while b.bytes.count % 32 != 0 { b.bytes.append(0) }
        for i in 0..<dataBytes { b.bytes.append(UInt8(i % 251)) }
        return b.bytes
    }
}

@Suite struct GGUFTests {
    func open(_ bytes: [UInt8]) throws -> GGUFFile {
        let path = NSTemporaryDirectory() + "gguf-test-" + UUID().uuidString + ".gguf"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try GGUFFile(path: path)
    }

    func problem(_ bytes: [UInt8]) -> String? {
        do { _ = try open(bytes); return nil } catch let error as GGUFError { return error.problem } catch { return "\(error)" }
    }

    @Test func readsAValidFile() throws {
        let file = try open(GGUFBuilder.valid())
        #expect(file.metadata["general.architecture"] == .string("llama"))
        #expect(file.metadata["general.alignment"]?.intValue == 32)
        let tensor = try file.tensor("t.weight")
        #expect(tensor.dimensions == [4, 2] && tensor.type == .f32 && tensor.byteCount == 32)
        #expect(file.data(of: tensor).count == 32)
    }

    @Test func rejectsBadMagic() {
        var bytes = GGUFBuilder.valid()
        bytes[0] = 0x58
        #expect(problem(bytes)?.hasPrefix("not a GGUF file") == true)
    }

    @Test func rejectsUnsupportedVersion() {
        var bytes = GGUFBuilder.valid()
        bytes[4] = 9
        #expect(problem(bytes) == "unsupported GGUF version 9 (supported: 2, 3)")
    }

    @Test func rejectsTruncationAnywhereInTheHeader() {
        let bytes = GGUFBuilder.valid()
        for cut in stride(from: 24, to: 140, by: 7) {
            #expect(problem(Array(bytes.prefix(cut))) != nil, "cut at \(cut)")
        }
        #expect(problem(Array(bytes.prefix(10)))?.contains("too small") == true)
    }

    @Test func rejectsTensorDataOutsideTheFile() {
        #expect(problem(GGUFBuilder.valid(dataBytes: 16))?.contains("lies outside the file") == true)
        #expect(problem(GGUFBuilder.valid(offset: 1 << 50))?.contains("outside the file") == true)
    }

    @Test func rejectsSizesThatOverflow() {
        #expect(problem(GGUFBuilder.valid(ne: [1 << 39, 1 << 39]))?.contains("overflows") == true)
        #expect(problem(GGUFBuilder.valid(ne: [0, 2]))?.contains("invalid dimension") == true)
    }

    @Test func rejectsUnknownTypes() {
        #expect(problem(GGUFBuilder.valid(tensorType: 99)) == "tensor 't.weight' has unknown ggml type 99")
    }

    @Test func rejectsRowsThatAreNotWholeBlocks() {
        #expect(problem(GGUFBuilder.valid(tensorType: 8, ne: [4, 2]))?.contains("whole number of Q8_0 blocks") == true)
    }

    @Test func rejectsHugeCounts() {
        var b = GGUFBuilder()
        b.u32(0x4655_4747); b.u32(3); b.u64(1 << 60); b.u64(0)
        b.bytes += [UInt8](repeating: 0, count: 64)
        #expect(problem(b.bytes)?.contains("larger than the file") == true)
    }

    @Test func unsupportedArchitectureIsNamed() throws {
        var b = GGUFBuilder()
        b.u32(0x4655_4747); b.u32(3); b.u64(0); b.u64(1)
        b.string("general.architecture"); b.u32(8); b.string("mamba")
        b.bytes += [UInt8](repeating: 0, count: 32)
        let file = try open(b.bytes)
        #expect(throws: GGUFError.self) { try Transformer(file: file) }
        do { _ = try Transformer(file: file) } catch let error as GGUFError {
            #expect(error.problem.contains("architecture 'mamba' is not supported"))
        }
    }
}

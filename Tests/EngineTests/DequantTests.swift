import Foundation
import Testing
@testable import Engine

/// Rows of every tensor type in the embedded models, expanded by the engine, against the
/// `gguf` package's `dequantize` (Fixtures/dequant.json, scripts/engine-fixtures.py).
@Suite struct DequantTests {
    struct Entry {
        let model: String, tensor: String, type: String, row: Int
        let values: [Double], rowSum: Double
    }

    static let entries: [Entry] = {
        let path = ModelFiles.fixturesRoot + "/dequant.json"
        guard let data = FileManager.default.contents(atPath: path),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = root["entries"] as? [[String: Any]] else { return [] }
        return list.map {
            Entry(model: $0["model"] as! String, tensor: $0["tensor"] as! String, type: $0["type"] as! String,
                  row: $0["row"] as! Int, values: ($0["values"] as! [NSNumber]).map(\.doubleValue),
                  rowSum: ($0["row_sum"] as! NSNumber).doubleValue)
        }
    }()

    @Test func fixturesCoverEveryTypeOfBothModels() {
        #expect(Set(Self.entries.map(\.type)).isSuperset(of: ["F32", "Q4_1", "Q5_0", "Q8_0", "Q4_K", "Q6_K"]))
    }

    @Test(arguments: Self.entries.indices)
    func rowMatchesGGUFPackage(index: Int) throws {
        let entry = Self.entries[index]
        let path = entry.model == "gemma" ? ModelFiles.gemma : ModelFiles.smollm2
        try #require(ModelFiles.available(path), "model missing: run scripts/install-models.sh")
        let file = try GGUFFile(path: path)
        let tensor = try file.tensor(entry.tensor)
        #expect(tensor.type.description == entry.type)
        let row = [Float](unsafeUninitializedCapacity: tensor.rowLength) { buffer, count in
            dequantize(tensor.type, file.data(of: tensor).baseAddress! + entry.row * tensor.type.rowBytes(tensor.rowLength),
                       buffer.baseAddress!, count: tensor.rowLength)
            count = tensor.rowLength
        }
        let tolerance = entry.type == "Q4_K" ? 1e-6 : 0
        // The fixture holds the f32 values printed as decimals: compare at f32.
        let mismatches = entry.values.indices.filter { i in
            let expected = Float(entry.values[i])
            return abs(Double(row[i] - expected)) > tolerance * max(1, Double(abs(expected)))
        }
        #expect(mismatches.isEmpty, "\(entry.tensor) row \(entry.row): \(mismatches.count) of \(entry.values.count) differ")
        let sum = row.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - entry.rowSum) <= 1e-4 * max(1, abs(entry.rowSum)))
    }
}

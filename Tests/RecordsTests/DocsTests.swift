import Foundation
import Testing
@testable import Records

/// docs/records.md is the single source of truth: every example in it must decode as the
/// record kind it shows, and every record kind must have an example.
@Suite struct DocsTests {
    @Test func everyExampleInRecordsMDDecodes() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/records.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let blocks = text.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        var kinds: [String] = []
        for (index, block) in blocks.enumerated() {
            let bytes = Array(block.utf8)
            let record = try bytes.withUnsafeBytes { try AnyRecord(record: try parseObject($0, at: RecordLocation(input: "docs/records.md example", line: index + 1))) }
            var writer = JSONWriter()
            record.encode(to: &writer)
            kinds.append(try writer.bytes.withUnsafeBytes { try parseObject($0, at: RecordLocation(input: "t", line: 1)).string("kind") })
        }
        #expect(kinds == AnyRecord.kinds)
    }
}

import Foundation
import Testing
@testable import Scoring

/// Loaded once for all the cases below.
private let loadedChineseAnalyzer = Result { try ChineseAnalyzer(dataDirectory: analyzerDataDirectory("zh")) }

/// Expected tokens come from the official tool: `list(jieba.cut(text))`, jieba 0.42.1.
private let jiebaCases: [(text: String, tokens: [String])] = [
    ("答案:kfc肯德基", ["答案", ":", "kfc", "肯德基"]),
    ("答案：KFC肯德基", ["答案", "：", "KFC", "肯德基"]),
    ("我来到北京清华大学", ["我", "来到", "北京", "清华大学"]),
    ("他来到了网易杭研大厦", ["他", "来到", "了", "网易", "杭研", "大厦"]),
    ("饺子", ["饺子"]),
    ("答案是“饺子”。", ["答案", "是", "“", "饺子", "”", "。"]),
    ("A B", ["A", " ", "B"]),
    ("a\r\nb", ["a", "\r\n", "b"]),
    ("the answer is dumplings", ["the", " ", "answer", " ", "is", " ", "dumplings"]),
    ("iPhone15的价格是5999.99元,涨了12.5%",
     ["iPhone15", "的", "价格", "是", "5999.99", "元", ",", "涨", "了", "12.5%"]),
    ("小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
     ["小明", "硕士", "毕业", "于", "中国科学院", "计算所", "，", "后", "在", "日本京都大学", "深造"]),
    ("ad钙奶和娃哈哈", ["ad", "钙奶", "和", "娃哈哈"]),
    ("PB&J", ["PB", "&", "J"]),
    ("B超", ["B超"]),
    ("1. 春节\n2. 中秋节", ["1", ".", " ", "春节", "\n", "2", ".", " ", "中秋节"]),
    ("在中国，学龄前儿童常见的零食是什么？",
     ["在", "中国", "，", "学龄前", "儿童", "常见", "的", "零食", "是", "什么", "？"]),
    ("c++和c#", ["c++", "和", "c#"]),
    ("𠀀😀é", ["𠀀", "😀", "é"]),
    ("", []),
]

@Test(arguments: jiebaCases.indices)
func chineseAnalyzerMatchesJieba(_ index: Int) throws {
    let analyzer = try loadedChineseAnalyzer.get()
    let (text, expected) = jiebaCases[index]
    #expect(analyzer.tokens(of: text) == expected, "text: \(text)")
}

@Test func chineseAnalyzerNamesTheMissingFile() {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("dualeval-zh-missing-\(UUID().uuidString)").path
    do {
        _ = try ChineseAnalyzer(dataDirectory: directory)
        Issue.record("loading from an empty directory should fail")
    } catch let error as AnalyzerDataError {
        #expect(error.path.hasSuffix("dict.tsv"))
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

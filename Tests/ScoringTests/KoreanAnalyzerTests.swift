import Foundation
import Testing
@testable import Scoring

/// Loaded once for all the cases below.
private let loadedKoreanAnalyzer = Result { try KoreanAnalyzer(dataDirectory: analyzerDataDirectory("ko")) }

/// Expected tokens come from the official tool, konlpy 0.6.0 `Okt` (open-korean-text 2.1.0), run as
/// BLEnD runs it: `okt.morphs(" ".join(w for w, t in okt.pos(text) if t != "Josa"), stem=True)`.
private let oktCases: [(text: String, tokens: [String])] = [
    ("김치", ["김치"]),
    ("김치찌개를 먹어요", ["김치찌개", "먹다"]),
    ("답: 김치입니다.", ["답", ":", "김치", "이다", "."]),
    ("아버지가 방에 들어가신다.", ["아버지", "방", "들어가다", "."]),
    ("새로운 스테밍을 추가했었다.", ["새롭다", "스테밍", "추가", "하다", "."]),
    ("삶은 계란", ["삶다", "계란"]),
    ("600만원", ["600만원"]),
    ("4대 사회보험", ["4", "대다", "사회", "보험"]),
    ("수원 삼성 대 FC 서울", ["수원", "삼성", "대다", "FC", "서울"]),
    ("k-pop", ["k", "-", "pop"]),
    ("떡국을 먹습니다.", ["떡국", "먹다", "."]),
    ("한국에서는 추석에 송편을 먹어요!", ["한국", "추석", "송편", "먹다", "!"]),
    ("가장 인기 있는 스포츠는 야구입니다", ["가장", "인기", "있다", "스포츠", "야구", "이다"]),
    ("정답은 태권도예요", ["정답", "태권도"]),
    ("발렌타인 데이", ["발렌타인", "데이"]),
    ("오후 3시 30분", ["오후", "3시", "30분"]),
    ("#김치 @user ㅋㅋ", ["#김치", "@user", "ㅋㅋ"]),
    ("Answer: Kimchi", ["Answer", ":", "Kimchi"]),
    ("김치\n찌개", ["김치", "찌개"]),
    ("\u{3000}김치", []),
    ("", []),
]

@Test(arguments: oktCases.indices)
func koreanAnalyzerMatchesOkt(_ index: Int) throws {
    let analyzer = try loadedKoreanAnalyzer.get()
    let (text, expected) = oktCases[index]
    #expect(analyzer.tokens(of: text) == expected, "text: \(text)")
}

@Test func koreanAnalyzerReportsMissingData() {
    #expect(throws: AnalyzerDataError.self) {
        try KoreanAnalyzer(dataDirectory: "/nonexistent/dualeval-ko")
    }
}

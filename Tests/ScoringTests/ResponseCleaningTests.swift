import Testing
@testable import Scoring

/// BLEnD's response cleaning and the Python string semantics under it (blend-scoring.md §5 A).
struct ResponseCleaningTests {
    let inst4 = "Read the following question and provide a single answer without any explanations.\n\nQuestion: What is X?\nAnswer:"
    let chineseInst4 = "阅读以下问题，并提供一个答案，无需任何解释。\n\n问题：中国人最常吃什么？\n答案："

    @Test func examplesFromTheNotes() {
        #expect(cleanedResponse("Answer: Pizza.", prompt: inst4) == "pizza")
        #expect(cleanedResponse("答案： 米饭。", prompt: chineseInst4) == "米饭")
        // No whitespace after the colon: the label stays.
        #expect(cleanedResponse("答案：米饭。", prompt: chineseInst4) == "答案:米饭")
        // A leading space defeats the anchored label match; only the strip applies.
        #expect(cleanedResponse(" Answer: x", prompt: inst4) == "answer: x")
    }

    @Test func missingResponseIsNone() {
        #expect(cleanedResponse(nil, prompt: inst4) == nil)
        #expect(cleanedResponse("", prompt: inst4) == "")
    }

    @Test func echoedPromptIsRemovedEverywhere() {
        #expect(cleanedResponse(inst4 + " Apple pie" + inst4, prompt: inst4) == "apple pie")
    }

    @Test func labelMustOccurInThePrompt() {
        // "reply" is not in the prompt: kept. "question" is: every "question:" goes.
        #expect(cleanedResponse("Reply: tacos", prompt: inst4) == "reply: tacos")
        #expect(cleanedResponse("Question: tacos, question: burritos", prompt: inst4) == "tacos,  burritos")
    }

    @Test func stripOrderIsWhitespaceThenDots() {
        #expect(cleanedResponse("  ..pizza..  ", prompt: inst4) == "pizza")
        // Dots are stripped after whitespace, so a space inside the dots survives.
        #expect(cleanedResponse(". pizza .", prompt: inst4) == " pizza ")
        // U+001C is Python whitespace.
        #expect(cleanedResponse("\u{1C}pizza\u{1C}", prompt: inst4) == "pizza")
    }

    @Test func fullWidthPunctuationIsMapped() {
        #expect(cleanedResponse("米饭、面条，饺子。", prompt: chineseInst4) == "米饭,面条,饺子")
    }

    @Test func labelWordsFollowPythonsWordClass() {
        // Hangul and Arabic-script labels are \w; a label needs whitespace after its colon.
        #expect(cleanedResponse("답: 김치", prompt: "질문: 무엇? 답:") == "김치")
        #expect(cleanedResponse("پاسخ: برنج", prompt: "سوال: چه؟\nپاسخ:") == "برنج")
        // ZWNJ is not \w, so a label containing it is not a label.
        #expect(cleanedResponse("می\u{200C}خواهم: x", prompt: "سوال: خواهم") == "می\u{200C}خواهم: x")
    }

    @Test func pythonSubstringIsByCodePoint() {
        // Swift's String.contains compares grapheme clusters; Python compares code points.
        #expect(PythonText.contains("cafe\u{301}", "cafe"))
        #expect(PythonText.contains("price", "rice"))
        #expect(PythonText.contains("abc", ""))
        #expect(!PythonText.contains("ab", "abc"))
    }

    @Test func pythonReplaceIsLeftToRightNonOverlapping() {
        #expect(PythonText.replace("aaaa", "aa", with: "b") == "bb")
        #expect(PythonText.replace("xaax", "aa", with: "") == "xx")
        #expect(PythonText.replace("é e\u{301}", "e", with: "E") == "é E\u{301}")
    }

    @Test func pythonLowercaseIsFull() {
        #expect(PythonText.lower("ÀÉÎ İ ΣΑ") == "àéî i\u{307} σα")
    }
}

/// BLEnD's token cleaning before the subset test.
struct TokenCleaningTests {
    @Test func punctuationTokensAreDroppedBySubstring() {
        #expect(cleanedTokens(["(", "()", ")(", "...", "、", "", "-", "a"]) == [")(", "...", "、", "a"])
    }

    @Test func nfdDropsOnlyTheAcuteAccent() {
        #expect(cleanedTokens(["Paella", "café", "cafe\u{301}", "niño", "pingüino"]) == ["paella", "cafe", "cafe", "nin\u{303}o", "pingu\u{308}ino"])
    }

    @Test func hangulDecomposesIntoJamo() {
        #expect(cleanedTokens(["김치"]) == ["\u{1100}\u{1175}\u{11B7}\u{110E}\u{1175}"])
    }
}

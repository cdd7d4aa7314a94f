import Records

/// The instruction texts of Ying et al. 2025, Appendix B ("the paper's instructions"), and the
/// instruction line of each language's inst-7 template. These literals are the code's copy of
/// `data/instructions.tsv` and `data/inst7-instructions.tsv`; a test keeps them byte-identical.
/// Invisible characters are written as `\u{...}` escapes (the printed texts have none).
public enum PaperInstructions {
    /// Instructions 1, 2 and 3 per language, as printed (notes: `instructions.md`). Instruction 1
    /// is inst-4's line, 2 is inst-8's, 3 is inst-7's; where a released template differs from the
    /// print, the template wins (docs/prompts.md lists every difference).
    static let printedTable: [(lang: Language, texts: [String])] = [
        (.en, [
            "Read the following question and provide a single answer without any explanations.",
            "Read the following question and return only ONE answer in a single word or an unbroken phrase, avoiding splitting any proper nouns or named entities.",
            "Read the following question and provide the single answer you think is most appropriate without any explanations.",
        ]),
        (.zh, [
            "阅读以下问题并仅提供一个答案，无需任何解释。",
            "阅读以下问题，并仅用一个单词或一个不间断的短语返回一个答案，避免拆分任何专有名词或命名实体。",
            "阅读以下问题并仅提供一个你觉得最合适的答案，无需任何解释。",
        ]),
        (.es, [
            "Lee la siguiente pregunta y contesta con una sola respuesta sin explicaciones.",
            "Lee la siguiente pregunta y devuelve solo UNA respuesta en una sola palabra o una frase sin dividir ningún nombre propio o entidad nombrada.",
            "Lee la siguiente pregunta y proporciona la respuesta única que consideres más apropiada sin ninguna explicación.",
        ]),
        (.id, [
            "Bacalah pertanyaan berikut dan berikan satu jawaban tanpa penjelasan apa pun.",
            "Bacalah pertanyaan berikut dan berikan hanya SATU jawaban dalam satu kata atau frasa utuh, hindari memisahkan nama diri atau entitas bernaama.",
            "Read the following question and provide the single answer you think is most appropriate (one word) without any explanations.",
        ]),
        (.ko, [
            "다음 질문을 읽고 설명 없이 단 하나의 답변만을 제공하시오.",
            "당신은 외국인에게 당신의 나라의 문화를 설명하려는 대한민국 사람입니다.\n다음 질문을 읽고 설명 없이 가장 적절하다고 생각되는 단 하나의 답변을 제공하시오.",
            "다음 질문을 읽고 설명 없이 가장 적절하다고 생각되는 단 하나의 답변을 제공하시오.",
        ]),
        (.fa, [
            "سوال زیر را بخوانید و یک پاسخ بدون هیچ توضیحی ارائه دهید.",
            "دستور زیر را بخوانید و فقط یک پاسخ را در قالب یک کلمه یا یک عبارت بدون شکستن اسمی خاص یا موجودیتهای نامگذاری شده ارائه دهید.",
            "متن زیر را بخوانید و پاسخی که فکر میکنید مناسبترین است بدون هیچ توضیحی ارائه دهید.",
        ]),
        (.su, [
            "Bacalah pertanyaan berikut dan berikan satu jawaban tanpa penjelasan apa pun.",
            "Bacakeun pananya di handap ieu jeung pasih hiji jawaban dina hiji kecap atawa frasa anu teu dipisah, ulah misahkeun ngaran sorangan atawa entitas anu dingaranan.",
            "Bacakeun pananya di handap ieu jeung pasih hiji jawaban anu anjeun anggap paling cocog tanpa penjelasan nanaon.",
        ]),
    ]

    /// The instruction line of each language's inst-7 template and where it comes from: the
    /// printed instruction 3 (`paper`), except Indonesian, whose printed instruction 3 is English;
    /// there the released Dual-Eval inst-7 line is used (docs/prompts.md).
    static let inst7Table: [(lang: Language, source: String, text: String)] = [
        (.en, "paper",
         "Read the following question and provide the single answer you think is most appropriate without any explanations."),
        (.zh, "paper",
         "阅读以下问题并仅提供一个你觉得最合适的答案，无需任何解释。"),
        (.es, "paper",
         "Lee la siguiente pregunta y proporciona la respuesta única que consideres más apropiada sin ninguna explicación."),
        (.id, "Dual-Eval@2d899f3a data/prompt/Indonesia_prompts.csv inst-7 Translation",
         "Bacalah pertanyaan berikut dan berikan satu jawaban yang menurut Anda paling tepat tanpa penjelasan apa pun."),
        (.ko, "paper",
         "다음 질문을 읽고 설명 없이 가장 적절하다고 생각되는 단 하나의 답변을 제공하시오."),
        (.fa, "paper",
         "متن زیر را بخوانید و پاسخی که فکر میکنید مناسبترین است بدون هیچ توضیحی ارائه دهید."),
        (.su, "paper",
         "Bacakeun pananya di handap ieu jeung pasih hiji jawaban anu anjeun anggap paling cocog tanpa penjelasan nanaon."),
    ]

    /// Instruction `number` (1, 2 or 3) for `lang`, exactly as the paper prints it.
    public static func printed(_ lang: Language, _ number: Int) -> String {
        precondition((1...3).contains(number), "the paper has instructions 1, 2 and 3")
        return printedTable.first { $0.lang == lang }!.texts[number - 1]
    }

    /// The instruction line that inst-7 (the paper's instruction 3) uses for `lang`.
    public static func inst7Line(_ lang: Language) -> String {
        inst7Table.first { $0.lang == lang }!.text
    }

    /// Where `inst7Line(lang)` comes from: `paper`, or the released template it follows.
    public static func inst7Source(_ lang: Language) -> String {
        inst7Table.first { $0.lang == lang }!.source
    }
}

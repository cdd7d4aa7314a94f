/// One entry of hazm's verb list (verbs.dat), "past stem#present stem" such as "رفت#رو".
/// hazm's Lemmatizer returns that whole line as the lemma of every form of the verb.
struct PersianVerb {
    let pastStem: [UInt8]
    let presentStem: [UInt8]
    let lemma: String

    /// Parses a line with exactly one "#"; either stem may be empty (hazm lists "#هست").
    init?(line: [UInt8]) {
        let parts = line.split(separator: UInt8(ascii: "#"), omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        pastStem = Array(parts[0])
        presentStem = Array(parts[1])
        lemma = String(decoding: line, as: UTF8.self)
    }
}

/// The conjugated forms hazm 0.10.0's `Conjugation.get_all` generates that can be a single
/// whitespace-free word, and the auxiliaries its Lemmatizer joins to verbs with "_".
///
/// `get_all` also yields multi-word forms ("دیده شده است"); BLEnD lemmatizes one whitespace-split
/// word at a time, so those can never be looked up and are left out.
enum PersianConjugation {
    private static func bytes(_ strings: [String]) -> [[UInt8]] { strings.map { Array($0.utf8) } }

    /// Prefixes: none, negative ن, imperfective می‌ and negative imperfective نمی‌ (with ZWNJ).
    private static let pastPrefixes = bytes(["", "ن", "می\u{200C}", "نمی\u{200C}"])
    /// Adds the subjunctive ب to the past prefixes.
    private static let presentPrefixes = bytes(["", "ن", "ب", "می\u{200C}", "نمی\u{200C}"])
    /// Person endings of the simple past (3rd singular bare).
    private static let pastPersons = ["م", "ی", "", "یم", "ید", "ند"]
    /// Person endings of the present.
    private static let presentPersons = ["م", "ی", "د", "یم", "ید", "ند"]
    private static let pastEndings = bytes(pastPersons)
    private static let presentEndings = bytes(presentPersons)
    /// Person endings of the present perfect, written with ZWNJ (3rd singular is the participle).
    private static let perfectEndings = bytes(["ه\u{200C}ام", "ه\u{200C}ای", "ه", "ه\u{200C}ایم", "ه\u{200C}اید", "ه\u{200C}اند"])

    /// Every single-word form of `verb`: the infinitive, simple and imperfective past and present
    /// perfect (each also negative), and the present (plain, negative, subjunctive, imperfective,
    /// negative imperfective and imperative).
    static func singleWordForms(of verb: PersianVerb) -> [[UInt8]] {
        var forms = [verb.pastStem + Array("ن".utf8)]
        for prefix in pastPrefixes {
            for ending in pastEndings + perfectEndings { forms.append(prefix + verb.pastStem + ending) }
        }
        for prefix in presentPrefixes {
            for ending in presentEndings { forms.append(prefix + verb.presentStem + ending) }
        }
        // hazm's imperative replaces a 2nd person singular spelled exactly "ببینی"/"بینی" (the
        // verb دید#بین) by "ببین" and "نبین"; every other imperative equals a subjunctive form.
        if verb.presentStem == Array("بین".utf8) {
            forms += bytes(["ببین", "نبین"])
        }
        return forms
    }

    /// What hazm's Lemmatizer joins after a past participle (past stem + ه, or ن + past stem + ه)
    /// with "_": personal endings, بود/باش forms, passive شده/نشده + those, and شدن forms.
    static let auxiliariesAfter: Set<[UInt8]> = {
        let endings = ["ام", "ای", "است", "ایم", "اید", "اند"]
        let past = pastPersons, present = presentPersons
        let bood = past.map { "بود" + $0 } + present.map { "باش" + $0 }
        var words = endings + bood
        words += (endings + bood).flatMap { ["شده_" + $0, "نشده_" + $0] }
        for stem in ["شو", "نشو", "می\u{200C}شو", "نمی\u{200C}شو"] { words += present.map { stem + $0 } }
        for stem in ["شد", "نشد", "می\u{200C}شد", "نمی\u{200C}شد"] { words += past.map { stem + $0 } }
        words += auxiliaryFuture.map { $0 + "_شد" }
        return Set(bytes(words))
    }()

    /// What hazm's Lemmatizer joins before a past stem with "_": future auxiliaries.
    static let auxiliariesBefore: Set<[UInt8]> = Set(bytes(auxiliaryFuture))

    private static let auxiliaryFuture: [String] = ["خواه", "نخواه"].flatMap { stem in
        presentPersons.map { stem + $0 }
    }
}

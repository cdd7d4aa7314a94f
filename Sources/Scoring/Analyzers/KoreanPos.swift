/// Okt's part-of-speech tags (open-korean-text 2.1.0 `KoreanPos`); raw values are the Scala
/// enumeration ids, which Okt sums to break score ties and uses to order its dictionaries.
enum KoreanPos: UInt8, Sendable {
    case noun, verb, adjective, adverb, determiner, exclamation, josa, eomi, preEomi, conjunction,
        modifier, verbPrefix, suffix, unknown,
        korean, foreign, number, koreanParticle, alpha, punctuation, hashtag, screenName, email, url,
        cashTag, space, others, properNoun

    /// The parts of speech that have a dictionary, in the order Okt tries a whole-chunk match.
    static let dictionaryPoses: [KoreanPos] = [
        .noun, .verb, .adjective, .adverb, .determiner, .exclamation, .josa, .eomi, .preEomi,
        .conjunction, .modifier, .verbPrefix, .suffix,
    ]

    /// The bit of this part of speech in a dictionary membership mask.
    var bit: UInt16 { 1 << UInt16(rawValue) }
}

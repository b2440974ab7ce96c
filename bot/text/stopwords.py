"""English stop words: function words that say little about what a text is about."""

from __future__ import annotations

__all__ = ["ENGLISH_STOP_WORDS"]

# Lower-case and free of punctuation, so that a word tokenizer yields them whole. "does" and
# "did" are left out: questions turn on them ("does it run small?", "how long does delivery
# take?"), and the FAQ threshold was calibrated with them counted as words.
ENGLISH_STOP_WORDS: frozenset[str] = frozenset(
    {
        "a", "an", "the", "this", "that", "these", "those", "each", "every", "either", "neither",
        "some", "any", "no", "none", "all", "both", "half", "whole", "few", "many", "much", "more",
        "most", "less", "least", "other", "others", "another", "such", "own", "same", "several",
        "enough", "first", "last", "next",

        "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you", "your",
        "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers",
        "herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "one",
        "someone", "somebody", "something", "anyone", "anybody", "anything", "everyone",
        "everybody", "everything", "noone", "nobody", "nothing",

        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whatever",
        "whichever", "whoever", "whenever", "wherever", "whether",

        "about", "above", "across", "after", "afterwards", "against", "along", "alongside", "amid",
        "among", "amongst", "around", "at", "before", "behind", "below", "beneath", "beside",
        "besides", "between", "beyond", "by", "down", "during", "except", "for", "from", "in",
        "inside", "into", "near", "of", "off", "on", "onto", "out", "outside", "over", "past",
        "per", "since", "through", "throughout", "thru", "till", "to", "toward", "towards", "under",
        "underneath", "until", "unto", "up", "upon", "via", "with", "within", "without",

        "and", "but", "or", "nor", "so", "yet", "if", "then", "than", "because", "although",
        "though", "while", "whilst", "unless", "once", "as",

        "am", "is", "are", "was", "were", "be", "been", "being", "become", "becomes", "became",
        "becoming", "have", "has", "had", "having", "do", "doing", "done", "get", "gets", "got",
        "can", "could", "may", "might", "must", "shall", "should", "will", "would", "cannot",

        "also", "again", "back", "already", "always", "almost", "just", "not", "only", "very",
        "too", "still", "even", "ever", "never", "often", "sometimes", "here", "there", "now",
        "else", "however", "perhaps", "rather", "quite", "instead", "otherwise", "thus", "hence",
        "therefore", "indeed", "meanwhile", "moreover", "furthermore", "anyway", "anyhow",
        "somehow", "somewhere", "anywhere", "everywhere", "nowhere", "elsewhere", "together",
        "further", "etc", "please",
    }
)  # fmt: skip

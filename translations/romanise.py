"""Latin keys: what a word sounds like, as readers type it in Latin letters on a phone.

"mazdoor", "majdur", मज़दूर, मजदूर, مزدور and মজদুর all come to the key "mjdr"; "hartal",
हड़ताल, ہڑتال and হরতাল to "hrtl". A key is a loose consonant skeleton, not a
transliteration: vowels, length, aspiration and the dental/retroflex difference are left
out, because phone typing leaves them out or spells them every way. Both sides go through
skeleton(): a statement's words after a letter-by-letter reading into Latin (romanise()),
the reader's Latin words as typed.

Written here rather than taken from a library: indic-transliteration (sanscript) reads
Devanagari and Bengali with Sanskrit values (Bengali ব as v, ड़ as .D, an "a" after every
consonant) and its Urdu scheme only writes Urdu, it does not read it back into Latin;
anyascii reads Urdu with Arabic values (ذ ض ظ as dh/d, every و as w) and Bengali য as y.
Correcting either costs more rules than this table, which is all the key needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import tokens

_VOWELS = frozenset("aeiou")

# Consonants with a nukta first: NFC keeps them as letter + nukta (U+093C / U+09BC).
_DEVANAGARI = {
    "क\u093c": "q", "ख\u093c": "kh", "ग\u093c": "g", "ज\u093c": "z", "झ\u093c": "z",
    "ड\u093c": "r", "ढ\u093c": "rh", "फ\u093c": "f", "य\u093c": "y",
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j",
    "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t",
    "थ": "th", "द": "d", "ध": "dh", "न": "n", "ऩ": "n", "प": "p", "फ": "ph", "ब": "b",
    "भ": "bh", "म": "m", "य": "y", "र": "r", "ऱ": "r", "ल": "l", "ळ": "l", "व": "v",
    "श": "sh", "ष": "sh", "स": "s", "ह": "h",
    "अ": "a", "आ": "aa", "इ": "i", "ई": "ee", "उ": "u", "ऊ": "oo", "ऋ": "ri", "ए": "e",
    "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e", "ॲ": "a",
    "ा": "aa", "ि": "i", "ी": "ee", "ु": "u", "ू": "oo", "ृ": "ri", "े": "e", "ै": "ai",
    "ो": "o", "ौ": "au", "ॉ": "o", "ॅ": "e",
    # Anusvara and chandrabindu: readers write the nasal as n ("mein", "hain").
    "ं": "n", "ँ": "n", "ः": "h", "ॐ": "om",
}  # fmt: skip

_BENGALI = {
    "ড\u09bc": "r", "ঢ\u09bc": "rh", "য\u09bc": "y",
    "ক": "k", "খ": "kh", "গ": "g", "ঘ": "gh", "ঙ": "ng", "চ": "ch", "ছ": "chh", "জ": "j",
    "ঝ": "jh", "ঞ": "n", "ট": "t", "ঠ": "th", "ড": "d", "ঢ": "dh", "ণ": "n", "ত": "t",
    "থ": "th", "দ": "d", "ধ": "dh", "ন": "n", "প": "p", "ফ": "ph", "ব": "b", "ভ": "bh",
    "ম": "m", "র": "r", "ৰ": "r", "ল": "l", "ৱ": "w", "শ": "sh", "ষ": "sh", "স": "s",
    "হ": "h", "ৎ": "t",
    # য is read as j (যদি "jodi"), except as ya-phala after a hasanta (see _bengali_ya).
    "য": "j",
    "অ": "o", "আ": "a", "ই": "i", "ঈ": "i", "উ": "u", "ঊ": "u", "ঋ": "ri", "এ": "e",
    "ঐ": "oi", "ও": "o", "ঔ": "ou",
    "া": "a", "ি": "i", "ী": "i", "ু": "u", "ূ": "u", "ৃ": "ri", "ে": "e", "ৈ": "oi",
    "ো": "o", "ৌ": "ou",
    # Anusvara as "ng" (বাংলা "bangla"), chandrabindu as n.
    "ং": "ng", "ঁ": "n", "ঃ": "h",
}  # fmt: skip

# Urdu with its own values: ذ ز ض ظ are all z, ث س ص all s, ع and ء carry a vowel.
# و and ی are consonants (v, y) only at the start of a word; elsewhere they are the long
# vowels, which the key leaves out (see _urdu).
_URDU = {
    "ا": "a", "آ": "a", "أ": "a", "إ": "i", "ٱ": "a", "ع": "a", "ء": "", "ئ": "i",
    "ؤ": "o", "ے": "e", "ۓ": "e", "ى": "i",
    "ب": "b", "پ": "p", "ت": "t", "ٹ": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h",
    "خ": "kh", "د": "d", "ڈ": "d", "ذ": "z", "ر": "r", "ڑ": "r", "ز": "z", "ژ": "zh",
    "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "gh", "ف": "f",
    "ق": "q", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ں": "n",
    "ہ": "h", "ه": "h", "ھ": "h", "ۂ": "h", "ة": "h", "ۃ": "t",
}  # fmt: skip

# Urdu و and ی: (as a consonant at the start of a word, as a vowel elsewhere).
_URDU_SEMIVOWELS = {"و": ("v", "o"), "ی": ("y", "i"), "ي": ("y", "i")}
_LETTER = re.compile(
    "|".join(
        re.escape(k)
        for k in sorted({*_DEVANAGARI, *_BENGALI, *_URDU, *_URDU_SEMIVOWELS}, key=len, reverse=True)
    )
)
_DOUBLES = re.compile(r"(.)\1+")
# Shorter keys are too common to match as the start of a word: they must be the whole word.
PREFIX_LENGTH = 3


def romanise(word: str) -> str:
    """A Devanagari, Bengali or Urdu word read letter by letter into loose Latin letters.

    Latin letters pass through lower-cased; anything else the table lacks is dropped.
    """
    out: list[str] = []
    position = 0
    for match in _LETTER.finditer(word):
        gap = word[position : match.start()]
        out.append(_latin_letters(gap))
        letters = match.group()
        if letters in _URDU_SEMIVOWELS:
            consonant, vowel = _URDU_SEMIVOWELS[letters]
            out.append(vowel if any(out) else consonant)
        elif letters == "য" and gap.endswith("\u09cd"):
            out.append("y")
        else:
            out.append(_DEVANAGARI.get(letters) or _BENGALI.get(letters) or _URDU[letters])
        position = match.end()
    out.append(_latin_letters(word[position:]))
    return "".join(out).lower()


def _latin_letters(text: str) -> str:
    return "".join(c for c in text if c.isascii() and c.isalpha())


def skeleton(latin: str) -> str:
    """The key of one word typed in Latin letters.

    q→k, z→j, f→p, w→v, x→ks; a vowel starting the word stands as "a", a v there as b; every
    other vowel, h, y and v is left out (so kh→k, sh→s, bh→b); m before b or p is n (the
    anusvara's sound); doubled letters are single.
    """
    word = latin.lower().translate(_LATIN_FOLD)
    if not word:
        return ""
    head, rest = word[0], word[1:]
    if head in _VOWELS:
        head = "a"
    elif head == "v":
        head = "b"
    rest = "".join(c for c in rest if c not in "aeiouhyv")
    key = (head + rest).replace("mb", "nb").replace("mp", "np")
    return _DOUBLES.sub(r"\1", key)


_LATIN_FOLD = str.maketrans({"q": "k", "z": "j", "f": "p", "w": "v", "x": "ks"})


def word_keys(text: str) -> list[str]:
    """The keys of every word of ``text`` (any of the four scripts), in order."""
    keys = []
    # Not fold(): the nukta it drops is a sound here (ड़ is r, ज़ is z).
    for word in tokens(text):
        key = skeleton(romanise(word))
        if key:
            keys.append(key)
    return keys


def latin_key(text: str) -> str:
    """What a text stores for Latin search: its distinct word keys, between spaces."""
    keys = sorted(set(word_keys(text)))
    return f" {' '.join(keys)} " if keys else ""


def latin_patterns(query: str) -> list[str]:
    """What latin_key() must contain for each word of ``query``: " key" (a word starting
    with it), or " key " for keys shorter than PREFIX_LENGTH."""
    return [f" {key}" if len(key) >= PREFIX_LENGTH else f" {key} " for key in word_keys(query)]


def has_latin(query: str) -> bool:
    """Whether a query has a word in Latin letters."""
    return any(word.isascii() and not word.isdigit() for word in tokens(query))


# ---- readable Latin, for addresses --------------------------------------------------------
# Where the key above drops vowels, an address wants them: a consonant's inherent vowel
# where it is spoken (Hindi and Bengali leave it out at the end of a word and, after a
# vowel, before a consonant and vowel: हड़ताल "hartal", শ্রমিকদের "shromikder"), and for
# Urdu, which writes few vowels, an "a" where a syllable would have none.

_VIRAMA = {"\u094d", "\u09cd"}
_NUKTA = {"\u093c", "\u09bc"}
_INHERENT = {"deva": "a", "beng": "o"}
# Long vowels as one letter: an address is read, not pronounced.
_SHORTER = {"aa": "a", "ee": "i", "oo": "u"}
_DEVANAGARI_VOWEL_SIGNS = frozenset("ािीुूृेैोौॉॅ")
_BENGALI_VOWEL_SIGNS = frozenset("ািীুূৃেৈোৌ")
_MODIFIERS = frozenset("ंँःংঁঃ")
_INDEPENDENT = frozenset("अआइईउऊऋएऐओऔऑऍॲঅআইঈউঊঋএঐওঔ")


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x0900 <= code <= 0x097F:
        return "deva"
    if 0x0980 <= code <= 0x09FF:
        return "beng"
    if 0x0600 <= code <= 0x06FF:
        return "arab"
    return "other"


@dataclass
class _Syllable:
    consonants: str  # in Latin letters; "" for a vowel letter standing alone
    vowel: str | None  # None: the inherent vowel; "": none (a virama, or dropped)
    marks: str = ""  # anusvara, chandrabindu, visarga
    single: bool = True  # one consonant, not a conjunct


def _indic_word(word: str, script: str) -> str:
    table = _DEVANAGARI if script == "deva" else _BENGALI
    signs = _DEVANAGARI_VOWEL_SIGNS if script == "deva" else _BENGALI_VOWEL_SIGNS
    syllables: list[_Syllable] = []
    i, joined = 0, False  # joined: the last consonant had a virama (a conjunct follows)
    while i < len(word):
        ch = word[i]
        pair = word[i : i + 2]
        if len(pair) == 2 and pair[1] in _NUKTA and pair in table:
            letter, i = table[pair], i + 2
        elif ch in _NUKTA:
            i += 1
            continue
        else:
            letter, i = table.get(ch), i + 1
        last = syllables[-1] if syllables else None
        if ch in _VIRAMA:
            if last:
                last.vowel, joined = "", True
            continue
        if letter is None:
            continue
        if ch in signs:
            if last:
                last.vowel = _SHORTER.get(letter, letter)
        elif ch in _MODIFIERS:
            if last:
                last.marks += letter
        elif ch in _INDEPENDENT:
            syllables.append(_Syllable("", _SHORTER.get(letter, letter), single=False))
            joined = False
        elif joined and last:
            # A conjunct: this consonant joins the syllable of the one before.
            last.consonants += "y" if ch == "য" else letter  # ya-phala
            last.vowel, last.single, joined = None, False, False
        else:
            syllables.append(_Syllable(letter, None))
    # The inherent vowel is not spoken at the end of a word, nor in a lone consonant
    # between a vowel and a consonant with its vowel (Ohala's rule, right to left).
    if len(syllables) > 1 and syllables[-1].vowel is None and not syllables[-1].marks:
        syllables[-1].vowel = ""
    for n in range(len(syllables) - 2, 0, -1):
        here, before, after = syllables[n], syllables[n - 1], syllables[n + 1]
        if (
            here.vowel is None
            and here.single
            and not here.marks
            and before.vowel != ""
            and after.vowel != ""
            and after.consonants
        ):
            here.vowel = ""
    inherent = _INHERENT[script]
    return "".join(
        s.consonants + (inherent if s.vowel is None else s.vowel) + s.marks for s in syllables
    )


_URDU_ASPIRATE = "ھ"
_URDU_VOWEL_LETTERS = frozenset("اآأإٱعےۓى")


def _urdu_word(word: str) -> str:
    # Each letter as consonant or vowel; ھ makes the consonant before it aspirated.
    units: list[tuple[str, bool]] = []  # (latin, is_vowel)
    letters = [ch for ch in word if ch in _URDU or ch in _URDU_SEMIVOWELS]
    for n, ch in enumerate(letters):
        last = n == len(letters) - 1
        if ch == _URDU_ASPIRATE and units and not units[-1][1]:
            units[-1] = (units[-1][0] + "h", False)
        elif ch in _URDU_SEMIVOWELS:
            consonant, vowel = _URDU_SEMIVOWELS[ch]
            before_vowel = not last and letters[n + 1] in _URDU_VOWEL_LETTERS
            # A consonant starting a word or before a vowel letter (بیان "bayan"), else a vowel.
            if not units or before_vowel:
                units.append((consonant, False))
            else:
                units.append((vowel, True))
        elif ch in "ہۂ" and last and units and not units[-1][1]:
            units.append(("a", True))  # a final choti he after a consonant is a vowel
        elif ch in _URDU_VOWEL_LETTERS:
            latin = _URDU[ch]
            if latin:
                units.append((latin, True))
        elif _URDU[ch]:
            units.append((_URDU[ch], False))
    # Where two consonants meet and the first starts a syllable, the syllable gets an "a"
    # (مزدور "mazdor", مشترکہ "mashtarka"); a consonant after a vowel closes its syllable.
    out: list[str] = []
    onset = True  # the next consonant starts a syllable
    for n, (latin, vowel) in enumerate(units):
        out.append(latin)
        if vowel:
            onset = False
            continue
        following = units[n + 1] if n + 1 < len(units) else None
        if onset and following is not None and not following[1]:
            out.append("a")
            onset = False
        else:
            onset = not onset if following is not None and not following[1] else True
    return "".join(out)


def readable(text: str) -> str:
    """``text`` in any of the four scripts as plain Latin words, for an address.

    मज़दूरों की हड़ताल → "mazduron ki hartal", شمال مشرقی → "shamal mashraqi",
    শ্রমিকদের ধর্মঘট → "shromikder dhormoghot". Latin words pass through; digits of any
    script become ASCII digits.
    """
    words = []
    for word in tokens(text):
        script = next((s for s in map(_script, word) if s != "other"), "other")
        if script in _INHERENT:
            latin = _indic_word(word, script)
        elif script == "arab":
            latin = _urdu_word(word)
        else:
            latin = word
        latin += "".join(str(int(ch)) for ch in word if ch.isdigit() and not ch.isascii())
        words.append(latin)
    return " ".join(w for w in words if w)

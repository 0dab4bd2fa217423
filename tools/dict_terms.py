#!/usr/bin/env python3
"""Derives the dictionary term tables screening reads (docs/screening.md, "Dictionaries").

Sources (installed by tools/deps.sh from Debian; EDRDG, CC BY-SA 4.0):
  /usr/share/edict/edict     JMdict in EDICT format, EUC-JP: word [reading] /gloss/.../
  /usr/share/edict/kanjidic  one kanji a line; XJ0 fields name its JIS X 0208 variants
  /usr/share/edict/enamdict  ENAMDICT, proper names in EDICT format, EUC-JP:
                             name [reading] /(tag) romanisation or English/.../
and libhangul's hanja.txt (BSD): "hangul:hanja:meaning", words as well as characters.

Writes tables in the format of data/terms/*.tsv (term<TAB>rendering|rendering):
  ja_dict.tsv  kanji words (2-6 Han characters, nouns) -> their short English glosses,
               and ENAMDICT's companies and organisations (tags c, o) written in kanji
               or kana, and their readings in katakana -> their English names without
               the legal form (日本電気, ニッポンデンキ -> nec), where edict has no row
               (see org_terms()), those nouns' readings in katakana where
               unambiguous and no surname's or place's (セイコウショ -> steelworks;
               see kana_words()), and
               katakana words back to the English word they write (サービス ->
               service; see katakana_loans())
  ja_kana.tsv  readings in katakana of Han words found in ENAMDICT's company names ->
               their glosses, the word in more names first (ホウソウ -> broadcast|
               packing|legal profession; see trade_readings()): the words that end a
               kana name.
  ko_dict.tsv  Hangul words -> the English gloss of the hanja word that reads so (the
               Sino-Korean bridge: 연구 -> 研究 -> research), where the reading is
               unambiguous enough (see bridge()).
  ko_hanja.tsv  hanja words (two to four characters) -> their Hangul reading, where
               the characters read alone read them otherwise (貿易 -> 무역, not 무이;
               see hanja_word_readings()).
  han_traditional.tsv  a character han_variants.tsv folds to -> its traditional form,
               where Unihan gives that form a simplified one (実 -> 實; see
               traditional_forms()).
  ko_sino.tsv  Hangul syllables that read a hanja alone -> how many hanja words they
               read in (see sino_syllables()): screening takes the syllables of many
               words as Sino-Korean.
  zh_pinyin.tsv  Chinese words in simplified characters (one to eight) -> their Hanyu
               Pinyin, syllables apart (厦门 -> xia men), the reading Rime's pinyin_simp
               dictionary weighs most (Apache-2.0, from Android's Pinyin IME; Debian
               rime-data-pinyin-simp): characters read in context, which per-character
               tables get wrong for place names (厦门 is not sha men, 长沙 not zhang sha).
  ja_kanji.tsv  each kanji of names (jouyou and jinmeiyou) -> its reading alone in
               katakana (kanjidic's first on reading, else its first kun), for a
               character MeCab reads only inside the words it knows (see
               kanji_readings()).
  zh_dict.tsv  those words (two to six characters) -> the English glosses EDICT gives
               the same word written in Japanese (技术 -> 技術 -> technology), found
               by OpenCC's conversion of EDICT's words (Debian opencc, Apache-2.0) or
               through Unihan's simplified/traditional variants and the variants above.
and Unicode's Unihan_Variants.txt.bz2 (unicode-data), for z-variants and the simplified
and traditional forms.
data/terms/legal_forms.tsv gives the legal forms left off companies' English names.
data/terms/zh_terms.tsv holds the Chinese trade words EDICT lacks or glosses otherwise.
ja_dict.tsv, ko_dict.tsv and zh_dict.tsv also take CLDR's country names in those
languages where they have no row (ロシア -> russia; see cldr_countries()), through PyICU
(Debian python3-icu): run this script with Debian's python3.
Usage: dict_terms.py EDICT KANJIDIC HANJA HAN_VARIANTS UNIHAN_VARIANTS ENAMDICT LEGAL_FORMS
                     PINYIN ZH_TERMS OUTDIR
       dict_terms.py --audit data/terms data/terms/dict   (hand rows against the tables)
The output depends only on the inputs (sorted rows), so the index key that hashes it
changes exactly when a dictionary does.
"""
import bz2
import os
import re
import subprocess
import sys
import unicodedata

MAX_GLOSSES = 3
MAX_GLOSS_WORDS = 3
TRADE_GLOSSES = 6  # SX_TERM_MAX_OPTS: the renderings a term keeps


def is_han(ch):
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or \
        0x20000 <= o <= 0x2FFFF or ch == "\u3005"


def is_hangul(ch):
    return 0xAC00 <= ord(ch) <= 0xD7A3


TAG = re.compile(r"^\s*(\([^)]*\)|\{[^}]*\})\s*")
NOUN = re.compile(r"\((?:[^)]*,)?n(?:-[a-z]+)?(?:,[^)]*)?\)")
GLOSS_OK = re.compile(r"^[a-z][a-z '&-]*[a-z]$")
SKIP_START = ("to ", "the ", "a ", "an ", "one's ", "someone ", "something ")


# Senses EDICT tags as no longer in use: a name written today does not mean them.
DATED = {"arch", "obs", "obsc"}


def sense_tags(part):
    """The tags a gloss opens with: "(n) (2) (arch) China" -> {"n", "2", "arch"}."""
    tags = set()
    while True:
        m = TAG.match(part)
        if not m:
            return tags
        tags.update(t.strip() for t in m.group(1)[1:-1].split(","))
        part = part[m.end():]


def clean_gloss(g):
    """A gloss as a name word: tags and notes dropped, lower case; None when unfit."""
    g = g.strip()
    while True:
        m = TAG.match(g)
        if not m:
            break
        g = g[m.end():]
    g = re.sub(r"\s*\([^)]*\)", "", g).strip().lower()
    if not GLOSS_OK.match(g) or g.startswith(SKIP_START):
        return None
    if len(g.split()) > MAX_GLOSS_WORDS:
        return None
    return g


def read_edict(path, readings=None):
    """word -> (glosses, common) for Han-only nouns of 2-6 characters.  The first entry
    of a word wins (EDICT lists the usual sense first), unless a later one is common and
    it is not; senses tagged archaic or obsolete are left out.  readings, when given, is
    filled with each such entry's readings in katakana -> [(word, glosses, common)]."""
    out = {}
    header = ""
    with open(path, encoding="euc_jp", errors="replace") as f:
        for lineno, line in enumerate(f):
            if lineno == 0:
                header = line.strip()
                continue
            m = re.match(r"^(\S+)(?: \[([^\]]*)\])? /(.*)/\s*$", line)
            if not m:
                continue
            words, said, body = m.group(1), m.group(2), m.group(3)
            parts = body.split("/")
            if not NOUN.search(parts[0]):
                continue
            common = "(P)" in parts
            gl = []
            dated = False
            for i, p in enumerate(parts):
                if p == "(P)" or p.startswith("EntL"):
                    continue
                tags = sense_tags(p)
                if i == 0 or any(t.isdigit() for t in tags):
                    dated = bool(DATED & tags)  # a new sense: its own tags
                if dated:
                    continue
                c = clean_gloss(p)
                if c and c not in gl:
                    gl.append(c)
                if len(gl) >= MAX_GLOSSES:
                    break
            if not gl:
                continue
            han = []
            for w in words.split(";"):
                w = re.sub(r"\(.*\)$", "", w)
                if not (2 <= len(w) <= 6 and all(is_han(ch) for ch in w)):
                    continue
                han.append(w)
                # The first entry wins, unless a later one is the word in common use:
                # 韓国 read からくに (arch) is China or Korea; read かんこく (P), South Korea.
                if w not in out or (common and not out[w][1]):
                    out[w] = (gl, common)
            if readings is not None and han and said:
                for r in said.split(";"):
                    r = katakana(re.sub(r"\(.*\)$", "", r))
                    if r and all(is_katakana(ch) for ch in r):
                        readings.setdefault(r, []).append((han[0], gl, common))
    return out, header


SMALL_KANA = set("ャュョァィゥェォ")


def name_readings(path):
    """The readings in katakana of ENAMDICT's surnames and places (tags s, p): a kana
    name holds them as the name it is (アンドウ is Andō before it is 行灯, a lantern)."""
    out = set()
    with open(path, encoding="euc_jp", errors="replace") as f:
        for line in f:
            a = line.find(" [")
            b = line.find("]", a) if a >= 0 else -1
            if b < 0 or line[b + 1:b + 4] != " /(":
                continue
            tags = line[b + 4:line.find(")", b + 4)].split(",")
            if "s" in tags or "p" in tags:
                out.add(katakana(line[a + 2:b]))
    return out


def kana_words(readings, taken, names):
    """Katakana reading -> glosses, for kana names that write a trade's words in kana
    (ナカヤマセイコウショ: セイコウショ, 製鋼所, steelworks).  Only readings of four morae or
    more (shorter ones occur inside too many names), not already a key (taken), not the
    reading of a surname or place (names), and unambiguous: the common entries that read
    so (all entries when none is common) agree on their first gloss (コウギョウ is 工業
    industry and 鉱業 mining: left out)."""
    out = {}
    for r, entries in readings.items():
        if sum(ch not in SMALL_KANA for ch in r) < 4 or r in taken or r in names:
            continue
        usual = [e for e in entries if e[2]] or entries
        if len({e[1][0] for e in usual}) == 1:
            out[r] = usual[0][1]
    return out


def trade_readings(readings, enam):
    """Katakana reading -> glosses, for cutting the words that end a kana name
    (ホクリク|ホウソウ, ミツビシ|セイコウ: 放送 broadcasting, 製鋼 steel manufacture).  A
    reading is ambiguous more often than not (ホウソウ is 放送, 包装 and 法曹), so each of
    the Han words that read so is weighed by the number of ENAMDICT's company and
    organisation names it occurs in (放送 in 16, 包装 in 3): those names are made of
    the words of trades.  Words found in fewer than two are left out, and the glosses
    of the rest are kept: each word's first gloss, the most frequent word first,
    then each one's second and third (時計: clock, watch), up to TRADE_GLOSSES.
    Readings under three kana are left out (they occur inside too many names)."""
    words = {h for entries in readings.values() for h, _, _ in entries}
    count = {}
    for name in enam:  # read_enamdict keeps only companies' and organisations' names
        seen = {name[i:i + k] for i in range(len(name)) for k in range(2, 7)
                if i + k <= len(name) and name[i:i + k] in words}
        for w in seen:
            count[w] = count.get(w, 0) + 1
    out = {}
    for r, entries in readings.items():
        if sum(ch not in SMALL_KANA for ch in r) < 3:
            continue
        weighed = sorted(((count.get(h, 0) + (1 if common else 0), h, gl)
                          for h, gl, common in entries if count.get(h, 0) >= 2),
                         key=lambda e: (-e[0], e[1]))
        glosses = []
        for k in range(MAX_GLOSSES):  # each word's first gloss, then each one's second...
            for _, _, gl in weighed:
                if k < len(gl) and gl[k] not in glosses:
                    glosses.append(gl[k])
        if glosses:
            out[r] = glosses[:TRADE_GLOSSES]
    return out


def jis0208(code):
    """XJ0 code (JIS X 0208 row/cell in hex) -> the character."""
    b = bytes([int(code[0:2], 16) | 0x80, int(code[2:4], 16) | 0x80])
    try:
        return b.decode("euc_jp")
    except UnicodeDecodeError:
        return None


_UNIHAN = {}


def unihan_variants(unihan):
    """Unihan_Variants.txt as {field: [(character, variant), ...]} (kZVariant,
    kSimplifiedVariant, kTraditionalVariant...), read once for every table made from it."""
    if unihan not in _UNIHAN:
        fields = {}
        with bz2.open(unihan, "rt", encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) < 3 or not p[0].startswith("U+"):
                    continue
                a = chr(int(p[0][2:], 16))
                fields.setdefault(p[1], []).extend(
                    (a, chr(int(v.split("<")[0][2:], 16))) for v in p[2].split())
        _UNIHAN[unihan] = fields
    return _UNIHAN[unihan]


def read_variants(kanjidic, han_variants, unihan):
    """character -> set of its variants (both ways), from kanjidic's cross-references,
    han_variants.tsv and Unihan's z-variants (same character, other glyph: 硏/研)."""
    var = {}

    def link(a, b):
        if a and b and a != b:
            var.setdefault(a, set()).add(b)
            var.setdefault(b, set()).add(a)
    header = ""
    with open(kanjidic, encoding="euc_jp", errors="replace") as f:
        for line in f:
            if line.startswith("#"):
                header = header or line.strip()
                continue
            fs = line.split()
            if not fs:
                continue
            for x in fs[1:]:
                if x.startswith("XJ0") and len(x) == 7:
                    link(fs[0], jis0208(x[3:]))
    with open(han_variants, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            a, b = line.rstrip("\n").split("\t")[:2]
            link(a.strip(), b.strip())
    if unihan and os.path.exists(unihan):
        for a, b in unihan_variants(unihan).get("kZVariant", []):
            link(a, b)
    return var, header


def chinese_variants(var, unihan):
    """var with Unihan's simplified and traditional forms linked too (技术 -> 技術).  Kept
    apart from var: the Korean bridge looks up traditional hanja, not simplified ones."""
    zh = {k: set(v) for k, v in var.items()}
    fields = unihan_variants(unihan)
    for field in ("kSimplifiedVariant", "kTraditionalVariant"):
        for a, b in fields.get(field, []):
            if a != b:
                zh.setdefault(a, set()).add(b)
                zh.setdefault(b, set()).add(a)
    return zh


MAX_PINYIN_WORD = 8
PINYIN_SYLLABLE = re.compile(r"^[a-z]+$")


def read_pinyin(path):
    """Rime dictionary (tab-separated word, pinyin, weight after the '...' line) ->
    {word: pinyin}, the heaviest reading of each word; u-umlaut, written v, as u (the
    lists write Lu, Nu)."""
    best = {}
    header = ""
    body = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not body:
                if line.startswith("# A ") or line.startswith("# Derived"):
                    header = header or line[2:].strip()
                body = line == "..."
                continue
            p = line.split("\t")
            if len(p) < 2 or not p[0] or not all(is_han(ch) for ch in p[0]):
                continue
            syl = p[1].split()
            if len(syl) != len(p[0]) or len(p[0]) > MAX_PINYIN_WORD or \
                    not all(PINYIN_SYLLABLE.match(x) for x in syl):
                continue
            w = int(p[2]) if len(p) > 2 and p[2].isdigit() else 0
            if p[0] not in best or w > best[p[0]][1]:
                best[p[0]] = (" ".join(x.replace("v", "u") for x in syl), w)
    return {k: v for k, (v, _) in best.items()}, header


def simplified_forms(words, configs=("jp2t.json", "t2s.json")):
    """EDICT's words (Japanese forms) -> their simplified Chinese forms, by OpenCC
    (Debian opencc: Japanese shinjitai to traditional, then to simplified; 発展 -> 发展,
    集団 -> 集团), which Unihan's variants do not link.  configs: other conversions."""
    text = "".join(w + "\n" for w in words)
    for config in configs:
        text = subprocess.run(["opencc", "-c", config], input=text, capture_output=True,
                              text=True, check=True).stdout
    out = text.split("\n")
    return {w: out[i] for i, w in enumerate(words) if i < len(out) and len(out[i]) == len(w)}


def japanese_forms(kanjidic):
    """Simplified Chinese character -> its Japanese form, two tables.  First each of
    kanjidic's characters made simplified by OpenCC (電 -> 电, 発 -> 发), read backwards,
    for the characters Japanese does not write (电, 发, 车); of two Japanese characters one
    simplified form stands for (発, 髪 -> 发), the more frequent (kanjidic's F, newspaper
    frequency rank).  Then the simplified forms Japanese writes too, as another
    character (机 is a desk in Japanese, 機 in Chinese; 后, 干), made Japanese by OpenCC
    (s2t, t2jp: 机 -> 機): in a text with a character of the first table, Chinese."""
    chars, freq = [], {}
    with open(kanjidic, encoding="euc_jp", errors="replace") as f:
        for line in f:
            fs = line.split()
            if line.startswith("#") or not fs or len(fs[0]) != 1 or not is_han(fs[0]):
                continue
            chars.append(fs[0])
            rank = [int(x[1:]) for x in fs[1:] if x.startswith("F") and x[1:].isdigit()]
            freq[fs[0]] = rank[0] if rank else 10 ** 6
    kanji = set(chars)
    out, shared = {}, set()
    for j, s in simplified_forms(chars).items():
        if s != j and s in kanji:
            shared.add(s)
        elif s != j and (s not in out or freq[j] < freq[out[s]]):
            out[s] = j
    as_japanese = simplified_forms(sorted(shared), ("s2t.json", "t2jp.json"))
    return ({s: [j] for s, j in out.items()},
            {s: [j] for s, j in as_japanese.items() if j != s})


def kanji_readings(kanjidic):
    """Kanji -> its reading alone, in katakana: kanjidic's first on reading (械 -> カイ,
    紡 -> ボウ), else, for a character with none (国字: 畑, 込), its first kun reading,
    okurigana left off (はた).  For a character MeCab's dictionary reads only inside words
    it knows (kana.c read_by_character); names of companies read such characters on.
    Only the characters Japanese writes names with, those kanjidic gives a grade (G1-G8
    jouyou, G9-G10 jinmeiyou): the others of JIS X 0208 (娜, 倩, 磊) are mostly those of
    Chinese names, which a Japanese reading turns into short words every list has."""
    def katakana(s):
        return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in s)

    def kana_only(s, lo, hi):
        return s != "" and all(lo <= c <= hi or c == "\u30fc" for c in s)

    out = {}
    with open(kanjidic, encoding="euc_jp", errors="replace") as f:
        for line in f:
            fs = line.split()
            if line.startswith("#") or not fs or len(fs[0]) != 1 or not is_han(fs[0]):
                continue
            if not any(re.fullmatch(r"G([1-9]|10)", x) for x in fs[1:]):
                continue
            on = kun = None
            for x in fs[1:]:
                if x.startswith("{") or x in ("T1", "T2"):
                    break  # glosses; the readings of names and radicals follow T1, T2
                r = x.replace("-", "").split(".")[0]
                if on is None and kana_only(r, "\u30a1", "\u30f6"):
                    on = r
                elif kun is None and kana_only(r, "\u3041", "\u3096"):
                    kun = katakana(r)
            if on or kun:
                out[fs[0]] = [on or kun]
    return out


def chinese_glosses(pinyin, edict, zvar):
    """Chinese word -> the glosses of the same word in EDICT, written with its Japanese
    or traditional characters: by OpenCC's conversion of EDICT's word, else through the
    variants (the first EDICT word to give a form keeps it)."""
    by_form = {}
    for w, f in simplified_forms(sorted(edict)).items():
        if f in pinyin and f not in by_form:
            by_form[f] = w
    out = {}
    for w in pinyin:
        if 2 <= len(w) <= 6:
            e = by_form.get(w) or find_in_edict(w, edict, zvar)
            if e:
                out[w] = edict[e][0]
    return out


def read_hand_rows(path):
    """A term table of data/terms/ (term<TAB>rendering|rendering) -> {term: [renderings]}."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) != 2 or not p[0] or not p[1]:
                sys.exit(f"{path}:{lineno}: expected TERM<TAB>RENDERING|RENDERING")
            out[p[0]] = [x.strip() for x in p[1].split("|") if x.strip()]
    return out


def find_in_edict(word, edict, var):
    """The word, or the word with characters swapped for their variants (製鐵 -> 製鉄),
    as EDICT has it; None when it has no form."""
    if word in edict:
        return word
    forms = [""]
    for ch in word:
        alts = [ch] + sorted(var.get(ch, ()))
        forms = [f + a for f in forms for a in alts][:64]
    for f in forms:
        if f in edict:
            return f
    return None


def read_hanja(hanja_path):
    """libhangul's hanja.txt as (reading, hanja, meaning) in its order."""
    with open(hanja_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split(":")
            if len(p) >= 2:
                yield p[0], p[1], p[2] if len(p) > 2 else ""


def sino_syllables(hanja_path):
    """Hangul syllable -> how many of hanja.txt's words it reads in, for each syllable that
    also reads a character alone (terms.c keeps those in SINO_WORDS_MIN words or more as
    Sino-Korean).  A word is as many syllables as hanja, two to fifteen, each hanja of the
    CJK Unified Ideographs, Extension A or the Compatibility Ideographs."""
    def hanja(ch):
        o = ord(ch)
        return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
    alone, words = set(), {}
    for reading, han, _ in read_hanja(hanja_path):
        if len(han) == 1:
            if len(reading) == 1 and is_hangul(reading):
                alone.add(reading)
        elif (2 <= len(reading) == len(han) <= 15 and all(map(is_hangul, reading))
              and all(map(hanja, han))):
            for syl in reading:
                words[syl] = words.get(syl, 0) + 1
    return {s: [str(n)] for s, n in words.items() if s in alone}


def bridge(hanja_path, edict, var):
    """Hangul word -> glosses.  libhangul lists the hanja words of a reading most usual
    first.  A reading is bridged when exactly one of its hanja words is a common EDICT
    noun (marked (P)), or when only one has any EDICT entry; otherwise the reading is
    left to romanisation (삼성 is 三星 and many others)."""
    words = {}
    for ko, hj, _ in read_hanja(hanja_path):
        if not (2 <= len(ko) <= 6 and len(hj) == len(ko)):
            continue
        if not all(is_hangul(ch) for ch in ko) or not all(is_han(ch) for ch in hj):
            continue
        words.setdefault(ko, []).append(hj)
    out = {}
    for ko, hjs in words.items():
        found = []
        for hj in hjs:
            e = find_in_edict(hj, edict, var)
            if e and e not in [x for x, _ in found]:
                found.append((e, edict[e][1]))
        common = [e for e, c in found if c]
        if len(common) == 1:
            out[ko] = (common[0], edict[common[0]][0])
        elif len(found) == 1:
            out[ko] = (found[0][0], edict[found[0][0]][0])
    return out


HANJA_WORD_MAX = 4


def read_canonical(han_variants):
    """han_variants.tsv: variant -> the form Japanese writes today (髙 -> 高, 學 -> 学), the
    table screening folds a Han name's characters by (terms.c sx_han_canonical)."""
    canon = {}
    with open(han_variants, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            a, b = line.rstrip("\n").split("\t")[:2]
            canon[a.strip()] = b.strip()
    return canon


def traditional_forms(han_variants, unihan):
    """Canonical character -> its traditional form, for the rows of han_variants.tsv
    whose variant is a traditional Chinese character, one Unihan gives a simplified form
    of (kSimplifiedVariant: 實 -> 实, 國 -> 国): a Chinese reading turns the Japanese
    form back to it before simplifying (analyse.c mandarin_text).  Not a glyph variant
    only (髙, 﨑, 邉, 舘), which no simplification knows: 長崎 read chang, its 崎 turned
    to 﨑 and lost."""
    simplified = {a for a, b in unihan_variants(unihan).get("kSimplifiedVariant", [])
                  if b != a}
    out = {}
    for variant, canonical in read_canonical(han_variants).items():
        if variant in simplified and canonical not in out:
            out[canonical] = [variant]
    return out


def hanja_word_readings(hanja_path, canon):
    """Hanja word -> its one Hangul reading, where reading it character by character
    would read it otherwise.  Screening reads a character alone by the reading with the
    most meanings (terms.c load_hanja; 易 is 이, easy), and so does this; a word reads
    by its own (貿易 is 무역, trade), and a character after the first keeps its initial
    ㄹ or ㄴ (新潮流 is 신조류, not 신조유); its first character reads as it does alone.
    Words of two to HANJA_WORD_MAX characters, all
    Han and none a compatibility ideograph (the query is NFKC-normalised), whose
    readings in the table are one: 聯合 is 연합 and 련합, which the characters read
    already (연합) and is left to them.  Keyed by the word's characters folded as
    screening folds a name's (canon: 學校 is looked up as 学校, 高麗 as itself, where
    libhangul writes 高, not the variant 髙); libhangul's own form first where two fold
    alike."""
    chars, words = {}, {}
    for ko, hj, meaning in read_hanja(hanja_path):
        if len(hj) == 1 and len(ko.encode("utf-8")) < 8:
            m = 1 + meaning.count(",")
            if hj not in chars or m > chars[hj][1]:
                chars[hj] = (ko, m)
        elif 2 <= len(hj) <= HANJA_WORD_MAX and len(ko) == len(hj) and \
                all(is_han(ch) and not 0xF900 <= ord(ch) <= 0xFAFF for ch in hj) and \
                all(is_hangul(ch) for ch in ko):
            readings = words.setdefault(hj, [])
            if ko not in readings:
                readings.append(ko)
    out = {}
    for hj, readings in words.items():
        alone = "".join(chars.get(ch, ("", 0))[0] for ch in hj)
        if len(readings) != 1 or len(alone) != len(hj):
            continue
        # The first character reads as it does alone: the table writes South Korea's
        # initial-sound rule (羅先 나선), which North Korean names do not follow (Rason).
        reading = alone[0] + readings[0][1:]
        key = "".join(canon.get(ch, ch) for ch in hj)
        if reading != alone and (key not in out or key == hj):
            out[key] = [reading]
    return out


ORG_TAGS = {"c", "o"}
ORG_GLOSS_OK = re.compile(r"^[a-z0-9][a-z0-9 &'.,-]*[a-z0-9.]$")
MAX_ORG_WORDS = 5
MIN_ORG_READING = 4


def katakana(s):
    """Hiragana to katakana (ENAMDICT writes readings in hiragana, kana names are
    written in katakana)."""
    return "".join(chr(ord(c) + 0x60) if 0x3041 <= ord(c) <= 0x3096 else c for c in s)


def is_kana(ch):
    return 0x3041 <= ord(ch) <= 0x30FF


def is_katakana(ch):
    return 0x30A1 <= ord(ch) <= 0x30FC


ORG_TAG = re.compile(r"/\((?:[a-z]+,)*[co](?:,[a-z]+)*\)")


def read_enamdict(path):
    """name -> list of (reading, tags, senses) for the names that some row tags as a
    company or organisation, in file order; senses are (tags, gloss).  A row without a
    reading is written in kana and reads as written.  Only those names' rows are parsed:
    parsing all 740,000 tripled the time this tool takes."""
    with open(path, encoding="euc_jp", errors="replace") as f:
        lines = f.read().split("\n")
    header = lines[0].strip()
    orgs = {line.split(" ", 1)[0] for line in lines[1:] if ORG_TAG.search(line)}
    out = {}
    for line in lines[1:]:
        if line.split(" ", 1)[0] not in orgs:
            continue
        m = re.match(r"^(\S+)(?: \[([^\]]*)\])? /(.*)/\s*$", line)
        if not m:
            continue
        name, reading, body = m.group(1), m.group(2) or m.group(1), m.group(3)
        tags, senses, cur = set(), [], set()
        for part in body.split("/"):
            t = re.match(r"^\(([a-z,]+)\)\s*", part)
            if t:  # a tag starts a sense (/(c) Toyota Motor/(p) Toyota/); a gloss
                cur = set(t.group(1).split(","))  # without one belongs to the sense before
                tags |= cur
                part = part[t.end():]
            senses.append((cur, part))
        out.setdefault(name, []).append((katakana(reading), tags, senses))
    return out, header


def read_legal_forms(path):
    """The Latin legal forms of legal_forms.tsv (co ltd, corporation, kk), longest first."""
    forms = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            form = line.split("\t")[0].strip()
            if not line.startswith("#") and re.match(r"^[a-z ]+$", form):
                forms.append(form.split())
    return sorted(forms, key=lambda w: (-len(w), w))


def org_gloss(g, legal):
    """An organisation's English name as a term rendering: notes dropped, lower case,
    punctuation as spaces and the legal forms at its end left off (screening ignores a
    list name's legal form, so a rendering that kept Corporation would carry a word no
    list name has); None for a gloss too long to be a name or only a legal form."""
    g = re.sub(r"\s*\([^)]*\)", "", g).strip().lower()
    if not ORG_GLOSS_OK.match(g):
        return None
    words = re.sub(r"[.,]", " ", g).split()
    cut = True
    while cut:
        cut = False
        for form in legal:
            if len(words) > len(form) and words[-len(form):] == form:
                words, cut = words[:-len(form)], True
                break
    if not words or len(words) > MAX_ORG_WORDS:
        return None
    return " ".join(words)


def org_terms(enam, edict, legal):
    """Companies and organisations (tags c, o) written with kanji or kana, 2-16
    characters -> their English names, for names EDICT has no row for; and the same
    under each name's reading in katakana, since kana names write the whole company
    name in kana (ニッポンデンキ for 日本電気), where no term of the written form is
    found.  A name whose rows also tag it otherwise (a surname or place that is a
    company too) is left out: as a term it would translate the name wherever it
    occurs.  Readings shorter than MIN_ORG_READING kana are left out too: they occur
    inside too many unrelated names.  A written name wins over a reading; a reading
    two names share (8: 米国企画協会 and 米国規格協会) carries the English of both, in
    ENAMDICT's order, up to MAX_GLOSSES."""
    out, readings = {}, {}
    for name, rows in enam.items():
        if name in edict or not 2 <= len(name) <= 16:
            continue
        if not all(is_han(ch) or is_kana(ch) for ch in name):
            continue
        if any(not tags or not tags <= ORG_TAGS for _, tags, _ in rows):
            continue
        gl = []
        for _, _, senses in rows:
            for tags, g in senses:
                c = org_gloss(g, legal) if tags & ORG_TAGS else None
                if c and c not in gl and len(gl) < MAX_GLOSSES:
                    gl.append(c)
        if gl:
            out[name] = gl
            for r, _, _ in rows:
                if r != name and len(r) >= MIN_ORG_READING and all(is_katakana(ch) for ch in r):
                    rg = readings.setdefault(r, [])
                    rg += [g for g in gl if g not in rg][:MAX_GLOSSES - len(rg)]
    for r, gl in readings.items():
        if r not in out and r not in edict:
            out[r] = gl
    return out


MAX_LOAN_FORMS = 3
LOAN_WORD = re.compile(r"^[a-z]{3,}$")
SOURCE_TAG = re.compile(r"\((wasei|[a-z]{3}):\s*([^)]*)\)")
ENTRY_TAGS = re.compile(r"\(([a-zA-Z,-]+)\)")
UNUSUAL = {"ik", "ok", "arch", "obs", "obsc", "derog", "sl", "joc", "vulg", "rare"}


def read_loanwords(path, common=None):
    """English word -> the katakana EDICT writes it in (towel -> タオル, mansion ->
    マンション), at most MAX_LOAN_FORMS, the usual ones first.  An entry's word is the
    English source it names ((eng: mansion), (wasei: arm light)), else, for an entry
    without a source (EDICT leaves English loans untagged), the first gloss of its
    first sense; entries from other languages ((fre:), (ger:)), irregular, old or slang
    spellings ((ik), (arch), (sl)) are left out, and so is a source or gloss of more
    than one word.  The gloss of an untagged entry may be its
    meaning rather than its source: the index keeps a form only where it sounds like
    espeak-ng's reading of the word (loan.c).  common, if given, gets each katakana form
    the English words whose entry for it is a common one (P)."""
    cands = {}
    with open(path, encoding="euc_jp", errors="replace") as f:
        for lineno, line in enumerate(f):
            m = re.match(r"^(\S+) /(.*)/\s*$", line)
            if lineno == 0 or not m or not all(is_katakana(ch) and ch != "\u30fb" for ch in m.group(1)):
                continue
            head, body = m.group(1), m.group(2)
            if len(head) < 2:
                continue
            if any(UNUSUAL & set(tags.split(",")) for tags in ENTRY_TAGS.findall(body)):
                continue
            sources = SOURCE_TAG.findall(body)
            if any(lang not in ("eng", "wasei") for lang, _ in sources):
                continue
            if sources:
                words = [w.strip().lower() for _, w in sources]
            else:
                first = body.split("/")[0]
                first = re.sub(r"\(2\).*", "", first)
                g = clean_gloss(first)
                words = [g] if g else []
            rank = (0 if "/(P)" in body else 1, len(head), head)
            for w in words:
                if LOAN_WORD.match(w):
                    cands.setdefault(w, []).append(rank)
                    if common is not None and rank[0] == 0:
                        common.setdefault(head, set()).add(w)
    return {w: [h for _, _, h in sorted(r)[:MAX_LOAN_FORMS]] for w, r in cands.items()}


def read_article(path):
    """English "the" -> the katakana EDICT writes the article in (ザ /(unc) (1) the
    (eng:)/), a one-kana entry that read_loanwords leaves out with the rest of them:
    what a kana name says for a leading "The" (ザ・パック, THE PACK), filed with the
    loanwords so that screening reads it as the article of name_words.tsv."""
    out = {}
    with open(path, encoding="euc_jp", errors="replace") as f:
        for line in f:
            m = re.match(r"^(\S) /(.*)/\s*$", line)
            if not m or not is_katakana(m.group(1)):
                continue
            first = m.group(2).split("/")[0]
            if ("eng", "") in SOURCE_TAG.findall(first) and clean_gloss(first) == "the":
                out.setdefault("the", []).append(m.group(1))
    return out


def read_ampersand(path):
    """English word -> the katakana EDICT reads "＆" in, from its entry for the sign
    (＆ [アンド] /(conj) (uk) and/): what a kana name says for the "&" of T&K, filed
    with the loanwords so that screening reads it as the connective it glosses."""
    out = {}
    with open(path, encoding="euc_jp", errors="replace") as f:
        for line in f:
            m = re.match(r"^＆ \[([^\]]*)\] /(.*)/\s*$", line)
            if not m:
                continue
            g = clean_gloss(m.group(2).split("/")[0])
            forms = [katakana(r) for r in m.group(1).split(";")]
            if g and LOAN_WORD.match(g):
                out.setdefault(g, []).extend(k for k in forms if all(is_katakana(ch) for ch in k))
    return out


def katakana_loans(loans, taken, common):
    """Katakana -> the English word it writes (サービス -> service, マネジメント ->
    management), the reverse of read_loanwords: kana names write English words in katakana.  Only forms
    of three morae or more, not already a key (taken), that write one English word, or
    several of which exactly one has a common entry (P) for the form, as the Korean
    bridge takes a hanja word (リース is lease (P) and wreath: lease)."""
    words = {}
    for w, forms in loans.items():
        for k in forms:
            words.setdefault(k, set()).add(w)
    out = {}
    for k, ws in words.items():
        if k in taken or sum(ch not in SMALL_KANA for ch in k) < 3:
            continue
        usual = ws & common.get(k, set()) if len(ws) > 1 else ws
        if len(usual) == 1:
            out[k] = [next(iter(usual))]
    return out


def cldr_countries(language):
    """Country names in language (ja, ko, zh) -> their English names, both CLDR's through
    ICU (PyICU, Debian python3-icu: the same ICU data the library reads English country
    names with, src/lib/screen/country.c).  EDICT has 露西亜 but not ロシア, and
    libhangul's hanja no 러시아, as METI writes ロシアヘリコプター for Russian Helicopters.
    A name that holds a space or a mark (ミャンマー (ビルマ), アンティグア・バーブーダ)
    is no one word and is left out, and so are names of one character and kana names
    under three morae; the English name loses its parenthesis (Myanmar
    (Burma)) and its accents, and writes & as and."""
    import icu  # Debian's python3-icu: imported here, as only this table needs it
    out = {}
    for code in icu.Locale.getISOCountries():
        region = icu.Locale("und_" + code)
        name = region.getDisplayCountry(icu.Locale(language))
        english = region.getDisplayCountry(icu.Locale("en"))
        if not name or not all(is_han(c) or is_hangul(c) or is_kana(c) for c in name) or \
                "・" in name or len(name) < 2:
            continue
        # Kana names under three morae occur inside unrelated names (タイ, Thailand, in
        # タイヨウ and マルタイ), as katakana_loans() leaves out ドア.
        if all(is_kana(c) for c in name) and sum(c not in SMALL_KANA for c in name) < 3:
            continue
        english = re.sub(r"\s*\(.*\)", "", english).replace("&", "and")
        english = unicodedata.normalize("NFKD", english).encode("ascii", "ignore").decode()
        english = re.sub(r"[^a-z ]+", " ", english.lower()).split()
        if english:
            out.setdefault(name, []).append(" ".join(english))
    return out


def write(path, header_lines, rows, third=None):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for h in header_lines:
            f.write("# " + h + "\n")
        for k in sorted(rows):
            f.write(k + "\t" + "|".join(rows[k]) + ("\t" + third[k] if third else "") + "\n")
    os.replace(tmp, path)


def audit(terms_dir, dict_dir):
    """Each row of ko_terms.tsv and ja_terms.tsv against the dictionary tables: 'same' when
    the dictionary gives its renderings in the same order (the row adds nothing),
    'other' when it renders the word otherwise (the row holds the list names' usage),
    'none' when it has no entry."""
    for tab, dp in (("ko_terms.tsv", "ko_dict.tsv"), ("ja_terms.tsv", "ja_dict.tsv")):
        d = {}
        with open(os.path.join(dict_dir, dp), encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#"):
                    p = line.rstrip("\n").split("\t")
                    d[p[0]] = p[1].split("|")
        with open(os.path.join(terms_dir, tab), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or "\t" not in line:
                    continue
                k, v = line.rstrip("\n").split("\t", 1)
                r = [x.strip().lower() for x in v.split("|")]
                st = "none" if k not in d else "same" if d[k][:len(r)] == r else "other"
                print(f"{tab}\t{k}\t{st}\t{v}\t{'|'.join(d.get(k, []))}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--audit":
        audit(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) != 11:
        sys.exit("usage: dict_terms.py EDICT KANJIDIC HANJA HAN_VARIANTS UNIHAN_VARIANTS "
                 "ENAMDICT LEGAL_FORMS PINYIN ZH_TERMS OUTDIR")
    (edict_p, kanjidic_p, hanja_p, variants_p, unihan_p, enam_p, legal_p, pinyin_p,
     zh_terms_p, outdir) = sys.argv[1:]
    readings = {}
    edict, eh = read_edict(edict_p, readings)
    var, kh = read_variants(kanjidic_p, variants_p, unihan_p)
    enam, nh = read_enamdict(enam_p)
    os.makedirs(outdir, exist_ok=True)
    note = ["Generated by tools/dict_terms.py; do not edit (make regenerates it).",
            "EDRDG dictionaries, CC BY-SA 4.0 (https://www.edrdg.org/edrdg/licence.html):",
            eh, kh]
    cldr = "CLDR's country names through ICU (Unicode-3.0 licence), where the rest has no row"
    ja = {w: g for w, (g, _) in edict.items()}
    ja.update(org_terms(enam, edict, read_legal_forms(legal_p)))
    ja.update(kana_words(readings, ja, name_readings(enam_p)))
    common = {}
    loans = read_loanwords(edict_p, common)
    ja.update(katakana_loans(loans, ja, common))
    ja.update({w: g for w, g in cldr_countries("ja").items() if w not in ja})
    write(os.path.join(outdir, "ja_dict.tsv"),
          note + [nh, cldr, "kanji word, or company name or its reading, or a kanji word's "
                      "reading in katakana<TAB>English glosses"], ja)
    write(os.path.join(outdir, "ja_kana.tsv"),
          note + [nh, "a reading in katakana of Han words in companies' names<TAB>their "
                      "English glosses, the word in more names first (see trade_readings())"],
          trade_readings(readings, enam))
    write(os.path.join(outdir, "ja_loan.tsv"),
          note[:3] + ["English word<TAB>the katakana EDICT writes it in, usual first "
                      "(and: its reading of ＆; the: its one-kana ザ)"],
          {**read_ampersand(edict_p), **read_article(edict_p), **loans})
    ko = bridge(hanja_p, edict, var)
    ko.update({w: ("", g) for w, g in cldr_countries("ko").items() if w not in ko})
    write(os.path.join(outdir, "ko_dict.tsv"),
          note + ["with libhangul's hanja.txt (BSD-3-Clause), Choe Hwanjin", cldr,
                  "hangul word<TAB>English glosses<TAB>the hanja word bridged (연구 -> 研究)"],
          {k: g for k, (h, g) in ko.items()}, {k: h for k, (h, g) in ko.items()})
    write(os.path.join(outdir, "ko_hanja.tsv"),
          ["Generated by tools/dict_terms.py; do not edit (make regenerates it).",
           "libhangul's hanja.txt (BSD-3-Clause), Choe Hwanjin",
           "hanja word<TAB>its Hangul reading, where its characters read alone read it "
           "otherwise (see hanja_word_readings())"],
          hanja_word_readings(hanja_p, read_canonical(variants_p)))
    write(os.path.join(outdir, "han_traditional.tsv"),
          ["Generated by tools/dict_terms.py; do not edit (make regenerates it).",
           "data/terms/han_variants.tsv with Unicode's Unihan_Variants (Unicode licence)",
           "canonical Han character<TAB>its traditional form, one Unihan simplifies "
           "(see traditional_forms())"],
          traditional_forms(variants_p, unihan_p))
    write(os.path.join(outdir, "ko_sino.tsv"),
          ["Generated by tools/dict_terms.py; do not edit (make regenerates it).",
           "libhangul's hanja.txt (BSD-3-Clause), Choe Hwanjin",
           "Hangul syllable that reads a hanja alone<TAB>the hanja words it reads in "
           "(see sino_syllables())"],
          sino_syllables(hanja_p))
    pinyin, ph = read_pinyin(pinyin_p)
    rime = ["Generated by tools/dict_terms.py; do not edit (make regenerates it).",
            "Rime pinyin_simp dictionary, Apache-2.0 (Debian rime-data-pinyin-simp): " + ph]
    write(os.path.join(outdir, "zh_pinyin.tsv"),
          rime + ["simplified Chinese word<TAB>its pinyin, syllables apart"],
          {k: [v] for k, v in pinyin.items()})
    zh = chinese_glosses(pinyin, edict, chinese_variants(var, unihan_p))
    zh.update(read_hand_rows(zh_terms_p))
    zh.update({w: g for w, g in cldr_countries("zh").items() if w not in zh})
    write(os.path.join(outdir, "zh_dict.tsv"),
          rime + note[1:] + [cldr, "simplified Chinese word<TAB>EDICT's English glosses of it"], zh)
    write(os.path.join(outdir, "ja_kanji.tsv"),
          note[:2] + [kh, "kanji<TAB>its reading alone in katakana: the first on reading, "
                      "else the first kun (械 -> カイ)"], kanji_readings(kanjidic_p))
    only, shared = japanese_forms(kanjidic_p)
    opencc = "by OpenCC's conversion (Debian opencc, Apache-2.0)"
    write(os.path.join(outdir, "zh_ja_chars.tsv"),
          note[:2] + [kh, opencc + ", read backwards",
                      "simplified Chinese character Japanese does not write<TAB>its Japanese "
                      "form (电 -> 電)"], only)
    write(os.path.join(outdir, "zh_ja_shared.tsv"),
          note[:2] + [kh, opencc,
                      "simplified Chinese character Japanese writes as another<TAB>its "
                      "Japanese form in a Chinese text (机 -> 機)"], shared)


if __name__ == "__main__":
    main()

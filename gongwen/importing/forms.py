"""The written forms of a 公文's elements, as GB/T 9704-2012 and practice set them and copies damage them.

Sequence markers, 文号 in every form met on the web, 令号 and 期号, 文种, organ names and positions, the
formulas that close a text: the patterns the recogniser and the builder read a document by.
"""

from __future__ import annotations

import re

from gongwen.importing.chinese import DATE, number_value

CN = "一二三四五六七八九十百"
HEADING_MARKERS = (
    (1, re.compile(rf"^([{CN}]+)\s*[、.．，,]")),
    (2, re.compile(rf"^[（(]\s*([{CN}]+)\s*[）)]\s*[、.．]?")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、﹒](?!\d)")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?")),
)
# What offices put round a 文号's year: 〔〕 as the standard says, or [], （）, 【】, or Word's small ﹝﹞.
YEAR_OPEN, YEAR_CLOSE = r"[〔\[(（【﹝]", r"[〕\])）】﹞]"
DOC_NUMBER = re.compile(rf"[\u4e00-\u9fff]+\s*{YEAR_OPEN}\s*(\d{{4}})\s*{YEAR_CLOSE}\s*第?\s*0*(\d+)\s*号")
BARE_NUMBER = re.compile(rf"^{YEAR_OPEN}\s*\d{{4}}\s*{YEAR_CLOSE}\s*第?\s*\d+\s*[号期]$")  # 纪要: 〔2024〕3号
ORDER_NUMBER = re.compile(r"^[（(]?\s*(?:[一二三四五六七八九十]+届)?第\s*([\d一二三四五六七八九十百〇零]+)\s*([号期])"
                          r"\s*[）)]?$")
# A 命令's 标志 with its 令号 on one line, as web pages print it: 湖北省人民政府令（第52号）
ORDER_MARK = re.compile(r"^(.{2,30}?令)\s*[（(]?\s*((?:[一二三四五六七八九十]+届)?第\s*[\d一二三四五六七八九十百〇零]+"
                        r"\s*号)\s*[）)]?$")
# 文号 in forms older than GB/T 9704-2012, or written without brackets: (78)交公路字412号, 屈政发2018122
OLD_NUMBER = re.compile(rf"^{YEAR_OPEN}\s*\d{{2,4}}\s*{YEAR_CLOSE}\s*[\u4e00-\u9fff]{{1,10}}字?第?\s*\d+\s*号$"
                        r"|^[\u4e00-\u9fff]{1,8}(?:19|20)\d{2}\d{1,4}号?$")
PRINT_LINE = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*印发$")
GLOSSARY_ENTRY = re.compile(r"^(\d+)\s*[.．、]\s*([^：:]{1,30})[：:](.+)$")
ATTENDANCE = re.compile(r"^(出席|请假|列席|缺席|参加|记录)(?:人员|单位|领导)?\s*[：:]")
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*([\d一二三四五六七八九十]*)$")  # §7.3.7: no colon
ATTACHMENT_NOTE = re.compile(r"^附\s*(?:件|图|表)?\s*[：:]")
# Two spaces or more, or one wide space, between names; Word's no-break, en and em spaces count (a joint 署名
# laid out in Word is often spaced with them).
WIDE_GAP = re.compile(r"[ \u00a0\u2002\u2003\u3000\t]{2,}|[\u2003\u3000\t]")
# An article of a regulation-style text (《立法技术规范》: 章、节、条、款、项): 第十二条 ……, or a section of a
# text numbered the decimal way (1　总则, 2.1.1　职责): its （一） and （1） are items, numbered within it.
ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条|^\d+(?:\.\d+)*[ \u3000]+[\u4e00-\u9fff]")
# A chapter of a regulation-style text (第一章　总则): it may stand between the title and the first article.
CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇\d]+章")
# 文种 (《党政机关公文处理工作条例》§8), and the names of documents they issue.
KINDS = ("决议", "决定", "命令", "令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
         "议案", "函", "纪要", "答复")  # 答复: the reply to a proposal or motion, in practice a 函
ISSUED_KINDS = ("方案", "办法", "规定", "规划", "细则", "规则", "条例", "计划", "纲要", "要点", "制度", "规程",
                "标准", "指引", "指南", "清单", "目录", "守则", "章程", "准则", "报告", "名单", "意见", "措施", "预案")
TITLE_END = re.compile(rf"(?:{'|'.join(KINDS + ISSUED_KINDS)})(?:[（(][^）)]{{1,20}}[）)])?$")
_SENTENCE_END = re.compile(r"[。！？!?]")
SENTENCE = re.compile(r"[。；！？]")
# Positions a 签名章 or a personal addressee names (§7.3.5.3): 总理　李克强, 马万祺副主席.
POSITIONS = ("总理|主席|委员长|部长|主任|省长|市长|州长|盟长|县长|区长|旗长|镇长|乡长|书记|局长|厅长|署长|行长|院长|"
             "会长|组长|司长|检察长|审计长|秘书长|理事长|社长|校长|处长|科长|所长|站长")
# What the names in a 主送 or a 署名 end with: organs, their offices, groups of people and single addressees.
ORGAN = re.compile(rf"(?:政府|委员会|委|办公厅|办公室|办|局|厅|部|院|署|会|中心|单位|机构|公司|企业|学校|大学|村|镇|乡|"
                   rf"街道|社区|代表|委员|同志|先生|女士|集团|居民|部门|处|科|室|所|站|队|团|社|党组|组织|管委会|行|庭|"
                   rf"省|市|县|区|州|盟|旗|会议|{POSITIONS})(?:[（(][^）)]*[）)])?(?:[，,、]|$)")
# Markdown heading and quote marks, table bars and broken entities at either end of a line.
WRAPPING = re.compile(r"^(?:#{1,6}\s+|>\s*|[|｜]\s*)+|(?:\s*(?:[|｜]|&[a-z]{1,8};))+$")
# The formulas that close a text (特此通知。此复。), never a 署名.
CLOSING_FORMULA = re.compile(r"^(?:特此|此复|此函|专此|妥否|请予)")
# A 签名章 line (§7.3.5.3): the signer's 职务, then the name — one signature, not two organs.
SIGNED = re.compile(rf"^(?:\S{{0,20}}(?:{POSITIONS}))[ \u3000\t]*(\S{{2,4}})$")
TITLE_VERB = re.compile(r"关于|转发|印发|批转|发布|公布|颁布")
# A title followed by its own 文号 in brackets, as web pages print it: …的通知（岳办发〔2017〕2号）
TITLE_NUMBER = re.compile(r"[（(]\s*([^（）()]*\d+\s*号)\s*[）)]$")
RUN_IN_MAX = 30  # a run-in heading is a short first sentence (practice: 4–20 characters)



def heading_marker(text: str) -> tuple[int, str, int] | None:
    """(level, marker text, its number) when `text` opens with a sequence marker."""
    for level, pattern in HEADING_MARKERS:
        match = pattern.match(text)
        if match:
            return level, match.group(), number_value(match.group(1))
    return None


def run_in_length(text: str, marker: str) -> int:
    """Length (marker included) of a run-in heading at the start of `text`; 0 when there is none.

    A run-in heading is a short first sentence followed by more text in the same paragraph:
    `（一）强化监督。各地要……` (practice: GB/T 15834 Annex B's 序次语 then a 。-ended lead).
    """
    rest = text[len(marker):]
    end = _SENTENCE_END.search(rest)
    if end is None or end.end() >= len(rest.rstrip()):
        return 0
    head = rest[:end.end()]
    if len(head) > RUN_IN_MAX or (len(head) > 24 and re.search(r"[，；]", head)):
        return 0
    if re.fullmatch(r"\s*(?:[（(][^（）()]*[）)])+\s*", rest[end.end():]):
        return 0  # one sentence and a bracketed note (（负责部门：税务总局）): an item, not heading and text
    return len(marker) + len(head)


def is_number_line(text: str) -> bool:
    """A 发文字号 line: the number alone (perhaps bracketed or beside the date), or with the 签发人 of a 上行文."""
    number = DOC_NUMBER.search(text)
    if number:
        rest = DATE.sub("", text[:number.start()] + text[number.end():])
        return len(rest.strip("()（）　 ")) == 0 or bool(re.match(r"^[　\s]*签发人[：:]", text[number.end():]))
    bare = text.strip("　 ")
    bare = bare[1:-1].strip() if re.fullmatch(r"[（(].*[）)]", bare) and not BARE_NUMBER.match(bare) else bare
    return bool(BARE_NUMBER.match(bare) or OLD_NUMBER.match(bare))


def is_order_number(text: str) -> bool:
    """A 命令's 令号 (第12号), not a 纪要's 期号 (第42期)."""
    match = ORDER_NUMBER.match(text)
    return bool(match) and match.group(2) == "号"


def document_format(marks: list[str], title: str, number: str, ordered: bool) -> str:
    """The format (GB/T 9704 §10): a 令 by its 标志 or 令号 (`ordered`), a 纪要 by its 标志 or title, a 函 — or
    a document whose 文号 carries 函 (国函, 国办函, 政办函) — in 信函格式 unless its 标志 says 文件; else 文件格式."""
    mark = marks[-1] if marks else ""
    if ordered or mark.endswith("令"):
        return "命令"
    if mark.endswith("纪要") or title.endswith("纪要"):
        return "纪要"
    if mark.endswith("文件"):
        return "文件"
    organ = number.split("〔")[0]
    return "信函" if title.endswith(("函", "答复")) or "函" in organ else "文件"


def clean(text: str) -> str:
    """A block's text without what pages wrap around it: Markdown's “# ” and “> ”, table bars, stray entities."""
    return WRAPPING.sub("", text.strip()).strip()


def signature_like(text: str) -> bool:
    """A 署名: an organ's name, or a 签名章's 职务 and name (§7.3.5)."""
    names = [n for n in re.split(r"[ \u3000\t]{2,}|\u3000", text) if n.strip()]
    return organ_like(text) and not CLOSING_FORMULA.match(text) and (
        all(ORGAN.search(n.strip()) for n in names) or bool(SIGNED.match(text)))


def organ_like(text: str) -> bool:
    """A name standing alone: no sentence punctuation, not too long (a 署名, an item of a name list)."""
    return 0 < len(text) <= 40 and not re.search(r"[，。；：！？、,;:!?《》]", text)

# Around a table: its title (表1　……), its unit (单位：万元), its notes (注：……, 资料来源：……).
TABLE_CAPTION = re.compile(r"^续?表\s*(\d+)[\s\u3000]*(.*)$")
TABLE_UNIT = re.compile(r"^(?:计量)?单位\s*[：:]\s*\S.{0,20}$")
TABLE_NOTE = re.compile(r"^(?:注|附注|说明|备注|资料来源|数据来源|来源)\s*\d*\s*[：:]")


def attachment_items(text: str) -> tuple[list[str], list[str]]:
    """The attachment names on a line of the 附件说明, and a 署名 set on the same line: offices type the
    second name, and even the 署名, after a run of spaces in the paragraph of the first
    (附件：1. 评价体系表      2. 评价操作表          中国银监会浙江监管局)."""
    text = text.strip()
    cuts = [m.span() for m in WIDE_GAP.finditer(text) if m.end() - m.start() >= 2]
    bounds = [0] + [i for span in cuts for i in span] + [len(text)]
    parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    spans, organs = parts[:1], []
    for number, (start, end) in enumerate(parts[1:], 2):
        part = text[start:end]
        if re.match(r"\d+\s*[.．、]", part):
            spans.append((start, end))
        elif number == len(parts) and ORGAN.search(part) and organ_like(part):
            organs.append(part)
        else:
            spans[-1] = (spans[-1][0], end)  # spacing inside a name, kept as typed
    items = [re.sub(r"^\d+\s*[.．、]\s*", "", text[a:b]).rstrip("。；;，,") for a, b in spans]
    return [item for item in items if item], organs

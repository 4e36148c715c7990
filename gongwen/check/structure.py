"""1xx — structure and metadata (GB/T 9704-2012 §7): 发文字号, 版头 codes, title, 主送, 附件, 附注, 版记, glossary."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from gongwen.check.registry import Edit, Finding, rule
from gongwen.check.units import Document
from gongwen.importing.forms import BARE_NUMBER, attachment_items
from gongwen.model.document import PLACEHOLDER, SECRECY

# A 文号 with whatever stands for its brackets (〔〕, [], （）, ﹝﹞, or a converter's „‟).
_NUMBER_ANY = re.compile(r"([\u4e00-\u9fff]{1,12})\s*([^\w\s，。；：、])\s*(\d{4})\s*([^\w\s，。；：、])"
                         r"\s*(第?)\s*(\d+)\s*号")
_NUMBER_OK = re.compile(r"^[^〔〕\[\]【】（）()]+〔\d{4}〕[1-9]\d*号$")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


# 命令 and 纪要 number their issues in sequence instead of a 发文字号.
_SERIALS = {"命令": (re.compile(r"^第[1-9]\d*号$"), "令号应写作“第12号”（阿拉伯数字，不编虚位）"),
            "纪要": (re.compile(r"^第[1-9]\d*期$"), "期号应写作“第42期”（阿拉伯数字，不编虚位）")}


def _normal_number(match: re.Match) -> str:
    organ, _, year, _, _, serial = match.groups()
    return f"{organ}〔{year}〕{int(serial)}号"


@rule("GW101", "doc-number-form", clause="GB/T 9704-2012 §7.2.4", fix="safe")
def doc_number_form(doc: Document) -> Iterator[Finding]:
    """发文字号写作“代字〔年份〕序号号”：六角括号〔〕，不加“第”，不编虚位——国发〔2020〕1号。

    为什么：GB/T 9704 §7.2.4 规定了发文字号的形式；(2020)、[2020]、第01号是版头上最常见的错误。
    命令格式的令号写作“第12号”，纪要格式的期号写作“第42期”（§10.2、§10.3）。
    示例：通政发(2020)01号
    改为：通政发〔2020〕1号
    修复：安全——统一括号、删去“第”和虚位，保留发文机关代字。
    """
    for unit in doc.role("number"):
        serial = _SERIALS.get(doc.format)
        if serial:  # a 令号 or 期号 (§10.2, §10.3)
            pattern, message = serial
            if not (pattern.match(unit.text.strip()) or doc.format == "纪要" and BARE_NUMBER.match(unit.text.strip())):
                yield Finding(unit, 0, len(unit.text), message)
            continue
        match = _NUMBER_ANY.search(unit.text)
        if match is None and BARE_NUMBER.match(unit.text.strip()):
            continue  # a 纪要's number has no 代字 (§10.3)
        if match is None:
            yield Finding(unit, 0, len(unit.text), "发文字号应为“代字〔年份〕序号号”，如“国发〔2020〕1号”")
            continue
        right = _normal_number(match)
        if match.group() != right:
            yield Finding(unit, match.start(), match.end(),
                          f"发文字号应为“{right}”（六角括号〔〕，不加“第”，不编虚位）",
                          Edit(match.start(), match.end(), right))


@rule("GW102", "doc-number-in-text", clause="GB/T 9704-2012 §7.2.4", fix="safe")
def doc_number_in_text(doc: Document) -> Iterator[Finding]:
    """正文中引用的发文字号也用同样的形式：国办发〔2023〕5号，而不是国办发（2023）5号。

    为什么：GB/T 9704 §7.2.4 适用于文号的每一次引用；括号不一致显得草率，也不便检索。
    示例：根据《通知》（国办发（2023）5号）
    改为：根据《通知》（国办发〔2023〕5号）
    修复：安全。
    """
    for unit in doc.units:
        if unit.role == "number" or "号" not in unit.text:  # every 文号 ends in 号
            continue
        for match in _NUMBER_ANY.finditer(unit.text):
            right = _normal_number(match)
            if match.group() != right:
                yield Finding(unit, match.start(), match.end(), f"文号应写作“{right}”",
                              Edit(match.start(), match.end(), right))


@rule("GW103", "doc-number-inconsistent", severity="warning", clause="GB/T 9704-2012 §7.2.4")
def doc_number_inconsistent(doc: Document) -> Iterator[Finding]:
    """同一发文字号在全文中写法一致。

    为什么：一个文号两种写法（网页上“通政发(2020)1号”，版头上“通政发〔2020〕1号”），读者会怀疑是两份文件。
    示例：通政发〔2020〕1号 …… 通政发(2020)1号
    改为：全文都写“通政发〔2020〕1号”
    修复：无——由 GW101、GW102 分别修复各处写法。
    """
    seen: dict[tuple[str, int], list[tuple[str, str]]] = {}  # (year, serial) → (代字, written form), first first
    for unit in doc.units:
        for match in _NUMBER_ANY.finditer(unit.text) if "号" in unit.text else ():
            organ, year, serial = match.group(1), match.group(3), int(match.group(6))
            form = match.group()[len(organ):]
            # The 代字 pattern may take in preceding words ("本通知即通政发"): compare by suffix.
            numbered = seen.setdefault((year, serial), [])
            same = next((s for s in numbered if organ.endswith(s[0]) or s[0].endswith(organ)), None)
            if same is None:
                numbered.append((organ, form))
            elif same[1] != form:
                yield Finding(unit, match.start() + len(organ) - len(same[0]), match.end(),
                              f"同一文号写法不一致：“{match.group()[len(organ) - len(same[0]):]}”"
                              f"与“{same[0]}{same[1]}”")


@rule("GW104", "masthead-codes", clause="GB/T 9704-2012 §7.2.1–7.2.3")
def masthead_codes(doc: Document) -> Iterator[Finding]:
    """份号是6位阿拉伯数字（000001）；密级为绝密、机密、秘密，保密期限用阿拉伯数字（机密★1年）；紧急程度为特急或加急。

    为什么：GB/T 9704 §7.2.1～7.2.3 规定了这些标识的写法，便于一眼识别和机器处理。
    示例：机密★一年
    改为：机密★1年
    修复：无。
    """
    checks = {"copy-number": (re.compile(r"^\d{6}$"), "份号应为6位阿拉伯数字，如“000001”"),
              "secrecy": (SECRECY, "密级应为“绝密”“机密”“秘密”，保密期限用阿拉伯数字，如“机密★1年”"),
              "urgency": (re.compile(r"^(特急|加急)$"), "紧急程度应为“特急”或“加急”")}
    for role, (pattern, message) in checks.items():
        for unit in doc.role(role):
            if not pattern.match(unit.text.strip()):
                yield Finding(unit, 0, len(unit.text), message)


TITLES = ("title", "issued-title", "attachment-title")


@rule("GW105", "title-punctuation", clause="GB/T 9704-2012 §7.3.1 (practice)", fix="safe")
def title_punctuation(doc: Document) -> Iterator[Finding]:
    """标题末尾不加标点。

    为什么：公文标题是名称而不是句子；末尾的句号多是从正文复制时带来的。
    示例：省委 省政府关于加强安全生产工作的通知。
    改为：省委 省政府关于加强安全生产工作的通知
    修复：安全——删去末尾标点。标题被拆成几行时，只看最后一行的末尾。
    """
    for role in TITLES:
        for run in doc.runs(role):
            last = run[-1]
            text = last.text.rstrip()
            if text and text[-1] in "。，、；：！？.,;:":
                yield Finding(last, len(text) - 1, len(text), "标题末尾不加标点", Edit(len(text) - 1, len(text), ""))


@rule("GW115", "title-inner-punctuation", severity="warning", clause="practice (《国家行政机关公文处理办法》2000)")
def title_inner_punctuation(doc: Document) -> Iterator[Finding]:
    """标题中一般只用书名号、引号、括号、连接号和间隔号，一般不用、，。；：！？（警告：“一般”不是“不得”）。

    为什么：2000年的《国家行政机关公文处理办法》规定标题中除法规、规章名称加书名号外一般不用标点；现行的
    GB/T 9704-2012 没有这一条，许多机关仍照此执行。联合发文的机关名称之间常用空格，用顿号的也不少见。
    示例：省委、省政府关于加强安全生产工作的通知
    改为：省委 省政府关于加强安全生产工作的通知（或保留原样）
    修复：无。
    """
    for role in TITLES:
        for run in doc.runs(role):
            for unit in run:
                text = unit.text.rstrip()
                end = len(text) - 1 if unit is run[-1] else len(text)
                for match in re.finditer(r"[、，。；：！？]", text[:end]):
                    yield Finding(unit, match.start(), match.end(),
                                  f"标题中一般不用“{match.group()}”（“一般”：可以保留）")


@rule("GW106", "recipients-colon", clause="GB/T 9704-2012 §7.3.2", fix="safe")
def recipients_colon(doc: Document) -> Iterator[Finding]:
    """主送机关（和讲话稿的称谓）以全角冒号“：”结束。

    为什么：GB/T 9704 §7.3.2。
    示例：各区人民政府:
    改为：各区人民政府：
    修复：安全。
    """
    if doc.kind == "yaml":
        return  # the colon is added by the layout
    for unit in doc.role("recipients", "salutation"):
        text = unit.text.rstrip()
        if not text.endswith("："):
            end = len(text) - (1 if text.endswith((":", "，", ",", "。")) else 0)
            yield Finding(unit, end, len(text), "主送机关（称谓）末尾应为全角冒号“：”", Edit(end, len(text), "："))


@rule("GW107", "attachment-note-form", clause="GB/T 9704-2012 §7.3.4", fix="safe")
def attachment_note_form(doc: Document) -> Iterator[Finding]:
    """附件说明写作“附件：名称”，多个附件写作“附件：1.名称”“2.名称”——序号后用下脚点，名称后不加标点。

    为什么：GB/T 9704 §7.3.4；附件名称与附件标题一致，后面不加标点。
    示例：附件：1、安全检查方案；
    改为：附件：1.安全检查方案
    修复：安全——改正序号后的标点，删去名称后的标点。
    """
    for unit in doc.role("attachment"):
        text = unit.text.rstrip()
        wrong = re.search(r"(?:^附件[：:]\s*|^)(\d+)([、，．,])", text)
        if wrong:
            yield Finding(unit, wrong.start(2), wrong.end(2), "附件序号后应用“.”",
                          Edit(wrong.start(2), wrong.end(2), "."))
        if text and text[-1] in "。；;，,、.":
            yield Finding(unit, len(text) - 1, len(text), "附件名称后不加标点", Edit(len(text) - 1, len(text), ""))
        if text.startswith("附件:"):
            yield Finding(unit, 2, 3, "“附件”后应为全角冒号“：”", Edit(2, 3, "："))


@rule("GW108", "note-form", clause="GB/T 9704-2012 §7.3.6", fix="safe")
def note_form(doc: Document) -> Iterator[Finding]:
    """附注用全角圆括号括起：（此件公开发布）。

    为什么：GB/T 9704 §7.3.6。
    示例：(此件公开发布)
    改为：（此件公开发布）
    修复：安全。
    """
    for unit in doc.role("note", "glossary-note"):
        text = unit.text.rstrip()
        if doc.kind == "yaml":
            continue  # brackets are added by the layout
        if text.startswith("(") or text.endswith(")"):
            fixed = "（" + text.strip("()（）") + "）"
            yield Finding(unit, 0, len(text), "附注应使用全角括号“（）”", Edit(0, len(text), fixed))


@rule("GW109", "cc-form", clause="GB/T 9704-2012 §7.4.2", fix="safe")
def cc_form(doc: Document) -> Iterator[Finding]:
    """抄送写作“抄送：机关，机关。”——全角冒号，机关之间用逗号，末尾加句号。

    为什么：GB/T 9704 §7.4.2。
    示例：抄送:市委办公厅、市人大常委会办公厅
    改为：抄送：市委办公厅，市人大常委会办公厅。
    修复：冒号和末尾句号可安全修复。
    """
    if doc.kind == "yaml":
        return
    for unit in doc.role("cc"):
        text = unit.text.rstrip()
        if text.startswith("抄送:"):
            yield Finding(unit, 2, 3, "“抄送”后应为全角冒号“：”", Edit(2, 3, "："))
        if not text.endswith("。"):
            yield Finding(unit, len(text), len(text), "抄送机关末尾应加句号“。”", Edit(len(text), len(text), "。"))


@rule("GW110", "glossary-term-used", clause="practice (政府工作报告名词解释)")
def glossary_term_used(doc: Document) -> Iterator[Finding]:
    """名词解释中的每个名词都在所解释的正文中出现。

    为什么：正文中没有的名词无须解释，多半说明正文改过了。
    示例：名词解释列了“七有五性”，报告中却没有
    改为：删去该条，或按正文的写法修改名词
    修复：无。
    """
    text = _issued_text(doc)
    for unit in doc.role("glossary-term"):
        if unit.text.strip() not in text:
            yield Finding(unit, 0, len(unit.text), f"名词“{unit.text.strip()}”在正文中没有出现")


@rule("GW111", "glossary-order", clause="practice (按在报告中出现的先后顺序排列)")
def glossary_order(doc: Document) -> Iterator[Finding]:
    """名词解释注明“按在报告中出现的先后顺序排列”时，各条按在正文中第一次出现的先后排列。

    为什么：文件对读者作了承诺，顺序错了就失信了。
    示例：6.七有五性 …… 7.一刻钟社区服务圈——但“一刻钟社区服务圈”出现得更早
    改为：按出现先后编号（YAML 内容由程序自动编号）
    修复：无。
    """
    if doc.kind == "yaml" or not any("先后顺序" in u.text for u in doc.role("glossary-note")):
        return
    text = _issued_text(doc)
    terms = [(u, text.find(u.text.strip())) for u in doc.role("glossary-term")]
    found = [(u, at) for u, at in terms if at >= 0]
    expected = sorted(found, key=lambda item: item[1])
    for position, ((unit, _), (right, _)) in enumerate(zip(found, expected, strict=True), 1):
        if unit is not right:
            yield Finding(unit, 0, len(unit.text), f"按出现先后，第{position}条应为“{right.text.strip()}”")


@rule("GW112", "date-order", clause="GB/T 9704-2012 §7.3.5.4, §7.4.3")
def date_order(doc: Document) -> Iterator[Finding]:
    """成文日期不晚于印发日期。

    为什么：文件不可能在签发之前印发。
    示例：成文日期2024年3月6日，印发日期2024年3月5日
    改为：印发日期不早于成文日期
    修复：无。
    """
    signed = _unit_date(doc.first("date"))
    printer = doc.first("printed-date") or doc.first("printer")
    printed = _unit_date(printer)
    if signed and printed and signed > printed:
        yield Finding(printer, 0, len(printer.text),
                      f"印发日期早于成文日期（{signed.year}年{signed.month}月{signed.day}日）")


@rule("GW113", "placeholder", clause="gongwen import")
def placeholder(doc: Document) -> Iterator[Finding]:
    """导入时原文中没有找到的要素，YAML 中填的是“【待填写：…】”：填写后才能正式生成。

    为什么：原文缺少的标题、署名、成文日期等，导入时不猜测，而是放一个醒目的占位符，文件照样能生成预览；
    占位符印在任何输出上都一目了然，`check` 和 `build --strict` 把它当作错误，正式文件里不会留下。
    示例：date: 【待填写：成文日期】
    改为：date: 2024-03-05
    修复：无——内容要由起草人填写。
    """
    for unit in doc.units:
        for match in PLACEHOLDER.finditer(unit.text):
            yield Finding(unit, match.start(), match.end(), f"缺少{match.group(1)}：导入时原文中没有找到，请填写")


@rule("GW114", "signature-missing", clause="GB/T 9704-2012 §7.3.5")
def signature_missing(doc: Document) -> Iterator[Finding]:
    """成文日期之上有发文机关署名；正文之后有署名和成文日期（纪要除外；整个落款都没有时是警告）。

    为什么：GB/T 9704 §7.3.5 规定署名在成文日期之上；只有日期没有署名，读者不知道是谁发的文，多半是排版时丢了。
    示例：……请认真贯彻执行。 / 2022年4月14日
    改为：……请认真贯彻执行。 / 包头市人民政府办公室 / 2022年4月14日
    修复：无。
    """
    if doc.kind == "yaml" or doc.format == "纪要" or doc.first("signature") or \
            any(attachment_items(unit.text)[1] for unit in doc.role("attachment")):
        return  # the model requires a 署名 (or holds a placeholder, GW113); a 纪要 has none (§10.3); an office
        # may type the 署名 at the end of the 附件说明's line
    date = doc.first("date")
    dated_number = next((u for u in doc.role("number") if _DATE.search(u.text)), None)
    body = [u for u in doc.units if u.role in ("body", "heading", "attachment") and not u.issued]
    if date is not None:
        yield Finding(date, 0, len(date.text), "成文日期之上没有发文机关署名（GB/T 9704-2012 §7.3.5）")
    else:  # no closing at all: a warning, as a copy cut short or a fragment looks the same
        where = dated_number or (body[-1] if body else None)
        if where is not None:
            yield Finding(where, 0, len(where.text), "正文之后没有发文机关署名和成文日期（GB/T 9704-2012 §7.3.5）；"
                          "如果这是全文，请补上", severity="warning")


def _unit_date(unit) -> dt.date | None:
    match = _DATE.search(unit.text) if unit else None
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def _issued_text(doc: Document) -> str:
    units = [u for u in doc.units if u.issued and u.role not in ("glossary-term", "glossary-definition")]
    units = units or [u for u in doc.units if u.role in ("body", "lead", "heading")]
    return "".join(u.text for u in units)


@rule("GW116", "request-one-recipient", severity="warning", clause="党政机关公文处理工作条例 第十五条")
def request_one_recipient(doc: Document) -> Iterator[Finding]:
    """请示一文一事，一般只主送一个上级机关，需要同时送其他机关的用抄送。

    为什么：多头主送的请示没有人负责批复；条例要求请示“一般只写一个主送机关”。
    示例：请示主送“市人民政府，市财政局”
    改为：主送“市人民政府”，抄送“市财政局”
    修复：无。
    """
    if doc.doc_kind != "请示":
        return
    for unit in doc.role("recipients"):
        names = [n for n in re.split(r"[，,、]", unit.text.rstrip("：: ")) if n.strip()]
        if doc.kind == "yaml" and len(list(doc.role("recipients"))) > 1 or len(names) > 1:
            yield Finding(unit, 0, len(unit.text), "请示一般只写一个主送机关；其他机关请列入抄送")
            return


# The format each 文种 usually takes (GB/T 9704 §10).
_USUAL_FORMAT = {"函": "信函", "命令": "命令", "纪要": "纪要"}


@rule("GW117", "format-for-kind", severity="warning", clause="GB/T 9704-2012 §10")
def format_for_kind(doc: Document) -> Iterator[Finding]:
    """函一般用信函格式，命令（令）用命令格式，纪要用纪要格式（format 键）。

    为什么：GB/T 9704 §10 为这三种文种规定了特定格式；用文件格式印出的函多了页码和红色分隔线。
    示例：一份“关于商请……的函”使用文件格式
    改为：在 YAML 中写 format: 信函
    修复：无——格式由 format 键选择。
    """
    usual = _USUAL_FORMAT.get(doc.doc_kind or "")
    unit = doc.first("title") or doc.first("issuer-mark") or (doc.units[0] if doc.units else None)
    if usual and doc.format != usual and unit is not None:
        yield Finding(unit, 0, len(unit.text),
                      f"{doc.doc_kind}一般使用{usual}格式（GB/T 9704 §10），当前为{doc.format}格式")


@rule("GW118", "request-signers", severity="warning", clause="GB/T 9704-2012 §7.2.6")
def request_signers(doc: Document) -> Iterator[Finding]:
    """上报的公文（请示）标注签发人姓名。

    为什么：GB/T 9704 §7.2.6 规定上报的公文需标注签发人，上级机关据此知道由谁负责。
    示例：一份请示的版头只有发文字号
    改为：在 YAML 中写 signers: [签发人姓名]
    修复：无。
    """
    unit = doc.first("number") or doc.first("title")
    signed = any(doc.role("signers")) or unit is not None and "签发人" in unit.text
    if doc.doc_kind == "请示" and unit is not None and not signed:
        yield Finding(unit, 0, len(unit.text), "请示是上报的公文，应标注签发人（GB/T 9704 §7.2.6）")

"""The document model: every element of a 公文 per GB/T 9704-2012, validated once from YAML.

Derived values (heading markers, glossary numbers, formatted dates) are computed here, once,
so that every renderer and the checker read the same numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from gongwen.errors import Location
from gongwen.model.base import Element, one_or_many
from gongwen.model.numbering import MAX_LEVEL, TYPED_MARKER, marker
from gongwen.model.resources import ImageFile, Resources
from gongwen.model.table import Table, number_tables

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

_CN_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


# What `import` writes where the document lacks an element the model needs: it validates and builds,
# shows in every output, and is an error for `check` (GW113) and `build --strict`.
PLACEHOLDER = re.compile(r"【待填写：([^】]+)】")


def placeholder(what: str) -> str:
    """The placeholder text standing for a missing element, e.g. 【待填写：成文日期】."""
    return f"【待填写：{what}】"


def _parse_date(value: Any) -> Any:
    """Accept `2020-02-29` or `2020年2月29日` (or a placeholder); a date that does not exist is an error."""
    if not isinstance(value, str) or PLACEHOLDER.fullmatch(value.strip()):
        return value.strip() if isinstance(value, str) else value
    match = _ISO_DATE.match(value.strip()) or _CN_DATE.match(value.strip())
    if not match:
        raise PydanticCustomError("gw_date_format", "日期格式应为 2020-02-29 或 2020年2月29日")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "gw_date_invalid", "日期不存在：{year}年{month}月{day}日",
            {"year": year, "month": month, "day": day},
        ) from None


Date = Annotated[dt.date, BeforeValidator(_parse_date, json_schema_input_type=str)]
PendingDate = Annotated[dt.date | str, BeforeValidator(_parse_date, json_schema_input_type=str)]


def format_date(date: dt.date) -> str:
    """Arabic numerals, full year, no zero padding (GB/T 9704 §7.3.5.4): 2020年2月29日."""
    return f"{date.year}年{date.month}月{date.day}日"


# 附注 and notes are written without their brackets, subtitles without their 破折号:
# the layout adds them, so they are always the right characters.
Unbracketed = Annotated[str, AfterValidator(lambda v: v.strip().strip("（）()").strip())]
Undashed = Annotated[str, AfterValidator(lambda v: v.strip().lstrip("—-－").strip())]


def in_brackets(text: str) -> str:
    return f"（{text}）" if text else ""


Names = Annotated[
    list[Text], BeforeValidator(one_or_many, json_schema_input_type=str | list[str]), Field(min_length=1)
]
ImageFiles = Annotated[
    list[ImageFile], BeforeValidator(one_or_many, json_schema_input_type=str | list[str]), Field(min_length=1)
]


@dataclass(frozen=True)
class Span:
    """A run of inline text: plain, part of a lead sentence, and/or a glossary term link."""

    text: str
    lead: bool = False
    term: int | None = None  # glossary number of the term this run is the first occurrence of


class Inline(Element):
    """An element whose text may carry glossary links (set after the glossary is numbered)."""

    _links: list[tuple[int, int, int]] = PrivateAttr(default=[])  # copied per instance; a factory costs
    # pydantic a signature inspection per paragraph (seconds for a 30,000-paragraph import)

    @property
    def full_text(self) -> str:
        raise NotImplementedError

    @property
    def lead_length(self) -> int:
        return 0

    def spans(self) -> list[Span]:
        """Split the text at lead-sentence and glossary-link boundaries."""
        text, lead = self.full_text, self.lead_length
        cuts = {0, len(text), lead}
        for start, end, _ in self._links:
            cuts.update((start, end))
        points = sorted(c for c in cuts if 0 <= c <= len(text))
        spans = []
        for start, end in zip(points, points[1:], strict=False):
            if start == end:
                continue
            term = next((n for s, e, n in self._links if s <= start and end <= e), None)
            spans.append(Span(text[start:end], lead=start < lead, term=term))
        return spans


def _string_or_object(schema: dict[str, Any]) -> None:
    """In the JSON Schema, a paragraph may also be written as a plain string."""
    whole = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string", "minLength": 1}, whole]


class Paragraph(Inline):
    """A body paragraph, optionally opening with an emphasised lead sentence (段首句)."""

    model_config = ConfigDict(json_schema_extra=_string_or_object)

    text: Text = Field(description="段落正文（段首句之后的部分）")
    lead: str = Field("", description="段首句，加粗强调，如“高位统筹持续加强，顶层设计更加明确。”")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @field_validator("lead")
    @classmethod
    def _strip_lead(cls, value: str) -> str:
        return value.strip()

    @property
    def full_text(self) -> str:
        return self.lead + self.text

    @property
    def lead_length(self) -> int:
        return len(self.lead)


class Section(Inline):
    """A numbered heading (一、 （一） 1. （1）) and what stands under it.

    With `text` the heading is run in: one paragraph opening with the number and the emphasised
    heading, the text following on the same line (`（一）强化监督。正文……`).
    """

    heading: str = Field(description="标题文字，不写序号（序号自动生成）；只有序号、没有标题的编号段落写空串，"
                                     "正文写在 text")
    text: str = Field("", description="同一段中标题之后的正文：写了它，标题和正文排在同一段"
                                      "（“（一）强化监督。正文……”）")
    skip: int = Field(0, ge=0, le=3, description="比上一层深几级（省略的层级数）：正文直接用“1.”编号时写 2"
                                                  "（省略“一、”“（一）”）")
    body: list[Node] = Field(default_factory=list, description="标题下的段落和下级标题")
    _level: int = PrivateAttr(default=0)
    _number: int = PrivateAttr(default=0)

    @field_validator("heading")
    @classmethod
    def _no_typed_marker(cls, value: str) -> str:
        value = value.strip()
        if TYPED_MARKER.match(value):
            raise PydanticCustomError(
                "gw_typed_marker", "标题序号由程序自动生成，请删去开头的“{marker}”",
                {"marker": TYPED_MARKER.match(value).group().strip()},
            )
        return value

    @field_validator("text")
    @classmethod
    def _strip_text(cls, value: str) -> str:
        if TYPED_MARKER.match(value):
            raise PydanticCustomError(
                "gw_typed_marker", "序号由程序自动生成，请删去开头的“{marker}”",
                {"marker": TYPED_MARKER.match(value).group().strip()})
        return value.strip()

    @model_validator(mode="after")
    def _heading_or_text(self) -> Section:
        if not self.heading and not self.text:
            raise PydanticCustomError("gw_empty_heading", "“heading”不能为空（编号段落的正文写在 text）")
        return self

    @property
    def run_in(self) -> bool:
        """The heading opens a paragraph of text rather than standing on its own line."""
        return bool(self.text)

    @property
    def full_text(self) -> str:
        return self.heading + self.text

    @property
    def lead_length(self) -> int:
        return len(self.heading) if self.text else 0

    @property
    def level(self) -> int:
        return self._level

    @property
    def marker(self) -> str:
        return marker(self._level, self._number)


class Part(Element):
    """An unnumbered part title, such as 2019年工作回顾; heading numbers restart inside it."""

    part: Text = Field(description="不编号的部分标题，如“2019年工作回顾”")
    body: list[Node] = Field(default_factory=list, description="本部分的段落和标题（序号从“一、”重新开始）")


def _node_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("part", "heading", "table"):
            if key in value:
                return {"part": "§part", "heading": "§section", "table": "§table"}[key]
    if isinstance(value, (Paragraph, Section, Part, Table)):
        return {"Paragraph": "§paragraph", "Section": "§section", "Part": "§part", "Table": "§table"}[
            type(value).__name__]
    return "§paragraph"


# Tags start with "§" so they never collide with YAML keys when errors are located.
Node = Annotated[
    Annotated[Paragraph, Tag("§paragraph")] | Annotated[Section, Tag("§section")] | Annotated[Part, Tag("§part")]
    | Annotated[Table, Tag("§table")],
    Discriminator(_node_kind),
]


class Attachment(Element):
    """An attachment (附件): listed in the 附件说明 and, when it has a body, set on its own pages."""

    title: Text = Field(description="附件名称（附件说明中列出）")
    body: list[Node] = Field(default_factory=list, description="附件正文；省略时只列入附件说明")


class Printer(Element):
    """印发机关和印发日期 in the 版记."""

    organ: Text = Field(description="印发机关")
    date: Date = Field(description="印发日期，如 2020-02-29")

    @property
    def date_text(self) -> str:
        return f"{format_date(self.date)}印发"


class Issued(Element):
    """The document issued by a 印发类通知, such as a 政府工作报告, with its title block."""

    title: Text = Field(description="印发的文件的标题，如“政府工作报告”")
    subtitle: Undashed = Field("", description="题注，破折号自动加，如“2020年1月4日在……会议上”")
    speaker: str = Field("", description="报告人，如“通州区区长　赵磊”")
    salutation: str = Field("", description="称呼，如“各位代表：”")
    body: list[Node] = Field(min_length=1, description="正文：段落、部分（part）和标题（heading）")

    @property
    def subtitle_line(self) -> str:
        return f"——{self.subtitle}" if self.subtitle else ""


class Term(Inline):
    """A glossary entry; `also` lists other spellings that count as an occurrence."""

    term: Text = Field(description="名词")
    definition: Text = Field(description="解释")
    also: list[Text] = Field(default_factory=list, description="正文中的其他写法，也算作出现")
    _number: int = PrivateAttr(default=0)

    @property
    def number(self) -> int:
        return self._number

    @property
    def full_text(self) -> str:
        return self.definition


class Glossary(Element):
    """The 名词解释 appendix; entries are numbered by first appearance in the text."""

    title: Text = Field("名词解释", description="附录标题")
    note: Unbracketed = Field("", description="说明，括号自动加，如“按在报告中出现的先后顺序排列”")
    terms: list[Term] = Field(min_length=1, description="名词，顺序任意；编号按在正文中第一次出现的先后自动生成")

    @property
    def note_line(self) -> str:
        return in_brackets(self.note)

    @property
    def entries(self) -> list[Term]:
        """Terms in numbered order (after `Document` has numbered them)."""
        return sorted(self.terms, key=lambda t: t.number)


SECRECY = re.compile(r"^(绝密|机密|秘密)(★\d+(年|个月))?$")

# GB/T 9704 §10: the formats a document may take, and the word after the organ name in each's 标志.
Format = Literal["文件", "信函", "命令", "纪要"]
MARK_SUFFIX = {"文件": "文件", "信函": "", "命令": "令", "纪要": "纪要"}
# The 15 文种 of the 党政机关公文处理工作条例 (Art. 8); 命令 is also written 令.
KINDS = ("决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函",
         "纪要")
Kind = Annotated[Literal[KINDS], BeforeValidator(lambda v: "命令" if v == "令" else v)]
_TRAILING_BRACKETS = re.compile(r"(（[^（）]*）)+$")


def kind_of_title(title: str) -> str | None:
    """The 文种 a title names by its last word: “……的请示” → 请示, “……嘉奖令” → 命令."""
    text = _TRAILING_BRACKETS.sub("", title.strip())
    for kind in sorted(KINDS, key=len, reverse=True):
        if text.endswith(kind):
            return kind
    return "命令" if text.endswith("令") else None


class SignedBy(Element):
    """One line of a 签名章 signature (§7.3.5.3): the signer's 职务 and 签名章."""

    title: Text = Field(description="签发人职务（全称），如“江北市市长”")
    name: Text = Field(description="签发人姓名；没有签名章图片时印在签名章的位置")
    seal: ImageFile | None = Field(None, description="签名章图片（相对于内容文件的路径，须在项目目录内）")


class Document(Element):
    """A 公文: 版头, 主体 and 版记, plus an optional issued document and glossary."""

    # 版头
    copy_number: Annotated[str, StringConstraints(pattern=r"^\d{6}$")] | None = Field(
        None, description="份号：6位阿拉伯数字，加引号，如 \"000001\"")
    secrecy: Annotated[str, StringConstraints(pattern=SECRECY.pattern)] | None = Field(
        None, description="密级和保密期限，如“机密★1年”")
    urgency: Literal["特急", "加急"] | None = Field(None, description="紧急程度")
    format: Format = Field("文件", description="公文格式：文件（默认）、信函、命令、纪要（GB/T 9704 §10）")
    kind: Kind | None = Field(None, description="文种，如“函”“请示”；省略时由标题末尾的词确定")
    issuer: Names = Field(description="发文机关标志中的机关名称；联合行文列出多个")
    issuer_suffix: str | None = Field(
        None, description="标志中机关名称后的字；省略时文件格式为“文件”，命令格式为“令”，"
                          "纪要格式为“纪要”，信函格式不加")
    number: Text | None = Field(
        None, description="发文字号，如“通政发〔2020〕1号”；命令格式为令号，如“第12号”；纪要格式为期号，如“第42期”")
    signers: Annotated[list[Text], BeforeValidator(one_or_many, json_schema_input_type=str | list[str])] = Field(
        default_factory=list, description="签发人（上行文），按签发顺序；每行排两个，发文字号与最后一行平行")
    # 主体
    title: Text | None = Field(None, description="标题（命令格式可以没有标题）")
    recipients: Names | None = Field(None, description="主送机关，按顺序列出，冒号自动加")
    body: list[Node] = Field(min_length=1, description="正文：段落、部分（part）和标题（heading）")
    continue_numbering: list[Annotated[int, Field(ge=1, le=MAX_LEVEL)]] = Field(
        default_factory=list,
        description="全文连续编号的标题层级，如 [2]：“（一）”到“（十二）”贯穿全文，不在每个“一、”下从头编号")
    attachments: list[Attachment] = Field(default_factory=list, description="附件；附件说明自动生成")
    attendees: Names | None = Field(None, description="纪要的出席人员（单位、姓名），按顺序列出")
    on_leave: Names | None = Field(None, description="纪要的请假人员")
    observers: Names | None = Field(None, description="纪要的列席人员")
    signature: Names | None = Field(None, description="发文机关署名；联合行文列出多个")
    signed_by: list[SignedBy] = Field(
        default_factory=list,
        description="签发人职务和签名章（命令格式等，GB/T 9704 §7.3.5.3）；联合行文时主办机关在前")
    date: PendingDate | None = Field(
        None, description="成文日期，如 2020-02-29 或 2020年2月29日（导入时找不到则为“【待填写：成文日期】”）")
    seal: ImageFiles | None = Field(
        None, description="印章图片（相对于内容文件的路径，须在项目目录内；PNG、JPEG、GIF、WebP 或 SVG），"
                          "每个署名机关一个，顺序与 signature 相同；给出时用加盖印章的版式")
    electronic_seal: bool = Field(
        False, description="印章（或签名章）由单位的电子签章系统加盖：按加盖印章的版式排（GB/T 9704 §7.3.5.1、"
                           "§7.3.5.3），印章处留空，每枚印章的页码和位置记入 manifest.json 和 OFD")
    note: Unbracketed = Field("", description="附注，括号自动加，如“此件公开发布”")
    # 版记
    cc: list[Text] = Field(default_factory=list, description="抄送机关")
    printer: Printer | None = Field(None, description="印发机关和印发日期")
    # 印发的文件 and 名词解释
    issued: Issued | None = Field(None, description="印发类通知所印发的文件（如政府工作报告）")
    glossary: Glossary | None = Field(None, description="名词解释附录")

    _source: Any = PrivateAttr(default=None)  # the Source it was loaded from, for locations
    _resources: Any = PrivateAttr(default=None)  # the Resources its files were checked with

    def model_post_init(self, context: Any, /) -> None:
        for _, body in self.bodies():
            _number_sections(body, level=1, continuous=frozenset(self.continue_numbering))
            number_tables(body)

    @property
    def day(self) -> dt.date | None:
        """The 成文日期 as a date; None while it is still a placeholder."""
        return self.date if isinstance(self.date, dt.date) else None

    @property
    def date_text(self) -> str:
        return format_date(self.day) if self.day else (self.date or "")

    @property
    def base_dir(self) -> Path:
        """The content file's directory, against which image paths are resolved."""
        return Path(self._source.path).parent if self._source else Path()

    @property
    def resources(self) -> Resources:
        """Where the files it names may come from (as the loader checked them; else its own folder)."""
        return self._resources or Resources.of_folder(self.base_dir)

    @property
    def mark_suffix(self) -> str:
        """The word after the organ name in the 标志: 文件, 令, 纪要, or none in a 信函."""
        return MARK_SUFFIX[self.format] if self.issuer_suffix is None else self.issuer_suffix

    @property
    def mark_names(self) -> list[str]:
        """Organs named in the 标志; a joint 信函 shows the lead organ only (§10.1)."""
        return self.issuer[:1] if self.format == "信函" else self.issuer

    @property
    def doc_kind(self) -> str | None:
        """The 文种: as written, else what the format or the title's last word says."""
        if self.kind:
            return self.kind
        if self.format in ("命令", "纪要"):
            return self.format
        return kind_of_title(self.title) if self.title else None

    @property
    def display_title(self) -> str:
        """The title, or for a 令 without one its 标志 and 令号: 江北市人民政府令（第12号）."""
        if self.title:
            return self.title
        return self.mark_names[0] + self.mark_suffix + in_brackets(self.number or "")

    @property
    def number_label(self) -> str:
        return {"命令": "令号", "纪要": "期号"}.get(self.format, "发文字号")

    @property
    def attendance(self) -> list[tuple[str, list[str]]]:
        """The 纪要's 出席, 请假 and 列席 lists that are given, labelled (§10.3)."""
        lists = (("出席", self.attendees), ("请假", self.on_leave), ("列席", self.observers))
        return [(label, names) for label, names in lists if names]

    @property
    def seal_images(self) -> list[str]:
        """Every image the document prints: organ seals, then 签名章."""
        return [*(self.seal or []), *(s.seal for s in self.signed_by if s.seal)]

    @property
    def proper_names(self) -> list[str]:
        """Names of organs the document itself gives, which a title line must not split."""
        names = [*self.issuer, *(self.signature or []), *(self.recipients or []), *self.cc]
        if self.printer:
            names.append(self.printer.organ)
        return names

    @property
    def note_line(self) -> str:
        """附注 in full-width brackets (GB/T 9704 §7.3.6)."""
        return in_brackets(self.note)

    @property
    def recipients_line(self) -> str:
        return "，".join(self.recipients) + "：" if self.recipients else ""

    @property
    def attachment_items(self) -> list[str]:
        """附件说明 items: `1.名称` when there are several, the bare name when one (§7.3.4)."""
        if len(self.attachments) == 1:
            return [self.attachments[0].title]
        return [f"{i}.{a.title}" for i, a in enumerate(self.attachments, 1)]

    @property
    def upward(self) -> bool:
        """上行文 (with 签发人): 发文字号 moves left and 签发人 stands on its right."""
        return bool(self.signers)

    @property
    def withheld(self) -> bool:
        """Not for the public web: a 密级 document, or one whose 附注 says it is not to be made public."""
        return bool(self.secrecy) or "不公开" in self.note or "不予公开" in self.note

    @property
    def status(self) -> str:
        """发布 status as government portals show it, taken from the 附注 when it states one."""
        return self.note if re.search(r"公开|发布", self.note) else "未注明"

    def bodies(self) -> list[tuple[tuple, list[Node]]]:
        """The body trees with their places in the file: the notice's, each attachment's, the issued document's."""
        attached = [(("attachments", i, "body"), a.body) for i, a in enumerate(self.attachments)]
        return [(("body",), self.body), *attached, *([(("issued", "body"), self.issued.body)] if self.issued else [])]

    def locate(self, loc: tuple) -> Location:
        """Where `loc` stands in the content file."""
        return self._source.locate(loc) if self._source else Location("<document>", 1, 1)

    def text_nodes(self) -> Iterator[Inline]:
        """Headings and paragraphs of the issued document (or of the notice), in reading order."""
        yield from walk(self.issued.body if self.issued else self.body)


def walk(body: list[Node]) -> Iterator[Inline]:
    """Every heading and paragraph in `body`, depth first, in reading order (tables are not text nodes)."""
    for node in body:
        if isinstance(node, Part):
            yield from walk(node.body)
        elif isinstance(node, Section):
            yield node
            yield from walk(node.body)
        elif isinstance(node, Paragraph):
            yield node


def _number_sections(body: list[Node], level: int, continuous: frozenset[int] = frozenset(),
                     running: dict[int, int] | None = None) -> None:
    """Number headings by position: per parent, or through the whole body at the `continuous` levels."""
    running = {} if running is None else running
    counts: dict[int, int] = {}
    for node in body:
        if isinstance(node, Part):
            _number_sections(node.body, level, continuous)  # a part starts its numbers again
        elif isinstance(node, Section):
            own = level + node.skip
            store = running if own in continuous else counts
            store[own] = store.get(own, 0) + 1
            node._level, node._number = own, store[own]
            _number_sections(node.body, own + 1, continuous, running)


def too_deep(body: list[Node], level: int = 1, loc: tuple = ()) -> Iterator[tuple]:
    """Locations of headings nested deeper than the four levels GB/T 9704 defines."""
    for i, node in enumerate(body):
        if isinstance(node, Part):
            yield from too_deep(node.body, level, (*loc, i, "body"))
        elif isinstance(node, Section):
            own = level + node.skip
            if own > MAX_LEVEL:
                yield (*loc, i, "skip" if node.skip else "heading")
            yield from too_deep(node.body, own + 1, (*loc, i, "body"))


for _model in (Paragraph, Section, Part, Attachment, Issued, Document):
    _model.model_rebuild()

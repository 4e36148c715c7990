"""The document information a printed or editable file (PDF, OFD, DOCX) carries about itself.

A public document's files say everything: title, author, 发文字号, 成文日期 and, where the format has
fields for them, the 版头 marks. A document withheld from the public (密级, or a 附注 saying it is not
to be made public) carries only what the unit configures, for PDF, OFD and DOCX alike:

    [publish]
    classified_metadata = ["title", "marks"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongwen.project import ConfigError, Project

if TYPE_CHECKING:
    from gongwen.model.document import Document

FIELDS = {  # name in the configuration → what it covers
    "title": "标题",
    "author": "发文机关",
    "keywords": "发文字号",
    "created": "成文日期",
    "marks": "密级、紧急程度、份号（OFD 的自定义元数据；PDF、DOCX 没有这些字段）",
}
EVERYTHING = frozenset(FIELDS)


def carried_metadata(doc: Document, project: Project) -> frozenset[str]:
    """The names of `FIELDS` the files of `doc` carry: all of them, or for a withheld document the configured ones."""
    if not doc.withheld:
        return EVERYTHING
    return classified_metadata(project)


def classified_metadata(project: Project) -> frozenset[str]:
    """`[publish] classified_metadata`, checked: a list of names of `FIELDS` (none by default)."""
    names = project.settings.get("publish", {}).get("classified_metadata", [])
    known = "、".join(f"{name}（{what}）" for name, what in FIELDS.items())
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ConfigError(f"配置 [publish] classified_metadata 应为名称的列表，可用：{known}")
    unknown = [name for name in names if name not in FIELDS]
    if unknown:
        raise ConfigError(f"配置 [publish] classified_metadata 中的“{unknown[0]}”无效；可用：{known}")
    return frozenset(names)

"""What a government web page puts around a 公文: furniture to drop, and the portal's metadata table.

Portals (the national one and provincial ones follow the same 政府信息公开 page layout) show a
table of 索引号, 发文机关, 成文日期, 标题, 发文字号 … above the text, and navigation, share and
print links, view counts and site footers around it. The table is read as data; the rest is
dropped and listed in the import report.
"""

from __future__ import annotations

import re

# Whole lines that belong to the page, not the document.
_BUTTONS = (r"(?:打印本页|打印正文|打印|关闭窗口|关闭本页|关闭|收藏|纠错|我要纠错|返回顶部|分享到|分享|保存本页|"
            r"大|中|小|默认)")
FURNITURE = re.compile("|".join((
    r"^(?:首页|(?:您|你)?(?:当前|现在)?的?(?:所在)?位置)\s*[:：>＞»]",  # breadcrumbs
    r"^[^。，；]{0,40}\s*(?:>>?|＞|»)\s*[^。，；]{0,40}(?:(?:>>?|＞|»)[^。，；]{0,40})*$",
    # 【打印本页】【关闭窗口】
    rf"^(?:[【\[]\s*)?{_BUTTONS}(?:\s*[】\]])?(?:\s*(?:[【\[]\s*)?{_BUTTONS}(?:\s*[】\]])?)*$",
    r"^【[^】]{1,8}】(?:\s*【[^】]{1,8}】)*$",
    r"^[-·•]?\s*(?:分享到?|字号|字体|浏览(?:量|次数)?|阅读(?:量|次数)?|访问(?:量|次数)|点击(?:量|数|率)?|来源|发布时间|"
    r"发布日期|更新时间|归档时间|责任编辑|信息来源|文章来源|稿源|作者|下载地址|视力保护色|发表于话题|本文标签|简介|下载本文)"
    r"\s*[:：]",
    r"^[（(]?(?:点击|单击)[^。，]{0,12}[）)]?$",  # (点击图片可放大查看)
    r"^(?:返回首页|返回|相关推荐|猜你喜欢|大家正在看|热门推荐|THE END|The Beginning|The End)$",
    r"^[\u4e00-\u9fff]{2,10}网$",  # a site's name standing alone: 中国政府网
    r"^(?:Original URL|URL|网址|来源网址)\s*[:：]|^[-|:\s]+$",  # a page's address; a Markdown table's rule
    rf"^(?:【\s*字[体号]\s*[:：]?[^】]{{0,8}}】|{_BUTTONS})(?:\s+(?:【[^】]{{0,8}}】|{_BUTTONS}))*$",
    r"^.*(?:ICP[备備证證]|公[网網]安[备備]|网站标识码|版权所有|因篇幅问题不能全部显示|扫一扫在手机|在手机打开当前页)",
    r"^(?:相关(?:链接|解读|文件|新闻|阅读|附件|政策)|上一篇|下一篇|网站地图|联系我们|无障碍|适老化|政务微博|政务微信|"
    r"网站纠错|主办单位|承办单位|技术支持|主办|承办|协办)\s*[:：]?[^。]{0,60}$",
    # Legal databases: a citation code under a bracketed label, the address of the original.
    r"^【[^】]{1,10}】\s*[A-Za-z0-9.\-_/]+$",
    r"^(?:原文链接|原文地址|原文网址|网址|链接地址)\s*[:：]",
    r"^https?://\S+$",
    # The portal's editor's note on an abridged text (gov.cn: “（本文有删减）”); not the document's 附注.
    r"^[（(](?:本文|此件|全文|文件)?有删(?:减|节)[）)]$",
)))
# Keys of the portal metadata table (spaces inside a key are padding: 索 引 号, 标　　题).
KEYS = {
    "索引号": "", "信息索引号": "", "主题分类": "", "体裁分类": "", "组配分类": "", "服务对象分类": "", "主题词": "",
    "发文机关": "issuer", "发布机构": "", "发布机关": "", "成文日期": "date", "发文日期": "date",  # 发布: the publisher
    "标题": "title", "名称": "title", "文件名称": "title", "发文字号": "number", "文号": "number", "文件编号": "number",
    "发布日期": "", "公开日期": "", "生效日期": "", "实施日期": "", "废止日期": "", "有效性": "", "时效性": "",
    "效力状态": "", "公开方式": "", "公开范围": "", "公开时限": "", "信息来源": "", "来源": "", "发布时间": "",
    "文种": "kind", "公文种类": "kind", "分类": "", "所属主题": "", "关键词": "", "统一编号": "", "登记号": "",
    "规范性文件登记号": "", "有效期": "", "责任部门": "", "信息分类": "", "内容概述": "", "主题": "", "栏目": "",
    "部门": "", "生成日期": "", "生效时间": "", "废止时间": "", "信息格式": "", "语种": "", "生命周期分类": "",
}
_PAD = r"[\s\u3000]*"
# A key: at the start of the row or after a cell separator, with padding between its characters.
_KEY = re.compile(r"(?:^|(?<=[\t|｜])|(?<=\s\s)|(?<=\u3000))[|｜\s\u3000]*("
                  + "|".join(_PAD.join(map(re.escape, key)) for key in sorted(KEYS, key=len, reverse=True))
                  + r")[\s\u3000]*(?:[:：]|(?=[\t|｜]|\s\s|\u3000|$))")


# A line of the page's information about the article: two or more of these labels (时间:… 来源:… 作者:…).
_PAGE_LABELS = re.compile(r"(?:时间|日期|来源|作者|浏览|阅读|点击|编辑|发布)\s*[:：]")


def is_furniture(text: str) -> bool:
    return bool(FURNITURE.match(text)) or len(_PAGE_LABELS.findall(text)) >= 2


def metadata(text: str) -> tuple[dict[str, str], str | None] | None:
    """The portal table's fields on this line, and the field whose value is on the next line (if any).

    Rows come as `key：value` pairs separated by tabs, bars or wide spaces, or as alternating key and
    value cells. A line counts only when it starts with a known key. Returns None for other lines.
    """
    keys = list(_KEY.finditer(text))
    if not keys or text[:keys[0].start()].strip(" |｜\t\u3000"):
        return None
    fields: dict[str, str] = {}
    pending = None
    for index, match in enumerate(keys):
        end = keys[index + 1].start() if index + 1 < len(keys) else len(text)
        field = KEYS[re.sub(r"[\s\u3000]", "", match.group(1))]
        value = text[match.end():end].strip(" |｜\t\u3000")
        if value and field:
            fields.setdefault(field, value)
        pending = field if not value and index == len(keys) - 1 else None
    return fields, pending

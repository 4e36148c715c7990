"""What a fresh process keeps from the last one (`~/.cache/gongwen`): WeasyPrint's native libraries, title
word cuts, compiled templates — each as if computed afresh, and computed afresh when what it depends on changes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

from conftest import ROOT, SAMPLE
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.render.html import render_html
from gongwen.render.pdf import print_layout


def fresh(code: str, cache, cwd=ROOT) -> dict:
    """Run `code` in a new interpreter with its cache in `cache`; the JSON it prints last."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=cwd, env=env, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


WEASYPRINT = """
    import ctypes.util, json, sys
    asked = []
    real = ctypes.util.find_library
    def counted(name):
        asked.append(name)
        return real(name)
    ctypes.util.find_library = counted
    sys.path.insert(0, ".")
    from gongwen.render import engine
    {setup}
    pdf = engine.weasyprint().HTML(string="<p>公文</p>").write_pdf()
    print(json.dumps({{"asked": asked, "pdf": pdf[:5].decode(), "restored": ctypes.util.find_library is counted}}))
"""


def test_weasyprint_asks_for_its_libraries_once_per_machine(tmp_path):
    first = fresh(WEASYPRINT.format(setup=""), tmp_path)
    assert first["asked"] and first["pdf"] == "%PDF-" and first["restored"]
    assert list((tmp_path / "gongwen" / "libraries").glob("*.pickle"))
    second = fresh(WEASYPRINT.format(setup=""), tmp_path)
    assert second == {"asked": [], "pdf": "%PDF-", "restored": True}


def test_weasyprint_asks_again_when_a_kept_answer_fails(tmp_path):
    fresh(WEASYPRINT.format(setup=""), tmp_path)
    # As if a library kept in the cache had been removed: the import with the kept answers fails.
    stale = """
    imported = engine._import
    def failing_once(known):
        if known:
            raise OSError("cannot load library")
        return imported(known)
    engine._import = failing_once
    """
    again = fresh(WEASYPRINT.format(setup=textwrap.indent(textwrap.dedent(stale), "    ")), tmp_path)
    assert again["asked"] and again["pdf"] == "%PDF-"


TITLE = """
    import json, sys
    sys.path.insert(0, ".")
    from gongwen.typeset.textflow import title_lines, title_words
    title = {title!r}
    print(json.dumps({{"lines": title_lines(title, 17), "words": title_words(title),
                       "segmenter": "rjieba" in sys.modules}}))
"""


def test_title_cuts_are_kept_and_the_segmenter_loaded_only_for_a_new_title(tmp_path):
    title = "北京市通州区人民政府关于印发赵磊同志在区六届人大六次会议上作的《政府工作报告》的通知"
    first = fresh(TITLE.format(title=title), tmp_path)
    assert first["segmenter"] and len(first["lines"]) == 3
    second = fresh(TITLE.format(title=title), tmp_path)
    assert second == {**first, "segmenter": False}
    other = fresh(TITLE.format(title="江北市人民政府关于开展2024年安全生产大检查的通知"), tmp_path)
    assert other["segmenter"]


TEMPLATES = """
    import json, sys, jinja2
    compiled = []
    compile = jinja2.Environment.compile
    jinja2.Environment.compile = lambda self, *a, **k: compiled.append(1) or compile(self, *a, **k)
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from gongwen.render.html import environment
    page = environment(Path("templates")).get_template("index.html.j2").render(entries=[], version="x", css="")
    print(json.dumps({{"compiled": len(compiled), "page": page}}))
"""


def test_templates_are_compiled_once_and_again_when_edited(tmp_path):
    project = tmp_path / "project"
    (project / "templates").mkdir(parents=True)
    subprocess.run(["cp", "-r", str(ROOT / "templates" / "html"), str(project / "templates")], check=True)
    code = TEMPLATES.format(root=str(ROOT))
    first = fresh(code, tmp_path / "cache", cwd=project)
    assert first["compiled"] >= 1
    second = fresh(code, tmp_path / "cache", cwd=project)
    assert second == {**first, "compiled": 0}
    index = project / "templates" / "html" / "index.html.j2"
    index.write_text(index.read_text(encoding="utf-8").replace("<main", "<main data-edited"), encoding="utf-8")
    edited = fresh(code, tmp_path / "cache", cwd=project)
    assert edited["compiled"] >= 1 and "data-edited" in edited["page"]


def test_print_lines_share_style_classes_instead_of_inline_styles():
    project = Project.at(ROOT)
    printer, doc = print_layout(project), load_document(SAMPLE)
    html = render_html(doc, project.templates_dir, base_dir=SAMPLE.parent, css=printer.css(doc), print_ctx=printer)
    lines = re.findall(r'<span class="ln( [^"]*)?"( style="[^"]*")?>', html)
    assert len(lines) > 600 and not any(style for _, style in lines)
    rules = dict(re.findall(r"\.(sp\d+) \{ (letter-spacing:[^;]+pt(?:;margin-left:[^;]+pt)?); \}", html))
    used = {cls.strip() for cls, _ in lines}
    assert used == set(rules) and len(set(rules.values())) == len(rules)  # one rule per distinct style
    assert len(rules) < len(lines) / 5

"""`check --fix` changes only the marks its rules name, in every YAML scalar style (property test)."""

from __future__ import annotations

import os
import random

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import STYLES, document, fix_violations, indicated_block, paragraph, styled_yaml

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), width=st.sampled_from([12, 30, 80, 1000]),
       crlf=st.booleans(), mode=st.sampled_from([0o600, 0o640, 0o644]), link=st.booleans(),
       leading=st.booleans())
def test_fix_keeps_wording_in_every_scalar_style(tmp_path_factory, seed, width, crlf, mode, link, leading):
    rng = random.Random(seed)
    body = [(" " * rng.randint(1, 3) if leading and rng.random() < 0.3 else "")
            + "\n".join(paragraph(rng, odd=rng.random() < 0.3) for _ in range(rng.randint(1, 3)))
            + rng.choice(["", "\n", "\n\n"]) for _ in range(rng.randint(1, 4))]
    styles = {text: rng.choice(STYLES) for text in body}
    text = styled_yaml(document(body), styles, width)
    if rng.random() < 0.4:  # a literal block with an explicit indentation indicator and chomping
        block = indicated_block(paragraph(rng), rng.randint(1, 4), rng.choice(["", "-", "+"]), rng.randint(0, 2))
        text = text.replace("body:\n", "body:\n" + block, 1)
    try:
        yaml.safe_load(text)
    except yaml.YAMLError:
        return  # only files that are YAML are fixed
    folder = tmp_path_factory.mktemp("fix")
    path = folder / "doc.yaml"
    path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
    os.chmod(path, mode)
    if link:
        (folder / "link.yaml").symlink_to(path)
        path = folder / "link.yaml"
    assert fix_violations(path, folder) == [], text


def test_the_reported_wording_changes_do_not_happen(tmp_path):
    """The cases found by the fuzz campaign: `|2` with a date, and U+2028 inside a literal block."""
    cases = ["- |2\n    按时完成2020年02月05日的任务。\n",
             "- |\n  按时完成2020年02月05日的任务,\u2028  请落实.\n",
             "- |-\n  按时完成\x85  2020年02月05日的任务.\n"]
    for number, body in enumerate(cases):
        text = styled_yaml(document(["占位"]), {}, 80).replace("- 占位\n", body)
        path = tmp_path / f"case{number}.yaml"
        path.write_text(text, encoding="utf-8")
        before = yaml.safe_load(text)["body"][0]
        assert fix_violations(path, tmp_path) == []
        after = yaml.safe_load(path.read_text(encoding="utf-8"))["body"][0]
        assert "2020年2月5日" in after and after != before  # the date was fixed, nothing else lost

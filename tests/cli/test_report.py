"""``impact report``: each kind writes its file, the format follows the file name, the
notes link to the web app when given its address, and bad choices are usage errors."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import pytest

from tests.cli.conftest import Impact

CURRENT = "demo-veldmark-2024"


@pytest.fixture
def demo(impact: Impact, monkeypatch: pytest.MonkeyPatch) -> Impact:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert impact("demo").code == 0
    return impact


def test_the_national_report_as_html_with_links_to_the_web_app(demo: Impact,
                                                               tmp_path: Path) -> None:
    run = demo("report", "national", "-w", CURRENT, "--out", "national.html",
               "--base-url", "https://impact.example.org/")
    assert run.code == 0, run.err
    assert "Wrote national.html" in run.out
    html = (tmp_path / "national.html").read_text(encoding="utf-8")
    assert "<h1>National assessment: Republic of Veldmark" in html
    assert ('<a href="https://impact.example.org/workspaces/demo-veldmark-2024/explain/'
            'area:') in html
    assert "Generated</dt><dd>2026-01-01 00:00 UTC" in html


def test_the_format_is_named_or_follows_the_file(demo: Impact, tmp_path: Path) -> None:
    assert demo("report", "recommendations", "-w", CURRENT, "-o", "follow-up.docx").code == 0
    assert "word/document.xml" in zipfile.ZipFile(tmp_path / "follow-up.docx").namelist()
    run = demo("report", "comparative", "demo-veldmark-2019", CURRENT, "--format", "pdf")
    assert run.code == 0, run.err
    written = tmp_path / "impact-comparative-demo-veldmark-2019-demo-veldmark-2024.pdf"
    assert pypdf.PdfReader(io.BytesIO(written.read_bytes())).metadata.title == \
        "Comparative analysis"


def test_the_alternative_report_counts_its_words_against_the_limit(demo: Impact) -> None:
    run = demo("report", "alternative", "-w", CURRENT, "-o", "alt.html", "--word-limit",
               "500", "--scheme", "crc-2005")
    assert run.code == 0, run.err
    assert "of a limit of 500 (over the limit)" in run.out


@pytest.mark.parametrize(("args", "message"), [
    (("national", "-w", CURRENT, "--format", "odt"), "unknown report format 'odt'"),
    (("national", "-w", CURRENT, "--status", "final"), "unknown status 'final'"),
    (("national", "-w", CURRENT, "--base-url", "impact.example.org"), "--base-url must"),
    (("comparative", CURRENT), "at least two different workspaces"),
    (("alternative", "-w", CURRENT, "--scheme", "crc-1991"), "unknown cluster scheme"),
])
def test_bad_choices_are_usage_errors(demo: Impact, args: tuple[str, ...],
                                      message: str) -> None:
    run = demo("report", *args)
    assert run.code == 2 and message in run.err, run.err

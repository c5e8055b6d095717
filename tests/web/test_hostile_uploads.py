"""Hostile files uploaded through the recommendation import form are refused with a located
message naming the limit (422), and nothing is imported: the web upload goes through the same
reader as ``impact recs import``."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from impactkit import limits
from tests.web.conftest import LATEST, csrf_of
from tests.web.test_records import soup

Login = Callable[[str], TestClient]
R = f"/workspaces/{LATEST}/recommendations"
MAPPING = "key=key\nmechanism=mechanism\ncycle=cycle\ntext=text"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zip_bomb() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "mechanism", "cycle", "text"])
    sheet.append(["x-1", "crc", "6", "Protect children."])
    packed = io.BytesIO()
    book.save(packed)
    out = io.BytesIO()
    with zipfile.ZipFile(packed) as source, zipfile.ZipFile(out, "w",
                                                            zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member.filename, source.read(member))
        target.writestr("xl/padding.xml", b" " * (64 << 20))
    return out.getvalue()


NUL_CSV = b"key,mechanism,cycle,text\nx-1,crc,6,Protect children\nx-2,crc,6,Pro\x00tect them\n"


@pytest.mark.parametrize(("name", "content", "kind", "row", "expected"), [
    ("bomb.xlsx", zip_bomb(), XLSX, "—",
     f"more than the limit of {limits.MAX_COMPRESSION_RATIO} times"),
    ("nul.csv", NUL_CSV, "text/csv", "3", "control character U+0000"),
])
def test_a_hostile_upload_is_refused_and_imports_nothing(
        login: Login, name: str, content: bytes, kind: str, row: str, expected: str) -> None:
    contributor = login("contributor")
    refused = contributor.post(f"{R}/import", data={
        "csrf_token": csrf_of(contributor, "/"), "format": "generic", "mapping": MAPPING},
        files={"file": (name, content, kind)}, follow_redirects=False)
    assert refused.status_code == 422, refused.text
    cells = [td.get_text() for td in soup(refused).select(".error-summary tbody td")]
    assert cells[:2] == [name, row]
    assert expected in " ".join(cells)
    assert contributor.get(f"{R}.json?cycle=6").json()["total"] == 0

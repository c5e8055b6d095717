"""How fast hostile files are refused, with the real limits of ``impactkit.limits``.

    .venv/bin/python bench/hostile_files.py

Builds each file in a temporary folder (the row bomb takes some seconds to write), then reads
it with ``impactkit.exchange.sources.read_table`` (the reader behind ``impact import`` and
``impact recs import``) in a fresh process, and prints the wall and CPU time of the refusal,
the process's max RSS, and the first line of the message:

- ``rows-3m.xlsx``: 3,000,000 rows of distinct numbers (packs about 15 times, so only the row
  limit stops it; the probe's 1.27 MB version took 191 s and 1.67 GB before the fix);
- ``spaces-1.5g.xlsx``: a sheet padded with 1.5 GB of spaces (a zip bomb);
- ``ratio.xlsx``: 64 MiB of spaces in one extra part (under the size limit, over the ratio);
- ``lol.xlsx``: shared strings declaring nested entities (billion laughs);
- ``far.xlsx``: a sheet whose second row is numbered 2,000,000;
- ``deep.json``: a data package descriptor nested 100,000 deep.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from openpyxl import Workbook

READ = """
import sys, time
from pathlib import Path
from impactkit.errors import ImportRejected
from impactkit.exchange.datapackage import read_datapackage
from impactkit.exchange.sources import read_table
path = Path(sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
try:
    read_datapackage(path) if path.suffix == ".json" else read_table(path)
    outcome = "ACCEPTED"
except ImportRejected as exc:
    outcome = str(exc.problems[0])
print(f"{time.perf_counter() - wall:6.2f} s wall {time.process_time() - cpu:6.2f} s CPU  "
      f"{outcome[:150]}")
"""


def base_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "mechanism", "cycle", "text"])
    sheet.append(["crc-1", "crc", "5", "Take measures."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(path: Path, sheet: Callable[[bytes], Iterator[bytes]] | None = None,
            extra: dict[str, bytes] | None = None) -> None:
    raw = base_workbook()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if sheet is not None and member.filename == "xl/worksheets/sheet1.xml":
                with target.open(member.filename, "w", force_zip64=True) as out:
                    for chunk in sheet(data):
                        out.write(chunk)
            else:
                target.writestr(member.filename, (extra or {}).pop(member.filename, data))
        for name, data in (extra or {}).items():
            target.writestr(name, data)


def many_rows(data: bytes) -> Iterator[bytes]:
    head, tail = data.split(b"</sheetData>")
    yield head.split(b'<row r="2"')[0]
    for i in range(2, 3_000_002):
        yield b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (i, i, i)
    yield b"</sheetData>" + tail


def spaces(data: bytes) -> Iterator[bytes]:
    head, tail = data.split(b"</sheetData>")
    yield head
    chunk = b" " * (64 << 20)
    for _ in range(24):
        yield chunk
    yield b"</sheetData>" + tail


def far_row(data: bytes) -> Iterator[bytes]:
    head, tail = data.split(b"</sheetData>")
    yield head.split(b'<row r="2"')[0]
    yield b'<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row>'
    yield b"</sheetData>" + tail


LOL = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
       + b"".join(b'<!ENTITY %s "%s">' % (bytes([ord("b") + i]),
                                          b"".join([b"&%s;" % bytes([ord("a") + i])] * 10))
                  for i in range(8))
       + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&i;'
         b"</t></si></sst>")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        files = {
            "rows-3m.xlsx": lambda p: rewrite(p, many_rows),
            "spaces-1.5g.xlsx": lambda p: rewrite(p, spaces),
            "ratio.xlsx": lambda p: rewrite(p, extra={"xl/padding.xml": b" " * (64 << 20)}),
            "lol.xlsx": lambda p: rewrite(p, extra={"xl/sharedStrings.xml": LOL}),
            "far.xlsx": lambda p: rewrite(p, far_row),
            "deep.json": lambda p: p.write_text('{"resources": ' + "[" * 100_000
                                                + "]" * 100_000 + "}"),
        }
        for name, build in files.items():
            path = root / name
            build(path)
            result = subprocess.run([sys.executable, "-c", READ, str(path)], text=True,
                                    capture_output=True, check=False)
            rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
            print(f"{name:17} {path.stat().st_size / 1e6:6.2f} MB  "
                  f"{(result.stdout or result.stderr).strip().splitlines()[-1]}  "
                  f"(max RSS of the readers so far {rss} MB)")
            time.sleep(0)


if __name__ == "__main__":
    main()

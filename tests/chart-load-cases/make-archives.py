#!/usr/bin/env python3
"""Builds the packaged-chart cases (*.tgz) for tests/chart_load.rs.

Each archive is crafted entry by entry (Python's tarfile lets us write what
`helm package` never would: `../` entries, absolute paths, links out of the
chart, sizes past Helm's caps, no top-level directory). Output is
deterministic (mtime 0, uid 0, fixed order), so re-running changes nothing
that the goldens depend on. The probe template goes into every archive whose
chart could render, so Helm prints what it loaded.
"""
import gzip
import io
import os
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE = open(os.path.join(HERE, "_probe", "zz-probe.yaml"), "rb").read()
MIB = 1024 * 1024


def chart_yaml(name, extra=""):
    return f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n{extra}".encode()


def entry(name, data=b"", kind=tarfile.REGTYPE, link="", size=None):
    return (name, data, kind, link, size)


def file(name, data):
    return entry(name, data if isinstance(data, bytes) else data.encode())


def chart(top, name, more=()):
    """A well-formed chart under `top/`, with the probe and `more` entries."""
    return [
        file(f"{top}/Chart.yaml", chart_yaml(name)),
        file(f"{top}/templates/zz-probe.yaml", PROBE),
        *more,
    ]


def tar_bytes(entries, fmt=tarfile.GNU_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as tar:
        for name, data, kind, link, size in entries:
            info = tarfile.TarInfo(name)
            info.type = kind
            info.mtime = 0
            info.mode = 0o755 if kind == tarfile.DIRTYPE else 0o644
            info.linkname = link
            if kind == tarfile.REGTYPE:
                info.size = len(data) if size is None else size
                tar.addfile(info, io.BytesIO(data) if size is None else ZeroReader(size))
            else:
                tar.addfile(info)
    return buf.getvalue()


class ZeroReader:
    """Streams `n` zero bytes without holding them in memory."""

    def __init__(self, n):
        self.left = n

    def read(self, k=-1):
        k = self.left if k < 0 else min(k, self.left)
        self.left -= k
        return b"\0" * k


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as g:
        g.write(data)
    return buf.getvalue()


def write(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


SUB = gz(tar_bytes([file("sub/Chart.yaml", chart_yaml("sub", "description: packed subchart\n")),
                    file("sub/values.yaml", "fromTgz: true\n"),
                    file("sub/templates/s.yaml", "kind: S\n")]))

ARCHIVES = {
    "tgz-basic": chart("tgz-basic", "tgz-basic", [
        entry("tgz-basic/templates", kind=tarfile.DIRTYPE),
        file("tgz-basic/values.yaml", "replicas: 3\n"),
        file("tgz-basic/values.schema.json", "{}\n"),
        file("tgz-basic/templates/t.yaml", "kind: T\n"),
        file("tgz-basic/templates/_h.tpl", "{{ define \"h\" }}{{ end }}\n"),
        file("tgz-basic/crds/c.yaml", "kind: CRD\n"),
        file("tgz-basic/.helmignore", "*.txt\n"),
        file("tgz-basic/notes.txt", "kept: archives ignore .helmignore\n"),
        file("tgz-basic/templates/.hidden.yaml", "kind: Hidden\n"),
        file("tgz-basic/charts/sub-0.1.0.tgz", SUB),
    ]),
    "tgz-no-topdir": [file("Chart.yaml", chart_yaml("flat")), file("templates/zz-probe.yaml", PROBE)],
    "tgz-dotdot": chart("c", "c", [file("c/../../evil.txt", "evil\n")]),
    "tgz-dotdot-inner": chart("c", "c", [file("c/templates/../../evil.txt", "evil\n")]),
    "tgz-dotdot-contained": chart("c", "c", [file("c/templates/../kept.txt", "kept\n")]),
    "tgz-absolute": chart("c", "c", [file("c//etc/evil", "evil\n")]),
    "tgz-leading-slash": chart("/c", "c"),
    "tgz-dot-prefix": chart("./c", "c"),
    "tgz-drive-letter": chart("c", "c", [file("c/c:/evil", "evil\n")]),
    "tgz-symlink-absolute": chart("c", "c", [entry("c/passwd", kind=tarfile.SYMTYPE, link="/etc/passwd")]),
    "tgz-symlink-relative-out": chart("c", "c", [entry("c/up.txt", kind=tarfile.SYMTYPE, link="../../outside.txt")]),
    "tgz-symlink-inside": chart("c", "c", [file("c/real.txt", "real\n"),
                                            entry("c/link.txt", kind=tarfile.SYMTYPE, link="real.txt")]),
    "tgz-hardlink-out": chart("c", "c", [entry("c/hard", kind=tarfile.LNKTYPE, link="/etc/passwd")]),
    "tgz-hardlink-inside": chart("c", "c", [file("c/real.txt", "real\n"),
                                             entry("c/hard.txt", kind=tarfile.LNKTYPE, link="c/real.txt")]),
    "tgz-device": chart("c", "c", [entry("c/dev", kind=tarfile.CHRTYPE)]),
    "tgz-file-at-cap": chart("c", "c", [entry("c/big.bin", size=5 * MIB)]),
    "tgz-file-over-cap": chart("c", "c", [entry("c/big.bin", size=5 * MIB + 1)]),
    "tgz-total-over-cap": chart("c", "c", [entry(f"c/big{i:02}.bin", size=5 * MIB) for i in range(21)]),
    "tgz-total-at-cap": chart("c", "c", [entry(f"c/big{i:02}.bin", size=5 * MIB) for i in range(20)]),
    "tgz-total-under-cap": chart("c", "c", [entry(f"c/big{i:02}.bin", size=5 * MIB - 4096 * (i == 0)) for i in range(20)]),
    "tgz-multi-top": [file("a/Chart.yaml", chart_yaml("a")), file("a/templates/zz-probe.yaml", PROBE),
                      file("b/extra.txt", "from b\n")],
    "tgz-pax-long-name": chart("c", "c", [file("c/" + "d" * 120 + "/" + "f" * 120 + ".txt", "long\n")]),
    "tgz-backslash": [file("c\\Chart.yaml", chart_yaml("c")), file("c\\templates\\zz-probe.yaml", PROBE),
                      file("c\\files\\win.txt", "win\n")],
    "tgz-bom": [file("c/Chart.yaml", b"\xef\xbb\xbf" + chart_yaml("c")), file("c/templates/zz-probe.yaml", PROBE),
                file("c/data.txt", b"\xef\xbb\xbfdata\n")],
    "tgz-missing-chart-yaml": [file("c/values.yaml", "a: 1\n"), file("c/templates/zz-probe.yaml", PROBE)],
    "tgz-invalid-chart": [file("c/Chart.yaml", "apiVersion: v2\nname: c\n"), file("c/templates/zz-probe.yaml", PROBE)],
    "tgz-only-dirs": [entry("c", kind=tarfile.DIRTYPE), entry("c/templates", kind=tarfile.DIRTYPE)],
    "tgz-nested-subchart-dir": chart("c", "c", [file("c/charts/inner/Chart.yaml", chart_yaml("inner")),
                                                file("c/charts/inner/charts/deep-0.1.0.tgz", SUB)]),
    "tgz-bad-subchart": chart("c", "c", [file("c/charts/broken.tgz", "not gzip at all\n")]),
}

for name, entries in ARCHIVES.items():
    fmt = tarfile.PAX_FORMAT if "pax" in name else tarfile.GNU_FORMAT
    write(f"{name}.tgz", gz(tar_bytes(entries, fmt)))
write("tgz-empty.tgz", gz(tar_bytes([])))
write("tgz-not-gzip.tgz", tar_bytes(chart("c", "c")))
write("tgz-garbage.tgz", b"this is not an archive\n")

# Directory cases whose charts/ holds a packed subchart.
write("subchart-tgz/Chart.yaml", chart_yaml("subchart-tgz"))
write("subchart-tgz/charts/sub-0.1.0.tgz", SUB)
write("subchart-tgz-garbage/Chart.yaml", chart_yaml("subchart-tgz-garbage"))
write("subchart-tgz-garbage/charts/broken.tgz", b"not gzip\n")

"""The README shows each role's screens: images that exist, are PNG, stay under 200 KB, and
are the ones scripts/screenshots.py makes."""

import os
import re
import struct

from paths import ROOT

MAX_BYTES = 200 * 1024
ROLES = ("citizen_", "officer_", "manager_", "board")


def read(*parts):
    with open(os.path.join(ROOT, *parts)) as handle:
        return handle.read()


def test_readme_images_exist_small_png():
    readme = read("README.md")
    images = re.findall(r"!\[[^\]]*\]\((docs/img/[^)]+)\)", readme)
    assert images, "the README shows no screen"
    for image in images:
        path = os.path.join(ROOT, image)
        assert os.path.isfile(path), image
        with open(path, "rb") as handle:
            head = handle.read(24)
        assert head[:8] == b"\x89PNG\r\n\x1a\n", image
        width, height = struct.unpack(">II", head[16:24])
        assert width >= 800 and height >= 600, (image, width, height)
        assert os.path.getsize(path) < MAX_BYTES, image
    for role in ROLES:
        assert any(os.path.basename(image).startswith(role) for image in images), role


def test_readme_images_are_the_script_s():
    script = read("scripts", "screenshots.py")
    made = set(re.findall(r'"([a-z_]+\.png)"', script))
    shown = {os.path.basename(i) for i in re.findall(r"\((docs/img/[^)]+)\)", read("README.md"))}
    assert shown == made
    assert re.search(r"^screenshots:", read("Makefile"), re.M)

"""The installed app carries everything it needs."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_for_the_wheel():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "secretariat").rglob("__init__.py")
    }
    assert found - listed == set(), "packages missing from pyproject.toml"
    assert {"secretariat.templates", "secretariat.migrations"} <= listed

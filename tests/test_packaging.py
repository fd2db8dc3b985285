"""The installed app carries everything it needs, and the repository stands alone."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the folder the team keeps beside the repository; a clone has nothing there. Spelt in
#: pieces so this file, which only looks for it, does not itself name the folder.
OUTSIDE = re.compile(r"\.\./" + "".join(("sha", "red")))


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


def test_nothing_reads_or_links_outside_the_repository():
    """A user clones the repository alone: no file may reach for the folder beside it."""
    files = [ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml"]
    for folder in ("secretariat", "tests", "bench", "templates", "migrations", ".ci"):
        files += [
            p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ]
    reaching = [
        str(path.relative_to(ROOT))
        for path in files
        if path.suffix not in {".mo", ".ttf", ".pyc"} and OUTSIDE.search(path.read_text("utf-8"))
    ]
    assert reaching == []


def _data_folders() -> set[str]:
    """Every folder the wheel must carry as a package: Python packages and the folders of
    templates, migrations, static files, translations and demo data."""
    mapped = {"templates": "secretariat.templates", "migrations": "secretariat.migrations"}
    found = set()
    for top in ("secretariat", *mapped):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                parts = path.parent.relative_to(ROOT).parts
                name = mapped.get(parts[0], parts[0])
                found.add(".".join((name, *parts[1:])))
    return found


def test_every_folder_of_files_is_a_declared_package():
    """setuptools warns "Package would be ignored" for an undeclared folder of data files."""
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    assert _data_folders() - listed == set()
    assert listed - _data_folders() == set(), "a declared package has no files"


def test_the_wheel_builds_without_warnings(tmp_path):
    """What `make run` prints on a fresh clone: no "Package would be ignored"."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "would be ignored" not in result.stdout + result.stderr


def test_the_production_command_in_the_readme_loads_the_app(tmp_path):
    """The README's gunicorn line, with its settings module, loads the app as written."""
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"^gunicorn (.*)'secretariat:create_app\(\)'$", readme, re.M)
    assert command, "the README names no gunicorn command"
    settings = re.search(r"-c (\S+)", command.group(1)).group(1)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "-c", settings]
        + ["secretariat:create_app()"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "SECRETARIAT_ENV": "development",
            "SECRETARIAT_INSTANCE": str(tmp_path / "instance"),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr

"""The areas stack as DESIGN.md says; an import never points up the stack."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "secretariat"
STACK = [
    "core",
    "auth",
    "organisations",
    "people",
    "bodies",
    "meetings",
    "decisions",
    "followups",
    "programmes",
    "documents",
    "reminders",
    "users",
    "updates",
    "dashboard",
    "search",
    "api",
    "demo",
]


def _imported_areas(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1 and node.module:
            relative = path.relative_to(PACKAGE).parts
            base = list(relative[: len(relative) - node.level])
            target = (base + node.module.split("."))[:1]
            if target and target[0] in STACK:
                found.add(target[0])
    return found


def test_no_area_imports_an_area_above_it():
    wrong = []
    for area in STACK:
        for path in (PACKAGE / area).rglob("*.py"):
            for imported in _imported_areas(path):
                if STACK.index(imported) > STACK.index(area):
                    wrong.append(f"{path.relative_to(PACKAGE)} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_every_area_has_a_place_in_the_stack():
    areas = {init.parent.name for init in PACKAGE.glob("*/__init__.py")}
    assert areas - set(STACK) == set(), "add the new area to STACK where it belongs"

"""Static checks of the addon that need neither Odoo nor a database.

Run by ``bin/test``; exits non-zero and lists every problem found.
"""

import ast
import csv
import re
import sys
from pathlib import Path

try:
    from lxml import etree
except ImportError:  # the standard library parser is enough to check syntax
    from xml.etree import ElementTree as etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = (
    ROOT / "ar_overdue_management",
    ROOT / "ar_overdue_management_sale",
    ROOT / "ar_overdue_management_spreadsheet",
    ROOT / "ar_overdue_management_queue",
)
ADDON = ADDONS[0]  # the one being checked; set by main()
ACL_HEADER = [
    "id",
    "name",
    "model_id:id",
    "group_id:id",
    "perm_read",
    "perm_write",
    "perm_create",
    "perm_unlink",
]
REQUIRED_KEYS = ("license", "author", "website", "maintainers")


def check_manifest(problems):
    """Return the manifest dict (empty if unreadable), recording problems."""
    path = ADDON / "__manifest__.py"
    try:
        manifest = ast.literal_eval(path.read_text())
    except (OSError, ValueError, SyntaxError) as exc:
        problems.append(
            f"{path.relative_to(ROOT)}: cannot be read as a Python literal: {exc}"
        )
        return {}
    if not re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", str(manifest.get("version", ""))):
        problems.append(
            f"manifest: version {manifest.get('version')!r} is not 18.0.x.y.z"
        )
    for key in REQUIRED_KEYS:
        if not manifest.get(key):
            problems.append(f"manifest: missing or empty {key!r}")
    if "description" in manifest:
        problems.append("manifest: has a 'description' key (use README/index.html)")
    for key in ("data", "demo"):
        for name in manifest.get(key, []):
            if not (ADDON / name).is_file():
                problems.append(f"manifest {key}: {name} does not exist")
    return manifest


def check_xml(problems):
    """Parse every XML file of the addon; return how many were checked."""
    files = sorted(ADDON.rglob("*.xml"))
    for path in files:
        try:
            etree.parse(str(path))
        except Exception as exc:  # lxml and ElementTree raise different types
            problems.append(f"{path.relative_to(ROOT)}: XML does not parse: {exc}")
    return len(files)


def _string_or_list(node):
    """Literal value of ``node`` if it is a string or list of strings."""
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    return value if isinstance(value, (str, list, tuple)) else None


def declared_models(problems):
    """Return ``{model_name: file}`` of the models that need access rights.

    Classes that only extend an existing model (``_inherit`` alone, or
    ``_name`` equal to an inherited name) and abstract models need no ACL.
    """
    models = {}
    files = sorted((ADDON / "models").rglob("*.py")) + sorted(
        (ADDON / "wizards").rglob("*.py")
    )
    for path in files:
        try:
            tree = ast.parse(path.read_text(), str(path))
        except SyntaxError as exc:
            problems.append(f"{path.relative_to(ROOT)}: syntax error: {exc}")
            continue
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            bases = {ast.unparse(base) for base in cls.bases}
            if bases & {"models.AbstractModel", "AbstractModel"}:
                continue
            attrs = {}
            for stmt in cls.body:
                if isinstance(stmt, ast.Assign):
                    for target in stmt.targets:
                        if isinstance(target, ast.Name):
                            attrs[target.id] = _string_or_list(stmt.value)
            name = attrs.get("_name")
            if not isinstance(name, str):
                continue
            inherit = attrs.get("_inherit") or []
            if isinstance(inherit, str):
                inherit = [inherit]
            if name not in inherit:
                models[name] = path.relative_to(ROOT)
    return models


def check_access(problems, models):
    """Check the ACL file's shape and that every new model has a row."""
    path = ADDON / "security" / "ir.model.access.csv"
    if not path.is_file():
        if models:
            problems.append(f"{path.relative_to(ROOT)} is missing")
        return 0
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    if not rows or rows[0] != ACL_HEADER:
        problems.append(f"ir.model.access.csv: header must be {','.join(ACL_HEADER)}")
    covered = set()
    for number, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(ACL_HEADER):
            problems.append(
                f"ir.model.access.csv line {number}: {len(row)} columns, expected 8"
            )
            continue
        if any(perm not in ("0", "1") for perm in row[4:]):
            problems.append(f"ir.model.access.csv line {number}: perms must be 0/1")
        covered.add(row[2].split(".")[-1])
    for name, source in sorted(models.items()):
        xmlid = "model_" + name.replace(".", "_")
        if xmlid not in covered:
            problems.append(
                f"model {name} ({source}) has no row in ir.model.access.csv"
            )
    return len(rows) - 1


def main():
    global ADDON
    problems = []
    xml_count = acl_count = 0
    models = {}
    for addon in ADDONS:
        ADDON = addon
        check_manifest(problems)
        xml_count += check_xml(problems)
        addon_models = declared_models(problems)
        models.update(addon_models)
        acl_count += check_access(problems, addon_models)
    for problem in problems:
        print(f"FAIL {problem}")
    if problems:
        print(f"static checks: {len(problems)} problem(s)")
        return 1
    print(
        f"static checks: OK ({len(ADDONS)} manifests, {xml_count} XML files, "
        f"{len(models)} models, {acl_count} ACL rows)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

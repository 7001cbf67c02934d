"""Layout of the addon, checked without Odoo (run by ``bin/test``).

- ``models/`` and ``wizards/`` hold one folder per feature and no module of
  their own besides ``__init__.py``;
- every module in them holds classes of one model only, and is named after
  it (``ar_dunning_letter.py``), or after it plus a responsibility
  (``ar_collection_case_stage.py``); modules with no class are helpers;
- nothing in ``core/`` imports another feature folder or names a model that
  another feature folder defines: features plug into the core's hooks;
- the value lists of ``policy/`` (aging and provision buckets, case stages,
  traffic lights) and the group ids of ``models/core/ar_security.py`` are
  typed once: no other module (the Odoo tests included; the tests of
  ``policy/`` itself state the values they expect) spells all of a list's
  values but one in one list, tuple or set literal (as values, or as suffixes of field names:
  ``aging_1_30``), nor a group id outside XML.

Exits non-zero and lists every problem found.  ``--root`` checks another
tree (the test of this check plants violations in a copy).
"""

import argparse
import ast
import re
import sys
from pathlib import Path

ADDON_NAME = "ar_overdue_management"
FEATURE_DIRS = ("models", "wizards")
CORE = "core"


def class_models(tree):
    """The model each class of ``tree`` defines or extends."""
    found = []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        attrs = {}
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        try:
                            attrs[target.id] = ast.literal_eval(stmt.value)
                        except ValueError:
                            attrs[target.id] = None
        name = attrs.get("_name")
        inherit = attrs.get("_inherit")
        if not isinstance(name, str):
            name = inherit if isinstance(inherit, str) else None
        inherits = [inherit] if isinstance(inherit, str) else (inherit or [])
        new = isinstance(attrs.get("_name"), str) and attrs["_name"] not in inherits
        found.append((cls.name, cls.lineno, name, new))
    return found


def check_modules(addon, problems):
    """One model per module, named after it; features in folders.  Returns
    ``{feature: set of model names it defines}``."""
    defined = {}
    for kind in FEATURE_DIRS:
        base = addon / kind
        if not base.is_dir():
            continue
        for path in sorted(base.glob("*.py")):
            if path.name != "__init__.py":
                problems.append(
                    f"{path.relative_to(addon)}: {kind}/ holds feature folders only"
                )
        for path in sorted(base.rglob("*.py")):
            if path.name == "__init__.py" or path.parent == base:
                continue
            feature = path.relative_to(base).parts[0]
            rel = path.relative_to(addon)
            tree = ast.parse(path.read_text(), str(path))
            models = class_models(tree)
            names = {name for _cls, _line, name, _new in models}
            if None in names:
                problems.append(f"{rel}: a class with neither _name nor _inherit")
            names.discard(None)
            if len(names) > 1:
                problems.append(f"{rel}: holds several models: {sorted(names)}")
                continue
            for model in names:
                stem = model.replace(".", "_")
                if path.stem != stem and not path.stem.startswith(stem + "_"):
                    problems.append(
                        f"{rel}: holds {model}; name it {stem}.py "
                        f"(or {stem}_<responsibility>.py)"
                    )
            for _cls, _line, name, new in models:
                if new and name:
                    defined.setdefault(feature, set()).add(name)
    return defined


def check_core(addon, defined, problems):
    """Core imports no feature folder and names none of their models."""
    others = {
        model
        for feature, models in defined.items()
        if feature != CORE
        for model in models
    }
    features = {f for f in defined if f != CORE}
    for kind in FEATURE_DIRS:
        core = addon / kind / CORE
        for path in sorted(core.rglob("*.py")) if core.is_dir() else []:
            rel = path.relative_to(addon)
            text = path.read_text()
            for feature in sorted(features):
                if re.search(rf"from \.\.+(models\.)?{feature}\b", text):
                    problems.append(f"{rel}: core imports the feature {feature}")
            tree = ast.parse(text, str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and node.value in others:
                    problems.append(
                        f"{rel}:{node.lineno}: core names {node.value!r}, a model "
                        "of another feature: subscribe to a hook instead"
                    )


def policy_lists(addon):
    """``{name: values}`` of the value lists defined once."""
    sys.path.insert(0, str(addon))
    try:
        from policy import aging, cases, provision, tiers  # noqa: PLC0415
    finally:
        sys.path.pop(0)
    return {
        "policy.aging.BUCKETS": {b.key for b in aging.BUCKETS},
        "policy.provision.BUCKETS": set(provision.BUCKETS),
        "policy.cases.STAGES": set(cases.STAGES),
        "policy.tiers.TRAFFIC_LIGHTS": {key for key, _label in tiers.TRAFFIC_LIGHTS},
    }


def literal_strings(node):
    """Strings in one list, tuple or set literal (first items of pairs
    included).  Dicts are data keyed by the values (expected amounts per
    bucket), not lists."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        items = node.elts
    else:
        return set()
    values = set()
    for item in items:
        if isinstance(item, ast.Tuple) and item.elts:
            item = item.elts[0]
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            values.add(item.value)
    return values


def check_value_lists(root, addon, problems):
    """No module outside ``policy/`` retypes a value list or a group id."""
    lists = policy_lists(addon)
    security = addon / "models" / CORE / "ar_security.py"
    group_re = re.compile(r"[\"']" + ADDON_NAME + r"\.group_\w+[\"']")
    paths = [
        p
        for p in sorted(root.rglob("*.py"))
        if "policy" not in p.relative_to(root).parts[:2]
        and not {"setup", "build", ".git"} & set(p.relative_to(root).parts)
        and p.relative_to(root).parts[:2] != ("tests", "pure")
        and p.name != Path(__file__).name
    ]
    for path in paths:
        rel = path.relative_to(root)
        text = path.read_text()
        if path != security and rel.parts[0] == ADDON_NAME and group_re.search(text):
            problems.append(
                f"{rel}: a group id typed again: import it from models/core/"
                "ar_security.py"
            )
        try:
            tree = ast.parse(text, str(path))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            spelled = literal_strings(node)
            if len(spelled) < 3:
                continue
            for name, values in lists.items():
                hits = {
                    v for v in values for s in spelled if s == v or s.endswith("_" + v)
                }
                if len(hits) >= max(3, len(values) - 1):
                    problems.append(
                        f"{rel}:{node.lineno}: retypes {name}: derive it from there"
                    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root", type=Path, default=Path(__file__).resolve().parent.parent
    )
    root = parser.parse_args(argv).root.resolve()
    addon = root / ADDON_NAME
    problems = []
    defined = check_modules(addon, problems)
    check_core(addon, defined, problems)
    check_value_lists(root, addon, problems)
    for problem in problems:
        print(f"FAIL {problem}")
    if problems:
        print(f"layout check: {len(problems)} problem(s)")
        return 1
    count = sum(len(m) for m in defined.values())
    print(
        f"layout check: OK ({len(defined)} feature folders, {count} models "
        "named after their files, core names no feature)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

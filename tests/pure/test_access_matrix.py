"""The access matrix in README.md is the one the code gives: a right or a
button changed without the table is a failure (regenerate it with
``python3 tests/access_matrix.py --write`` and read the difference)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import access_matrix  # noqa: E402


def test_readme_shows_the_access_matrix_of_the_code():
    block = access_matrix.readme_block((ROOT / "README.md").read_text())
    assert block is not None, "README.md lost its access-matrix markers"
    assert block == access_matrix.render()


def test_a_changed_right_is_seen(tmp_path):
    for addon in access_matrix.ADDONS:
        source = ROOT / addon / "security" / "ir.model.access.csv"
        target = tmp_path / addon / "security" / "ir.model.access.csv"
        target.parent.mkdir(parents=True)
        text = source.read_text()
        if addon == access_matrix.ADDONS[0]:
            text = text.replace(
                "model_ar_overdue_tier,base.group_user,1,0,0,0",
                "model_ar_overdue_tier,base.group_user,1,1,0,0",
            )
        target.write_text(text)
        for xml in (ROOT / addon).rglob("*.xml"):
            copy = tmp_path / xml.relative_to(ROOT)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(xml.read_text())
    assert access_matrix.render(tmp_path) != access_matrix.render()

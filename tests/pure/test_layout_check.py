"""The layout check fails on each kind of violation planted in a copy of
the repository, and passes on the copy as it is."""

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
import layout_check  # noqa: E402

ADDON = "ar_overdue_management"


@pytest.fixture
def tree(tmp_path):
    """A copy of the addon, its glue and the Odoo tests."""
    for name in (ADDON, "ar_overdue_management_sale", "tests/odoo"):
        shutil.copytree(
            ROOT / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("i18n", "static", "__pycache__"),
        )
    return tmp_path


def run(tree, capsys):
    code = layout_check.main(["--root", str(tree)])
    return code, capsys.readouterr().out


def test_the_copy_passes(tree, capsys):
    code, out = run(tree, capsys)
    assert code == 0, out


def test_a_module_named_after_no_model(tree, capsys):
    models = tree / ADDON / "models" / "dunning"
    (models / "ar_dunning_letter_line.py").rename(models / "letter_lines.py")
    code, out = run(tree, capsys)
    assert code == 1
    assert "letter_lines.py: holds ar.dunning.letter.line" in out


def test_two_models_in_one_module(tree, capsys):
    models = tree / ADDON / "models" / "dunning"
    line = models / "ar_dunning_letter_line.py"
    line.write_text(
        line.read_text()
        + "\n\nclass Other(models.Model):\n    _inherit = 'ar.dunning.level'\n"
    )
    code, out = run(tree, capsys)
    assert code == 1
    assert "holds several models" in out


def test_a_flat_module_in_models(tree, capsys):
    (tree / ADDON / "models" / "res_partner_extra.py").write_text("X = 1\n")
    code, out = run(tree, capsys)
    assert code == 1
    assert "models/ holds feature folders only" in out


def test_core_naming_a_feature_model(tree, capsys):
    path = tree / ADDON / "models" / "core" / "ar_partner_status.py"
    path.write_text(
        path.read_text() + '\n\ndef _peek(env):\n    return env["ar.collection.case"]\n'
    )
    code, out = run(tree, capsys)
    assert code == 1
    assert "core names 'ar.collection.case'" in out


def test_core_importing_a_feature(tree, capsys):
    path = tree / ADDON / "models" / "core" / "res_partner.py"
    path.write_text(
        "from ..credit.ar_partner_credit import ArPartnerCredit\n" + path.read_text()
    )
    code, out = run(tree, capsys)
    assert code == 1
    assert "core imports the feature credit" in out


@pytest.mark.parametrize(
    "literal, listed",
    [
        ('("green", "yellow", "orange", "red")', "policy.tiers.TRAFFIC_LIGHTS"),
        (
            '["aging_not_due", "aging_1_30", "aging_31_60", "aging_61_90", '
            '"aging_91_180", "aging_over_180"]',
            "policy.aging.BUCKETS",
        ),
        (
            '[("reminder", "R"), ("dunning", "D"), ("escalated", "E"), '
            '("legal", "L"), ("plan", "P")]',
            "policy.cases.STAGES",
        ),
    ],
)
def test_a_value_list_typed_again(tree, capsys, literal, listed):
    path = tree / "tests" / "odoo" / "test_overdue_tiers.py"
    path.write_text(path.read_text() + f"\n\nPLANTED = {literal}\n")
    code, out = run(tree, capsys)
    assert code == 1
    assert f"retypes {listed}" in out


def test_a_group_id_typed_again(tree, capsys):
    path = tree / ADDON / "models" / "dunning" / "ar_dunning_level.py"
    path.write_text(
        path.read_text()
        + '\n\nGROUP = "ar_overdue_management.group_ar_collection_manager"\n'
    )
    code, out = run(tree, capsys)
    assert code == 1
    assert "a group id typed again" in out

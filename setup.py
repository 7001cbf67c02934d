"""``pip install .``: every addon of this repository, as ``odoo/addons/<addon>``.

One distribution, ``odoo-addon-ar_overdue_management``, holds the addon and its
glue addons for Sales, Dashboards and OCA's job queue (each auto-installed
with its app), as
setuptools-odoo packages an addon with its glue modules.  Its metadata comes
from the manifests through manifestoo-core, the library of OCA's packaging tools
(whool, hatch-odoo): the version is the main manifest's as is; every
``depends`` that is not an Odoo core addon becomes ``odoo-addon-<name>==18.0.*``,
or the pin of requirements.txt when it has one; the Python
``external_dependencies`` follow, and ``odoo==18.0.*``, which an Odoo 18.0
installed with pip, editable or not, satisfies (Odoo is not on PyPI: with an
Odoo run from source, ``pip install --no-deps .``).
setuptools-odoo stops at Odoo 16.0 and whool packages one addon per project
(from a pyproject.toml inside the addon), hence this setup.py.

Layout, relative symlinks committed to git (keep ``core.symlinks`` on)::

    setup/ar_overdue_management/odoo/addons/<addon> -> ../../../../<addon>

Every file of the addons goes into the wheel except bytecode.
``pip install -e .`` writes a ``.pth`` holding ``setup/ar_overdue_management``
(one package root: setuptools' "simple layout"), where Odoo lists every addon
through the symlinks.  Either way Odoo must be importable as a regular package
(run from source, installed normally, or editable with
``--config-settings editable_mode=compat``): the ``odoo/`` directory without
``__init__.py`` put in site-packages is a namespace portion.
"""

import re
from pathlib import Path

from manifestoo_core.metadata import metadata_from_addon_dir
from setuptools import find_namespace_packages, setup

ADDONS = [
    "ar_overdue_management",
    "ar_overdue_management_sale",
    "ar_overdue_management_spreadsheet",
    "ar_overdue_management_queue",
]
HERE = Path(__file__).resolve().parent
SRC_ROOT = "setup/ar_overdue_management"  # relative, "/"-separated for setuptools


def pinned_addons():
    """OCA addons pinned in requirements.txt, as manifestoo's depends_override."""
    pins = {}
    for line in (HERE / "requirements.txt").read_text().splitlines():
        requirement = line.split("#")[0].strip()
        match = re.match(r"odoo-addon-(\w+)", requirement)
        if match:
            pins[match.group(1)] = requirement
    return pins


def addon_metadata(addon, depends_override):
    addon_dir = HERE / SRC_ROOT / "odoo" / "addons" / addon
    if not (addon_dir / "__manifest__.py").is_file():
        raise SystemExit(
            f"{addon_dir.relative_to(HERE)} is missing or broken: it must be a "
            f"symlink to ../../../../{addon} (git checkouts need core.symlinks=true)"
        )
    return metadata_from_addon_dir(
        addon_dir,
        {
            "depends_override": depends_override,
            "post_version_strategy_override": "none",
        },
    )


# the addons packaged here are no dependency ("" drops them)
depends_override = {**pinned_addons(), **dict.fromkeys(ADDONS, "")}
metadata = [addon_metadata(addon, depends_override) for addon in ADDONS]
main = metadata[0]

setup(
    name=main["Name"],
    version=main["Version"],
    description=main["Summary"],
    long_description=main.get_payload(),
    long_description_content_type=main["Description-Content-Type"],
    author=main["Author"],
    url=main["Home-page"],
    license=main["License"],
    # setuptools deprecates license classifiers (License above says it)
    classifiers=[
        c for c in main.get_all("Classifier") if not c.startswith("License ::")
    ],
    python_requires=main["Requires-Python"],
    install_requires=sorted({r for m in metadata for r in m.get_all("Requires-Dist")}),
    # "odoo" and "odoo.addons" have no __init__.py here (Odoo has the real
    # ones): they put no file in the wheel, and with every package under one
    # root an editable install is a plain .pth that Odoo's listing can see.
    package_dir={"": SRC_ROOT},
    packages=find_namespace_packages(
        where=str(HERE / SRC_ROOT),
        include=["odoo", "odoo.addons"]
        + [f"odoo.addons.{a}{sub}" for a in ADDONS for sub in ("", ".*")],
        exclude=["*.__pycache__"],
    ),
    package_data={f"odoo.addons.{addon}": ["**/*"] for addon in ADDONS},
    exclude_package_data={"": ["*.py[cod]"]},
    include_package_data=False,
    zip_safe=False,
)

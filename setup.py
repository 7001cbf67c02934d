"""Install the addon as the Python package ``odoo.addons.ar_overdue_management``.

Distribution ``odoo-addon-ar_overdue_management``, version from the manifest.
Odoo itself is not on PyPI, so it is not listed in ``install_requires``:
install Odoo 18.0 first.  Odoo finds addons by listing the directories of
``odoo.addons.__path__``, which ``odoo/addons/__init__.py`` builds with
``pkgutil.extend_path``: every ``sys.path`` entry that has an ``odoo/addons``
directory contributes it, followed by ``--addons-path``.

Layout (as OCA's setuptools-odoo does)::

    ar_overdue_management/                the addon itself (also usable on
                                          --addons-path / from the Apps menu)
    setup/ar_overdue_management/          SRC_ROOT, the only package root
        odoo/addons/ar_overdue_management -> ../../../../ar_overdue_management
                                          (relative symlink, committed to git)

``odoo`` and ``odoo.addons`` get no ``__init__.py`` here (Odoo provides the
real ones): they are listed in ``packages`` but put no file in the wheel.

``pip install .``
    Builds a wheel whose files land in ``site-packages/odoo/addons/
    ar_overdue_management/`` (the symlink is followed, so real files are
    copied), Python code plus the xml/csv/po/pot/png/svg/html/js/css/scss data.

``pip install -e .``
    ``packages`` lists ``odoo`` and ``odoo.addons`` too and every package
    maps under the single root ``SRC_ROOT`` (``package_dir={"": SRC_ROOT}``),
    so setuptools (>= 64, PEP 660) sees a "simple layout" and its default
    "lenient" editable mode writes a plain
    ``__editable__.odoo_addon_ar_overdue_management-<version>.pth`` holding
    ``<checkout>/setup/ar_overdue_management`` rather than an import-hook
    finder (which Odoo's directory listing cannot see).  There
    ``odoo/addons/ar_overdue_management`` is a directory (through the
    symlink), so Odoo lists the module with no change to the addons path,
    and edits in ``ar_overdue_management/`` take effect at once (restart
    Odoo / ``-u`` as usual).  Modes checked:

    - default (lenient) and ``--config-settings editable_mode=compat``:
      the same .pth (compat also prints a deprecation warning);
    - setuptools < 64 (pip falls back to ``setup.py develop``): an
      ``.egg-link`` plus an ``easy-install.pth`` line for the same directory;
    - ``--config-settings editable_mode=strict``: works too, but Odoo then
      runs a link tree under ``build/__editable__.*/`` that holds only the
      files that existed at install time (a new file needs a reinstall).

Caveat, editable or not: the ``odoo/`` directory without
``__init__.py`` that this puts on ``sys.path`` is a namespace-package
portion, so Odoo itself must be importable as a regular package found on
``sys.path`` (run from source with ``odoo-bin``, a non-editable install, or
``pip install -e <odoo> --config-settings editable_mode=compat``).  An Odoo
installed editable in setuptools' default finder mode is shadowed by it:
``import odoo`` then gives an empty namespace package.

Checkouts must keep the symlink (git's ``core.symlinks``, on by default
except on Windows); setup.py stops with a message if it is missing.
"""

import ast
import os

from setuptools import setup

ADDON = "ar_overdue_management"
PACKAGE = f"odoo.addons.{ADDON}"
HERE = os.path.dirname(os.path.abspath(__file__))
# Root of the import tree (relative to HERE, "/"-separated as setuptools
# wants): it holds odoo/addons/<ADDON>, a relative symlink to the addon folder
# in a checkout, a real directory in an sdist.  Everything is read through it.
SRC_ROOT = f"setup/{ADDON}"
ADDON_DIR = os.path.join(HERE, *SRC_ROOT.split("/"), "odoo", "addons", ADDON)
DATA_EXTENSIONS = (
    ".xml",
    ".csv",
    ".po",
    ".pot",
    ".png",
    ".svg",
    ".html",
    ".js",
    ".css",
    ".scss",
)


def read_manifest():
    with open(os.path.join(ADDON_DIR, "__manifest__.py")) as manifest:
        return ast.literal_eval(manifest.read())


def find_packages_and_data():
    """Every directory with an ``__init__.py`` is a subpackage; data files of
    any directory are attached to the top package by relative path."""
    packages, data = [], []
    for dirpath, dirnames, filenames in os.walk(ADDON_DIR):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        relative = os.path.relpath(dirpath, ADDON_DIR)
        if "__init__.py" in filenames:
            suffix = "" if relative == "." else "." + relative.replace(os.sep, ".")
            packages.append(PACKAGE + suffix)
        data += [
            os.path.normpath(os.path.join(relative, name))
            for name in sorted(filenames)
            if name.endswith(DATA_EXTENSIONS)
        ]
    return packages, data


if not os.path.isdir(ADDON_DIR):
    raise SystemExit(
        f"{os.path.relpath(ADDON_DIR, HERE)} is missing or broken: it must be a "
        f"symlink to ../../../../{ADDON} (git checkouts need core.symlinks=true)"
    )
manifest = read_manifest()
packages, data_files = find_packages_and_data()

setup(
    name=f"odoo-addon-{ADDON}",
    version=manifest["version"],
    description=manifest.get("summary", manifest["name"]),
    author=manifest.get("author"),
    url=manifest.get("website"),
    license=manifest.get("license"),
    python_requires=">=3.10",
    # "odoo" and "odoo.addons" are listed (they have no __init__.py here, so
    # they add no file to the wheel) and every package maps under one root:
    # setuptools then sees a "simple layout" and an editable install writes a
    # plain .pth holding SRC_ROOT instead of an import-hook finder that Odoo's
    # directory listing cannot see.
    packages=["odoo", "odoo.addons", *packages],
    package_dir={"": SRC_ROOT},
    package_data={PACKAGE: data_files},
    include_package_data=False,
    install_requires=["python-dateutil", "odoo-addon-base_tier_validation==18.0.3.5.2"],
    classifiers=[
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
        "Programming Language :: Python :: 3",
    ],
)

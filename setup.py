"""Install the addon as the Python package ``odoo.addons.ar_overdue_management``.

``pip install .`` puts it under ``site-packages/odoo/addons/``; Odoo's
``odoo/addons/__init__.py`` extends its path with ``pkgutil.extend_path`` so
the addon is found there.  Odoo itself is not on PyPI, so it is not listed in
``install_requires``: install Odoo 18.0 first.

``pip install -e .`` makes the package importable, but Odoo discovers modules
by listing directories, so it does not see an editable install: for
development put the checkout on ``--addons-path`` (what ``bin/test`` and
``bin/demo`` do).
"""

import ast
import os

from setuptools import setup

ADDON = "ar_overdue_management"
PACKAGE = f"odoo.addons.{ADDON}"
HERE = os.path.dirname(os.path.abspath(__file__))
ADDON_DIR = os.path.join(HERE, ADDON)
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
    packages=packages,
    package_dir={PACKAGE: ADDON},
    package_data={PACKAGE: data_files},
    include_package_data=False,
    install_requires=["python-dateutil"],
    classifiers=[
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
        "Programming Language :: Python :: 3",
    ],
)

"""PostgreSQL plumbing: connections, database copies, the template's metadata.

Every measurement runs on a ``createdb -T`` copy of a template, so copying,
renaming and dropping must also move Odoo's filestore and close this
process' connections (an open one blocks ``createdb -T`` and ``ALTER
DATABASE``).
"""

import contextlib
import os
import shutil
import subprocess

import odoo
import odoo.sql_db
import odoo.tools
import psycopg2
from odoo.modules.registry import Registry


def pg_connect(db, autocommit=False):
    conn = psycopg2.connect(dbname=db)
    conn.autocommit = autocommit
    return conn


@contextlib.contextmanager
def pg_cursor(db, autocommit=False):
    """A cursor on its own connection: committed and closed on exit (a
    connection left open would block ``createdb -T`` and ``ALTER DATABASE``)."""
    conn = pg_connect(db, autocommit)
    try:
        with conn.cursor() as cur:
            yield cur
        if not autocommit:
            conn.commit()
    finally:
        conn.close()


def sql_scalar(db, query, params=None):
    """The single value ``query`` returns, on a connection of its own."""
    with pg_cursor(db) as cur:
        cur.execute(query, params)
        value = cur.fetchone()[0]
    return value


def db_exists(name):
    with pg_cursor("postgres", autocommit=True) as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cur.fetchone())


def filestore(db):
    return os.path.join(odoo.tools.config["data_dir"], "filestore", db)


def close_odoo(db):
    """Forget the registry of ``db`` and close this process' connections."""
    Registry.delete(db)
    odoo.sql_db.close_db(db)


def drop_db(db):
    close_odoo(db)
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=True)
    shutil.rmtree(filestore(db), ignore_errors=True)


def copy_db(template, target):
    """``target`` as a fresh copy of ``template`` (database and filestore)."""
    close_odoo(template)
    if db_exists(target):
        drop_db(target)
    subprocess.run(["createdb", "-T", template, target], check=True)
    shutil.rmtree(filestore(target), ignore_errors=True)
    if os.path.isdir(filestore(template)):
        shutil.copytree(filestore(template), filestore(target))


def rename_db(old, new):
    close_odoo(old)
    with pg_cursor("postgres", autocommit=True) as cur:
        cur.execute(f'ALTER DATABASE "{old}" RENAME TO "{new}"')
    if os.path.isdir(filestore(old)):
        shutil.move(filestore(old), filestore(new))


def vacuum_analyze(db):
    """Fresh statistics after bulk inserts, so that the planner of the
    measured runs sees the data as they are."""
    with pg_cursor(db, autocommit=True) as cur:
        cur.execute("VACUUM ANALYZE")


def meta_get(db):
    """The template's ``arom_bench_meta`` (how and from what it was built)."""
    with pg_cursor(db) as cur:
        cur.execute("SELECT to_regclass('arom_bench_meta')")
        if not cur.fetchone()[0]:
            return {}
        cur.execute("SELECT key, value FROM arom_bench_meta")
        return dict(cur.fetchall())


def meta_set(cr, values):
    cr.execute(
        "CREATE TABLE IF NOT EXISTS arom_bench_meta (key text PRIMARY KEY, value text)"
    )
    for key, value in values.items():
        cr.execute(
            "INSERT INTO arom_bench_meta VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [key, str(value)],
        )

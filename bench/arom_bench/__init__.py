"""Pieces of the benchmarks of ``ar_overdue_management``, reusable by each.

An entry point (``bench/bench_<name>.py``) calls
:func:`arom_bench.bootstrap.use_odoo_python` first, then imports the rest:
every other module imports odoo.  This file imports nothing, so that the
bootstrap can run before odoo is importable.

- ``bootstrap``: re-execute under a Python that imports odoo (no odoo here)
- ``common``: the addon's location, logging, odoo-bin, source hash, git state
- ``dbs``: PostgreSQL connections, database copies, the template's metadata
- ``data``: users, customers and seed invoices through the ORM
- ``clones``: set-based SQL clones of the seeds
- ``template``: building, updating and resetting the template database
- ``floor``: the floor statement and the cross-checks against it
- ``measure``: run until done, timing, query counting, profiling, medians
- ``overdue``: one measurement round of the daily overdue run, (a)-(e)
- ``report``: the overdue figures as JSON and as a table
- ``cli``: the command line of ``bench_overdue.py``
- ``cockpit_data``: the collection team's data some days after the first run
  (cases, letters, history, a week of contacts and promises, scorecards)
- ``client_calls``: the server calls the web client makes to open the
  Collections dashboard and the Today screen
- ``forms``: the specification the web client sends when it opens a form,
  one customer with many invoices, timing a call on a cold cache
- ``letters``: the dunning letters' PDF switch, PDFs and counts
- ``oca``: OCA account_credit_control in a copy of the data (installed,
  configured, its run and its e-mails), for ``bench_vs_oca.py`` only
"""

"""The PDFs of many documents of one report from one wkhtmltopdf run, cut
per document.

wkhtmltopdf takes about a second to start and lay out its assets: run once
per document, it is what a batch of letters waits for.  Odoo renders several
records in one run and splits the result with the PDF's outline; Debian's
wkhtmltopdf (built without patched Qt) takes a single input document and
makes no outline.  Here the documents' HTML comes from one QWeb rendering as
Odoo prepares it (one body per document); wkhtmltopdf gets these bodies as
one input, each document from a new page (or, built with patched Qt, one
input per document as Odoo gives them), and the PDF is cut where each
document starts: the page whose text first shows its reference.

A customer's PDF must never carry a page of another's: every piece has to
start with a page showing its own reference and may show no other document's
reference anywhere; anything else gives None, and the caller renders the
documents one by one.
"""

import functools
import io
import re
import subprocess

import lxml.html
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

PAGE_BREAK = '<div style="page-break-before: always;"></div>'


@functools.cache
def wkhtmltopdf_takes_many_inputs():
    """Whether wkhtmltopdf is built with patched Qt, the build that accepts
    several input documents in one run."""
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "patched qt" in version.lower()


def one_input(bodies):
    """The bodies (whole HTML pages, one per document, as Odoo's
    ``_prepare_html`` gives them) as one page: the first one's head, every
    document's content after it, each from a new page."""
    root = lxml.html.fromstring(bodies[0])
    body = root.find("body")
    for html in bodies[1:]:
        body.append(lxml.html.fragment_fromstring(PAGE_BREAK))
        for node in lxml.html.fromstring(html).find("body"):
            body.append(node)
    return "<!DOCTYPE html>" + lxml.html.tostring(root, encoding="unicode")


def split_by_reference(pdf, references):
    """``pdf`` cut in one piece per reference of ``references`` (in the
    order of the documents in ``pdf``), or None when the pages do not show
    exactly one document after the other."""
    if len(set(references)) != len(references) or not all(references):
        return None
    reader = PdfFileReader(io.BytesIO(pdf))
    pattern = re.compile(
        r"(?<![\w/-])("
        + "|".join(re.escape(ref) for ref in sorted(references, key=len, reverse=True))
        + r")(?![\w/-])"
    )
    starts, current = [], None
    for number, page in enumerate(reader.pages):
        shown = set(pattern.findall(page.extract_text() or ""))
        if len(shown) > 1:
            return None
        if not shown:
            if current is None:
                return None
            continue
        (reference,) = shown
        if reference == current:
            continue
        if len(starts) == len(references) or reference != references[len(starts)]:
            return None
        starts.append(number)
        current = reference
    if len(starts) != len(references):
        return None
    ends = starts[1:] + [len(reader.pages)]
    pieces = []
    for start, end in zip(starts, ends, strict=True):
        writer = PdfFileWriter()
        for number in range(start, end):
            writer.add_page(reader.pages[number])
        stream = io.BytesIO()
        writer.write(stream)
        pieces.append(stream.getvalue())
    return pieces


def render_batch(report, records, references):
    """``{id: PDF}`` of ``records`` printed by ``report`` (an
    ``ir.actions.report``, in the language of its context) in one
    wkhtmltopdf run, or None when the run cannot be cut safely per record.
    ``references``: ``{id: text}`` that each record's first page shows and
    no other record's page."""
    report = report.with_context(debug=False, webp_as_jpg=True)
    html = report._render_qweb_html(
        report.report_name, records.ids, data={"report_type": "pdf"}
    )[0]
    bodies, html_ids, header, footer, paper_args = report._prepare_html(
        html, report_model=report.model
    )
    if html_ids != records.ids:
        return None
    if not wkhtmltopdf_takes_many_inputs():
        bodies = [one_input(bodies)]
    pdf = report._run_wkhtmltopdf(
        bodies,
        report_ref=report.report_name,
        header=header,
        footer=footer,
        landscape=report.env.context.get("landscape"),
        specific_paperformat_args=paper_args,
        set_viewport_size=report.env.context.get("set_viewport_size"),
    )
    pieces = split_by_reference(pdf, [references[rid] for rid in records.ids])
    if pieces is None:
        return None
    return dict(zip(records.ids, pieces, strict=True))

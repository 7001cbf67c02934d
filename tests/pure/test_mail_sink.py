"""The demo's mail sink (bin/mail-sink): started as bin/demo starts it, it
keeps a mail sent through smtplib as one .eml file, then stops on SIGTERM."""

import smtplib
import socket
import subprocess
import sys
import time
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import pytest

pytest.importorskip("aiosmtpd", reason="requirements-demo.txt not installed")

SINK = Path(__file__).resolve().parents[2] / "bin" / "mail-sink"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def sink(tmp_path):
    port = free_port()
    folder = tmp_path / "mail"
    proc = subprocess.Popen(
        [sys.executable, str(SINK), "--port", str(port), "--dir", str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready = proc.stdout.readline()
        assert f"listening on 127.0.0.1:{port}" in ready
        yield proc, port, folder
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def mail(subject):
    message = EmailMessage()
    message["From"] = "collections@example.com"
    message["To"] = "customer@example.com"
    message["Subject"] = subject
    message.set_content("Your balance is 1,200.00.")
    return message


def test_sink_keeps_each_mail_as_an_eml_file_and_stops_on_sigterm(sink):
    proc, port, folder = sink
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(mail("Statement of account"))
        smtp.send_message(mail("Reminder"))

    deadline = time.monotonic() + 10
    while len(list(folder.glob("*.eml"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 2
    assert not list(folder.glob(".*.part"))
    subjects = set()
    for path in files:
        with path.open("rb") as handle:
            received = BytesParser(policy=default).parse(handle)
        assert received["To"] == "customer@example.com"
        assert received.get_content().strip() == "Your balance is 1,200.00."
        subjects.add(received["Subject"])
    assert subjects == {"Statement of account", "Reminder"}

    proc.terminate()
    assert proc.wait(timeout=10) == 0
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()

"""`kitgen serve` as a teacher's browser meets it: a real server process with a render process, over loopback."""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")

sys.path.insert(0, str(Path(__file__).parent))
from webkit import FORM, PROJECT_ROOT  # noqa: E402


def test_serve_makes_a_kit_in_its_render_process_and_logs_nothing_personal(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "kitgen", "serve", "--lessons", str(PROJECT_ROOT / "lessons"),
             "--port", str(port), "--workers", "1", "--rate-limit", "0"],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},  # this checkout's kitgen, not an installed one
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                        assert response.read() == b"ok"
                        break
                except OSError:
                    assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                    time.sleep(0.2)
            body = urllib.parse.urlencode({**FORM, "letter_lang": "en"}).encode()
            with urllib.request.urlopen(urllib.request.Request(base + "/download", data=body), timeout=120) as response:
                kit = zipfile.ZipFile(io.BytesIO(response.read()))
            assert "grooming-10-12-en-letter-text.txt" in kit.namelist()
            assert "Sanne de Vries" in kit.read("grooming-10-12-en-letter-text.txt").decode("utf-8")
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + "/download", timeout=10)  # GET: not allowed
            assert refused.value.code == 405
        finally:
            server.terminate()
            server.wait(30)
    output = log.read_text(encoding="utf-8")
    assert "kitgen serves http://127.0.0.1:" in output
    assert "Sanne" not in output and "Regenboog" not in output and "/download" not in output
    assert list(tmp_path.iterdir()) == [log]  # nothing written where it runs

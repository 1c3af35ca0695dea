"""`okrtui remind` (issue 19): each owner gets what they owe and each lead a summary, through apprise,
delivered here to a receiver on loopback (json://); --dry-run sends nothing; no apprise: one sentence."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("apprise")


@pytest.fixture
def receiver():
    """An HTTP server on 127.0.0.1 that keeps every POST as (path, JSON body)."""
    received: list[tuple[str, dict]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append((self.path, json.loads(body)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"json://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


def write_config(text: str) -> None:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "okrtui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_owner_in_their_language_and_lead_summary_to_their_urls(run, cli_demo, receiver):
    base, received = receiver
    run("config", "--db", str(cli_demo), "--team", "行銷", "--lead", "黃思涵", check_exit=0)
    write_config(f'[notify.people."林美玲"]\nurls = ["{base}/lin"]\nlanguage = "zh-TW"\n'
                 f'[notify.people."黃思涵"]\nurls = ["{base}/huang"]\n')
    done = run("remind", "--db", str(cli_demo))
    assert done.returncode == 0, done.stderr
    assert "Sent 2 notifications." in done.stdout
    by_path = {path: body for path, body in received}
    assert sorted(by_path) == ["/huang", "/lin"] and len(received) == 2
    lin = by_path["/lin"]
    assert lin["title"] == "okrtui：你有 1 個關鍵成果該更新"
    assert "#6 完成2場線上直播活動,且參與人數達500人 · 行銷 · 逾期 7 天" in lin["message"]
    assert "okrtui checkin 6 數值 --confidence 信心指數" in lin["message"]
    huang = by_path["/huang"]
    assert huang["title"] == "okrtui: team 行銷 owes 1 check-in"
    assert "林美玲: 1 check-in" in huang["message"] and "overdue by 7 days" in huang["message"]


def test_an_owner_without_urls_is_named_unreachable_in_the_leads_summary(run, cli_demo, receiver):
    base, received = receiver
    write_config(f'[notify.teams."行銷"]\nurls = ["{base}/team"]\n')  # nobody has a URL of their own
    done = run("remind", "--db", str(cli_demo), check_exit=0)
    assert "Unreachable: 林美玲" in done.stdout
    [(path, body)] = received
    assert path == "/team" and "Not reminded (no notify URL in config.toml): 林美玲" in body["message"]


def test_dry_run_prints_masked_urls_and_sends_nothing(run, cli_demo, receiver):
    base, received = receiver
    secret_url = base.replace("json://", "json://bot:s3cr3tpass@") + "/lin"
    write_config(f'[notify]\nurls = ["{secret_url}"]\n')
    done = run("remind", "--db", str(cli_demo), "--dry-run", check_exit=0)
    assert received == []
    assert "s3cr3tpass" not in done.stdout and "json://bot:****@127.0.0.1" in done.stdout
    assert "To 林美玲 (en):" in done.stdout and "okrtui checkin 6 VALUE" in done.stdout
    assert "Would send 2 messages; nothing was sent." in done.stdout


def test_a_delivery_failure_is_reported_per_url_with_exit_2(run, cli_demo, receiver):
    base, received = receiver
    write_config(f'[notify]\nurls = ["{base}/ok", "json://127.0.0.1:9/closed"]\n')  # port 9: nothing listens
    done = run("remind", "--db", str(cli_demo))
    assert done.returncode == 2
    assert "not delivered to 林美玲 at json://127.0.0.1:9/closed" in done.stderr
    assert done.stderr.strip().endswith("okrtui: 2 notifications were not delivered")
    assert sorted(path for path, _body in received) == ["/ok", "/ok"]  # the other URL still got both


def test_nobody_owes_nothing_is_sent(run, cli_demo, receiver):
    base, received = receiver
    write_config(f'[notify]\nurls = ["{base}/all"]\n')
    run("checkin", "6", "300", "--db", str(cli_demo), check_exit=0)
    done = run("remind", "--db", str(cli_demo), check_exit=0)
    assert done.stdout.strip() == "Nobody owes a check-in; nothing to send." and received == []


def test_without_the_notify_extra_one_sentence_and_exit_2(run, cli_demo, tmp_path):
    blocker = tmp_path / "no-apprise" / "apprise"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('no apprise here')\n", encoding="utf-8")
    done = run("remind", "--db", str(cli_demo), env={"PYTHONPATH": str(blocker.parent)})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("okrtui: sending reminders needs apprise, which is not installed; "
                           "install it with: pip install 'okrtui[notify]'\n")

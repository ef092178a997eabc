"""The suite serves: a multi-worker server on the test database answers in Vietnamese."""

import urllib.request


def test_server_answers(odoo_server):
    with urllib.request.urlopen(odoo_server.url("/web/login"), timeout=30) as response:
        assert response.status == 200
        page = response.read().decode()
    assert "<form" in page and "login" in page
    assert len(odoo_server.worker_pids()) >= 2

"""The benchmark still runs: a copy of the test database with Odoo's project, 300 generated
dossiers checked through the ORM, and every measure of tests/bench/run.py once, small.

The figures mean nothing at this size; the test checks that each measure runs and returns
one, so that the benchmark does not rot between two real runs (``make bench``)."""

import json
import os
import subprocess

import databases
import pytest
from server import ROOT, python

N = 300
MEASURES = (
    "reception",
    "kanban_manager",
    "kanban_desk",
    "list_manager",
    "list_desk",
    "statistics_total",
    "statistics_total_tasks",
    "statistics_by_unit",
    "statistics_by_unit_tasks",
    "statistics_desk",
    "pivot_manager",
    "pivot_head",
    "tracking",
    "export",
)


@pytest.fixture(scope="module")
def bench_db(test_db):
    """A copy of the test database (fresh install when it cannot be copied) with project."""
    with databases.copy_of_test_db(
        test_db,
        "bench",
        ["onestop_base", "onestop_workflow", "onestop_portal", "onestop_reports"],
        install=["project"],
    ) as copy:
        yield copy


def test_bench_runs(bench_db, tmp_path):
    db, data_dir = bench_db
    result = subprocess.run(
        [
            python(),
            os.path.join(ROOT, "tests", "bench", "run.py"),
            "--db",
            db,
            "--n",
            str(N),
            "--repeat",
            "1",
            "--reception",
            "3",
            "--export",
            "200",
            "--workers",
            "2",
            "--clients",
            "4",
            "--duration",
            "2",
            "--tokens",
            "40",
            "--verify",
            "60",
            "--data-dir",
            data_dir,
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [report] = [name for name in os.listdir(tmp_path) if name.endswith(".json")]
    with open(tmp_path / report, encoding="utf-8") as handle:
        data = json.load(handle)
    # The generated data agree with the addons' rules (recomputed through the ORM).
    assert data["checks"] == []
    assert data["data"]["n"] == N
    assert data["data"]["rows"]["dossier"] >= N - 5
    assert data["data"]["rows"]["task"] == data["data"]["rows"]["dossier"]
    # The screens were captured from the web client.
    assert set(data["screens"]) == {"dossier_kanban", "dossier_list", "task_kanban", "task_list"}
    for key in MEASURES:
        item = data["results"][key]
        assert item["measure"]["value"] > 0, key
    assert data["results"]["reception"]["baseline"]["value"] > 0
    assert data["results"]["kanban_manager"]["measure"]["result"]["records"] > 0
    assert data["results"]["tracking"]["measure"]["requests"] > 0
    assert not data["results"]["tracking"]["measure"]["errors"]
    assert data["results"]["export"]["measure"]["rows"] == 200
    assert "| 1 |" in result.stdout

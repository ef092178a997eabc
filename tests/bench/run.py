"""OneStop's benchmark: N generated dossiers beside N ``project.task`` rows, seven measures.

    $ONESTOP_VENV/bin/python tests/bench/run.py --db os_bench --n 200000

(``make bench`` prepares the database and calls this; see tests/bench/README.md.)

The database must have the four OneStop addons and ``project`` installed. The first run
generates the data (tests/bench/generate.py) and commits it; later runs on the same database
reuse it. Each measure runs in this process on a cursor rolled back after every run, except
the tracking page, loaded over HTTP from a multi-worker server (tests/server.py). The table
printed at the end is also written, with every run's figures and the machine, as JSON and
Markdown under ``--output``.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
ROOT = os.path.dirname(TESTS)
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo/src")
sys.path[:0] = [HERE, TESTS, ODOO_SRC]

import generate  # noqa: E402
import load  # noqa: E402
import measures  # noqa: E402
import psycopg2  # noqa: E402
import webclient  # noqa: E402
from server import OdooServer  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

MANAGER = "bench_manager"
DESK_USER = "bench_desk_province"
PROJECT_USER = "bench_project_user"
PG_SETTINGS = (
    "shared_buffers",
    "effective_cache_size",
    "work_mem",
    "maintenance_work_mem",
    "max_connections",
    "random_page_cost",
    "jit",
    "synchronous_commit",
    "max_worker_processes",
    "max_parallel_workers_per_gather",
)


def say(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------- machine
def machine(cr):
    info = {"date": datetime.now().astimezone().isoformat(timespec="seconds")}
    info["cpu_count"] = os.cpu_count()
    try:
        with open("/proc/cpuinfo") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if "model name" in line]
        info["cpu"] = names[0] if names else platform.processor()
    except OSError:
        info["cpu"] = platform.processor()
    try:
        with open("/proc/meminfo") as handle:
            total = next(line for line in handle if line.startswith("MemTotal"))
        info["ram_gb"] = round(int(total.split()[1]) / 2**20, 1)
    except (OSError, StopIteration):
        info["ram_gb"] = None
    cr.execute("SELECT current_setting('data_directory')")
    try:
        data_dir = cr.fetchone()[0]
    except Exception:  # noqa: BLE001 - only a superuser reads it
        data_dir = None
    info["disk"] = _disk(data_dir or "/")
    cr.execute("SHOW server_version")
    info["postgresql"] = cr.fetchone()[0]
    cr.execute(
        "SELECT name, setting, unit FROM pg_settings WHERE name IN %s ORDER BY name",
        [PG_SETTINGS],
    )
    info["postgresql_settings"] = {
        name: "%s%s" % (setting, (" x " + unit) if unit else "")
        for name, setting, unit in cr.fetchall()
    }
    info["python"] = platform.python_version()
    info["odoo"] = odoo.release.version
    info["kernel"] = platform.release()
    return info


def _disk(path):
    try:
        source = (
            subprocess.run(
                ["df", "--output=source,fstype,size", path],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.splitlines()[-1]
            .split()
        )
        device = os.path.basename(source[0])
        rotational = None
        base = device.rstrip("0123456789")
        for name in (device, base, base.rstrip("p")):
            flag = "/sys/block/%s/queue/rotational" % name
            if os.path.exists(flag):
                with open(flag) as handle:
                    rotational = handle.read().strip() == "1"
                break
        kind = {True: "rotating disk", False: "SSD or virtual disk", None: "disk"}[rotational]
        return "%s (%s, %s, %s)" % (source[0], source[1], source[2], kind)
    except (OSError, subprocess.CalledProcessError, IndexError):
        return None


def resident_mb(pids):
    """Resident memory (MB) of each process, from /proc."""
    sizes = []
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid, encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return sorted(sizes)


def vacuum(db):
    """VACUUM ANALYZE the tables the generator filled: after a bulk load, the visibility map
    and the hint bits are set once here rather than by the first queries measured."""
    started = time.perf_counter()
    _name, info = odoo.sql_db.connection_info_for(db)
    connection = psycopg2.connect(**info)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for table in generate.TABLES:
                try:
                    cursor.execute('VACUUM (ANALYZE) "%s"' % table)
                except psycopg2.errors.UndefinedTable:
                    continue
    finally:
        connection.close()
    say("  VACUUM ANALYZE in %.0f s" % (time.perf_counter() - started))


def load_average():
    try:
        return os.getloadavg()
    except OSError:
        return None


# ---------------------------------------------------------------------- web client
def capture(server, db, no_browser, say=say):
    """The RPC arguments of the four screens, from headless Chromium (or derived from the
    views' fields with ``--no-browser``)."""
    if no_browser:
        return None
    started = time.perf_counter()
    screens = {}
    with webclient.Browser(server.base_url, db, MANAGER, MANAGER) as browser:
        # Without the action's default filter "My work": all the dossiers the user may see.
        calls = browser.capture("onestop_workflow.action_dossier_kanban", context={})
        screens["dossier_kanban"] = (
            webclient.first_call(calls, "web_read_group", "onestop.dossier"),
            webclient.first_call(calls, "web_search_read", "onestop.dossier"),
        )
        calls = browser.capture("onestop_base.action_dossier_overdue")
        screens["dossier_list"] = webclient.first_call(calls, "web_search_read", "onestop.dossier")
    with webclient.Browser(server.base_url, db, PROJECT_USER, PROJECT_USER) as browser:
        project = _first_project(db)
        action = "project.act_project_project_2_project_task_all"
        calls = browser.capture(action, {"additionalContext": {"active_id": project}})
        screens["task_kanban"] = (
            webclient.first_call(calls, "web_read_group", "project.task"),
            webclient.first_call(calls, "web_search_read", "project.task"),
        )
        calls = browser.capture(
            action,
            {
                "additionalContext": {"active_id": project, "group_by": []},
                "viewType": "list",
            },
        )
        screens["task_list"] = webclient.first_call(calls, "web_search_read", "project.task")
    say(
        "  web client's requests captured from Chromium in %.0f s" % (time.perf_counter() - started)
    )
    return screens


def _first_project(db):
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        cr.execute("SELECT min(id) FROM project_project WHERE name->>'en_US' LIKE 'Dự án %%'")
        return cr.fetchone()[0]


def derived(env, model, action_xmlid, view_type):
    """Fallback without a browser: the fields of the action's view, many2one as
    ``display_name``, in the user's context."""
    # The action itself is configuration only administrators read.
    action = env.ref(action_xmlid).sudo()
    views = env[model].get_views(
        [(False, view_type)] if not action.view_id else [(action.view_id.id, view_type)]
    )
    fields_ = views["models"][model]["fields"]
    spec = {
        name: {"fields": {"display_name": {}}} if field["type"] in ("many2one", "many2many") else {}
        for name, field in fields_.items()
    }
    arch = views["views"][view_type]["arch"]
    order = ""
    if 'default_order="' in arch:
        order = arch.split('default_order="', 1)[1].split('"', 1)[0]
    context = dict(env.context, bin_size=True)
    return spec, order, context


# ---------------------------------------------------------------------- the run
class Bench:
    def __init__(self, args):
        self.args = args
        self.results = {}
        self.rows = []

    def wanted(self, number):
        """Whether the measure ``number`` runs (``--only``)."""
        return not self.args.only or number in self.args.only

    def add(self, key, label, value, baseline=None, target=None, note=""):
        self.results[key] = {
            "measure": value,
            "baseline": baseline,
            "target": target,
            "label": label,
            "note": note,
        }

    def run(self):
        args = self.args
        odoo.tools.config.parse_config(
            ["-c", args.config, "--addons-path", args.addons_path, "--log-level", "warn"]
            + (["--data-dir", args.data_dir] if args.data_dir else [])
        )
        registry = odoo.modules.registry.Registry(args.db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.machine = machine(cr)
            self.machine["load_average_start"] = load_average()
            summary = generate.generated(env)
            if summary and summary["n"] != args.n:
                raise SystemExit(
                    "%s holds %d generated dossiers, not %d: use another database (make bench "
                    "recreates it)." % (args.db, summary["n"], args.n)
                )
            if not summary:
                say("Generating %d dossiers and %d tasks in %s..." % (args.n, args.n, args.db))
                started = time.perf_counter()
                summary = generate.generate(env, args.n, log=say)
                cr.commit()
                summary["seconds"] = time.perf_counter() - started
                env["ir.config_parameter"].set_param(generate.MARKER, json.dumps(summary))
                cr.commit()
                vacuum(args.db)
            self.summary = summary
            problems = generate.verify(env, sample=args.verify)
            cr.rollback()
            self.problems = problems
            say(
                "Data checked through the ORM on %d dossiers: %s"
                % (args.verify, "%d differences" % len(problems) if problems else "consistent")
            )
            for problem in problems[:10]:
                say("  " + problem)
            self.tokens, self.task_paths = self.public_paths(cr)
            cr.commit()

        server_args = ["--limit-time-real=600", "--limit-time-cpu=300"]
        if args.data_dir:
            server_args.append("--data-dir=%s" % args.data_dir)
        log_path = os.path.join(args.output, "server-%s.log" % args.db)
        screens = None
        if not args.no_browser and (self.wanted(2) or self.wanted(3)):
            say("Capturing what the web client asks for (headless Chromium)...")
            with OdooServer(args.db, workers=2, extra_args=server_args, log_path=log_path) as srv:
                screens = capture(srv, args.db, args.no_browser)
        self.screens = screens

        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.in_process(env)
        if not args.skip_load and self.wanted(6):
            self.tracking(server_args, log_path)
        return self.report()

    # ------------------------------------------------------------------ public paths
    def public_paths(self, cr):
        """Tracking URLs of random dossiers, and portal URLs (with an access token) of as
        many random tasks: Odoo's own public page of a record, the baseline."""
        count = self.args.tokens
        cr.execute(
            """SELECT tracking_token FROM onestop_dossier
                WHERE parent_id IS NULL AND state != 'draft' ORDER BY random() LIMIT %s""",
            [count],
        )
        tokens = ["/onestop/track/%s" % row[0] for row in cr.fetchall()]
        cr.execute(
            """UPDATE project_task SET access_token = gen_random_uuid()::text
                WHERE id IN (SELECT id FROM project_task WHERE access_token IS NULL
                              ORDER BY random() LIMIT %s)""",
            [count],
        )
        cr.execute(
            "SELECT id, access_token FROM project_task WHERE access_token IS NOT NULL LIMIT %s",
            [count],
        )
        tasks = ["/my/tasks/%d?access_token=%s" % row for row in cr.fetchall()]
        return tokens, tasks

    # ------------------------------------------------------------------ in process
    def in_process(self, env):
        args = self.args
        repeat = args.repeat
        manager = measures.user_env(env, MANAGER)
        desk = measures.user_env(env, DESK_USER)
        project_user = measures.user_env(env, PROJECT_USER)
        cr = env.cr

        now = odoo.fields.Datetime.now()
        if self.wanted(1):
            # 1. Reception.
            say("1. Reception through the full action, against project.task creation...")
            procedure = env["onestop.procedure"].search(
                [("code", "=like", "9.%"), ("competent_department_id", "!=", False)], limit=1
            )
            department = env["onestop.department"].search(
                [("name", "=", "Trung tâm Phục vụ hành chính công tỉnh")], limit=1
            )
            cr.execute("SELECT partner_id FROM onestop_dossier ORDER BY random() LIMIT 200")
            partners = [row[0] for row in cr.fetchall()]
            cr.execute("SELECT min(id) FROM project_project WHERE name->>'en_US' LIKE 'Dự án %%'")
            project_id = cr.fetchone()[0]
            count = args.reception
            dossier_rate = measures.reception_rate(
                desk, procedure.with_env(desk), department.with_env(desk), partners, count, repeat
            )
            task_rate = measures.task_rate(project_user, project_id, partners, count, repeat)
            self.add(
                "reception",
                "Reception (create, documents, receive, chatter) per second",
                dossier_rate,
                task_rate,
                (">=", 1.0),
                "%d dossiers a run as a reception officer; baseline: project.task create + "
                "message_post as a project user" % count,
            )
            self._say_pair(dossier_rate, task_rate)
            job_rate = measures.mail_job_rate(
                desk, procedure.with_env(desk), department.with_env(desk), partners, count, repeat
            )
            self.add(
                "reception_mails",
                "Applicants' emails written by the job per second (after the receptions)",
                job_rate,
                None,
                None,
                "the job that follows the officers' receptions: template, chatter message, "
                "email queued",
            )
            self._say_pair(job_rate, None, "emails")
            if "onestop.sync.endpoint" in env:
                down_rate = measures.reception_rate_portal_down(
                    desk,
                    procedure.with_env(desk),
                    department.with_env(desk),
                    partners,
                    count,
                    repeat,
                )
                self.add(
                    "reception_portal_down",
                    "Reception per second with the national portal down (onestop_sync)",
                    down_rate,
                    dossier_rate,
                    None,
                    "the same receptions, the national portal unreachable; baseline: the "
                    "receptions above",
                )
                self._say_pair(down_rate, dossier_rate, "portal down")

        if self.wanted(2):
            # 2. Kanban.
            say("2. Kanban, first screen...")
            dossier_kanban = self.screen("dossier_kanban", env)
            task_kanban = self.screen("task_kanban", env)
            kanban_domain = [("state", "!=", "draft")]
            task_domain = [("display_in_project", "=", True)]
            for key, user in (("manager", manager), ("desk", desk)):
                value = measures.kanban(
                    user, "onestop.dossier", *dossier_kanban, kanban_domain, repeat
                )
                baseline = (
                    measures.kanban(project_user, "project.task", *task_kanban, task_domain, repeat)
                    if key == "manager"
                    else self.results["kanban_manager"]["baseline"]
                )
                self.add(
                    "kanban_%s" % key,
                    "Dossier kanban, first screen (%s)"
                    % ("manager" if key == "manager" else "desk officer"),
                    value,
                    baseline,
                    ("<=", 1.5),
                    "web_read_group + web_search_read per open column; baseline: project.task "
                    "kanban of all %d tasks" % self.summary["n"],
                )
                self._say_pair(value, baseline, key)

        if self.wanted(3):
            # 3. Overdue list.
            say("3. List of overdue dossiers, first page...")
            dossier_list = self.screen("dossier_list", env)
            task_list = self.screen("task_list", env)
            late_tasks = [("date_deadline", "<", now), ("state", "in", measures.OPEN_TASK_STATES)]
            task_value = measures.listing(
                project_user, "project.task", task_list, late_tasks, repeat
            )
            for key, user in (("manager", manager), ("desk", desk)):
                value = measures.listing(
                    user, "onestop.dossier", dossier_list, [("is_overdue", "=", True)], repeat
                )
                self.add(
                    "list_%s" % key,
                    "Overdue dossiers, first page (%s)"
                    % ("manager" if key == "manager" else "desk officer"),
                    value,
                    task_value,
                    ("<=", 1.5),
                    "web_search_read, 80 rows; baseline: the task list filtered on late tasks",
                )
                self._say_pair(value, task_value, key)

        # 4. Statistics.
        if self.wanted(4):
            self.statistics(env, manager, desk, project_user, now)
        if self.wanted(5):
            self.pivots(env, manager, project_user)
        if self.wanted(7):
            self.export(manager)

    def statistics(self, env, manager, desk, project_user, now):
        repeat = self.args.repeat
        say("4. The year's statistics...")
        date_from, date_to = measures.last_year(now)
        for key, groupby in (("total", None), ("by_unit", "department_id")):
            # The two in alternation, round by round, so that they see the same machine.
            value, floor = measures.statistics_and_floor(
                env, manager, date_from, date_to, groupby, repeat
            )
            tasks = measures.task_read_group(
                project_user, date_from, date_to, bool(groupby), repeat
            )
            label = "Statistics of %s, %s" % (
                date_from.year,
                "in all" if not groupby else "by receiving unit",
            )
            self.add(
                "statistics_%s" % key,
                label,
                value,
                floor,
                ("<=", 2.0),
                "onestop.statistics.compute as the manager; floor: one SQL aggregate "
                "over the same rows, timed in alternation; median of the rounds' ratios %.2f"
                % value["paired_ratio"],
            )
            self._say_pair(value, floor, key)
            self.add(
                "statistics_%s_tasks" % key,
                "%s, beside project.task read_group (%s)"
                % (label, "by project" if groupby else "by stage"),
                value,
                tasks,
                None,
                "baseline: read_group of the tasks open in the year as a project user, "
                "%d groups of %d tasks" % (tasks["result"]["groups"], tasks["result"]["tasks"]),
            )
            self._say_pair(value, tasks, key + " vs read_group")
        desk_stats = measures.statistics_compute(desk, date_from, date_to, None, repeat)
        self.add(
            "statistics_desk",
            "Statistics of %s (desk officer)" % date_from.year,
            desk_stats,
            None,
            None,
            "the dossiers the officer may read",
        )
        self._say_pair(desk_stats, None, "desk")

    def pivots(self, env, manager, project_user):
        repeat = self.args.repeat
        cr = env.cr
        # 5. Pivot.
        say("5. Pivot of the analysis by receiving unit and month...")
        # The analysis is for heads, leaders and managers: the head of a department's unit.
        cr.execute(
            "SELECT login FROM res_users WHERE login LIKE 'bench_head_%%' ORDER BY id " "LIMIT 1"
        )
        head = measures.user_env(env, cr.fetchone()[0])
        for key, user in (("manager", manager), ("head", head)):
            value = measures.pivot(
                user,
                "onestop.dossier.report",
                "department_id",
                "received_date:month",
                ["dossier_count:sum", "__count"],
                [],
                repeat,
            )
            baseline = (
                measures.pivot(
                    project_user,
                    "report.project.task.user",
                    "project_id",
                    "date_assign:month",
                    ["__count"],
                    [],
                    repeat,
                )
                if key == "manager"
                else self.results["pivot_manager"]["baseline"]
            )
            self.add(
                "pivot_%s" % key,
                "Pivot by unit and month (%s)"
                % ("manager" if key == "manager" else "head of a unit"),
                value,
                baseline,
                None,
                "4 read_group calls; baseline: Odoo's task analysis by project and month",
            )
            self._say_pair(value, baseline, key)

    def export(self, manager):
        args, repeat = self.args, self.args.repeat
        cr = manager.cr
        # 7. Export.
        say("7. XLSX export...")
        domain = self._export_domain(cr, args.export)
        export = measures.export_xlsx(manager, domain, max(1, repeat // 2), constant=True)
        small_domain = self._export_domain(cr, max(1, args.export // 10))
        small = measures.export_xlsx(manager, small_domain, 1, constant=True)
        in_memory = measures.export_xlsx(manager, domain, 1, constant=False)
        export["small"] = small
        self.add(
            "export",
            "XLSX export of %d dossiers" % export["rows"],
            export,
            in_memory,
            None,
            "streamed (constant_memory) vs. the same export without it",
        )
        say(
            "   %.2f s, heap peak %.1f MB (%d rows: %.1f MB); without constant_memory: "
            "%.2f s, %.1f MB"
            % (
                export["value"],
                export["heap_peak_mb"],
                small["rows"],
                small["heap_peak_mb"],
                in_memory["value"],
                in_memory["heap_peak_mb"],
            )
        )

    def _export_domain(self, cr, count):
        """The ``count`` dossiers received last (by id among equal reception times: a
        database may hold dossiers received at the same instant)."""
        cr.execute(
            "SELECT id FROM onestop_dossier WHERE received_date IS NOT NULL "
            "ORDER BY received_date DESC, id DESC LIMIT %s",
            [count],
        )
        return [("id", "in", [row[0] for row in cr.fetchall()])]

    def screen(self, name, env):
        if self.screens:
            return self.screens[name]
        # Without a browser: the arguments derived from the views.
        if name == "dossier_kanban":
            spec, order, context = derived(
                measures.user_env(env, MANAGER),
                "onestop.dossier",
                "onestop_workflow.action_dossier_kanban",
                "kanban",
            )
            read_group = {
                "groupby": ["stage_id"],
                "fields": [],
                "lazy": True,
                "orderby": "",
                "offset": 0,
                "limit": None,
                "context": context,
            }
            return read_group, {
                "specification": spec,
                "order": order,
                "limit": 40,
                "offset": 0,
                "count_limit": 10001,
                "context": context,
            }
        if name == "task_kanban":
            spec, order, context = derived(
                measures.user_env(env, PROJECT_USER),
                "project.task",
                "project.act_project_project_2_project_task_all",
                "kanban",
            )
            read_group = {
                "groupby": ["stage_id"],
                "fields": [],
                "lazy": True,
                "orderby": "",
                "offset": 0,
                "limit": None,
                "context": context,
            }
            return read_group, {
                "specification": spec,
                "order": order,
                "limit": 40,
                "offset": 0,
                "count_limit": 10001,
                "context": context,
            }
        model, user, action = {
            "dossier_list": ("onestop.dossier", MANAGER, "onestop_base.action_dossier_overdue"),
            "task_list": (
                "project.task",
                PROJECT_USER,
                "project.act_project_project_2_project_task_all",
            ),
        }[name]
        spec, _order, context = derived(measures.user_env(env, user), model, action, "list")
        return {
            "specification": spec,
            "order": "",
            "limit": 80,
            "offset": 0,
            "count_limit": 10001,
            "context": context,
        }

    # ------------------------------------------------------------------ 6. tracking page
    def tracking(self, server_args, log_path):
        args = self.args
        say(
            "6. Tracking page: %d clients, %d workers, %d s..."
            % (args.clients, args.workers, args.duration)
        )

        def check_tracking(status, body):
            if status == 200 and b"onestop" not in body.lower():
                return "unexpected page"
            return None

        # As in production (deploy/odoo.prod.conf): the database named, no dbfilter, so that
        # Odoo does not list the databases (a new PostgreSQL connection) on each request.
        with OdooServer(
            args.db,
            workers=args.workers,
            extra_args=server_args
            + ["--db-filter=", "--db_maxconn=%d" % max(32, args.workers * 2 + 8)],
            log_path=log_path,
        ) as server:
            # Odoo's task page redirects a Vietnamese visitor to /vi/... in a database whose
            # default language is another: both pages are measured where they answer.
            task_paths = load.resolve(server.base_url, self.task_paths)
            # Warm every worker's registry and the pages' templates.
            load.run(
                server.base_url, self.tokens[:50], clients=args.workers * 2, duration=2, warmup=2
            )
            value = load.run(
                server.base_url,
                self.tokens,
                clients=args.clients,
                duration=args.duration,
                warmup=3,
                check=check_tracking,
            )
            load.run(
                server.base_url,
                task_paths[:50],
                clients=args.workers * 2,
                duration=2,
                warmup=2,
            )
            baseline = load.run(
                server.base_url,
                task_paths,
                clients=args.clients,
                duration=args.duration,
                warmup=3,
            )
            value["worker_rss_mb"] = resident_mb(server.worker_pids())
            # The same page with as many clients as CPUs: each request is served as it
            # comes, its latency is the page's own cost rather than a queue's.
            few = load.run(
                server.base_url,
                self.tokens,
                clients=os.cpu_count() or 1,
                duration=max(2.0, args.duration / 2),
                warmup=2,
                check=check_tracking,
            )
            value["at_cpu_count"] = {
                key: few[key] for key in ("clients", "rps", "p50_ms", "p95_ms", "p99_ms")
            }
        for result in (value, baseline):
            result["value"] = result["p95_ms"]
            result["unit"] = "ms"
        self.add(
            "tracking",
            "Tracking page, %d clients: p95" % args.clients,
            value,
            baseline,
            ("<", 50.0),
            "baseline: Odoo's portal page of a task with its access token",
        )
        say(
            "   tracking: %.0f req/s, p50 %.1f ms, p95 %.1f ms, errors %s"
            % (value["rps"], value["p50_ms"], value["p95_ms"], value["errors"] or "none")
        )
        say(
            "   task portal page: %.0f req/s, p50 %.1f ms, p95 %.1f ms, errors %s"
            % (
                baseline["rps"],
                baseline["p50_ms"],
                baseline["p95_ms"],
                baseline["errors"] or "none",
            )
        )

    # ------------------------------------------------------------------ output
    def _say_pair(self, value, baseline, label=""):
        text = "   %s%s" % (("%s: " % label) if label else "", _fmt(value))
        if baseline:
            text += "   baseline %s   ratio %s" % (_fmt(baseline), _ratio(value, baseline))
        say(text)

    def report(self):
        args = self.args
        self.machine["load_average_end"] = load_average()
        lines = [
            "| # | measure | OneStop | baseline | ratio | target | SQL queries |",
            "|---|---|---:|---:|---:|---|---:|",
        ]
        numbers = {
            "reception": 1,
            "reception_mails": 1,
            "reception_portal_down": 1,
            "kanban_manager": 2,
            "kanban_desk": 2,
            "list_manager": 3,
            "list_desk": 3,
            "statistics_total": 4,
            "statistics_total_tasks": 4,
            "statistics_by_unit": 4,
            "statistics_by_unit_tasks": 4,
            "statistics_desk": 4,
            "pivot_manager": 5,
            "pivot_head": 5,
            "tracking": 6,
            "export": 7,
        }
        for key, item in sorted(self.results.items(), key=lambda kv: numbers.get(kv[0], 9)):
            value, baseline, target = item["measure"], item["baseline"], item["target"]
            ratio = _ratio(value, baseline) if baseline else ""
            target_text = ""
            if target:
                target_text = "ratio %s %s" % target
                if key == "tracking":
                    target_text = "p95 < 50 ms"
                elif key == "reception":
                    target_text = "ratio >= 1"
            queries = value.get("queries")
            lines.append(
                "| %s | %s | %s | %s | %s | %s | %s |"
                % (
                    numbers.get(key, ""),
                    item["label"],
                    _fmt(value),
                    _fmt(baseline) if baseline else "",
                    ratio,
                    target_text,
                    ("%.0f" % queries) if queries is not None else "",
                )
            )
        tracking = self.results.get("tracking")
        if tracking:
            value, baseline = tracking["measure"], tracking["baseline"]
            few = value.get("at_cpu_count") or {}
            lines.append("")
            lines.append(
                "Tracking page: %.0f requests/s, median %.1f ms, p95 %.1f ms, p99 %.1f ms (%d "
                "clients, %d workers); Odoo's task portal page: %.0f requests/s, median %.1f ms, "
                "p95 %.1f ms. With %s clients (one per CPU): %.0f requests/s, median %.1f ms, "
                "p95 %.1f ms. Resident memory of the server's processes after the load: %s MB."
                % (
                    value["rps"],
                    value["p50_ms"],
                    value["p95_ms"],
                    value["p99_ms"],
                    args.clients,
                    args.workers,
                    baseline["rps"],
                    baseline["p50_ms"],
                    baseline["p95_ms"],
                    few.get("clients", "?"),
                    few.get("rps") or 0,
                    few.get("p50_ms") or 0,
                    few.get("p95_ms") or 0,
                    ", ".join("%.0f" % mb for mb in value.get("worker_rss_mb") or []) or "?",
                )
            )
        export = self.results.get("export")
        if export:
            value, baseline = export["measure"], export["baseline"]
            lines.append("")
            lines.append(
                "XLSX export: %d rows in %.2f s (%.1f MB file); Python heap peak %.1f MB "
                "(%.1f MB for %d rows: constant), resident memory +%s MB. Without "
                "constant_memory: %.2f s, heap peak %.1f MB."
                % (
                    value["rows"],
                    value["value"],
                    value["file_mb"],
                    value["heap_peak_mb"],
                    value["small"]["heap_peak_mb"],
                    value["small"]["rows"],
                    ("%.0f" % value["rss_delta_mb"])
                    if value.get("rss_delta_mb") is not None
                    else "?",
                    baseline["value"],
                    baseline["heap_peak_mb"],
                )
            )
        table = "\n".join(lines)
        say("")
        say(
            "OneStop benchmark, N = %d dossiers (%s), median of %d runs"
            % (self.summary["n"], self.machine["date"], args.repeat)
        )
        say(table)
        os.makedirs(args.output, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        base = os.path.join(args.output, "bench-%d-%s" % (self.summary["n"], stamp))
        with open(base + ".json", "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "machine": self.machine,
                    "data": self.summary,
                    "checks": self.problems,
                    "args": vars(args),
                    "results": self.results,
                    "screens": self.screens,
                },
                handle,
                indent=1,
                default=str,
            )
        with open(base + ".md", "w", encoding="utf-8") as handle:
            handle.write(_machine_md(self.machine, self.summary) + "\n\n" + table + "\n")
        say("")
        say("Written: %s.json and .md" % base)
        return self.results


def _fmt(measure):
    if not measure:
        return ""
    value, unit = measure["value"], measure.get("unit", "s")
    if unit == "s":
        return "%.1f ms" % (value * 1000) if value < 1 else "%.2f s" % value
    if unit == "/s":
        return "%.1f/s" % value
    if unit == "ms":
        return "%.1f ms" % value
    return "%s %s" % (value, unit)


def _ratio(measure, baseline):
    if not measure or not baseline or not baseline.get("value"):
        return ""
    return "%.2f" % (measure["value"] / baseline["value"])


def _load(values):
    return "/".join("%.1f" % value for value in values) if values else "?"


def _machine_md(info, summary):
    settings = ", ".join("%s %s" % item for item in info["postgresql_settings"].items())
    return (
        "Machine: %s, %s CPUs, %s GB RAM, %s; PostgreSQL %s (%s); Odoo %s, Python %s. Run on %s "
        "(load average %s at the start, %s at the end). "
        "Data: %d dossiers (%s), generated in %s s."
        % (
            info["cpu"],
            info["cpu_count"],
            info["ram_gb"],
            info["disk"],
            info["postgresql"],
            settings,
            info["odoo"],
            info["python"],
            info["date"],
            _load(info.get("load_average_start")),
            _load(info.get("load_average_end")),
            summary["n"],
            ", ".join("%s %s" % kv for kv in summary.get("facts", {}).items()),
            ("%.0f" % summary["seconds"]) if summary.get("seconds") else "?",
        )
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--n", type=int, default=200000, help="dossiers (and tasks)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measure")
    parser.add_argument("--reception", type=int, default=30, help="dossiers per reception run")
    parser.add_argument("--export", type=int, default=100000, help="dossiers exported")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load")
    parser.add_argument("--tokens", type=int, default=2000, help="distinct tracking URLs")
    parser.add_argument("--verify", type=int, default=200, help="dossiers checked via the ORM")
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="derive the screens' requests from the views instead of Chromium",
    )
    parser.add_argument("--skip-load", action="store_true", help="no tracking-page load")
    parser.add_argument(
        "--only",
        type=lambda text: {int(number) for number in text.split(",")},
        default=None,
        help="run only these measures, e.g. 4 or 1,4 (the numbers of tests/bench/README.md)",
    )
    parser.add_argument("--output", default=os.path.join(ROOT, ".bench"))
    parser.add_argument("--config", default=os.path.join(ROOT, "odoo.conf"))
    parser.add_argument("--data-dir", default=None)
    parser.add_argument(
        "--addons-path",
        default=",".join(
            [
                os.path.join(ODOO_SRC, "odoo", "addons"),
                os.path.join(ODOO_SRC, "addons"),
                os.path.join(ROOT, "addons"),
            ]
        ),
    )
    return parser.parse_args(argv)


def main(argv=None):
    return Bench(parse_args(argv)).run()


if __name__ == "__main__":
    main()

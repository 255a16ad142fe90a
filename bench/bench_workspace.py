"""The agents' workspace at 200,000 conversations and 1,000,000 messages in PostgreSQL: page time p50/p95.

Builds (once; `--rebuild` to force) the database `triage_bench_workspace` with INSERT ... SELECT
over generate_series: 8 teams of unequal size, 60,000 cases, 200,000 conversations (mostly
resolved history; about 15% active, 1% urgent, due times around now, a tenth with none, 70%
linked to a case), 1,000,000 messages (every conversation's first message plus replies skewed to
some conversations; bodies of a few hundred characters naming the child and what is wrong), a
classification per inbound message, a case link per conversation and 300,000 audit events. The
models' indexes are built after the load, then ANALYZE.

Then it serves the real app (web.create_app under gunicorn, gthread, as `triage serve` does) with
a WSGI wrapper that reports the time spent inside the app in a `Server-Timing` header, signs in
20 clients (16 agents in one to three teams, 4 managers who see everything) and has them load,
all at once, each page kind in turn: the queue's default view, a filtered view, a search for a
family's surname, page 5 reached by following Next, and a conversation.
Printed: server time (inside the app) and client time (what the browser waits) p50 and p95.

Usage: python bench/bench_workspace.py [--rebuild] [--clients 20] [--loads 25] [--workers 2]
       [--common-words] [--postgres-admin-url URL]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable

from gunicorn.app.base import BaseApplication
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from triage.config import load_settings
from triage.db import Base, make_engine, make_session_factory
from triage.models import AuditEvent, CaseLink, Classification, Conversation, Message
from triage.runtime import Runtime
from triage.services.users import hash_password
from web import create_app

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DATABASE = "triage_bench_workspace"
CONVERSATIONS = 200_000
MESSAGES = 1_000_000
CASES = 60_000
AUDIT_EVENTS = 300_000
TEAMS = ["Contact Centre", "Assessment", "Placements", "Reviews", "Tribunal", "Complaints", "Transport", "Post-16"]
PASSWORD = "bench password 123"
PORT = 5917
SERVER_LOG = "/tmp/triage-bench-workspace-server.log"
# Tables whose secondary indexes are dropped for the load and built afterwards (much faster).
LOADED = [Conversation.__table__, Message.__table__, Classification.__table__, CaseLink.__table__,
          AuditEvent.__table__]

FIRST_NAMES = ["Amara", "Oliver", "Maisie", "Leo", "Aisha", "Jack", "Zara", "Noah", "Ivy", "Mohammed", "Freya",
               "Harvey", "Ruby", "Kai", "Poppy", "Yusuf", "Isla", "Theo", "Hana", "Reuben", "Nia", "Eli", "Ava",
               "Alfie", "Sofia", "Finley", "Maryam", "Toby", "Lily", "Oscar", "Willow", "Ibrahim", "Esme",
               "Arlo", "Evie", "Musa", "Daisy", "Rory", "Layla", "Stanley"]
SURNAMES = ["Okafor", "Smith", "Nowak", "Patel", "Jones", "Khan", "Williams", "Begum", "Taylor", "Kowalski",
            "Brown", "Ahmed", "Davies", "Singh", "Evans", "Hussain", "Thomas", "Ali", "Roberts", "Mensah",
            "Walker", "Wright", "Nguyen", "Green", "Hall", "Lewis", "Clarke", "Tregarthen", "Osei", "Murphy",
            "Hughes", "Edwards", "Rahman", "Kaur", "Wood", "Turner", "Hill", "Moore", "Baker", "Adeyemi",
            "Carter", "Mitchell", "Shah", "Morgan", "Cooper", "Ward", "Iqbal", "Price", "Bell", "Kelly",
            "Zielinski", "Harris", "Martin", "Jackson", "Lee", "Young", "Allen", "King", "Scott", "Phillips",
            "Campbell", "Parker", "Collins", "Stewart", "Bailey", "Reid", "Fraser", "Dunn", "Kamara", "Obi",
            "Sharma", "Chowdhury", "Farah", "Novak", "Petrov", "Mahmood", "Gill", "Sandhu", "Webb", "Lloyd"]
SUBJECTS = ["EHC needs assessment request", "No reply to my emails", "School place for September",
            "Complaint about the delay", "Annual review meeting", "Draft plan comments", "Transport to school",
            "Tribunal appeal lodged", "Change of school named in the plan", "Section F provision not delivered",
            "Request for a case officer call", "Assessment decision", "Urgent: no school place",
            "Personal budget question", "Consultation with schools", "Missed 20-week deadline"]
SENTENCES = ["We applied for an EHC needs assessment in the spring and have heard nothing since.",
             "I have emailed three times and phoned twice but nobody has got back to me.",
             "The school say they cannot meet his needs without more support in place.",
             "She has been out of school since February and we are desperate for a place.",
             "Could you please tell me who the case officer is now?",
             "The draft plan does not mention speech and language therapy at all.",
             "We would like to name a specialist school in section I.",
             "The taxi did not turn up again this morning and he missed the first lesson.",
             "We are thinking about appealing to the SEND Tribunal if this is not resolved.",
             "The annual review was held in October but we have not had the amended plan.",
             "I am writing to make a formal complaint about how our case has been handled.",
             "The educational psychologist report was finished weeks ago.",
             "Please confirm you received the forms we sent with the parental views.",
             "Her anxiety has got much worse and she is refusing to go in.",
             "We were told the panel would meet this month but there is no date.",
             "The occupational therapy in section F has not been provided this term.",
             "Can we have a meeting with the school and the local authority together?",
             "I attach the letter from the paediatrician about his diagnosis.",
             "The 20-week deadline for the final plan passed last week.",
             "Our SENDIASS adviser suggested we write to you directly.",
             "The personal budget has not been paid for the last two months.",
             "He needs a place in a resourced provision closer to home.",
             "We moved to the area in the summer and the old council sent his plan over.",
             "Thank you for your letter; we agree with the changes to section B.",
             "Mediation has been arranged but nobody has confirmed the date.",
             "My MP has asked me to contact you again about this."]
TOPICS = ["timeliness", "school_place", "communication", "appeal", "transport", "annual_review",
          "assessment_request", "draft_plan", "personal_budget", "other"]


def _array(values: list[str]) -> str:
    return "ARRAY[" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list[str], index_sql: str) -> str:
    """SQL picking values[index mod n] (1-based arrays in PostgreSQL)."""
    return f"({_array(values)})[1 + (({index_sql})::bigint % {len(values)})]"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def database_ready(engine: Engine) -> bool:
    """Whether the bench database already holds the full data set (so it can be reused)."""
    with engine.connect() as conn:
        if not conn.execute(text("SELECT to_regclass('messages') IS NOT NULL")).scalar():
            return False
        return conn.execute(text("SELECT count(*) FROM conversations")).scalar() == CONVERSATIONS and \
            conn.execute(text("SELECT max(id) FROM messages")).scalar() == MESSAGES


def build(engine: Engine) -> None:
    """Create the schema and fill it with INSERT ... SELECT (no ORM rows); indexes last."""
    Base.metadata.create_all(engine)
    indexes = [ix for table in LOADED for ix in table.indexes]
    with engine.begin() as conn:
        for ix in indexes:
            ix.drop(conn, checkfirst=True)
    steps = fill_statements()
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
        for label, sql in steps:
            t0 = time.perf_counter()
            n = conn.execute(text(sql)).rowcount
            print(f"  {label}: {n:,} rows in {time.perf_counter() - t0:.1f} s", flush=True)
    for ix in indexes:
        t0 = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL maintenance_work_mem = '512MB'"))
            ix.create(conn)
        print(f"  index {ix.name}: {time.perf_counter() - t0:.1f} s", flush=True)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def fill_statements() -> list[tuple[str, str]]:
    """The load, as (label, SQL) in order; random() makes each row's values, the seed its sequence."""
    password = hash_password(PASSWORD).replace("'", "''")
    n_teams = len(TEAMS)
    topics = _array(TOPICS)
    steps = [("seed", "SELECT setseed(0.42)"),
             ("teams", "INSERT INTO teams (name, description) SELECT t, '' FROM unnest("
                       + _array(TEAMS) + ") AS t"),
             # 24 agents in one to three teams, 4 team leads, 4 managers; one password for all.
             ("users", f"""INSERT INTO users (email, name, password_hash, role, active, available, created_at)
                 SELECT CASE WHEN i <= 24 THEN 'agent' || i WHEN i <= 28 THEN 'lead' || i ELSE 'manager' || i END
                        || '@bench.example', 'Staff ' || i, '{password}',
                        CASE WHEN i <= 24 THEN 'agent' WHEN i <= 28 THEN 'team_lead' ELSE 'manager' END,
                        true, true, now() FROM generate_series(1, 32) AS i"""),
             ("user_teams", f"""INSERT INTO user_teams (user_id, team_id)
                 SELECT DISTINCT u, 1 + ((u + k * 3) % {n_teams}) FROM generate_series(1, 28) AS u,
                        generate_series(0, 2) AS k WHERE k < 1 + u % 3"""),
             ("cases", f"""INSERT INTO cases (case_ref, child_first_name, child_last_name, first_name_key, last_name_key,
                            date_of_birth, stage, created_at, updated_at)
                 SELECT 'SEN' || (100000 + k), {_pick(FIRST_NAMES, 'k')}, {_pick(SURNAMES, 'k * 7')},
                        lower({_pick(FIRST_NAMES, 'k')}), lower({_pick(SURNAMES, 'k * 7')}),
                        date '2008-09-01' + (k * 37 % 5000), 'assessment', now(), now()
                 FROM generate_series(1, {CASES}) AS k"""),
             # Conversation c is about case 1 + c*17 mod CASES (linked in 70%).
             ("conversations", f"""INSERT INTO conversations (token, subject, status, team_id, assignee_id, priority, urgent,
                            due_at, case_id, link_status, topics, kind, language, needs_review, participants,
                            created_at, last_activity_at)
                 SELECT 'TRG-B' || lpad(c::text, 6, '0'), {_pick(SUBJECTS, 'c * 5')},
                        CASE WHEN r.s < 0.85 THEN 'resolved' WHEN r.s < 0.89 THEN 'new' WHEN r.s < 0.95 THEN 'open'
                             ELSE 'awaiting_family' END,
                        CASE WHEN r.t < 0.30 THEN 1 WHEN r.t < 0.50 THEN 2 WHEN r.t < 0.62 THEN 3 WHEN r.t < 0.72 THEN 4
                             WHEN r.t < 0.80 THEN 5 WHEN r.t < 0.88 THEN 6 WHEN r.t < 0.95 THEN 7 ELSE 8 END,
                        CASE WHEN r.a < 0.55 THEN 1 + (c % 24) END,
                        CASE WHEN r.p < 0.01 THEN 1 WHEN r.p < 0.10 THEN 2 WHEN r.p < 0.90 THEN 3 ELSE 4 END,
                        r.p < 0.01,
                        CASE WHEN r.d < 0.10 THEN NULL
                             WHEN r.s < 0.85 THEN now() - (r.age * interval '365 days') + interval '5 days'
                             ELSE now() + ((r.d - 0.3) * interval '14 days') END,
                        CASE WHEN r.l < 0.70 THEN 1 + (c * 17 % {CASES}) END,
                        CASE WHEN r.l < 0.60 THEN 'linked' WHEN r.l < 0.70 THEN 'confirmed' WHEN r.l < 0.80 THEN 'suggested'
                             WHEN r.l < 0.85 THEN 'ambiguous' ELSE 'none' END,
                        jsonb_build_array(({topics})[1 + (c % 10)])
                          || CASE WHEN r.k < 0.3 THEN jsonb_build_array(({topics})[1 + (c * 3 % 10)]) ELSE '[]' END,
                        CASE WHEN r.k < 0.65 THEN 'enquiry' WHEN r.k < 0.85 THEN 'complaint' WHEN r.k < 0.90 THEN 'tribunal'
                             ELSE 'other' END,
                        CASE WHEN r.g < 0.93 THEN 'en' ELSE (ARRAY['pl','ur','pa','gu','ro'])[1 + c % 5] END,
                        r.k > 0.93, jsonb_build_array('parent' || c || '@example.org'),
                        now() - (r.age * interval '365 days'), now() - (r.age * interval '300 days')
                 FROM generate_series(1, {CONVERSATIONS}) AS c
                 CROSS JOIN LATERAL (SELECT random() + 0 * c AS s, random() AS t, random() AS a, random() AS p,
                                            random() AS d, random() AS l, random() AS k, random() AS g,
                                            CASE WHEN random() < 0.85 THEN random() ELSE random() * 0.05 END AS age) AS r"""),
             # Message i <= CONVERSATIONS opens conversation i; later ones are replies, skewed to some.
             ("messages", f"""INSERT INTO messages (content_hash, raw, size, channel, direction, envelope, sender, sender_email,
                            sender_name, subject, received_at, stored_at, status, attempts, text, form_fields,
                            conversation_id)
                 SELECT md5(i::text) || md5((i + 7)::text), '\\x00'::bytea, 1,
                        CASE WHEN x.dir = 'outbound' THEN 'email' WHEN x.ch < 0.70 THEN 'email' WHEN x.ch < 0.85 THEN 'form'
                             WHEN x.ch < 0.90 THEN 'api' ELSE 'phone' END,
                        x.dir, '{{}}'::jsonb,
                        CASE WHEN x.dir = 'inbound' THEN x.parent || ' <parent' || x.c || '@example.org>' END,
                        CASE WHEN x.dir = 'inbound' THEN 'parent' || x.c || '@example.org' END,
                        CASE WHEN x.dir = 'inbound' THEN x.parent END,
                        CASE WHEN i > {CONVERSATIONS} THEN 'Re: ' ELSE '' END || {_pick(SUBJECTS, 'x.c * 5')},
                        now() - (x.age * interval '365 days'), now(),
                        CASE WHEN x.dir = 'inbound' THEN 'processed' ELSE 'outbound' END, 1,
                        'Dear team, my child ' || x.child || ' (' || x.ref || '). '
                          || {_pick(SENTENCES, 'x.s1')} || ' ' || {_pick(SENTENCES, 'x.s2')} || ' '
                          || {_pick(SENTENCES, 'x.s3')} || ' ' || {_pick(SENTENCES, 'x.s4')} || ' Kind regards, ' || x.parent,
                        '{{}}'::jsonb, x.c
                 FROM generate_series(1, {MESSAGES}) AS i
                 CROSS JOIN LATERAL (
                   SELECT q.c, q.dir, q.ch, q.age, q.s1, q.s2, q.s3, q.s4,
                          {_pick(FIRST_NAMES, '1 + q.c * 17 % ' + str(CASES))} || ' '
                            || {_pick(SURNAMES, '(1 + q.c * 17 % ' + str(CASES) + ') * 7')} AS child,
                          'SEN' || (100001 + q.c * 17 % {CASES}) AS ref,
                          {_pick(FIRST_NAMES, 'q.c * 3')} || ' ' || {_pick(SURNAMES, '(1 + q.c * 17 % ' + str(CASES) + ') * 7')}
                            AS parent
                   FROM (SELECT CASE WHEN i <= {CONVERSATIONS} THEN i
                                     ELSE 1 + floor(power(random(), 1.5) * {CONVERSATIONS})::int END AS c,
                                CASE WHEN i <= {CONVERSATIONS} OR random() < 0.66 THEN 'inbound' ELSE 'outbound' END AS dir,
                                random() AS ch, random() AS age, floor(random() * 1000)::int AS s1,
                                floor(random() * 1000)::int AS s2, floor(random() * 1000)::int AS s3,
                                floor(random() * 1000)::int AS s4) AS q) AS x"""),
             ("classifications", """INSERT INTO classifications (message_id, model_version, topics, topic_scores, kind,
                            kind_scores, urgent, urgent_reasons, language, entities, explanations, needs_review, created_at)
                 SELECT m.id, 'bench-1', c.topics, '{"timeliness": 0.8}', coalesce(c.kind, 'enquiry'),
                        '{"enquiry": 0.7}', c.urgent, '[]', coalesce(c.language, 'en'), '[]', '{}', c.needs_review,
                        m.received_at
                 FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.direction = 'inbound'"""),
             ("case_links", f"""INSERT INTO case_links (message_id, case_id, status, method, confidence, candidates, updated_at)
                 SELECT c.id, c.case_id, c.link_status, 'bench', 0.9, '[]', c.created_at
                 FROM conversations c WHERE c.id <= {CONVERSATIONS}"""),
             ("audit_events", f"""INSERT INTO audit_events (at, actor_user_id, actor, action, object_type, object_id, details)
                 SELECT now() - random() * interval '365 days', 1 + i % 28, 'Staff',
                        CASE WHEN i % 10 = 0 THEN 'note.added' WHEN i % 10 = 1 THEN 'conversation.status_changed'
                             ELSE 'conversation.viewed' END,
                        'conversation', 1 + floor(random() * {CONVERSATIONS})::int,
                        CASE WHEN i % 10 = 0 THEN '{{"text": "Called the family back."}}'::jsonb ELSE '{{}}'::jsonb END
                 FROM generate_series(1, {AUDIT_EVENTS}) AS i"""),
             ]
    return steps


class ServerTiming:
    """WSGI wrapper: the time spent inside the app, sent back as `Server-Timing: app;dur=<ms>`."""

    def __init__(self, app: Callable) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        captured: list = []
        # Flask renders the whole body before returning it, so the time is known before sending.
        body = b"".join(self.app(environ, lambda status, headers, exc_info=None: captured.append((status, headers))))
        status, headers = captured[-1]
        headers = [*headers, ("Server-Timing", f"app;dur={(time.perf_counter() - started) * 1000:.2f}")]
        start_response(status, headers)
        return [body]


def serve(url: str, port: int, workers: int) -> None:
    """Run the real app under gunicorn (gthread, like `triage serve`) against the bench database."""
    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {"bind": f"127.0.0.1:{port}", "workers": workers, "threads": 8,
                               "worker_class": "gthread", "timeout": 300, "keepalive": 300, "accesslog": None}.items():
                self.cfg.set(key, value)

        def load(self) -> Callable:
            settings = load_settings({"TRIAGE_INSTANCE_PATH": "/tmp/triage-bench-workspace", "TRIAGE_SECRET_KEY": "w" * 32,
                                      "TRIAGE_DATABASE_URL": url, "TRIAGE_REDIS_URL": "redis://127.0.0.1:6379/14"})
            engine = make_engine(url)
            return ServerTiming(create_app(Runtime(settings=settings, engine=engine,
                                                   sessions=make_session_factory(engine))))

    Server().run()


class Client:
    """One signed-in member of staff on a keep-alive connection; records server and client times."""

    def __init__(self, port: int, email: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.cookie = ""
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.send("GET", "/login")[1]).group(1)
        body = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
        status = self.send("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})[0]
        assert status == 302, f"sign-in failed for {email}: {status}"

    def send(self, method: str, path: str, body: str | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, str, float, float]:
        """(status, body, server ms from Server-Timing, client ms); keeps the session cookie."""
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers={**(headers or {}), "Cookie": self.cookie})
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError):  # an idle keep-alive closed: reconnect
            self.conn.close()
            t0 = time.perf_counter()
            self.conn.request(method, path, body=body, headers={**(headers or {}), "Cookie": self.cookie})
            response = self.conn.getresponse()
        data = response.read().decode()
        client_ms = (time.perf_counter() - t0) * 1000
        for cookie in response.headers.get_all("Set-Cookie") or []:
            if cookie.startswith("session="):
                self.cookie = cookie.split(";", 1)[0]
        found = re.search(r"dur=([\d.]+)", response.headers.get("Server-Timing", ""))
        return response.status, data, float(found.group(1)) if found else float("nan"), client_ms

    def get(self, path: str) -> tuple[float, str, float]:
        """GET a page that must load: (server ms, body, client ms)."""
        status, data, server_ms, client_ms = self.send("GET", path)
        assert status == 200, f"{path}: {status}"
        return server_ms, data, client_ms


def page_five(client: Client, path: str) -> str:
    """The path of page 5 of a view, reached by following Next as an agent would."""
    for _ in range(4):
        html = client.get(path)[1]
        path = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    return path


def scenarios(engine: Engine, rng: random.Random, common_words: bool) -> list[tuple[str, Callable[[Client, dict], str]]]:
    """The page kinds, each as a function giving a path for a client (its state dict holds its pages)."""
    with engine.connect() as conn:
        surnames = [r[0] for r in conn.execute(text("SELECT DISTINCT child_last_name FROM cases"))]
    kinds = [
        ("queue, default view", lambda c, s: "/queue"),
        ("queue, filtered", lambda c, s: rng.choice(["/queue?topic=timeliness&clock=overdue", "/queue?kind=complaint&status=open",
                                                     "/queue?assignee=none&urgent=1", "/queue?link_status=suggested"])),
        ("queue, search a surname", lambda c, s: "/queue?q=" + rng.choice(surnames)),
        ("queue, page 5 by cursor", lambda c, s: s["page5"]),
        ("conversation page", lambda c, s: f"/conversations/{rng.choice(s['conversations'])}"),
    ]
    if common_words:
        # Each of these is in about one message in seven here (bodies are drawn from 26 sentences):
        # far commoner than a word in real mail, and the search then reads most of the table.
        kinds.append(("queue, search common words", lambda c, s: "/queue?q=" + rng.choice(
            ["taxi", "tribunal+appeal", "paediatrician", "%22personal+budget%22", "mediation"])))
    return kinds


def run_load(clients: list[tuple[Client, dict]], name: str, path_for: Callable[[Client, dict], str],
             loads: int) -> tuple[list[float], list[float], float]:
    """Every client loads `loads` pages of one kind at once; returns server ms, client ms, seconds."""
    server, client_times, lock = [], [], threading.Lock()
    errors: list[BaseException] = []

    def work(client: Client, state: dict) -> None:
        try:
            for _ in range(loads):
                server_ms, _, client_ms = client.get(path_for(client, state))
                with lock:
                    server.append(server_ms)
                    client_times.append(client_ms)
        except BaseException as error:  # noqa: BLE001 (reported below, after the threads join)
            errors.append(error)

    threads = [threading.Thread(target=work, args=pair) for pair in clients]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{name}: {errors[0]}") from errors[0]
    return server, client_times, time.perf_counter() - t0


def main() -> int:
    """Build or reuse the database, serve the app, load pages with 20 clients, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="Drop and rebuild the bench database.")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--loads", type=int, default=25, help="Pages per client per page kind.")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn worker processes.")
    parser.add_argument("--postgres-admin-url", default=POSTGRES_ADMIN_URL)
    parser.add_argument("--common-words", action="store_true",
                        help="Also search words found in one message in seven (slow: see the report).")
    parser.add_argument("--serve", metavar="PORT", type=int, help=argparse.SUPPRESS)  # the server subprocess
    args = parser.parse_args()
    url = args.postgres_admin_url.rsplit("/", 1)[0] + "/" + DATABASE
    if args.serve:
        serve(url, args.serve, args.workers)
        return 0

    admin = create_engine(args.postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE}).scalar()
        if args.rebuild and exists:
            conn.execute(text(f'DROP DATABASE "{DATABASE}" WITH (FORCE)'))
            exists = False
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    engine = create_engine(url)
    if database_ready(engine):
        print(f"reusing {DATABASE} (--rebuild to build it again)")
    else:
        print(f"building {DATABASE}: {CONVERSATIONS:,} conversations, {MESSAGES:,} messages")
        t0 = time.perf_counter()
        build(engine)
        print(f"built in {time.perf_counter() - t0:.0f} s")

    server = subprocess.Popen([sys.executable, __file__, "--serve", str(PORT), "--workers", str(args.workers),
                               "--postgres-admin-url", args.postgres_admin_url],
                              stdout=subprocess.DEVNULL, stderr=open(SERVER_LOG, "w"))  # noqa: SIM115
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        rng = random.Random(8)
        with engine.connect() as conn:
            staff = [(email, role, {r[0] for r in conn.execute(text(
                "SELECT team_id FROM user_teams WHERE user_id = :u"), {"u": uid})})
                for uid, email, role in conn.execute(text("SELECT id, email, role FROM users ORDER BY id"))]
            agents = [s for s in staff if s[1] == "agent"][:args.clients - args.clients // 5]
            managers = [s for s in staff if s[1] == "manager"][:args.clients // 5]
            clients = []
            for email, role, teams in agents + managers:
                scope = "" if role == "manager" else "WHERE team_id IN (" + ",".join(map(str, teams)) + ")"
                ids = [r[0] for r in conn.execute(text(f"SELECT id FROM conversations {scope} ORDER BY random() LIMIT 200"))]
                client = Client(PORT, email)
                clients.append((client, {"conversations": ids, "page5": page_five(client, "/queue")}))
        print(f"{len(agents)} agents (one to three teams each) and {len(managers)} managers, {args.workers} gunicorn "
              f"workers x 8 threads, {os.cpu_count()} CPUs; each client loads {args.loads} pages of each kind, "
              f"all clients at once")
        kinds = scenarios(engine, rng, args.common_words)
        run_load(clients, "warm-up", lambda c, s: rng.choice([k[1] for k in kinds])(c, s), 5)
        print(f"{'page':<28}{'server p50':>11}{'p95':>8}{'client p50':>12}{'p95':>8}{'pages/s':>9}")
        for name, path_for in kinds:
            server_ms, client_ms, seconds = run_load(clients, name, path_for, args.loads)
            print(f"{name:<28}{statistics.median(server_ms):>9.0f}ms{_pct(server_ms, .95):>6.0f}ms"
                  f"{statistics.median(client_ms):>10.0f}ms{_pct(client_ms, .95):>6.0f}ms{len(server_ms) / seconds:>9.0f}",
                  flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

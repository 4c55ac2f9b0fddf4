"""Filler: the ordinary code every application also has, added until a module reaches its size."""

from __future__ import annotations

from typing import List, Tuple

from corpus.builder import Gen, camel
from corpus.vocabulary import ADJ, NOUNS


# -- filler: ordinary code that every application also has ---------------------------------

def _filler_templates(g: Gen) -> List[Tuple[Tuple[str, ...], str]]:
    """(imports, source) pairs; names are drawn fresh for every call."""
    noun = g.pick(NOUNS)
    adj = g.pick(ADJ)
    Noun = camel(noun)
    g.ctx.update(noun=noun, adj=adj, Noun=Noun)
    n = lambda *choices: g.name(*choices, noun=noun, adj=adj, Noun=Noun)  # noqa: E731
    items: List[Tuple[Tuple[str, ...], str]] = []
    cls = n("${Noun}Record", "${Noun}Row", "${Noun}Entry")
    items.append((("from dataclasses import dataclass, field", "import datetime", "from typing import Optional"), g.f(
        """
        @dataclass
        class $cls:
            \"\"\"A $noun as the $place back office sees it.\"\"\"

            id: int
            owner_id: int
            status: str = "$adj"
            created_at: datetime.datetime = field(default_factory=datetime.datetime.now)
            note: Optional[str] = None
            tags: list = field(default_factory=list)

            def to_dict(self):
                return {
                    "id": self.id,
                    "owner_id": self.owner_id,
                    "status": self.status,
                    "created_at": self.created_at.isoformat(timespec="seconds"),
                    "note": self.note,
                    "tags": list(self.tags),
                }

            @classmethod
            def from_dict(cls, data):
                created = data.get("created_at")
                return cls(
                    id=int(data["id"]),
                    owner_id=int(data["owner_id"]),
                    status=data.get("status", "$adj"),
                    created_at=datetime.datetime.fromisoformat(created) if created else datetime.datetime.now(),
                    note=data.get("note"),
                    tags=list(data.get("tags", [])),
                )
        """,
        cls=cls, noun=noun, adj=adj,
    )))
    fn = n("paginate", "page_of_${noun}s", "slice_page")
    items.append(((), g.f(
        """
        def $fn(items, page=1, per_page=$per):
            \"\"\"Return one page of `items` and the paging metadata the UI needs.\"\"\"
            page = max(int(page), 1)
            per_page = min(max(int(per_page), 1), 200)
            start = (page - 1) * per_page
            chunk = items[start:start + per_page]
            pages = (len(items) + per_page - 1) // per_page
            return {
                "items": chunk,
                "page": page,
                "pages": pages,
                "total": len(items),
                "has_next": page < pages,
                "has_prev": page > 1,
            }
        """,
        fn=fn, per=str(g.rng.choice([10, 20, 25, 50])),
    )))
    fn = n("retry", "with_retries", "retrying")
    items.append((("import functools", "import time"), g.f(
        """
        def $fn(times=$times, delay=$delay, exceptions=(OSError,)):
            \"\"\"Retry a flaky call (network share, serial device) with exponential back-off.\"\"\"

            def decorate(func):
                @functools.wraps(func)
                def wrapper(*args, **kwargs):
                    wait = delay
                    for attempt in range(1, times + 1):
                        try:
                            return func(*args, **kwargs)
                        except exceptions:
                            if attempt == times:
                                raise
                            time.sleep(wait)
                            wait *= 2
                    return None

                return wrapper

            return decorate
        """,
        fn=fn, times=str(g.rng.choice([3, 4, 5])), delay=g.pick(["0.2", "0.5", "1.0"]),
    )))
    fn = n("within_opening_hours", "is_business_hours", "${place}_open")
    items.append((("import datetime",), g.f(
        """
        OPENING_HOURS_$suffix = {0: (8, 20), 1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 22), 5: (9, 18)}


        def $fn(moment=None):
            moment = moment or datetime.datetime.now()
            hours = OPENING_HOURS_$suffix.get(moment.weekday())
            if hours is None:
                return False
            start, end = hours
            return start <= moment.hour < end
        """,
        fn=fn, suffix=fn.upper(),
    )))
    fn = n("load_json_settings", "read_${noun}_config", "merge_defaults")
    items.append((("import json", "import os"), g.f(
        """
        def $fn(path, defaults=None):
            \"\"\"Read a JSON settings file and lay it over the defaults (missing file: defaults).\"\"\"
            merged = dict(defaults or {})
            if not os.path.exists(path):
                return merged
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            for key, value in data.items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
            return merged
        """,
        fn=fn,
    )))
    fn = n("chunked", "batches", "in_groups")
    items.append((("import itertools",), g.f(
        """
        def $fn(iterable, size=$size):
            iterator = iter(iterable)
            while True:
                batch = list(itertools.islice(iterator, size))
                if not batch:
                    return
                yield batch
        """,
        fn=fn, size=str(g.rng.choice([50, 100, 250, 500])),
    )))
    fn = n("export_${noun}_summary", "write_${adj}_report", "summary_csv")
    items.append((("import csv", "from collections import Counter"), g.f(
        """
        def $fn(rows, path):
            \"\"\"Counts per day and status: no personal data leaves this function.\"\"\"
            counts = Counter((row["date"], row["status"]) for row in rows)
            with open(path, "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(["date", "status", "count"])
                for (day, status), count in sorted(counts.items()):
                    writer.writerow([day, status, count])
            return len(counts)
        """,
        fn=fn,
    )))
    cls = n("TokenBucket", "RateLimiter", "${Noun}Throttle")
    items.append((("import threading", "import time"), g.f(
        """
        class $cls:
            \"\"\"Allow `rate` events per second with bursts up to `capacity`.\"\"\"

            def __init__(self, rate=$rate, capacity=$cap):
                self.rate = float(rate)
                self.capacity = float(capacity)
                self.tokens = float(capacity)
                self.updated = time.monotonic()
                self.lock = threading.Lock()

            def allow(self, cost=1.0):
                with self.lock:
                    now = time.monotonic()
                    self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
                    self.updated = now
                    if self.tokens >= cost:
                        self.tokens -= cost
                        return True
                    return False
        """,
        cls=cls, rate=str(g.rng.choice([1, 2, 5, 10])), cap=str(g.rng.choice([5, 10, 20])),
    )))
    cls = n("LruCache", "SmallCache", "${Noun}Cache")
    items.append((("from collections import OrderedDict",), g.f(
        """
        class $cls:
            def __init__(self, maxsize=$size):
                self.maxsize = maxsize
                self._data = OrderedDict()
                self.hits = 0
                self.misses = 0

            def get(self, key, default=None):
                if key in self._data:
                    self._data.move_to_end(key)
                    self.hits += 1
                    return self._data[key]
                self.misses += 1
                return default

            def put(self, key, value):
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.maxsize:
                    self._data.popitem(last=False)

            def __len__(self):
                return len(self._data)
        """,
        cls=cls, size=str(g.rng.choice([64, 128, 256, 1024])),
    )))
    fn = n("validate_payload", "check_${noun}_fields", "require_fields")
    items.append(((), g.f(
        """
        $schema = {"name": str, "${noun}_id": int, "comment": str, "priority": int}


        def $fn(payload, schema=None):
            \"\"\"Return a list of problems with a submitted form (empty: fine).\"\"\"
            schema = schema or $schema
            problems = []
            for key, kind in schema.items():
                if key not in payload:
                    problems.append(f"missing field '{key}'")
                elif not isinstance(payload[key], kind):
                    problems.append(f"'{key}' must be {kind.__name__}")
            for key in payload:
                if key not in schema:
                    problems.append(f"unexpected field '{key}'")
            return problems
        """,
        fn=fn, schema=fn.upper() + "_SCHEMA",
    )))
    fn = n("format_duration", "human_duration", "pretty_seconds")
    items.append(((), g.f(
        """
        def $fn(seconds):
            seconds = int(round(seconds))
            if seconds < 60:
                return f"{seconds}s"
            minutes, seconds = divmod(seconds, 60)
            if minutes < 60:
                return f"{minutes}m {seconds:02d}s"
            hours, minutes = divmod(minutes, 60)
            if hours < 24:
                return f"{hours}h {minutes:02d}m"
            days, hours = divmod(hours, 24)
            return f"{days}d {hours:02d}h"
        """,
        fn=fn,
    )))
    fn = n("notify_${adj}_admins", "send_${noun}_mail", "email_summary")
    items.append((("import os", "import smtplib", "from email.message import EmailMessage"), g.f(
        """
        def $fn(subject, body, recipients=None):
            \"\"\"Plain-text mail to the $place administrators (counts and ids only).\"\"\"
            recipients = recipients or os.environ.get("ADMIN_EMAILS", "ops@${org}.example").split(",")
            message = EmailMessage()
            message["Subject"] = f"[$org/$place] {subject}"
            message["From"] = os.environ.get("MAIL_FROM", "noreply@${org}.example")
            message["To"] = ", ".join(recipients)
            message.set_content(body)
            with smtplib.SMTP(os.environ.get("SMTP_HOST", "localhost"), 587, timeout=10) as smtp:
                smtp.starttls()
                smtp.send_message(message)
            return len(recipients)
        """,
        fn=fn,
    )))
    cls = n("Metrics", "Counters", "${Noun}Stats")
    items.append((("import threading", "from collections import defaultdict"), g.f(
        """
        class $cls:
            \"\"\"Thread-safe counters exported on /metrics in the Prometheus text format.\"\"\"

            def __init__(self, prefix="${org}_${place}"):
                self.prefix = prefix
                self._lock = threading.Lock()
                self._counts = defaultdict(int)

            def inc(self, name, amount=1):
                with self._lock:
                    self._counts[name] += amount

            def render(self):
                with self._lock:
                    items = sorted(self._counts.items())
                return "\\n".join(f"{self.prefix}_{name} {value}" for name, value in items) + "\\n"
        """,
        cls=cls,
    )))
    fn = n("slugify", "normalise_name", "clean_label")
    items.append((("import re", "import unicodedata"), g.f(
        """
        def $fn(text, max_length=$len):
            text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
            text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
            return text[:max_length] or "unnamed"
        """,
        fn=fn, len=str(g.rng.choice([32, 48, 64])),
    )))
    fn = n("audit_event", "audit", "record_${noun}_event")
    items.append((("import json", "import logging", "import datetime"), g.f(
        """
        _audit_log = logging.getLogger("${org}.audit")


        def $fn(action, actor_id, **details):
            \"\"\"One JSON line per administrative action (who did what, never biometric data).\"\"\"
            entry = {
                "at": datetime.datetime.utcnow().isoformat(timespec="seconds") + "Z",
                "action": action,
                "actor": actor_id,
                "details": {k: v for k, v in details.items() if isinstance(v, (str, int, float, bool))},
            }
            _audit_log.info(json.dumps(entry, sort_keys=True))
            return entry
        """,
        fn=fn,
    )))
    fn = n("working_days", "business_days_between", "count_${noun}_days")
    items.append((("import datetime",), g.f(
        """
        def $fn(start, end, holidays=()):
            if end < start:
                start, end = end, start
            day = start
            count = 0
            while day <= end:
                if day.weekday() < 5 and day not in holidays:
                    count += 1
                day += datetime.timedelta(days=1)
            return count
        """,
        fn=fn,
    )))
    cls = n("${Noun}Status", "${Noun}State", "${Noun}Phase")
    items.append((("import enum",), g.f(
        """
        class $cls(enum.Enum):
            DRAFT = "draft"
            PENDING = "pending"
            ACTIVE = "active"
            CLOSED = "closed"


        _${low}_TRANSITIONS = {
            $cls.DRAFT: {$cls.PENDING, $cls.CLOSED},
            $cls.PENDING: {$cls.ACTIVE, $cls.CLOSED},
            $cls.ACTIVE: {$cls.CLOSED},
            $cls.CLOSED: set(),
        }


        def advance_$low(current, target):
            if target not in _${low}_TRANSITIONS[current]:
                raise ValueError(f"cannot move a $noun from {current.value} to {target.value}")
            return target
        """,
        cls=cls, low=cls.lower(), noun=noun,
    )))
    fn = n("purge_old_files", "cleanup_${adj}_exports", "expire_files")
    items.append((("import os", "import time"), g.f(
        """
        def $fn(folder, max_age_days=$days, suffixes=(".csv", ".json", ".log")):
            \"\"\"Delete exports older than the retention period; returns how many went.\"\"\"
            if not os.path.isdir(folder):
                return 0
            cutoff = time.time() - max_age_days * 86400
            removed = 0
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name)
                if name.endswith(suffixes) and os.path.getmtime(path) < cutoff:
                    os.remove(path)
                    removed += 1
            return removed
        """,
        fn=fn, days=str(g.rng.choice([7, 14, 30, 90])),
    )))
    fn = n("describe_numbers", "summarise", "${noun}_stats")
    items.append((("import statistics",), g.f(
        """
        def $fn(values):
            values = [float(v) for v in values if v is not None]
            if not values:
                return {"count": 0}
            return {
                "count": len(values),
                "mean": statistics.fmean(values),
                "median": statistics.median(values),
                "stdev": statistics.pstdev(values),
                "min": min(values),
                "max": max(values),
            }
        """,
        fn=fn,
    )))
    fn = n("build_parser", "make_cli", "cli_parser")
    items.append((("import argparse",), g.f(
        """
        def $fn():
            parser = argparse.ArgumentParser(description="$Org $place ${noun} tools")
            parser.add_argument("--config", default="settings.json", help="settings file")
            parser.add_argument("--verbose", "-v", action="count", default=0)
            sub = parser.add_subparsers(dest="command", required=True)
            export = sub.add_parser("export", help="export the $adj ${noun}s as CSV")
            export.add_argument("--since", help="ISO date")
            export.add_argument("--out", default="${noun}s.csv")
            sub.add_parser("check", help="check the database and the devices")
            return parser
        """,
        fn=fn, noun=noun, adj=adj,
    )))
    cls = n("Timer", "Stopwatch", "timed_block")
    items.append((("import time", "import logging"), g.f(
        """
        class $cls:
            \"\"\"`with $cls("sync"):` logs how long the block took.\"\"\"

            def __init__(self, label, logger=None):
                self.label = label
                self.logger = logger or logging.getLogger("${org}.timing")
                self.elapsed = 0.0

            def __enter__(self):
                self._start = time.perf_counter()
                return self

            def __exit__(self, *exc):
                self.elapsed = time.perf_counter() - self._start
                self.logger.debug("%s took %.3f s", self.label, self.elapsed)
                return False
        """,
        cls=cls,
    )))
    fn = n("parse_date", "to_date", "coerce_${noun}_date")
    items.append((("import datetime",), g.f(
        """
        _DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y")


        def $fn(value):
            if isinstance(value, datetime.datetime):
                return value.date()
            if isinstance(value, datetime.date):
                return value
            text = str(value).strip()
            for fmt in _DATE_FORMATS:
                try:
                    return datetime.datetime.strptime(text, fmt).date()
                except ValueError:
                    continue
            raise ValueError(f"unrecognised date: {value!r}")
        """,
        fn=fn,
    )))
    fn = n("hash_identifier", "pseudonymise_id", "stable_token")
    items.append((("import hashlib", "import hmac", "import os"), g.f(
        """
        def $fn(value, salt=None):
            \"\"\"Keyed hash of an id for analytics exports.\"\"\"
            key = (salt or os.environ.get("EXPORT_SALT", "${org}-salt")).encode()
            return hmac.new(key, str(value).encode(), hashlib.sha256).hexdigest()[:16]
        """,
        fn=fn,
    )))
    return items


def add_filler(g: Gen, target: int) -> None:
    """Add ordinary code until the module reaches about `target` lines."""
    m = g.mod
    current = m.render().count("\n")
    taken: set = set()
    while current < target:
        templates = _filler_templates(g)
        fresh = [i for i in range(len(templates)) if i not in taken] or list(range(len(templates)))
        choice = g.rng.choice(fresh)
        taken.add(choice)
        imports, source = templates[choice]
        if current + source.count("\n") > target + 15 and current > target - 15:
            break
        m.need(*imports)
        m.blocks.insert(g.rng.randrange(len(m.blocks) + 1), source)
        # forget the names the other, unused templates reserved
        text = "\n".join(m.blocks) + m.main
        m.used = {name for name in m.used if name in text}
        current = m.render().count("\n")

"""The catalog: what frtlint knows about face APIs, sinks, consent and access.

The knowledge lives in the TOML files beside this module; this loader only merges the
shipped data with the project's extensions from `[tool.frtlint.catalog]`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Pattern, Tuple

from frtlint.tomlcompat import tomllib

try:  # the regex parser's module moved in Python 3.11
    import re._parser as _sre_parser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse as _sre_parser  # type: ignore[no-redef]

CATALOG_DIR = Path(__file__).parent
FACE_KINDS = ("detect", "embed", "verify", "identify", "analyze", "enroll", "liveness", "load")
RECOGNITION_KINDS = frozenset({"embed", "verify", "identify", "analyze", "enroll"})
OUTPUTS = ("boxes", "template", "match", "record", "image")


@dataclass(frozen=True)
class ApiSpec:
    name: str
    kind: str
    output: str = "record"
    input: str = "image"
    attributes: Optional[Mapping[str, Any]] = None
    threshold: Optional[Mapping[str, Any]] = None

    @property
    def recognises(self) -> bool:
        return self.kind in RECOGNITION_KINDS


@dataclass(frozen=True)
class SinkSpec:
    data: Tuple[int, ...] = ()
    keywords: Tuple[str, ...] = ()
    receiver: bool = False
    receiver_from: Tuple[str, ...] = ()
    path: Tuple[int, ...] = ()  # the destination argument (a face image's own file path)
    copies: Tuple[int, ...] = ()  # a source file path whose content is copied to the destination


MAX_PATTERN_LENGTH = 2000


class UnsafePattern(ValueError):
    """A regex whose matching time could explode (it would let a config hang CI)."""


def _pattern(text: str) -> Pattern[str]:
    """A shipped vocabulary pattern. Their cost is checked by the test suite
    (test_security), not on every run: parsing them again cost a run 20 ms."""
    return re.compile(text, re.IGNORECASE)


def check_pattern_cost(text: str) -> None:
    """Refuse regexes that can backtrack exponentially: Python's `re` has no timeout.

    Rejected: a repeated group that itself contains an unbounded repeat (`(a+)+`,
    `(\\w*\\s?)*`), backreferences, and patterns longer than MAX_PATTERN_LENGTH.
    """
    if len(text) > MAX_PATTERN_LENGTH:
        raise UnsafePattern(f"pattern longer than {MAX_PATTERN_LENGTH} characters")
    try:
        parsed = _sre_parser.parse(text, re.IGNORECASE)
    except re.error as error:
        raise UnsafePattern(f"not a regular expression: {error}") from None
    _check_items(list(parsed), inside_repeat=False)


def _distinct_first_letters(branches: List[Any]) -> bool:
    firsts = []
    for branch in branches:
        items = list(branch)
        if not items or str(items[0][0]) != "LITERAL":
            return False
        firsts.append(chr(items[0][1]).lower())
    return len(set(firsts)) == len(firsts)


def _check_items(items: List[Any], inside_repeat: bool) -> None:
    for op, value in items:
        name = str(op)
        if name in ("GROUPREF", "GROUPREF_EXISTS"):
            raise UnsafePattern("backreferences are not allowed")
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = value
            unbounded = high > 1
            if unbounded and inside_repeat and name != "POSSESSIVE_REPEAT":
                raise UnsafePattern("nested repeats such as (a+)+ can take exponential time")
            _check_items(list(body), inside_repeat or unbounded)
        elif name == "SUBPATTERN":
            _check_items(list(value[-1]), inside_repeat)
        elif name == "BRANCH":
            if inside_repeat and not _distinct_first_letters(value[1]):
                raise UnsafePattern("a repeated alternation whose branches can match the same text, such as (a|aa)*")
            for branch in value[1]:
                _check_items(list(branch), inside_repeat)
        elif name in ("ASSERT", "ASSERT_NOT"):
            _check_items(list(value[1]), inside_repeat)
        elif name == "ATOMIC_GROUP":
            _check_items(list(value), inside_repeat)


def _model_file_pattern(models: Mapping[str, Any]) -> str:
    """A model file named for a sensitive attribute: `race_model.h5`, `lr_clf_race.joblib`."""
    words = "|".join(re.escape(w) for w in models["sensitive-file-words"])
    extensions = "|".join(re.escape(e) for e in models["model-file-extensions"])
    return rf"(?<![a-z])({words})[\w.-]*\.({extensions})\b"


def _sink(spec: Mapping[str, Any]) -> SinkSpec:
    return SinkSpec(
        data=tuple(spec.get("data", ())),
        keywords=tuple(spec.get("keywords", ())),
        receiver=bool(spec.get("receiver", False)),
        receiver_from=tuple(spec.get("receiver-from", ())),
        path=tuple(spec.get("path", ())),
        copies=tuple(spec.get("copies", ())),
    )


def _api(name: str, spec: Mapping[str, Any]) -> ApiSpec:
    return ApiSpec(
        name=name,
        kind=spec["kind"],
        output=spec.get("output", "record"),
        input=spec.get("input", "image"),
        attributes=spec.get("attributes"),
        threshold=spec.get("threshold"),
    )


@dataclass(frozen=True)
class FaceDataWords:
    """face_data_words.toml: names that say what a value holds (see that file)."""

    template_field: Pattern[str]
    template_key: Pattern[str]
    template_helper: Pattern[str]
    box_field: Pattern[str]
    box_helper: Pattern[str]
    match_field: Pattern[str]
    encoder_name: Pattern[str]
    image_keyword: Pattern[str]
    id_keyword: Pattern[str]
    config_keywords: FrozenSet[str]
    location_name: Pattern[str]
    storage_keys: FrozenSet[str]
    reference_keys: FrozenSet[str]
    reference_image_keys: FrozenSet[str]
    local_queue: Pattern[str]


def _face_data_words(words: Mapping[str, Any]) -> FaceDataWords:
    return FaceDataWords(
        template_field=_pattern(words["templates"]["field-pattern"]),
        template_key=_pattern(words["templates"]["key-pattern"]),
        template_helper=_pattern(words["templates"]["helper-pattern"]),
        box_field=_pattern(words["boxes"]["field-pattern"]),
        box_helper=_pattern(words["boxes"]["helper-pattern"]),
        match_field=_pattern(words["match-records"]["field-pattern"]),
        encoder_name=_pattern(words["encoders"]["name-pattern"]),
        image_keyword=_pattern(words["arguments"]["image-keyword-pattern"]),
        id_keyword=_pattern(words["arguments"]["id-keyword-pattern"]),
        config_keywords=frozenset(k.lower() for k in words["arguments"]["config-keywords"]),
        location_name=_pattern(words["paths"]["location-name-pattern"]),
        storage_keys=frozenset(k.lower() for k in words["stored-references"]["storage-keys"]),
        reference_keys=frozenset(k.lower() for k in words["stored-references"]["reference-keys"]),
        reference_image_keys=frozenset(k.lower() for k in words["stored-references"]["image-keys"]),
        local_queue=_pattern(words["queues"]["local-queue-pattern"]),
    )


@dataclass
class Catalog:
    raw: Dict[str, Any]
    words: FaceDataWords
    module_roots: FrozenSet[str] = frozenset()
    byte_markers: Tuple[str, ...] = ()
    other_language_markers: Tuple[str, ...] = ()
    config_markers: Tuple[str, ...] = ()
    aliases: Dict[str, str] = field(default_factory=dict)
    constructors: Dict[str, Any] = field(default_factory=dict)
    # (pattern, type): calls whose qualified name matches construct that type, when no
    # exact constructor is listed (every OpenCV version's face recogniser factory).
    constructor_patterns: Tuple[Tuple[Pattern[str], str], ...] = ()
    apis: Dict[str, ApiSpec] = field(default_factory=dict)
    methods: Dict[str, str] = field(default_factory=dict)
    http: List[Tuple[str, ApiSpec]] = field(default_factory=list)
    persist: Dict[str, SinkSpec] = field(default_factory=dict)
    persist_methods: Dict[str, SinkSpec] = field(default_factory=dict)
    log_calls: FrozenSet[str] = frozenset()
    log_methods: FrozenSet[str] = frozenset()
    network_calls: FrozenSet[str] = frozenset()
    network_methods: FrozenSet[str] = frozenset()
    anonymiser_calls: FrozenSet[str] = frozenset()
    anonymiser_names: FrozenSet[str] = frozenset()
    anonymiser_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    delete_calls: FrozenSet[str] = frozenset()
    delete_methods: FrozenSet[str] = frozenset()
    temp_files: FrozenSet[str] = frozenset()
    transform_calls: FrozenSet[str] = frozenset()
    reader_calls: FrozenSet[str] = frozenset()
    transform_methods: FrozenSet[str] = frozenset()
    consent_pattern: Pattern[str] = field(default_factory=lambda: _pattern("consent"))
    consent_names: FrozenSet[str] = frozenset()
    consent_assertion_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    consent_decorator_pattern: Pattern[str] = field(default_factory=lambda: _pattern("consent"))
    consent_decorators: FrozenSet[str] = frozenset()
    guardian_pattern: Pattern[str] = field(default_factory=lambda: _pattern("guardian"))
    fallback_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    fallback_names: FrozenSet[str] = frozenset()
    not_a_way_in_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    grant_calls: FrozenSet[str] = frozenset()
    release_values: FrozenSet[str] = frozenset()
    grant_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    grant_names: FrozenSet[str] = frozenset()
    session_objects: FrozenSet[str] = frozenset()
    sql_grant_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    session_key_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    actuator_receiver_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    actuator_idle_method_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    success_message_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    success_key_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    record_file_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    unknown_names: FrozenSet[str] = frozenset()
    distance_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    match_helper_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    match_score_key_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    sensitive: Dict[str, str] = field(default_factory=dict)
    template_stores: FrozenSet[str] = frozenset()
    session_receivers: FrozenSet[str] = frozenset()  # `db.session.add(row)` stores the row
    cloud_prefixes: Tuple[str, ...] = ()
    encryption_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    liveness_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    loopback: Tuple[str, ...] = ()
    # Project code running a face model the catalog does not name ([face-models]).
    inference_methods: FrozenSet[str] = frozenset()
    sensitive_model_file_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    model_file_extensions: Tuple[str, ...] = ()
    face_wrapper_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    embedding_keyword_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    vector_search_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    template_name_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    # [minors]: how code says a person is under the guardian-consent age (FRT202).
    minor_flag_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    minor_age_pattern: Pattern[str] = field(default_factory=lambda: _pattern("$^"))
    minor_age_limit: int = 14
    _canonical: Dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    # -- lookups ---------------------------------------------------------------------
    def canonical(self, qualified: str) -> str:
        """Rewrite the longest aliased prefix (`insightface.app.face_analysis.X`)."""
        known = self._canonical.get(qualified)
        if known is None:
            known = self._canonical[qualified] = self._canonical_afresh(qualified)
        return known

    def _canonical_afresh(self, qualified: str) -> str:
        parts = qualified.split(".")
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in self.aliases:
                return ".".join([self.aliases[prefix], *parts[cut:]])
        return qualified

    def constructor_type(self, qualified: str, first_arg: Optional[str]) -> Optional[str]:
        spec = self.constructors.get(qualified)
        if spec is None:
            return next((kind for pattern, kind in self.constructor_patterns if pattern.fullmatch(qualified)), None)
        if isinstance(spec, str):
            return spec
        return spec.get("first-arg", {}).get(first_arg or "")

    def api(self, qualified: str) -> Optional[ApiSpec]:
        return self.apis.get(qualified)

    def api_for_http(self, url: str) -> Optional[ApiSpec]:
        for fragment, spec in self.http:
            if fragment in url:
                return spec
        return None

    def is_anonymiser(self, qualified: str, name: str) -> bool:
        return (
            qualified in self.anonymiser_calls
            or name in self.anonymiser_names
            or bool(self.anonymiser_pattern.search(name))
        )

    def persist_spec(self, callee: str, name: str, receiver_type: Optional[str], resolved: bool, method: bool) -> Optional[SinkSpec]:
        """The sink description when this call persists data."""
        spec = self.persist.get(callee)
        if spec is None and receiver_type:
            spec = self.persist.get(f"{receiver_type}.{name}")
        if spec is None and not (resolved and callee.split(".")[0] in self.module_roots):
            spec = self.persist_methods.get(name) if method else None
        return spec

    def is_cloud_api(self, api_name: Optional[str]) -> bool:
        return bool(api_name) and any(api_name.startswith(p) or p in api_name for p in self.cloud_prefixes)

    def in_face_library(self, qualified: Optional[str]) -> bool:
        """Whether a qualified name belongs to a face library's package (`cv2.imwrite`, not
        the project's own `cv2_tools.save`)."""
        return bool(qualified) and qualified.partition(".")[0] in self.module_roots  # type: ignore[union-attr]

    def is_network_sink(self, callee: str, name: str, resolved: bool, method: bool) -> bool:
        if callee in self.network_calls:
            return True
        return method and not resolved and name in self.network_methods

    def is_log_sink(self, callee: str, name: str, resolved: bool, method: bool) -> bool:
        if callee in self.log_calls:
            return True
        return method and name in self.log_methods and (not resolved or callee.startswith("logging."))

    def sensitive_category(self, attribute: str) -> Optional[str]:
        return self.sensitive.get(attribute.strip().lower())

    def is_consent_name(self, name: str) -> bool:
        return name in self.consent_names or bool(self.consent_pattern.search(name))

    def is_fallback_name(self, name: str) -> bool:
        return name in self.fallback_names or bool(self.fallback_pattern.search(name))

    def prefilter_words(self) -> List[str]:
        words = set(self.module_roots) | set(self.byte_markers)
        for qualified in list(self.apis) + list(self.constructors):
            head = qualified.split(".")[0]
            if head in self.module_roots:
                continue
            words.add(qualified.split(".")[-1])
        words.update(self.methods)
        words.update(self.sensitive)
        return sorted(w for w in words if len(w) >= 3)

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.raw, sort_keys=True, default=str).encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _shipped() -> Dict[str, Any]:
    data: Dict[str, Any] = {}
    for name in ("face_apis.toml", "markers.toml", "face_data_words.toml"):
        with open(CATALOG_DIR / name, "rb") as handle:
            data[name.split(".")[0]] = tomllib.load(handle)
    return data


EXTENSION_KEYS = {
    "apis": "extra face APIs: qualified name -> kind, or a table with kind/output/attributes",
    "methods": "distinctive method names -> an API key",
    "constructors": "calls that return a face-API object -> type name",
    "consent-checks": "function/attribute names that check recorded consent",
    "consent-decorators": "decorator names that enforce consent",
    "anonymisers": "functions that remove identifiability",
    "fallbacks": "names of non-face credential checks",
    "grants": "functions that grant access or mark presence",
    "sensitive-attributes": "extra sensitive attribute names (each its own category), or a table name -> category",
    "persist-calls": "extra qualified calls that persist data (data in the 2nd argument)",
}


def _user_sensitive_attributes(value: Any) -> Dict[str, str]:
    """Attribute -> category. A listed name is its own category (`caste_score`), so a read
    of it matches only its own inference; a table names the category (`{ caste_score = "social-class" }`)."""
    if isinstance(value, Mapping):
        return {str(name).lower(): str(category) for name, category in value.items()}
    return {str(name).lower(): str(name).lower() for name in value}


def build_catalog(extensions: Optional[Mapping[str, Any]] = None) -> Catalog:
    shipped = copy.deepcopy(_shipped())
    ext = dict(extensions or {})
    raw = {"shipped": shipped, "extensions": ext}
    faces = shipped["face_apis"]
    markers = shipped["markers"]

    apis = {name: _api(name, spec) for name, spec in faces.get("apis", {}).items()}
    for name, spec in ext.get("apis", {}).items():
        apis[name] = _api(name, {"kind": spec} if isinstance(spec, str) else spec)
    constructors = dict(faces.get("constructors", {}))
    constructors.update(ext.get("constructors", {}))
    methods = dict(faces.get("methods", {}))
    methods.update(ext.get("methods", {}))
    persist = {k: _sink(v) for k, v in markers["sinks"]["persist"].items()}
    for name in ext.get("persist-calls", []):
        persist[name] = SinkSpec(data=(1,))
    sensitive: Dict[str, str] = {}
    for category, names in markers["sensitive-attributes"].items():
        for attribute in names:
            sensitive[attribute.lower()] = category
    sensitive.update(_user_sensitive_attributes(ext.get("sensitive-attributes", [])))
    anonymisers = markers["anonymisers"]
    consent = markers["consent"]
    grants = markers["grants"]
    module_roots = set(faces["modules"]["roots"])
    user_names = [n for key in ("apis", "anonymisers", "grants", "consent-checks") for n in ext.get(key, [])]
    module_roots.update(name.split(".")[0] for name in ext.get("apis", {}))
    return Catalog(
        raw=raw,
        words=_face_data_words(shipped["face_data_words"]),
        module_roots=frozenset(module_roots),
        byte_markers=tuple(faces["modules"].get("markers", [])) + tuple(n.split(".")[-1] for n in user_names),
        other_language_markers=tuple(faces.get("other-languages", {}).get("markers", [])),
        config_markers=tuple(faces.get("other-languages", {}).get("config-markers", [])),
        aliases=dict(faces.get("aliases", {})),
        constructors=constructors,
        constructor_patterns=tuple((_pattern(p), kind) for p, kind in faces.get("constructor-patterns", {}).items()),
        apis=apis,
        methods=methods,
        http=[(entry["url"], _api(entry["url"], entry["api"])) for entry in faces.get("http", [])],
        persist=persist,
        persist_methods={k: _sink(v) for k, v in markers["sinks"]["persist-methods"].items()},
        log_calls=frozenset(markers["sinks"]["log"]["calls"]),
        log_methods=frozenset(markers["sinks"]["log"]["methods"]),
        network_calls=frozenset(markers["sinks"]["network"]["calls"]),
        network_methods=frozenset(markers["sinks"]["network"]["methods"]),
        anonymiser_calls=frozenset(anonymisers["calls"]),
        anonymiser_names=frozenset(n.split(".")[-1] for n in ext.get("anonymisers", [])),
        anonymiser_pattern=_pattern(anonymisers["name-pattern"]),
        delete_calls=frozenset(anonymisers["deletes"]),
        delete_methods=frozenset(anonymisers["delete-methods"]),
        temp_files=frozenset(anonymisers["temp-files"]),
        transform_calls=frozenset(markers["transforms"]["calls"]),
        reader_calls=frozenset(markers["transforms"]["readers"]),
        transform_methods=frozenset(markers["transforms"]["methods"]),
        consent_pattern=_pattern(consent["name-pattern"]),
        consent_names=frozenset(n.split(".")[-1] for n in ext.get("consent-checks", [])),
        consent_assertion_pattern=_pattern(consent["assertion-pattern"]),
        consent_decorator_pattern=_pattern(consent["decorator-pattern"]),
        consent_decorators=frozenset(n.split(".")[-1] for n in ext.get("consent-decorators", [])),
        guardian_pattern=_pattern(consent["guardian-pattern"]),
        fallback_pattern=_pattern(markers["fallback"]["name-pattern"]),
        fallback_names=frozenset(n.split(".")[-1] for n in ext.get("fallbacks", [])),
        not_a_way_in_pattern=_pattern(markers["fallback"]["not-a-way-in-pattern"]),
        grant_calls=frozenset(grants["calls"]) | frozenset(ext.get("grants", [])),
        release_values=frozenset(grants["release-values"]),
        grant_pattern=_pattern(grants["name-pattern"]),
        grant_names=frozenset(n.split(".")[-1] for n in ext.get("grants", [])),
        session_objects=frozenset(grants["session-objects"]),
        sql_grant_pattern=_pattern(grants["sql-table-pattern"]),
        session_key_pattern=_pattern(grants["session-key-pattern"]),
        actuator_receiver_pattern=_pattern(grants["actuator-receiver-pattern"]),
        actuator_idle_method_pattern=_pattern(grants["actuator-idle-method-pattern"]),
        success_message_pattern=_pattern(grants["success-message-pattern"]),
        success_key_pattern=_pattern(grants["success-key-pattern"]),
        record_file_pattern=_pattern(grants["record-file-pattern"]),
        unknown_names=frozenset(n.lower() for n in markers["matches"]["unknown-names"]),
        distance_pattern=_pattern(markers["matches"]["distance-pattern"]),
        match_helper_pattern=_pattern(markers["matches"]["helper-pattern"]),
        match_score_key_pattern=_pattern(markers["matches"]["record-score-pattern"]),
        sensitive=sensitive,
        template_stores=frozenset(markers["sinks"]["template-stores"]["calls"]),
        session_receivers=frozenset(markers["sinks"]["template-stores"].get("session-receivers", ())),
        cloud_prefixes=tuple(markers["cloud"]["prefixes"]),
        encryption_pattern=_pattern(markers["encryption"]["name-pattern"]),
        liveness_pattern=_pattern(markers["liveness"]["name-pattern"]),
        loopback=tuple(markers["transport"]["loopback"]),
        inference_methods=frozenset(markers["face-models"]["inference-methods"]),
        sensitive_model_file_pattern=_pattern(_model_file_pattern(markers["face-models"])),
        model_file_extensions=tuple(markers["face-models"]["model-file-extensions"]),
        face_wrapper_pattern=_pattern(markers["face-models"]["wrapper-pattern"]),
        embedding_keyword_pattern=_pattern(markers["face-models"]["embedding-keyword-pattern"]),
        vector_search_pattern=_pattern(markers["face-models"]["search-pattern"]),
        template_name_pattern=_pattern(markers["face-models"]["template-name-pattern"]),
        minor_flag_pattern=_pattern(markers["minors"]["flag-pattern"]),
        minor_age_pattern=_pattern(markers["minors"]["age-pattern"]),
        minor_age_limit=int(markers["minors"]["age-limit"]),
    )


def load_articles() -> Dict[str, Any]:
    with open(CATALOG_DIR / "articles.toml", "rb") as handle:
        return tomllib.load(handle)

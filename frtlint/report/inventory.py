"""The face-data inventory: every place the project collects, analyses, stores, logs or
sends face data, read from the analysis facts (Python) and from findings (other languages).

It is built whether or not the code has findings: a compliant project still processes
faces, and the impact assessment starts from this list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

from frtlint.analysis.facts import CallSite, ModuleFacts
from frtlint.catalog import Catalog, SinkSpec
from frtlint.checks.attributes import api_spec, requested_attributes
from frtlint.findings import Finding

# Face data a sink can carry: a face image, a template, or an API's face record.
# A match outcome (a name) or face boxes alone are not listed.
_CARRIED = {"image": "image", "template": "template", "record": "response"}
_OUTPUT_KIND = {"image": "image", "template": "template", "record": "response", "match": "response", "boxes": "response"}
_COLLECTING = {"load", "enroll"}

# Vendors by the head of a catalog API key or by a fragment of a REST endpoint.
_VENDORS: Tuple[Tuple[str, str], ...] = (
    ("face_recognition", "face_recognition (dlib)"),
    ("dlib", "dlib"),
    ("deepface", "DeepFace"),
    ("insightface", "InsightFace"),
    ("cv2", "OpenCV"),
    ("mediapipe", "MediaPipe"),
    ("facenet_pytorch", "facenet-pytorch"),
    ("mtcnn", "MTCNN"),
    ("retinaface", "RetinaFace"),
    ("rekognition", "AWS Rekognition"),
    ("aip.baidubce.com", "Baidu AI Cloud Face"),
    ("aip", "Baidu AI Cloud Face"),
    ("azure", "Azure AI Face"),
    ("tencentcloud", "Tencent Cloud IAI"),
    ("alibaba", "Alibaba Cloud Facebody"),
    ("compreface", "CompreFace"),
    ("/api/v1/", "CompreFace"),
    ("faceplusplus", "Face++ (Megvii)"),
)
# Vendors named on a line of another language's code (lower-case fragments).
_TEXT_VENDORS: Tuple[Tuple[str, str], ...] = (
    ("faceapi", "face-api.js"),
    ("face-api", "face-api.js"),
    ("rekognition", "AWS Rekognition"),
    ("aipface", "Baidu AI Cloud Face"),
    ("baidubce", "Baidu AI Cloud Face"),
    ("facepp", "Face++ (Megvii)"),
    ("faceplusplus", "Face++ (Megvii)"),
    ("compreface", "CompreFace"),
    ("insightface", "InsightFace"),
    ("mlkit", "Google ML Kit"),
    ("facedetector", "Google ML Kit"),
    ("facedetection", "Google ML Kit"),
)
_EXCERPT = 120
# Rules found by Semgrep in other languages, as the activity they stand for.
_RULE_ACTIVITY = {
    "FRT101": ("store", "image"),
    "FRT102": ("log", "response"),
    "FRT103": ("store", "template"),
    "FRT104": ("send", "image"),
    "FRT501": ("send", "image"),
    "FRT301": ("analyse", "attributes"),
    "FRT201": ("analyse", "image"),
    "FRT202": ("analyse", "image"),
    "FRT401": ("analyse", "response"),
    "FRT402": ("analyse", "response"),
    "FRT502": ("analyse", "template"),
    "FRT503": ("analyse", "image"),
    "FRT601": ("collect", "image"),
    "FRT602": ("collect", "image"),
}


@dataclass(frozen=True)
class InventoryEntry:
    path: str
    line: int
    column: int
    activity: str  # collect | analyse | store | log | send
    vendor: str  # the SDK or service; "" when the sink is plain code (open, print)
    data: str  # image | template | response | attributes
    destination: str  # a file path pattern, bucket, database, host, log; "" when in memory
    attributes: Tuple[str, ...]
    call: str  # the call as the code names it
    engine: str = "libcst"

    def to_json(self) -> Dict[str, object]:
        row = asdict(self)
        row["attributes"] = list(self.attributes)
        return row


def vendor_of(api: Optional[str]) -> str:
    if not api:
        return ""
    for fragment, vendor in _VENDORS:
        if api.split(".")[0] == fragment or (("/" in fragment or "." in fragment) and fragment in api):
            return vendor
    return api.split(".")[0]


def build_inventory(
    modules: Sequence[ModuleFacts], findings: Sequence[Finding], catalog: Catalog,
    code_line: Callable[[str, int], str] = lambda path, line: "",
) -> List[InventoryEntry]:
    entries: List[InventoryEntry] = []
    for module in modules:
        if module.error is not None or module.is_test:
            continue
        for _, call in module.all_calls():
            entries.extend(_entries_for_call(module, call, catalog))
    python_paths = {m.path for m in modules if m.error is None}
    others = [f for f in findings if f.path not in python_paths and f.rule in _RULE_ACTIVITY]
    entries.extend(_from_findings(others, code_line))
    unique: Dict[Tuple[str, int, int, str, str], InventoryEntry] = {}
    for entry in entries:
        unique.setdefault((entry.path, entry.line, entry.column, entry.activity, entry.data), entry)
    return sorted(unique.values(), key=lambda e: (e.path, e.line, e.column, e.activity, e.data))


def _entries_for_call(module: ModuleFacts, call: CallSite, catalog: Catalog) -> Iterable[InventoryEntry]:
    line, column = call.span.line, call.span.column
    if call.kind and call.api:
        yield from _api_entries(module, call, call.api, catalog)
        return
    carried = _carried_kinds(call, catalog)
    if not carried:
        return
    data = carried[0]
    if catalog.persist_spec(call.callee, call.name, call.receiver_type, call.resolved, call.method) is not None:
        yield InventoryEntry(module.path, line, column, "store", "", data, _store_destination(call), (), call.callee)
    elif catalog.is_log_sink(call.callee, call.name, call.resolved, call.method):
        yield InventoryEntry(module.path, line, column, "log", "", data, f"log ({call.callee})", (), call.callee)
    elif catalog.is_network_sink(call.callee, call.name, call.resolved, call.method):
        yield InventoryEntry(module.path, line, column, "send", "", data, _host(call) or "network", (), call.callee)


def _api_entries(module: ModuleFacts, call: CallSite, api: str, catalog: Catalog) -> Iterable[InventoryEntry]:
    spec = api_spec(call, catalog)
    vendor = vendor_of(api)
    attributes = tuple(requested_attributes(call, catalog))
    output = _OUTPUT_KIND.get(spec.output if spec else "record", "response")
    data = "attributes" if attributes else output
    activity = "collect" if call.kind in _COLLECTING else "analyse"
    where = (module.path, call.span.line, call.span.column)
    if activity == "collect":  # what is collected is the input: an image (or a template)
        data = "template" if spec is not None and spec.input == "template" else "image"
    yield InventoryEntry(*where, activity, vendor, data, "", attributes, call.callee)
    if catalog.is_cloud_api(api):
        host = _host(call) or f"{vendor} cloud service"
        yield InventoryEntry(*where, "send", vendor, "image", host, (), call.callee)


def _carried_kinds(call: CallSite, catalog: Catalog) -> List[str]:
    """The face data kinds in the slots a sink writes or sends (not its path or options)."""
    spec = catalog.persist_spec(call.callee, call.name, call.receiver_type, call.resolved, call.method)
    slots = _data_slots(spec) if spec is not None else None
    kinds = []
    for arg in call.face_args:
        if arg.value.kind in _CARRIED and (slots is None or arg.slot in slots):
            kinds.append(_CARRIED[arg.value.kind])
    if call.response_args:
        kinds.append("response")
    return sorted(set(kinds), key=["image", "template", "response"].index)


def _data_slots(spec: SinkSpec) -> Tuple[str, ...]:
    slots = tuple(str(index) for index in spec.data) + spec.keywords
    return slots + ("receiver",) if spec.receiver else slots


def _store_destination(call: CallSite) -> str:
    if call.path_shape:
        return call.path_shape
    if call.receiver_type == "s3":
        bucket = call.literals.get("Bucket")
        if not isinstance(bucket, str):  # a constant's name says more than nothing
            bucket = next((name for slot, name in call.name_args if slot == "Bucket"), "")
        return f"S3 bucket {bucket}".rstrip()
    for slot in ("0", "path", "filename", "name", "table"):
        value = call.literals.get(slot)
        if isinstance(value, str):
            return value
    receiver = f"{call.receiver}." if call.receiver else ""
    return f"{receiver}{call.name}()"


def _host(call: CallSite) -> str:
    for slot in ("0", "url", "endpoint"):
        value = call.literals.get(slot)
        if isinstance(value, str) and "://" in value:
            return urlsplit(value).netloc or value
    return ""


def _from_findings(findings: Iterable[Finding], code_line: Callable[[str, int], str]) -> Iterable[InventoryEntry]:
    """Other languages have no facts: their findings mark where face data is handled."""
    for finding in findings:
        activity, data = _RULE_ACTIVITY[finding.rule]
        text = code_line(finding.path, finding.line)
        lowered = text.lower()
        vendor = next((name for fragment, name in _TEXT_VENDORS if fragment in lowered), "")
        call = text[:_EXCERPT] or finding.rule
        yield InventoryEntry(finding.path, finding.line, finding.column, activity, vendor, data, "", (), call, finding.engine)

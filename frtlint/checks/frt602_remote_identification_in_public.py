from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple, Union

from frtlint.analysis.facts import CallSite, FunctionFacts, ModuleFacts, Origin
from frtlint.analysis.project import FunctionKey, Project
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.scenario_markers import NetworkVideo, literal_strings, network_video
from frtlint.findings import Finding

_REACH_DEPTH = 3  # project calls followed from a stream's module to the identification
_ONE_TEMPLATE = re.compile(r"\(\s*\[[^\],]*\]\s*[,)]")  # `compare_faces([known], probe)`: 1:1
_GALLERY_MATCHERS = ("face_recognition.compare_faces", "face_recognition.face_distance")


class RemoteIdentificationInPublic(Rule):
    """1:N face identification runs on network video streams (CCTV, RTSP, NVR).

    ## What it flags
    A network video source — an `rtsp://`, `rtmp://` URL or a CCTV/NVR device
    (Hikvision, Dahua, ...) — feeding a 1:N face identification or watch-list search.
    Remote recognition of people who do not know they are being recognised needs a
    recorded Article 10 justification. In YAML and JSON deployment configs the Semgrep
    rule pack (`rules/yaml/`, `rules/json/`) flags it. In Python both must be present:
    a stream opened from such a source (`cv2.VideoCapture("rtsp://...")`, a URL
    constant, an identifier such as `RTSP_URL`, an NVR SDK call such as
    `NET_DVR_RealPlay_V40`), and, in the same module or in a project function its code
    calls, a 1:N identification (`DeepFace.find`, `DeepFace.stream`, Rekognition
    `search_faces_by_image`, Baidu `search`, an LBPH `predict`, `face_recognition`
    `compare_faces`/`face_distance` against a list of known faces). The finding points
    at the identification call; the stream is the evidence. A local webcam or a video
    file, detection or counting only, and a 1:1 comparison with one enrolled face are
    not flagged.

    ## Why
    Draft Article 10 allows remote, non-contact recognition of specific individuals in
    public places only for national security, public safety or the protection of life,
    health and property in an emergency, minimised in time, place and scope; Article 7
    requires public-place devices to serve public safety with prominent notice (2025
    Measures Article 13).

    ## Example
    ```yaml
    streams:
      - source: rtsp://10.1.2.3/lobby
        pipeline: identify
        gallery: watchlist
    ```

    ```python
    cap = cv2.VideoCapture("rtsp://10.1.2.3/lobby")
    ok, frame = cap.read()
    hits = DeepFace.find(frame, db_path="watchlist")
    ```

    ## Use instead
    Run detection or counting only, or record the legal basis and scope (time, place,
    people) and suppress with that reason: `# frtlint: ignore[FRT602] reason: PSB order 2025-17, lobby only, 30 days`.

    ## Options
    The stream markers (URL schemes, identifier words, NVR SDK calls) live in
    `frtlint/catalog/markers.toml` (`[network-video]`) and the Semgrep rules.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Articles 7 and 10: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT602"
    name = "remote-identification-in-public"
    severity = "warning"
    draft_articles = ("10", "7")
    measures_articles = ("13",)
    security_severity = 6.5
    skip_tests = True

    VALID = [
        Valid(
            """
            import cv2
            from deepface import DeepFace

            cap = cv2.VideoCapture(0)
            ok, frame = cap.read()
            DeepFace.find(frame, db_path='staff')
            """,
            note="a local webcam",
        ),
        Valid(
            """
            import cv2
            from deepface import DeepFace

            cap = cv2.VideoCapture('clip.mp4')
            ok, frame = cap.read()
            DeepFace.find(frame, db_path='staff')
            """,
            note="a video file",
        ),
        Valid(
            """
            import cv2, face_recognition

            cap = cv2.VideoCapture('rtsp://10.0.0.5/lobby')
            ok, frame = cap.read()
            count = len(face_recognition.face_locations(frame))
            """,
            note="counting faces on a stream",
        ),
        Valid(
            """
            import cv2, face_recognition

            cap = cv2.VideoCapture('rtsp://10.0.0.5/gate')

            def check(known, frame):
                enc = face_recognition.face_encodings(frame)[0]
                return face_recognition.compare_faces([known], enc)
            """,
            note="1:1 with one enrolled face",
        ),
        Valid(
            """
            import cv2

            cap = cv2.VideoCapture('rtsp://10.0.0.5/lobby')
            ok, frame = cap.read()
            cv2.imshow('lobby', frame)
            """,
            note="no face processing",
        ),
        Valid(
            """
            from deepface import DeepFace

            def who(upload):
                return DeepFace.find(upload, db_path='members')
            """,
            note="identification of an uploaded photo",
        ),
        Valid(
            """
            import cv2, logging
            from deepface import DeepFace

            logging.info('NVR offline')
            cap = cv2.VideoCapture(0)
            DeepFace.find(cap.read()[1], db_path='staff')
            """,
            note="a log message naming the NVR",
        ),
        Valid(
            """
            import cv2
            from deepface import DeepFace

            cap = cv2.VideoCapture('http://192.168.1.20:8080/video')
            DeepFace.verify(cap.read()[1], 'me.jpg')
            """,
            note="1:1 verification on a phone stream",
        ),
        Valid(
            """
            import cv2
            from deepface import DeepFace

            def analyse(url):
                cap = cv2.VideoCapture(url)
                DeepFace.analyze(cap.read()[1], actions=['age'])
            """,
            note="analysis is no identification, and the URL is unknown",
        ),
        Valid(
            """
            import cv2, face_recognition

            STREAM = 'rtsp://10.0.0.5/lobby'

            def blur(frame):
                for top, right, bottom, left in face_recognition.face_locations(frame):
                    frame[top:bottom, left:right] = 0
                return frame
            """,
            note="detection to blur a stream",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import cv2
            from deepface import DeepFace

            cap = cv2.VideoCapture('rtsp://10.0.0.5/lobby')
            ok, frame = cap.read()
            hits = DeepFace.find(frame, db_path='watchlist')
            """,
            line=6, column=8, note="DeepFace.find on an RTSP frame",
        ),
        Invalid(
            """
            import cv2, face_recognition

            STREAM = 'rtsp://10.0.0.5/lobby'

            def watch(known):
                cap = cv2.VideoCapture(STREAM)
                ok, frame = cap.read()
                for enc in face_recognition.face_encodings(frame):
                    matches = face_recognition.compare_faces(known, enc)
            """,
            line=9, column=19, note="compare against a gallery, URL constant",
        ),
        Invalid(
            """
            import cv2, os, face_recognition

            def watch(known):
                cap = cv2.VideoCapture(os.environ['RTSP_URL'])
                ok, frame = cap.read()
                enc = face_recognition.face_encodings(frame)[0]
                d = face_recognition.face_distance(known, enc)
            """,
            line=7, column=9, note="an RTSP URL from the environment, distances to all known faces",
        ),
        Invalid(
            """
            import cv2
            from deepface import DeepFace

            class Watcher:
                def __init__(self, url):
                    self.cap = cv2.VideoCapture(url)

                def run(self):
                    ok, frame = self.cap.read()
                    return DeepFace.find(frame, db_path='watchlist')

            Watcher('rtsp://cam/1').run()
            """,
            line=10, column=16, note="a watcher class given an RTSP URL",
        ),
        Invalid(
            """
            import boto3, cv2
            rek = boto3.client('rekognition')

            def loop():
                cap = cv2.VideoCapture('rtsp://nvr.local/ch1')
                ok, frame = cap.read()
                data = cv2.imencode('.jpg', frame)[1].tobytes()
                rek.search_faces_by_image(CollectionId='wanted', Image={'Bytes': data})
            """,
            line=8, column=5, note="Rekognition watch-list search",
        ),
        Invalid(
            """
            from aip import AipFace
            import cv2, base64
            client = AipFace('a', 'b', 'c')

            def loop():
                cap = cv2.VideoCapture('rtmp://live.example/cam')
                ok, frame = cap.read()
                img = base64.b64encode(cv2.imencode('.jpg', frame)[1]).decode()
                client.search(img, 'BASE64', 'blacklist')
            """,
            line=9, column=5, note="Baidu search on an RTMP stream",
        ),
        Invalid(
            """
            import cv2

            rec = cv2.face.LBPHFaceRecognizer_create()

            def loop(sdk, user, info):
                sdk.NET_DVR_RealPlay_V40(user, info, None, None)
                frame = grab()
                label, conf = rec.predict(frame)
            """,
            line=8, column=19, note="Hikvision SDK and an LBPH gallery",
        ),
        Invalid(
            """
            from deepface import DeepFace

            DeepFace.stream(db_path='watchlist', source='rtsp://10.0.0.9/entrance')
            """,
            line=3, column=1, note="DeepFace.stream on an RTSP source",
        ),
        Invalid(
            """
            import cv2
            from deepface import DeepFace

            def identify(frame):
                return DeepFace.find(frame, db_path='vip')

            def main():
                cap = cv2.VideoCapture('rtsps://10.0.0.5/hall')
                ok, frame = cap.read()
                identify(frame)
            """,
            line=5, column=12, note="identification in a project helper the stream loop calls",
        ),
        Invalid(
            """
            import cv2
            from deepface import DeepFace

            NVR_HOST = '10.0.0.2'

            def loop(cap):
                cap.open(f'rtsp://admin:pw@{NVR_HOST}/ch2')
                ok, frame = cap.read()
                DeepFace.find(frame, db_path='members')
            """,
            line=9, column=5, note="an f-string URL naming the NVR host",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        markers = network_video(project.catalog)
        reported: Set[Tuple[str, int, int]] = set()
        seen: Dict[Union[str, FrozenSet[str]], bool] = {}
        for module in project.modules:
            source = _stream_source(module, markers, project, seen)
            if source is None:
                continue
            for found_module, function, call in _identifications(project, module):
                place = (found_module.path, call.span.line, call.span.column)
                if place in reported:
                    continue
                reported.add(place)
                evidence = Origin(source.span.line, source.span.column, "network video source", module.path)
                yield self.call_finding(
                    found_module,
                    call,
                    f"{call.name}() runs 1:N face identification on network video (CCTV/RTSP/NVR); record the "
                    "Article 10 justification (purpose, place, time, scope) or run detection only",
                    function=function,
                    evidence=[evidence],
                )


def _stream_source(
    module: ModuleFacts, markers: NetworkVideo, project: Project, seen: Dict[Union[str, FrozenSet[str]], bool]
) -> Optional[CallSite]:
    """The first call in the module that opens a network video stream. `seen` keeps the
    answers per call name and per argument-word set, which repeat across a project."""
    catalog = project.catalog
    for _, call in module.all_calls():
        if catalog.is_log_sink(call.callee, call.name, call.resolved, call.method):
            continue
        sdk = seen.get(call.name)
        if sdk is None:
            sdk = seen[call.name] = bool(markers.sdk_call.search(call.name))
        if sdk:
            return call
        if call.literals:
            strings = [s for slot, value in call.literals.items() if "." not in slot for s in literal_strings(value)]
            if any(markers.url.search(s.strip()) for s in strings):
                return call
        if "://" in call.text and markers.url.search(_first_string_text(call.text)):
            return call
        named = seen.get(call.arg_words)  # argument word sets repeat (analysis/compact.py)
        if named is None:
            named = seen[call.arg_words] = any(markers.name.search(word) for word in call.arg_words)
        if named:
            return call
    return None


def _first_string_text(text: str) -> str:
    """The text of an f-string argument (`f"rtsp://{host}/ch1"`): its literal parts are not facts."""
    start = text.find("(")
    inner = text[start + 1 :].lstrip() if start >= 0 else ""
    return inner[2:] if inner[:2].lower() in ("f'", 'f"') else ""


def _identifications(project: Project, module: ModuleFacts) -> List[Tuple[ModuleFacts, FunctionFacts, CallSite]]:
    """1:N identification calls in the module, or in project functions its code calls."""
    found: List[Tuple[ModuleFacts, FunctionFacts, CallSite]] = []
    seen: Set[FunctionKey] = set()
    pending: List[Tuple[ModuleFacts, FunctionFacts, int]] = [(module, f, _REACH_DEPTH) for f in module.functions]
    while pending:
        current_module, function, depth = pending.pop(0)
        key = (current_module.path, function.qualname)
        if key in seen:
            continue
        seen.add(key)
        for call in function.calls:
            if _identifies(call):
                found.append((current_module, function, call))
            if depth > 0:
                for target in project.targets.get(id(call), ()):
                    pair = project.functions.get(target)
                    if pair is not None and not pair[0].is_test:
                        pending.append((pair[0], pair[1], depth - 1))
    return sorted(found, key=lambda site: (site[0].path, site[2].span.line, site[2].span.column))


def _identifies(call: CallSite) -> bool:
    if call.kind == "identify":
        return True
    return call.api in _GALLERY_MATCHERS and not _ONE_TEMPLATE.search(call.text)


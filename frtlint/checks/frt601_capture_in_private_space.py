from __future__ import annotations

from typing import Iterable, List, Optional, Set, Tuple

from frtlint.analysis.facts import CallSite
from frtlint.analysis.project import Project
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.scenario_markers import PrivatePlaces, literal_keys, literal_strings, private_places
from frtlint.findings import Finding


class CaptureInPrivateSpace(Rule):
    """A camera or recognition device is configured for a private place.

    ## What it flags
    A device or deployment configuration that binds a camera, face capture or face
    recognition device to a place where people expect privacy: hotel or guest rooms,
    public restrooms and toilets, bathrooms and showers, changing, locker and fitting
    rooms — in English or Chinese (客房, 卫生间, 洗手间, 厕所, 更衣室, 浴室, 试衣间).
    In YAML and JSON configs (the Semgrep rule pack, `rules/yaml/`, `rules/json/`) the
    finding points at the line that names the place. In Python it points at the call
    that binds a device to the place: a constructor or registration call whose
    literal arguments name the place and that is a device by its name or its keys
    (`Camera(id="cam-07", location="3F changing room")`,
    `registry.register({"camera_id": "c3", "room": "restroom"})`,
    `add_stream("rtsp://10.0.0.7/live", zone="guest room")`, a module constant such
    as `CAMERAS = [...]` handed to a call). A place in a log message or in a call that
    names no device (`schedule_cleaning("restroom")`) is not flagged. The Python engine
    reads the files that process faces and the files linked to them by calls ("Which
    files are analysed" in docs/cli.md): a registry module that no face code uses and
    that names no face library is not read.

    ## Why
    Draft Article 6 forbids installing image capture or personal identity recognition
    equipment in hotel rooms, public bathrooms, changing rooms, restrooms and other
    places that could infringe others' privacy (2025 Measures Article 13). No consent
    or notice makes such a placement acceptable.

    ## Example
    ```yaml
    cameras:
      - id: cam-07
        location: "3F changing room"
        recognition: true
    ```

    ```python
    cameras.append(Camera(id="cam-07", location="3F changing room", recognition=True))
    ```

    ## Use instead
    Remove the device from the private space; cover the corridor or entrance instead,
    with a visible notice.

    ## Options
    The place names and the device words live in `frtlint/catalog/markers.toml`
    (`[private-places]`) and the Semgrep rules.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 6: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT601"
    name = "capture-in-private-space"
    severity = "error"
    draft_articles = ("6",)
    measures_articles = ("13",)
    security_severity = 9.0
    skip_tests = True

    VALID = [
        Valid(
            """
            import cv2

            cam = cv2.VideoCapture(0)
            Camera(id='cam-01', location='lobby')
            """,
            note="a lobby camera",
        ),
        Valid(
            """
            import face_recognition

            def f():
                schedule_cleaning('restroom', hour=9)
            """,
            note="a cleaning schedule names no device",
        ),
        Valid(
            """
            import face_recognition

            def f(log):
                log.warning('camera offline near the restroom corridor')
            """,
            note="a log message",
        ),
        Valid(
            """
            import face_recognition

            def f():
                print('No cameras are installed in the changing room')
            """,
            note="printed notice",
        ),
        Valid(
            """
            import cv2

            registry.register({'camera_id': 'c3', 'room': 'entrance hall'})
            """,
            note="a camera in a hall",
        ),
        Valid(
            """
            import cv2

            Sensor(id='hum-2', location='bathroom')
            """,
            note="a humidity sensor is no camera",
        ),
        Valid(
            """
            import cv2

            def f(room):
                Camera(id='c9', location=room)
            """,
            note="the place is not in the code",
        ),
        Valid(
            """
            import face_recognition

            sign = Notice(text='Restroom on the left', floor=2)
            """,
            note="a sign names no device",
        ),
        Valid(
            """
            import cv2

            add_stream('rtsp://10.0.0.7/live', zone='car park')
            """,
            note="a stream for the car park",
        ),
        Valid(
            """
            import face_recognition

            def f(booking):
                booking.assign(room_type='hotel room', guests=2)
            """,
            note="a booking, not a device",
        ),
        Valid(
            """
            import cv2

            Camera(id='c4', location='hotel lobby', recognition=True)
            """,
            note="a hotel lobby is no hotel room",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import cv2

            Camera(id='cam-07', location='3F changing room')
            """,
            line=3, column=1, note="camera constructor",
        ),
        Invalid(
            """
            import cv2

            registry.register({'camera_id': 'c3', 'room': 'restroom'})
            """,
            line=3, column=1, note="registry dict with a camera key",
        ),
        Invalid(
            """
            import cv2

            add_stream('rtsp://10.0.0.7/live', zone='guest room')
            """,
            line=3, column=1, note="a network stream bound to a guest room",
        ),
        Invalid(
            """
            import face_recognition

            def setup(hub):
                hub.add_device(kind='face_terminal', place='Hotel Room 1204')
            """,
            line=4, column=5, note="a face terminal in a hotel room",
        ),
        Invalid(
            """
            import cv2

            CAMERAS = [{'id': 'c1', 'location': 'lobby'}, {'id': 'c2', 'location': 'locker room'}]

            def start():
                start_cameras(CAMERAS)
            """,
            line=6, column=5, note="a module constant handed to a call",
        ),
        Invalid(
            """
            import cv2

            cfg = dict(webcam=1, area='fitting room')
            """,
            line=3, column=7, note="a dict() with a webcam key",
        ),
        Invalid(
            """
            import cv2

            Device(name='3楼更衣室摄像头', recognition=True)
            """,
            line=3, column=1, note="Chinese place and device words",
        ),
        Invalid(
            """
            import face_recognition

            RecognitionDevice(site='Public toilet, block C')
            """,
            line=3, column=1, note="a recognition device in a toilet",
        ),
        Invalid(
            """
            import cv2

            class Plan:
                def build(self):
                    self.cams.append(IPCamera(host='10.1.1.4', area='bathroom'))
            """,
            line=5, column=26, note="an IP camera in a bathroom",
        ),
        Invalid(
            """
            import face_recognition

            def deploy(api):
                api.create_capture_point({'location': '洗手间', 'floor': 3})
            """,
            line=4, column=5, note="a capture point in a washroom",
        ),
        Invalid(
            """
            import cv2

            for cam in [Camera(id='a', location='shower block')]:
                cam.start()
            """,
            line=3, column=13, note="a camera in the shower block",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        places = private_places(project.catalog)
        catalog = project.catalog
        for module in project.modules:
            reported: Set[int] = set()
            for function, call in module.all_calls():
                if not call.literals:
                    continue  # a place is named in a literal argument, or nowhere
                if call.span.line in reported or catalog.is_log_sink(call.callee, call.name, call.resolved, call.method):
                    continue
                found = _binding(call, places)
                if found is None:
                    continue
                reported.add(call.span.line)
                device, place = found
                yield self.call_finding(
                    module,
                    call,
                    f"{device} bound to a private place ({place!r}): no camera or recognition device may be installed there",
                    function=function,
                )


def _binding(call: CallSite, places: PrivatePlaces) -> Optional[Tuple[str, str]]:
    """(device, place) when the call's literal arguments bind a device to a private place."""
    values = [value for slot, value in call.literals.items() if "." not in slot]
    strings = [s for value in values for s in literal_strings(value)]
    place = next((p for p in (places.place_in(s) for s in strings) if p), "")
    if not place:
        return None
    names: List[str] = [call.name, call.receiver.split(".")[-1]]
    names += [slot for slot in call.literals if "." not in slot and not slot.isdigit()]
    names += [key for value in values for key in literal_keys(value)]
    names += [name for _, name in call.name_args]
    device = next((n for n in names if n and places.device.search(n)), None)
    if device is None:
        # A device named in a value: an identifier-like kind (`kind="face_terminal"`) or Chinese text.
        device = next((s for s in strings if places.device.search(s) and (s.isidentifier() or not s.isascii())), None)
    if device is None and any(s.lower().startswith(("rtsp://", "rtsps://", "rtmp://")) for s in strings):
        device = "a network video stream"
    if device is None:
        return None
    return (device if device == "a network video stream" else f"{device!r}"), place

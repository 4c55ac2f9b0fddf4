from __future__ import annotations

from typing import Callable, Dict, FrozenSet, Iterable, Optional, Set, Tuple

from frtlint.analysis.facts import CallSite, Origin
from frtlint.analysis.project import FunctionKey, Project
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding

_LOGGED_KINDS = ("image", "template")
_RESPONSE = "a face API response"


class FaceDataLogged(Rule):
    """Face data (an image, its base64, an embedding) is written to a log or printed.

    ## What it flags
    A call to `print`, the `logging` module, a logger method (`log.debug`,
    `self.logger.info`, ...), `warnings.warn` or an error-tracking SDK whose arguments
    carry a face image (also encoded or sliced, `image_b64[:120]`) or a face template,
    and the logging of a cloud face API's whole response or a face record (`print(resp)`,
    `log.debug(r.text)` after a raw REST call to a face vendor), which carries face
    tokens, boxes and attributes. A project function that hands its parameters to a
    log (`def log(*values): print(*values)`) logs what its callers pass it (templates
    and responses). Names, ids, counts and match scores — also a score read out of a
    response — are not face data and are not flagged.

    ## Why
    Logs are copied, shipped and kept far longer than anyone plans, usually without
    access control. Draft Article 17 forbids keeping original face images and requires
    protecting facial information (2025 Measures Article 14); a face in a log line is a
    retained face. Draft Article 15's impact assessment must list every place facial
    information goes, and logs are rarely on that list.

    ## Example
    ```python
    log.debug("enrolled %s with %s", user_id, image_b64)
    ```

    ## Use instead
    ```python
    log.debug("enrolled %s (%d bytes)", user_id, len(image_b64))
    ```

    ## Options
    None.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Articles 15 and 17: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT102"
    name = "face-data-logged"
    severity = "warning"
    draft_articles = ("17", "15")
    measures_articles = ("14",)
    security_severity = 5.5

    VALID = [
        Valid(
            """
            import logging, face_recognition
            log = logging.getLogger(__name__)

            def f(img, uid):
                boxes = face_recognition.face_locations(img)
                log.info('user %s: %d faces', uid, len(boxes))
            """
        ),
        Valid(
            """
            import face_recognition

            def f(known, enc, names):
                m = face_recognition.compare_faces(known, enc)
                print('matched', names[m.index(True)])
            """,
            note="a name is not face data",
        ),
        Valid(
            """
            import logging
            logging.info('starting camera')
            """
        ),
        Valid(
            """
            import face_recognition

            def f(img):
                enc = face_recognition.face_encodings(img)
                print(len(enc))
            """
        ),
        Valid(
            """
            import boto3
            rek = boto3.client('rekognition')

            def f(data):
                resp = rek.search_faces_by_image(CollectionId='c', Image={'Bytes': data})
                best = resp['FaceMatches'][0]['Similarity']
                print('similarity', best)
            """,
            note="a score read out of the response",
        ),
        Valid(
            """
            import face_recognition

            def f(known, enc):
                d = face_recognition.face_distance(known, enc)
                print(d)
            """,
            note="local distances are scalars, not a face record",
        ),
        Valid(
            """
            import face_recognition

            def show(*parts):
                print(*parts)

            def f(img, uid):
                boxes = face_recognition.face_locations(img)
                show('user', uid, len(boxes))
            """,
            note="a wrapper given no face data",
        ),
        Valid(
            """
            import face_recognition

            def trace(label, vec):
                print(label, vec.shape)

            def f(img):
                enc = face_recognition.face_encodings(img)[0]
                trace('enc', enc)
            """,
            note="the wrapper logs only the shape",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import logging, base64, face_recognition
            log = logging.getLogger(__name__)

            def f(img):
                face_recognition.face_encodings(img)
                log.debug('img %s', base64.b64encode(img.tobytes()))
            """,
            line=6, column=5,
        ),
        Invalid(
            """
            import face_recognition

            def f(img):
                enc = face_recognition.face_encodings(img)[0]
                print(enc)
            """,
            line=5, column=5, note="embedding printed",
        ),
        Invalid(
            """
            import logging
            from deepface import DeepFace

            def f(img):
                emb = DeepFace.represent(img)[0]['embedding']
                logging.info('embedding=%s', emb)
            """,
            line=6, column=5,
        ),
        Invalid(
            """
            import face_recognition

            class S:
                def f(self, img):
                    face_recognition.face_locations(img)
                    self.logger.warning('frame %r', img[:10])
            """,
            line=6, column=9, note="logger on self",
        ),
        Invalid(
            """
            import boto3
            rek = boto3.client('rekognition')

            def f(data):
                resp = rek.search_faces_by_image(CollectionId='c', Image={'Bytes': data})
                print(resp)
            """,
            line=6, column=5, note="whole cloud response",
        ),
        Invalid(
            """
            import json, logging, requests
            URL = 'https://api-us.faceplusplus.com/facepp/v3/detect'

            def f(fh):
                r = requests.post(URL, files={'image_file': fh})
                data = json.loads(r.text)
                logging.debug('detect: %s', data)
            """,
            line=7, column=5, note="raw REST reply to a face vendor, parsed",
        ),
        Invalid(
            """
            from aip import AipFace
            client = AipFace('a', 'b', 'c')

            def note(*parts):
                print('[face]', *parts)

            def enrol(img, uid):
                result = client.addUser(img, 'BASE64', 'g', uid)
                note('added', result)
            """,
            line=9, column=5, note="project log wrapper",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        wrappers = _log_wrappers(project)
        for module in project.modules:
            for function in module.functions:
                reported: Set[Optional[Origin]] = set()  # one finding per response: `print(r.text); print(data)`
                for call in function.calls:
                    if catalog.is_log_sink(call.callee, call.name, call.resolved, call.method):
                        logged = _logged(call, _any_slot, _LOGGED_KINDS)
                    else:
                        # Through a project wrapper only templates and responses: an
                        # "image" there is too often the image's name or key.
                        accepts = _wrapper_slots(project, call, wrappers)
                        logged = None if accepts is _no_slot else _logged(call, accepts, ("template",))
                    if logged is not None:
                        what, origin = logged
                        if what == _RESPONSE:
                            if origin in reported or (origin is None and reported):
                                continue  # a parsed copy (`json.loads(r.text)`) has no origin of its own
                            reported.add(origin)
                        yield self.call_finding(module, call, f"{call.name}() writes {what} to a log", function=function, evidence=[origin] if origin else [])


def _any_slot(slot: str) -> bool:
    return slot != "receiver"


def _no_slot(slot: str) -> bool:
    return False


def _logged(call: CallSite, accepts: Callable[[str], bool], kinds: Tuple[str, ...]) -> Optional[Tuple[str, Optional[Origin]]]:
    """What face data a log call writes through an accepted slot, with its origin."""
    for arg in call.face_args:
        if accepts(arg.slot) and arg.value.kind in kinds:
            return ("a face template" if arg.value.kind == "template" else "a face image"), arg.value.origin
    for slot in call.response_args:
        if accepts(slot):
            origin = next((a.value.origin for a in call.face_args if a.slot == slot), None)
            return _RESPONSE, origin
    return None


def _log_wrappers(project: Project) -> Dict[FunctionKey, FrozenSet[str]]:
    """Project functions that hand their own parameters to a log sink (`def log(*values):
    print(*values)`), with those parameters. Built once per project."""
    return project.shared(_log_wrappers, _find_log_wrappers)


def _find_log_wrappers(project: Project) -> Dict[FunctionKey, FrozenSet[str]]:
    catalog = project.catalog
    wrappers: Dict[FunctionKey, FrozenSet[str]] = {}
    for module in project.modules:
        for function in module.functions:
            forwarded = {
                parameter
                for call in function.calls
                if call.param_args and catalog.is_log_sink(call.callee, call.name, call.resolved, call.method)
                for slot, parameter in call.param_args
                if slot != "receiver"
            }
            if forwarded:
                wrappers[(module.path, function.qualname)] = frozenset(forwarded)
    return wrappers


def _wrapper_slots(project: Project, call: CallSite, wrappers: Dict[FunctionKey, FrozenSet[str]]) -> Callable[[str], bool]:
    """The slots of `call` that a project log wrapper it calls passes on to its log sink.
    A forwarded parameter that is not positional (`*values`) takes the extra positions."""
    for key in project.targets.get(id(call), ()):
        forwarded = wrappers.get(key)
        if not forwarded:
            continue
        params = project.functions[key][1].params
        rest = any(p not in params for p in forwarded)

        def accepts(slot: str, params: Tuple[str, ...] = params, forwarded: FrozenSet[str] = forwarded, rest: bool = rest) -> bool:
            if slot.isdigit():
                index = int(slot)
                return params[index] in forwarded if index < len(params) else rest
            return slot in forwarded

        return accepts
    return _no_slot

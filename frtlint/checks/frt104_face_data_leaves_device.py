from __future__ import annotations

from typing import Iterable

from frtlint.analysis.facts import CallSite
from frtlint.analysis.project import Project
from frtlint.catalog import FaceDataWords
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.guards import consent_decorated, consent_guarded, unguarded_path
from frtlint.findings import Finding

_SENT_KINDS = ("image", "template")


def _in_process_queue(call: CallSite, words: FaceDataWords) -> bool:
    """`self.frames_queue.put(frame)`: a hand-over between threads, not a network send."""
    return call.method and call.name in ("put", "put_nowait") and bool(words.local_queue.search(call.receiver.split(".")[-1]))


def _names_stored_data_only(call: CallSite, words: FaceDataWords) -> bool:
    """A cloud face call that names data the service already holds sends no face itself:
    an image given as a storage reference (`Image={'S3Object': {...}}`), or only face
    tokens of faces uploaded earlier (`{'face_tokens': ...}`, no image argument)."""
    keys = set()
    for key, value in call.literals.items():
        keys.add(key.split(".")[-1].lower())
        if isinstance(value, dict):
            keys.update(str(inner).lower() for inner in value)
    if keys & words.storage_keys:
        return True
    return not call.face_args and bool(keys & words.reference_keys) and not (keys & words.reference_image_keys)


class FaceDataLeavesDevice(Rule):
    """Face data is sent off the device with no separate-consent check for the transfer.

    ## What it flags
    A face image or template sent over the network — an HTTP upload (`requests.post`,
    `httpx`, also of a handle `open()`ed on a face image's file), a chat-bot photo
    (`bot.send_photo`), a message queue publish, a socket send — or a call to a cloud face API
    (Rekognition, Azure Face, Baidu, Tencent, Alibaba, Face++, CompreFace), when no
    consent check guards the call in the function, its decorators, or every project
    caller (the same guard logic as FRT201). The finding points at the sending call.

    ## Why
    The 2025 Measures (Article 8) ask that facial information stay on the device and not
    be transmitted over the internet without the person's separate consent; Draft
    Articles 17 and 18 limit retention and collection. A cloud face API call is such a
    transmission, whatever the provider promises about deletion.

    ## Example
    ```python
    requests.post(UPLOAD_URL, files={"face": jpeg.tobytes()})
    ```

    ## Use instead
    ```python
    if not visitor.remote_processing_consent:
        return
    requests.post(UPLOAD_URL, files={"face": jpeg.tobytes()})
    ```

    ## Options
    The consent markers of FRT201 apply (`consent-checks`, `consent-decorators`).

    ## References
    - Measures for the Security Management of Facial Recognition Technology Applications (2025), Article 8
    - Draft Provisions (CAC, 2023-08-08), Articles 17 and 18: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT104"
    name = "face-data-leaves-device"
    severity = "warning"
    draft_articles = ("17", "18")
    measures_articles = ("8",)
    security_severity = 6.0
    skip_tests = True

    VALID = [
        Valid(
            """
            import requests, face_recognition

            def f(img, user):
                if not user.upload_consent:
                    return
                face_recognition.face_locations(img)
                requests.post('https://x', data=img.tobytes())
            """
        ),
        Valid(
            """
            import requests, face_recognition

            def f(img):
                n = len(face_recognition.face_locations(img))
                requests.post('https://x', json={'count': n})
            """,
            note="a count leaves, not a face",
        ),
        Valid(
            """
            import face_recognition

            def f(img):
                return face_recognition.face_encodings(img)
            """,
            note="local library",
        ),
        Valid(
            """
            import boto3
            rek = boto3.client('rekognition')

            def f(key):
                return rek.search_faces_by_image(CollectionId='c', Image={'S3Object': {'Bucket': 'b', 'Name': key}})
            """,
            note="the image is already in the bucket: this call names it",
        ),
        Valid(
            """
            import face_recognition

            class W:
                def f(self, frame):
                    face_recognition.face_locations(frame)
                    self.frame_queue.put(frame)
            """,
            note="a queue between threads",
        ),
        Valid(
            """
            import telebot, face_recognition
            bot = telebot.TeleBot('t')

            def f(path, chat):
                n = len(face_recognition.face_locations(face_recognition.load_image_file(path)))
                bot.send_message(chat, f'{n} visitors')
            """,
            note="a text notice",
        ),
        Valid(
            """
            import telebot, face_recognition
            bot = telebot.TeleBot('t')

            def f(path, chat, visitor):
                face_recognition.face_locations(face_recognition.load_image_file(path))
                if not visitor.photo_sharing_consent:
                    return
                with open(path, 'rb') as fh:
                    bot.send_photo(chat, fh)
            """,
            note="consent checked first",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import requests, cv2, face_recognition

            def f(frame):
                face_recognition.face_locations(frame)
                ok, jpg = cv2.imencode('.jpg', frame)
                requests.post('https://hook', files={'snap': jpg.tobytes()})
            """,
            line=6, column=5,
        ),
        Invalid(
            """
            import boto3
            rek = boto3.client('rekognition')

            def f(data):
                return rek.detect_faces(Image={'Bytes': data})
            """,
            line=5, column=12, note="cloud detection still uploads the image",
        ),
        Invalid(
            """
            from aip import AipFace
            client = AipFace('a', 'b', 'c')

            def f(img):
                return client.search(img, 'BASE64', 'g')
            """,
            line=5, column=12, note="Baidu",
        ),
        Invalid(
            """
            import telebot, face_recognition
            bot = telebot.TeleBot('t')

            def ring(path, chat):
                face_recognition.face_encodings(face_recognition.load_image_file(path))
                with open(path, 'rb') as fh:
                    bot.send_photo(chat, fh, caption='visitor')
            """,
            line=7, column=9, note="photo sent to a chat bot",
        ),
        Invalid(
            """
            import cv2, requests, face_recognition

            def ring(frame, url):
                face_recognition.face_locations(frame)
                cv2.imwrite('snap.jpg', frame)
                with open('snap.jpg', 'rb') as photo:
                    requests.post(url, files={'photo': photo})
            """,
            line=7, column=9, note="frame written to a file, the file uploaded",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog = project.catalog
        for module in project.modules:
            for function, call in module.all_calls():
                cloud = catalog.is_cloud_api(call.api) and not _names_stored_data_only(call, catalog.words)
                sent = catalog.is_network_sink(call.callee, call.name, call.resolved, call.method) and any(
                    a.value.kind in _SENT_KINDS and a.slot != "receiver" for a in call.face_args
                ) and not _in_process_queue(call, catalog.words)
                if not (cloud or sent):
                    continue
                if consent_guarded(call, catalog) or consent_decorated(function, catalog):
                    continue
                if unguarded_path(project, module, function) is None:
                    continue
                what = f"{call.api.split('.')[-1] if call.api else call.name}() sends the face to a cloud service" if cloud else f"{call.name}() sends face data off the device"
                yield self.call_finding(module, call, f"{what} with no separate-consent check for the transfer", function=function)

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Iterator, List, Optional, Tuple

from frtlint.analysis.facts import CallSite, FaceArg, FaceValue, FunctionFacts, ModuleFacts, Origin
from frtlint.analysis.destinations import FaceDestinations, face_destinations
from frtlint.analysis.project import CallerSite, Project
from frtlint.catalog import Catalog, SinkSpec
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.persisted_faces import face_passed_into_sink, passed_in_evidence, sink_label, written_slot
from frtlint.findings import Finding

_READ_ONLY_SQL = re.compile(r"^\s*(select|delete|with)\b", re.IGNORECASE)


class RawFaceImagePersisted(Rule):
    """A raw face image (frame, crop, encoded bytes) is written to lasting storage.

    ## What it flags
    Face data that is an image reaching a call that keeps it: `cv2.imwrite`, PIL
    `Image.save`, `imageio`/`skimage` writers, `cv2.VideoWriter.write`, a file opened
    for writing, `np.save`, `pickle.dump`, boto3 `put_object`/`upload_fileobj`, GCS and
    Azure blob uploads, SQL `INSERT`/`UPDATE` parameters, ORM `create(...)` fields,
    Redis `set`/`hset`/`lpush`, `shutil.copy` of a face photo, a Raspberry Pi camera's
    `capture(path)`. An image is face data when it was passed to a face API,
    cropped with face boxes, or derived from those (resized, colour-converted, CLAHE,
    encoded with `cv2.imencode`, `.tobytes()`, base64, put in a dict or tuple); drawing
    boxes, landmarks or text on it changes nothing.

    A value is also a face image because of where it goes, anywhere in the project,
    before or after it is stored:
    - a file path: a frame written to `temp.jpg` (the same literal, constant, f-string or
      `os.path.join` shape) that a face API loads elsewhere, a file opened and handed to a
      cloud face API, an upload saved to the path `DeepFace.verify` is given, or any file
      in a folder that a face step lists (a registration loop writing
      `TRAINING_DIR / name / f"{i}.jpg"` that an encode step reads with
      `TRAINING_DIR.glob("*/*")`), and a file whose content is written out as one;
    - a project function: a frame handed (directly, or through a colour conversion or
      an encoding) to a helper or method that runs a face API on it, in this function or
      by the caller of the helper that writes it, and `self.frame` read by a face API in
      another method of the class.
    The finding points at the writing call and shows where the face data came from.

    Not flagged: an image that went through an anonymiser first (blur, pixelate, mask, a
    project function named like one, or overwriting the face boxes with a constant); a
    temporary file the same function deletes on every path (in `finally`, right after
    use, or a `tempfile` object that deletes itself); an SQL `SELECT` (its rows may reach
    a face API, it keeps nothing); embeddings (see FRT103).

    ## Why
    Draft Article 17 forbids keeping original face images, pictures or videos unless
    they are anonymised; Article 18 asks to delete or anonymise facial information not
    needed for the service (2025 Measures Article 8). A stored frame is the most
    sensitive copy there is: it can be re-identified, leaked or reused for purposes the
    person never agreed to. Separate consent does not change this; a team with a real
    legal basis for keeping images records it with a reasoned suppression.

    ## Example
    ```python
    boxes = face_recognition.face_locations(frame)
    for top, right, bottom, left in boxes:
        cv2.imwrite(f"faces/{n}.jpg", frame[top:bottom, left:right])
    ```

    ## Use instead
    ```python
    boxes = face_recognition.face_locations(frame)
    for top, right, bottom, left in boxes:
        frame[top:bottom, left:right] = cv2.GaussianBlur(frame[top:bottom, left:right], (51, 51), 0)
    cv2.imwrite(f"snapshots/{n}.jpg", frame)  # faces blurred
    ```
    or keep only the embedding (encrypted, FRT103) and drop the image.

    ## Options
    `[tool.frtlint.catalog] anonymisers = ["myapp.privacy.scrub"]` names your own
    anonymising functions; `persist-calls = ["myapp.storage.keep"]` adds sinks.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Articles 17 and 18: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    - OpenCV `imwrite`: https://docs.opencv.org/4.x/d4/da8/group__imgcodecs.html
    """

    id = "FRT101"
    name = "raw-face-image-persisted"
    severity = "error"
    draft_articles = ("17", "18")
    measures_articles = ("8", "4")  # 8 ¶2 shortest retention; 4 least-impact method
    security_severity = 8.5

    VALID = [
        Valid(
            """
            import cv2, face_recognition

            def find_faces(img):
                return face_recognition.face_locations(img)

            def publish(path, out):
                img = cv2.imread(path)
                for (t, r, b, l) in find_faces(img):
                    img[t:b, l:r] = cv2.GaussianBlur(img[t:b, l:r], (51, 51), 0)
                cv2.imwrite(out, img)
            """,
            note="faces found by a project helper, blurred before saving",
        ),
        Valid(
            """
            import cv2
            frame = cv2.imread('a.jpg')
            cv2.imwrite('b.jpg', frame)
            """,
            note="no face API involved",
        ),
        Valid(
            """
            import cv2
            import face_recognition

            def blur(path):
                img = cv2.imread(path)
                for (t, r, b, l) in face_recognition.face_locations(img):
                    img[t:b, l:r] = cv2.GaussianBlur(img[t:b, l:r], (99, 99), 30)
                cv2.imwrite('out.jpg', img)
            """,
            note="face boxes blurred before saving",
        ),
        Valid(
            """
            import cv2
            import face_recognition

            def f(img):
                boxes = face_recognition.face_locations(img)
                for (t, r, b, l) in boxes:
                    img[t:b, l:r] = 0
                cv2.imwrite('x.jpg', img)
            """,
            note="face region overwritten",
        ),
        Valid(
            """
            import cv2
            import face_recognition

            def f(img):
                face_recognition.face_locations(img)
                safe = pixelate_faces(img)
                cv2.imwrite('x.jpg', safe)
            """,
            note="project anonymiser",
        ),
        Valid(
            """
            import numpy as np
            import face_recognition

            def f(img):
                enc = face_recognition.face_encodings(img)[0]
                np.save('enc.npy', enc)
            """,
            note="an embedding is FRT103, not FRT101",
        ),
        Valid(
            """
            import os, cv2
            import face_recognition

            def f(img):
                face_recognition.face_locations(img)
                try:
                    cv2.imwrite('/tmp/x.jpg', img)
                    upload('/tmp/x.jpg')
                finally:
                    os.remove('/tmp/x.jpg')
            """,
            note="temporary file deleted in finally",
        ),
        Valid(
            """
            import tempfile, cv2
            from deepface import DeepFace

            def f(img):
                with tempfile.NamedTemporaryFile(suffix='.jpg') as tmp:
                    cv2.imwrite(tmp.name, img)
                    return DeepFace.verify(tmp.name, 'ref.jpg')
            """,
            note="self-deleting temporary file",
        ),
        Valid(
            """
            import os, cv2
            import face_recognition

            def f(img):
                face_recognition.face_locations(img)
                cv2.imwrite('t.jpg', img)
                send('t.jpg')
                os.remove('t.jpg')
            """,
            note="deleted right after use",
        ),
        Valid(
            """
            import cv2
            import face_recognition

            def f(img):
                boxes = face_recognition.face_locations(img)
                print(len(boxes))
                cv2.imshow('w', img)
            """,
            note="shown, not stored",
        ),
        Valid(
            """
            import cv2, face_recognition

            def f(frame, db):
                boxes = face_recognition.face_locations(frame)
                db.execute('INSERT INTO visits (n) VALUES (?)', (len(boxes),))
            """,
            note="a count is not an image",
        ),
        Valid(
            """
            import redis, face_recognition
            r = redis.Redis()

            def f(img, uid):
                face_recognition.face_locations(img)
                r.set(f'seen:{uid}', 1)
            """,
            note="the value stored is not face data",
        ),
        Valid(
            """
            import cv2
            import mediapipe as mp

            def anonymise(path):
                img = cv2.imread(path)
                det = mp.solutions.face_detection.FaceDetection()
                res = det.process(img)
                out = cv2.blur(img, (30, 30))
                cv2.imwrite('anon.jpg', out)
            """,
            note="whole image blurred",
        ),
        Valid(
            """
            import queue, face_recognition
            q = queue.Queue()

            def f(img):
                face_recognition.face_locations(img)
                q.put(img)
            """,
            note="an in-memory queue",
        ),
        Valid(
            """
            import cv2, face_recognition

            def save(img, name):
                cv2.imwrite(name, img)

            def scan(frame):
                boxes = face_recognition.face_locations(frame)
                save(cv2.blur(frame, (40, 40)), 'x.jpg')
            """,
            note="the caller passes an anonymised image",
        ),
        Valid(
            """
            import cv2, face_recognition

            def hide(img, box):
                top, right, bottom, left = box
                img[top:bottom, left:right] = cv2.GaussianBlur(img[top:bottom, left:right], (51, 51), 0)

            def process(path):
                img = cv2.imread(path)
                for box in face_recognition.face_locations(img):
                    hide(img, box)
                cv2.imwrite('out.jpg', img)
            """,
            note="a helper with a plain name blurs the faces in place",
        ),
        Valid(
            """
            import io, face_recognition

            def f(img):
                face_recognition.face_locations(img)
                buf = io.BytesIO()
                buf.write(img.tobytes())
            """,
            note="in-memory buffer",
        ),
        Valid(
            """
            import cv2, face_recognition

            def f(img, cur):
                face_recognition.face_locations(img)
                cur.execute('SELECT * FROM t WHERE x = ?', (img.tobytes(),))
            """,
            note="a SELECT does not store",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import cv2
            import face_recognition

            def grab(cap):
                ok, frame = cap.read()
                if ok: cv2.imwrite('./temp.jpg', frame)

            def check():
                return face_recognition.face_encodings(face_recognition.load_image_file('./temp.jpg'))
            """,
            line=6, column=12, note="a hand-off file another function loads (one-line body)",
        ),
        Invalid(
            """
            import cv2
            import face_recognition

            def locate(img):
                return face_recognition.face_locations(img)

            def loop(frame):
                rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
                if locate(rgb):
                    cv2.imwrite('history.png', frame)
            """,
            line=10, column=9, note="the frame a project helper detects faces in, through a colour conversion",
        ),
        Invalid(
            """
            import cv2
            import face_recognition

            def f(frame):
                boxes = face_recognition.face_locations(frame)
                for (t, r, b, l) in boxes:
                    cv2.imwrite('face.jpg', frame[t:b, l:r])
            """,
            line=7, column=9, note="crop with face boxes",
        ),
        Invalid(
            """
            import cv2

            cascade = cv2.CascadeClassifier('haar.xml')

            def capture(gray, uid, n):
                for (x, y, w, h) in cascade.detectMultiScale(gray, 1.3, 5):
                    cv2.imwrite(f'dataset/User.{uid}.{n}.jpg', gray[y:y + h, x:x + w])
            """,
            line=7, column=9, note="OpenCV dataset capture",
        ),
        Invalid(
            """
            import cv2 as cv
            import face_recognition as fr

            def f(frame):
                small = cv.resize(frame, (0, 0), fx=0.25, fy=0.25)
                rgb = small[:, :, ::-1]
                fr.face_locations(rgb)
                cv.imwrite('snap.jpg', frame)
            """,
            line=8, column=5, note="the full frame behind a resized probe, aliases",
        ),
        Invalid(
            """
            from PIL import Image
            import face_recognition

            def f(path):
                img = face_recognition.load_image_file(path)
                face_recognition.face_encodings(img)
                Image.fromarray(img).save('copy.png')
            """,
            line=7, column=5, note="PIL save",
        ),
        Invalid(
            """
            import boto3
            s3 = boto3.client('s3')
            rek = boto3.client('rekognition')

            def f(data):
                rek.search_faces_by_image(CollectionId='c', Image={'Bytes': data})
                s3.put_object(Bucket='b', Key='k', Body=data)
            """,
            line=7, column=5, note="S3 upload of the probe image",
        ),
        Invalid(
            """
            import base64, cv2
            from aip import AipFace
            import redis
            client = AipFace('a', 'b', 'c')
            cache = redis.Redis()

            def f(frame):
                ok, jpg = cv2.imencode('.jpg', frame)
                image = base64.b64encode(jpg.tobytes()).decode()
                client.search(image, 'BASE64', 'staff')
                cache.set('last', image)
            """,
            line=11, column=5, note="Redis, base64 of a Baidu probe",
        ),
        Invalid(
            """
            import sqlite3, base64, face_recognition

            def enrol(db, img, uid):
                face_recognition.face_encodings(img)
                b64 = base64.b64encode(img.tobytes())
                db.execute('INSERT INTO faces VALUES (?, ?)', (uid, b64))
            """,
            line=6, column=5, note="SQL insert",
        ),
        Invalid(
            """
            import face_recognition

            def f(img):
                face_recognition.face_locations(img)
                with open('raw.bin', 'wb') as fh:
                    fh.write(img.tobytes())
            """,
            line=6, column=9, note="file opened for writing",
        ),
        Invalid(
            """
            import numpy as np
            import face_recognition

            def f(img):
                face_recognition.face_locations(img)
                np.save('frame.npy', img)
            """,
            line=6, column=5, note="numpy save of the image",
        ),
        Invalid(
            """
            import pickle
            from deepface import DeepFace

            class Store:
                def keep(self, img, fh):
                    DeepFace.represent(img)
                    pickle.dump({'img': img}, fh)
            """,
            line=7, column=9, note="method, container",
        ),
        Invalid(
            """
            import cv2
            from mtcnn import MTCNN

            detector = MTCNN()

            def f(img):
                for face in detector.detect_faces(img):
                    x, y, w, h = face['box']
                    cv2.imwrite('c.jpg', img[y:y + h, x:x + w])
            """,
            line=9, column=9, note="MTCNN boxes",
        ),
        Invalid(
            """
            import os, cv2, face_recognition

            def f(img):
                face_recognition.face_locations(img)
                try:
                    cv2.imwrite('t.jpg', img)
                    send('t.jpg')
                    os.remove('t.jpg')
                except OSError:
                    pass
            """,
            line=6, column=9, note="deleted only on the success path",
        ),
        Invalid(
            """
            import cv2
            import face_recognition

            def f(path, photo):
                photo.save(path)
                img = face_recognition.load_image_file(path)
                return face_recognition.face_encodings(img)
            """,
            line=5, column=5, note="uploaded photo saved, then loaded by the face library",
        ),
        Invalid(
            """
            import cv2
            import face_recognition

            def f(frames):
                for frame in frames:
                    boxes = face_recognition.face_locations(frame)
                    if boxes:
                        cv2.imwrite('hit.jpg', frame)
            """,
            line=8, column=13, note="loop over frames",
        ),
        Invalid(
            """
            import cv2, insightface
            from insightface.app import FaceAnalysis
            app = FaceAnalysis()

            def f(img):
                faces = app.get(img)
                for face in faces:
                    x1, y1, x2, y2 = face.bbox.astype(int)
                    cv2.imwrite('f.jpg', img[y1:y2, x1:x2])
            """,
            line=9, column=9, note="insightface",
        ),
        Invalid(
            """
            import cv2, face_recognition

            writer = cv2.VideoWriter('out.avi', 0, 20, (640, 480))

            def f(frame):
                face_recognition.face_locations(frame)
                writer.write(frame)
            """,
            line=7, column=5, note="video recording of face frames",
        ),
        Invalid(
            """
            import cv2, face_recognition

            def save_face(face, name):
                cv2.imwrite(f'faces/{name}.jpg', face)

            def scan(frame):
                for (t, r, b, l) in face_recognition.face_locations(frame):
                    save_face(frame[t:b, l:r], 'x')
            """,
            line=4, column=5, note="a helper writes the face crop its caller passes",
        ),
        Invalid(
            """
            import cv2, face_recognition

            def names_in(image, known):
                return [face_recognition.compare_faces(known, e) for e in face_recognition.face_encodings(image)]

            def snapshot(camera, known):
                ok, frame = camera.read()
                cv2.imwrite('frame.jpg', frame)
                return names_in(frame, known)
            """,
            line=8, column=5, note="the frame a project function recognises",
        ),
        Invalid(
            """
            import face_recognition

            def f(img, Face):
                face_recognition.face_encodings(img)
                Face.objects.create(owner=1, photo=img.tobytes())
            """,
            line=5, column=5, note="ORM field",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog: Catalog = project.catalog
        destinations = face_destinations(project)
        for module in project.modules:
            for function, call in module.all_calls():
                if call.temp_cleaned:
                    continue
                spec = catalog.persist_spec(call.callee, call.name, call.receiver_type, call.resolved, call.method)
                if spec is None:
                    continue  # not a call that keeps data
                if _reads_only(call):
                    continue  # a SELECT keeps nothing, whatever it is given
                hit = _face_image_written(call, spec)
                evidence = [hit.value.origin] if hit else []
                what = "a face image file" if hit and hit.value.kind == "path" else "a raw face image"
                data_names = _data_names(call, spec)
                if hit is None:
                    passed = _face_image_from_caller(project, module, function, call, spec)
                    if passed is None and not call.masked_data:
                        passed = _reached_from_caller(project, destinations, module, function, call, spec)
                    recognised = None
                    if passed is None and not call.masked_data:  # blurred first: where it goes does not matter
                        recognised = _recognised_by_callee(project, function, data_names)
                        recognised = recognised or _reached_here(destinations, module, function, data_names)
                    place = None if passed or recognised else destinations.place_of(call.path_shape)
                    if passed is not None:
                        evidence = passed_in_evidence(passed)
                    elif recognised is not None:
                        evidence = [recognised]
                    elif place is not None:
                        folder, origin = place
                        where = "folder" if folder != call.path_shape else "file"
                        evidence = [replace(origin, note=f"{origin.note}: the {where} '{folder}'")]
                        what = "a face image file"
                    else:
                        continue
                if _anonymised_by_helper(project, function, call, data_names):
                    continue
                yield self.call_finding(
                    module,
                    call,
                    f"{sink_label(call)} keeps {what} without anonymisation",
                    function=function,
                    evidence=evidence,
                )


def _reads_only(call: CallSite) -> bool:
    sql = call.literals.get("0")
    return call.name in ("execute", "executemany") and isinstance(sql, str) and bool(_READ_ONLY_SQL.match(sql))


def _face_image_written(call: CallSite, spec: SinkSpec) -> Optional[FaceArg]:
    """The face image argument of a persisting call, if any."""
    if not call.face_args:
        return None
    if _unopened_handle(call, spec):
        return None
    for arg in call.face_args:
        if arg.value.kind == "image" and written_slot(arg.slot, spec):
            return arg
        if arg.value.kind in ("path", "image") and arg.slot.isdigit() and int(arg.slot) in spec.path:
            return arg  # the written file is one a face API reads (`f.save(p)`, then `verify(p)`)
        if arg.value.kind in ("path", "image") and arg.slot.isdigit() and int(arg.slot) in spec.copies:
            return arg  # a face photo's file copied (`shutil.copy(photo, gallery)`)
    return None


def _reached_here(
    destinations: FaceDestinations, module: ModuleFacts, function: FunctionFacts, data_names: List[str]
) -> Optional[Origin]:
    """The data written is a local whose image reaches a face API through project functions."""
    for name in data_names:
        origin = destinations.name_origin(module, function, name)
        if origin is not None:
            return origin
    return None


def _reached_from_caller(
    project: Project,
    destinations: FaceDestinations,
    module: ModuleFacts,
    function: FunctionFacts,
    call: CallSite,
    spec: SinkSpec,
) -> Optional[Tuple[FaceValue, CallerSite]]:
    """A helper writes its parameter, and a project caller passes a local whose image
    reaches a face API (`save_frame(frame)` next to `recognise(frame)`)."""
    if _unopened_handle(call, spec):
        return None
    for slot, parameter in call.param_args:
        if not written_slot(slot, spec) or parameter not in function.params:
            continue
        position = str(function.params.index(parameter))
        for caller in project.project_callers(module, function):
            if (module.path, function.qualname) not in project.targets.get(id(caller.call), ()):
                continue  # linked as a callback, not called with arguments
            for passed_slot, name in caller.call.name_args:
                if passed_slot in (position, parameter):
                    origin = destinations.name_origin(caller.module, caller.function, name)
                    if origin is not None:
                        return FaceValue("image", origin), caller
    return None


def _face_image_from_caller(
    project: Project, module: ModuleFacts, function: FunctionFacts, call: CallSite, spec: SinkSpec
) -> Optional[Tuple[FaceValue, CallerSite]]:
    """A helper's parameter reaches the sink, and some project caller passes a face image."""
    if not call.param_args:
        return None
    if _unopened_handle(call, spec):
        return None
    return face_passed_into_sink(project, module, function, call, spec, "image")


def _project_params(project: Project, call: CallSite, slot: str) -> Iterator[Tuple[FunctionFacts, str]]:
    """(function, parameter) pairs in the project that receive this call's argument `slot`."""
    for key in project.targets.get(id(call), []):
        _, target = project.functions[key]
        if slot.isdigit():
            index = int(slot)
            if index < len(target.params):
                yield target, target.params[index]
        elif slot in target.params:
            yield target, slot


def _data_names(call: CallSite, spec: SinkSpec) -> List[str]:
    """The local names whose data the sink keeps."""
    names = [name for slot, name in call.name_args if written_slot(slot, spec)]
    if spec.receiver and call.receiver:
        names.append(call.receiver.split(".")[0])
    return names


def _recognised_by_callee(project: Project, function: FunctionFacts, data_names: List[str]) -> Optional[Origin]:
    """`cv2.imwrite(p, frame)` where the same function hands `frame` to a project
    function that runs face recognition on that parameter."""
    for name in data_names:
        for other in function.calls:
            for slot, passed in other.name_args:
                if passed != name:
                    continue
                for target, parameter in _project_params(project, other, slot):
                    if parameter in target.face_params:
                        return Origin(other.span.line, other.span.column, f"passed to {target.qualname}, which runs face recognition on it")
    return None


def _anonymised_by_helper(project: Project, function: FunctionFacts, call: CallSite, data_names: List[str]) -> bool:
    """An earlier call handed the image to a project function that blurs its faces in place."""
    for name in data_names:
        for other in function.calls:
            if other.span.line >= call.span.line:
                continue
            for slot, passed in other.name_args:
                if passed == name and any(p in t.anonymised_params for t, p in _project_params(project, other, slot)):
                    return True
    return False


def _unopened_handle(call: CallSite, spec: SinkSpec) -> bool:
    """A sink that writes through a file handle (`fh.write(data)`) on a receiver not opened as
    a file: the walker names every file opening "open"."""
    return bool(spec.receiver_from) and call.receiver_origin != "open"

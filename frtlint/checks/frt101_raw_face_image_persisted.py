from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Iterator, List, Optional, Tuple

from frtlint.analysis.facts import CallSite, FaceArg, FaceValue, FunctionFacts, ModuleFacts, Origin
from frtlint.analysis.destinations import FaceDestinations, face_destinations
from frtlint.analysis.project import CallerSite, Project
from frtlint.catalog import Catalog, SinkSpec
from frtlint.checks.base import Invalid, Rule, Valid
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
    summary = "raw face image written to storage without anonymisation"
    security_severity = 8.5

    VALID = [
        Valid(
            "import cv2, face_recognition\n\ndef find_faces(img):\n    return face_recognition.face_locations(img)\n\n"
            "def publish(path, out):\n    img = cv2.imread(path)\n    for (t, r, b, l) in find_faces(img):\n"
            "        img[t:b, l:r] = cv2.GaussianBlur(img[t:b, l:r], (51, 51), 0)\n    cv2.imwrite(out, img)\n",
            "faces found by a project helper, blurred before saving",
        ),
        Valid("import cv2\nframe = cv2.imread('a.jpg')\ncv2.imwrite('b.jpg', frame)\n", "no face API involved"),
        Valid(
            "import cv2\nimport face_recognition\n\ndef blur(path):\n    img = cv2.imread(path)\n"
            "    for (t, r, b, l) in face_recognition.face_locations(img):\n"
            "        img[t:b, l:r] = cv2.GaussianBlur(img[t:b, l:r], (99, 99), 30)\n"
            "    cv2.imwrite('out.jpg', img)\n",
            "face boxes blurred before saving",
        ),
        Valid(
            "import cv2\nimport face_recognition\n\ndef f(img):\n    boxes = face_recognition.face_locations(img)\n"
            "    for (t, r, b, l) in boxes:\n        img[t:b, l:r] = 0\n    cv2.imwrite('x.jpg', img)\n",
            "face region overwritten",
        ),
        Valid(
            "import cv2\nimport face_recognition\n\ndef f(img):\n    face_recognition.face_locations(img)\n"
            "    safe = pixelate_faces(img)\n    cv2.imwrite('x.jpg', safe)\n",
            "project anonymiser",
        ),
        Valid(
            "import numpy as np\nimport face_recognition\n\ndef f(img):\n"
            "    enc = face_recognition.face_encodings(img)[0]\n    np.save('enc.npy', enc)\n",
            "an embedding is FRT103, not FRT101",
        ),
        Valid(
            "import os, cv2\nimport face_recognition\n\ndef f(img):\n    face_recognition.face_locations(img)\n"
            "    try:\n        cv2.imwrite('/tmp/x.jpg', img)\n        upload('/tmp/x.jpg')\n"
            "    finally:\n        os.remove('/tmp/x.jpg')\n",
            "temporary file deleted in finally",
        ),
        Valid(
            "import tempfile, cv2\nfrom deepface import DeepFace\n\ndef f(img):\n"
            "    with tempfile.NamedTemporaryFile(suffix='.jpg') as tmp:\n"
            "        cv2.imwrite(tmp.name, img)\n        return DeepFace.verify(tmp.name, 'ref.jpg')\n",
            "self-deleting temporary file",
        ),
        Valid(
            "import os, cv2\nimport face_recognition\n\ndef f(img):\n    face_recognition.face_locations(img)\n"
            "    cv2.imwrite('t.jpg', img)\n    send('t.jpg')\n    os.remove('t.jpg')\n",
            "deleted right after use",
        ),
        Valid("import cv2\nimport face_recognition\n\ndef f(img):\n    boxes = face_recognition.face_locations(img)\n    print(len(boxes))\n    cv2.imshow('w', img)\n", "shown, not stored"),
        Valid(
            "import cv2, face_recognition\n\ndef f(frame, db):\n    boxes = face_recognition.face_locations(frame)\n"
            "    db.execute('INSERT INTO visits (n) VALUES (?)', (len(boxes),))\n",
            "a count is not an image",
        ),
        Valid(
            "import redis, face_recognition\nr = redis.Redis()\n\ndef f(img, uid):\n"
            "    face_recognition.face_locations(img)\n    r.set(f'seen:{uid}', 1)\n",
            "the value stored is not face data",
        ),
        Valid(
            "import cv2\nimport mediapipe as mp\n\ndef anonymise(path):\n    img = cv2.imread(path)\n"
            "    det = mp.solutions.face_detection.FaceDetection()\n    res = det.process(img)\n"
            "    out = cv2.blur(img, (30, 30))\n    cv2.imwrite('anon.jpg', out)\n",
            "whole image blurred",
        ),
        Valid("import queue, face_recognition\nq = queue.Queue()\n\ndef f(img):\n    face_recognition.face_locations(img)\n    q.put(img)\n", "an in-memory queue"),
        Valid(
            "import cv2, face_recognition\n\ndef save(img, name):\n    cv2.imwrite(name, img)\n\n"
            "def scan(frame):\n    boxes = face_recognition.face_locations(frame)\n    save(cv2.blur(frame, (40, 40)), 'x.jpg')\n",
            "the caller passes an anonymised image",
        ),
        Valid(
            "import cv2, face_recognition\n\ndef hide(img, box):\n    top, right, bottom, left = box\n"
            "    img[top:bottom, left:right] = cv2.GaussianBlur(img[top:bottom, left:right], (51, 51), 0)\n\n"
            "def process(path):\n    img = cv2.imread(path)\n    for box in face_recognition.face_locations(img):\n        hide(img, box)\n    cv2.imwrite('out.jpg', img)\n",
            "a helper with a plain name blurs the faces in place",
        ),
        Valid("import io, face_recognition\n\ndef f(img):\n    face_recognition.face_locations(img)\n    buf = io.BytesIO()\n    buf.write(img.tobytes())\n", "in-memory buffer"),
        Valid(
            "import cv2, face_recognition\n\ndef f(img, cur):\n    face_recognition.face_locations(img)\n"
            "    cur.execute('SELECT * FROM t WHERE x = ?', (img.tobytes(),))\n",
            "a SELECT does not store",
        ),
    ]
    INVALID = [
        Invalid(
            "import cv2\nimport face_recognition\n\ndef grab(cap):\n    ok, frame = cap.read()\n"
            "    if ok: cv2.imwrite('./temp.jpg', frame)\n\n"
            "def check():\n    return face_recognition.face_encodings(face_recognition.load_image_file('./temp.jpg'))\n",
            6, 12, "a hand-off file another function loads (one-line body)",
        ),
        Invalid(
            "import cv2\nimport face_recognition\n\ndef locate(img):\n    return face_recognition.face_locations(img)\n\n"
            "def loop(frame):\n    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)\n    if locate(rgb):\n"
            "        cv2.imwrite('history.png', frame)\n",
            10, 9, "the frame a project helper detects faces in, through a colour conversion",
        ),
        Invalid(
            "import cv2\nimport face_recognition\n\ndef f(frame):\n    boxes = face_recognition.face_locations(frame)\n"
            "    for (t, r, b, l) in boxes:\n        cv2.imwrite('face.jpg', frame[t:b, l:r])\n",
            7, 9, "crop with face boxes",
        ),
        Invalid(
            "import cv2\n\ncascade = cv2.CascadeClassifier('haar.xml')\n\ndef capture(gray, uid, n):\n"
            "    for (x, y, w, h) in cascade.detectMultiScale(gray, 1.3, 5):\n"
            "        cv2.imwrite(f'dataset/User.{uid}.{n}.jpg', gray[y:y + h, x:x + w])\n",
            7, 9, "OpenCV dataset capture",
        ),
        Invalid(
            "import cv2 as cv\nimport face_recognition as fr\n\ndef f(frame):\n    small = cv.resize(frame, (0, 0), fx=0.25, fy=0.25)\n"
            "    rgb = small[:, :, ::-1]\n    fr.face_locations(rgb)\n    cv.imwrite('snap.jpg', frame)\n",
            8, 5, "the full frame behind a resized probe, aliases",
        ),
        Invalid(
            "from PIL import Image\nimport face_recognition\n\ndef f(path):\n    img = face_recognition.load_image_file(path)\n"
            "    face_recognition.face_encodings(img)\n    Image.fromarray(img).save('copy.png')\n",
            7, 5, "PIL save",
        ),
        Invalid(
            "import boto3\ns3 = boto3.client('s3')\nrek = boto3.client('rekognition')\n\ndef f(data):\n"
            "    rek.search_faces_by_image(CollectionId='c', Image={'Bytes': data})\n"
            "    s3.put_object(Bucket='b', Key='k', Body=data)\n",
            7, 5, "S3 upload of the probe image",
        ),
        Invalid(
            "import base64, cv2\nfrom aip import AipFace\nimport redis\nclient = AipFace('a', 'b', 'c')\ncache = redis.Redis()\n\n"
            "def f(frame):\n    ok, jpg = cv2.imencode('.jpg', frame)\n    image = base64.b64encode(jpg.tobytes()).decode()\n"
            "    client.search(image, 'BASE64', 'staff')\n    cache.set('last', image)\n",
            11, 5, "Redis, base64 of a Baidu probe",
        ),
        Invalid(
            "import sqlite3, base64, face_recognition\n\ndef enrol(db, img, uid):\n    face_recognition.face_encodings(img)\n"
            "    b64 = base64.b64encode(img.tobytes())\n    db.execute('INSERT INTO faces VALUES (?, ?)', (uid, b64))\n",
            6, 5, "SQL insert",
        ),
        Invalid(
            "import face_recognition\n\ndef f(img):\n    face_recognition.face_locations(img)\n"
            "    with open('raw.bin', 'wb') as fh:\n        fh.write(img.tobytes())\n",
            6, 9, "file opened for writing",
        ),
        Invalid(
            "import numpy as np\nimport face_recognition\n\ndef f(img):\n    face_recognition.face_locations(img)\n    np.save('frame.npy', img)\n",
            6, 5, "numpy save of the image",
        ),
        Invalid(
            "import pickle\nfrom deepface import DeepFace\n\nclass Store:\n    def keep(self, img, fh):\n"
            "        DeepFace.represent(img)\n        pickle.dump({'img': img}, fh)\n",
            7, 9, "method, container",
        ),
        Invalid(
            "import cv2\nfrom mtcnn import MTCNN\n\ndetector = MTCNN()\n\ndef f(img):\n    for face in detector.detect_faces(img):\n"
            "        x, y, w, h = face['box']\n        cv2.imwrite('c.jpg', img[y:y + h, x:x + w])\n",
            9, 9, "MTCNN boxes",
        ),
        Invalid(
            "import os, cv2, face_recognition\n\ndef f(img):\n    face_recognition.face_locations(img)\n"
            "    try:\n        cv2.imwrite('t.jpg', img)\n        send('t.jpg')\n        os.remove('t.jpg')\n"
            "    except OSError:\n        pass\n",
            6, 9, "deleted only on the success path",
        ),
        Invalid(
            "import cv2\nimport face_recognition\n\ndef f(path, photo):\n    photo.save(path)\n"
            "    img = face_recognition.load_image_file(path)\n    return face_recognition.face_encodings(img)\n",
            5, 5, "uploaded photo saved, then loaded by the face library",
        ),
        Invalid(
            "import cv2\nimport face_recognition\n\ndef f(frames):\n    for frame in frames:\n"
            "        boxes = face_recognition.face_locations(frame)\n        if boxes:\n"
            "            cv2.imwrite('hit.jpg', frame)\n",
            8, 13, "loop over frames",
        ),
        Invalid(
            "import cv2, insightface\nfrom insightface.app import FaceAnalysis\napp = FaceAnalysis()\n\n"
            "def f(img):\n    faces = app.get(img)\n    for face in faces:\n        x1, y1, x2, y2 = face.bbox.astype(int)\n"
            "        cv2.imwrite('f.jpg', img[y1:y2, x1:x2])\n",
            9, 9, "insightface",
        ),
        Invalid(
            "import cv2, face_recognition\n\nwriter = cv2.VideoWriter('out.avi', 0, 20, (640, 480))\n\ndef f(frame):\n"
            "    face_recognition.face_locations(frame)\n    writer.write(frame)\n",
            7, 5, "video recording of face frames",
        ),
        Invalid(
            "import cv2, face_recognition\n\ndef save_face(face, name):\n    cv2.imwrite(f'faces/{name}.jpg', face)\n\n"
            "def scan(frame):\n    for (t, r, b, l) in face_recognition.face_locations(frame):\n        save_face(frame[t:b, l:r], 'x')\n",
            4, 5, "a helper writes the face crop its caller passes",
        ),
        Invalid(
            "import cv2, face_recognition\n\ndef names_in(image, known):\n    return [face_recognition.compare_faces(known, e) for e in face_recognition.face_encodings(image)]\n\n"
            "def snapshot(camera, known):\n    ok, frame = camera.read()\n    cv2.imwrite('frame.jpg', frame)\n    return names_in(frame, known)\n",
            8, 5, "the frame a project function recognises",
        ),
        Invalid(
            "import face_recognition\n\ndef f(img, Face):\n    face_recognition.face_encodings(img)\n"
            "    Face.objects.create(owner=1, photo=img.tobytes())\n",
            5, 5, "ORM field",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog: Catalog = project.catalog
        destinations = face_destinations(project)
        for module, function in ((m, f) for m in project.modules for f in m.functions):
            for call in function.calls:
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
                        value, caller = passed
                        evidence = [
                            replace(value.origin, path=caller.module.path),
                            Origin(caller.call.span.line, caller.call.span.column, f"passed in by {caller.function.qualname}", caller.module.path),
                        ]
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
                yield self.finding(
                    module,
                    call.span,
                    f"{_label(call)} keeps {what} without anonymisation",
                    function,
                    call.text,
                    evidence,
                )


def _label(call: CallSite) -> str:
    if call.resolved:
        return ".".join(call.callee.split(".")[-2:]) + "()"
    if call.method and call.receiver:
        return f"{call.receiver.split('.')[-1]}.{call.name}()"
    return f"{call.name}()"


def _reads_only(call: CallSite) -> bool:
    sql = call.literals.get("0")
    return call.name in ("execute", "executemany") and isinstance(sql, str) and bool(_READ_ONLY_SQL.match(sql))


def _face_image_written(call: CallSite, spec: SinkSpec) -> Optional[FaceArg]:
    """The face image argument of a persisting call, if any."""
    if not call.face_args:
        return None
    if spec.receiver_from and call.receiver_origin not in ("open",):
        return None
    for arg in call.face_args:
        if arg.value.kind == "image" and _in_slots(arg.slot, spec):
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
    if spec.receiver_from and call.receiver_origin not in ("open",):
        return None
    for slot, parameter in call.param_args:
        if not _in_slots(slot, spec) or parameter not in function.params:
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
    if spec.receiver_from and call.receiver_origin not in ("open",):
        return None
    for slot, parameter in call.param_args:
        if _in_slots(slot, spec):
            found = project.face_passed_to(module, function, parameter, ("image",))
            if found:
                return found
    return None


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
    names = [name for slot, name in call.name_args if _in_slots(slot, spec)]
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


def _in_slots(slot: str, spec: SinkSpec) -> bool:
    if slot == "receiver":
        return spec.receiver
    if slot.isdigit():
        return int(slot) in spec.data
    return slot in spec.keywords or "*" in spec.keywords

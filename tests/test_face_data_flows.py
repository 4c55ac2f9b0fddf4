"""Face data that passes through project code on its way to a log, a store or the
network (FRT102/FRT103/FRT104): log wrappers, helpers whose parameter reaches a sink,
ORM rows and files holding a face image. (Helpers sit in the caller's module: a module
with no face vocabulary is analysed only when it mentions a face function's name.)"""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from conftest import lint_tree

LOG_HELPER = """\
def log(*values, level=1):
    if level >= 1:
        print('[door]', *values)


def note(message, count):
    print(message)
"""

DOORBELL = LOG_HELPER + """\
import boto3

rek = boto3.client('rekognition')


def who(data):
    response = rek.search_faces_by_image(CollectionId='c', Image={'Bytes': data})
    log(response, level=0)
    note('matches', response)
    best = response['FaceMatches'][0]['Face']['ExternalImageId']
    log('recognised', best)
    return best
"""

STORE = """\
import sqlite3, face_recognition


class Store:
    def enrol(self, user_id, embedding, consent):
        if not consent:
            raise ValueError('consent required')
        with sqlite3.connect('faces.db') as conn:
            conn.execute('INSERT INTO e VALUES (?, ?)', (user_id, embedding.tobytes()))

    def forget(self, user_id):
        with sqlite3.connect('faces.db') as conn:
            conn.execute('DELETE FROM e WHERE id = ?', (user_id,))
"""

ENROL = STORE + """\


def main(pipeline, face, uid):
    face_recognition.face_locations(face)
    embedding = pipeline.get_embedding(face)
    Store().enrol(uid, embedding, consent=True)
    Store().forget(uid)
"""


def _found(files, rule: str, tmp_path) -> List[Tuple[str, str, int, int]]:
    result = lint_tree(files, tmp_path, select=[rule])
    return sorted((f.rule, Path(f.path).name, f.line, f.column) for f in result.findings if f.rule == rule)


def test_response_logged_through_a_project_wrapper(tmp_path) -> None:
    # `log(*values)` forwards every position; `note(message, count)` only `message`.
    # The id read out of the response is no face data.
    assert _found({"door.py": DOORBELL}, "FRT102", tmp_path) == [("FRT102", "door.py", 15, 5)]


def test_response_logged_directly_once(tmp_path) -> None:
    code = (
        "import json, requests\n"
        "URL = 'https://api-us.faceplusplus.com/facepp/v3/search'\n"
        "\n"
        "def search(fh):\n"
        "    r = requests.post(URL, files={'image_file': fh})\n"
        "    print(r.text)\n"
        "    data = json.loads(r.text)\n"
        "    print(data)\n"
        "    print(data['results'][0]['confidence'])\n"
    )
    # One response, one finding; the confidence read out of it is a score.
    assert _found({"search.py": code}, "FRT102", tmp_path) == [("FRT102", "search.py", 6, 5)]


def test_template_from_a_caller_stored_by_a_helper(tmp_path) -> None:
    assert _found({"enrol.py": ENROL}, "FRT103", tmp_path) == [("FRT103", "enrol.py", 9, 13)]


def test_helper_without_template_callers_is_clean(tmp_path) -> None:
    caller = STORE + "\n\ndef main(uid, face, pipeline):\n    blob = pipeline.detect_face(face)\n    Store().enrol(uid, blob.size, consent=True)\n    pipeline.get_embedding(face)\n"
    assert _found({"enrol.py": caller}, "FRT103", tmp_path) == []


def test_orm_row_with_template_added_to_session(tmp_path) -> None:
    code = (
        "import face_recognition\n"
        "from models import db, Person\n"
        "\n"
        "def enrol(path, name):\n"
        "    image = face_recognition.load_image_file(path)\n"
        "    encoding = face_recognition.face_encodings(image)[0]\n"
        "    person = Person(name=name, face_encoding=encoding.tolist())\n"
        "    db.session.add(person)\n"
        "    db.session.commit()\n"
        "    visit = Person(name=name)\n"
        "    db.session.add(visit)\n"
    )
    assert _found({"enrol.py": code}, "FRT103", tmp_path) == [("FRT103", "enrol.py", 8, 5)]


def test_photo_file_uploaded_to_a_chat_bot(tmp_path) -> None:
    code = (
        "import cv2, requests, face_recognition\n"
        "\n"
        "def alert(frame, url, chat):\n"
        "    if face_recognition.face_locations(frame):\n"
        "        path = f'/tmp/visitor_{chat}.jpg'\n"
        "        cv2.imwrite(path, frame)\n"
        "        with open(path, 'rb') as photo:\n"
        "            requests.post(url, data={'chat_id': chat}, files={'photo': photo})\n"
        "        requests.post(url, data={'chat_id': chat, 'text': 'visitor at the door'})\n"
    )
    assert _found({"alert.py": code}, "FRT104", tmp_path) == [("FRT104", "alert.py", 8, 13)]


def test_a_project_package_named_like_a_face_library_is_still_the_projects(tmp_path) -> None:
    """`cv2_tools` is not `cv2`: its `get_embedding` is a project helper named as one."""
    files = {
        "cv2_tools/__init__.py": "",
        "cv2_tools/pipeline.py": "def get_embedding(face):\n    return model(face)\n",
        "enrol.py": (
            "import sqlite3\n\nimport face_recognition\nfrom cv2_tools.pipeline import get_embedding\n\n"
            "def enrol(uid, face):\n    emb = get_embedding(face)\n"
            "    with sqlite3.connect('f.db') as conn:\n        conn.execute('INSERT INTO e VALUES (?, ?)', (uid, emb.tobytes()))\n"
        ),
    }
    assert _found(files, "FRT103", tmp_path) == [("FRT103", "enrol.py", 9, 9)]

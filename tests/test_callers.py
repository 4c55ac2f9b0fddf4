"""The names whose callers the engine keeps parsing (`frtlint.analysis.callers`)."""

from __future__ import annotations

import re

from frtlint.analysis.callers import CallerNames, mentions_faces
from frtlint.analysis.extract import extract
from frtlint.catalog import build_catalog

APP = b"""import face_recognition
import cv2

def encode(img):
    return face_recognition.face_encodings(img)

def enrol(path):
    return encode(cv2.imread(path))

def door(who):
    if who:
        unlock_door()

def unrelated():
    print(1)

face_recognition.load_image_file("snapshot.jpg")
"""


def test_face_functions_their_callers_grants_and_plain_face_files_are_interesting() -> None:
    catalog = build_catalog({})
    names = CallerNames(catalog)
    assert names.interesting([extract("app.py", APP, catalog)]) == {"encode", "enrol", "door", "unlock_door", "snapshot.jpg"}
    assert (names.is_grant_name("unlock_door"), names.is_grant_name("print")) == (True, False)


def test_configuration_files_are_searched_with_the_configuration_words() -> None:
    code, config = re.compile(rb"face_api"), re.compile(rb"faceModel")
    assert mentions_faces(b"faceModel: x", "yaml", code, config)
    assert not mentions_faces(b"face_api: x", "json", code, config)
    assert mentions_faces(b"face_api()", "kotlin", code, config)
    assert not mentions_faces(b"faceModel()", "java", code, config)

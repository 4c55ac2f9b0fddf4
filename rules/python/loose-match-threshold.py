# Tests for frt502-loose-match-threshold-python
import boto3
import face_recognition
import numpy as np


def is_same(known, probe):
    # ruleid: frt502-loose-match-threshold-python
    return face_recognition.compare_faces([known], probe, tolerance=0.7)[0]


def is_same_strict(known, probe):
    # ok: frt502-loose-match-threshold-python
    return face_recognition.compare_faces([known], probe, tolerance=0.45)[0]


def best(known, probe):
    dists = face_recognition.face_distance(known, probe)
    i = int(np.argmin(dists))
    # ruleid: frt502-loose-match-threshold-python
    return i if dists[i] < 0.75 else None


def search(image_bytes):
    rek = boto3.client("rekognition")
    # ruleid: frt502-loose-match-threshold-python
    loose = rek.search_faces_by_image(CollectionId="c", Image={"Bytes": image_bytes}, FaceMatchThreshold=50)
    # ok: frt502-loose-match-threshold-python
    strict = rek.search_faces_by_image(CollectionId="c", Image={"Bytes": image_bytes}, FaceMatchThreshold=95)
    return loose, strict

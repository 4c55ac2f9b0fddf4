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


def door_match(known, probe):
    # ruleid: frt502-loose-match-threshold-python
    return any(face_recognition.compare_faces(known, probe, 0.7))


def door_match_strict(known, probe):
    # ok: frt502-loose-match-threshold-python
    return any(face_recognition.compare_faces(known, probe, 0.5))


def any_match(known, probe):
    # ruleid: frt502-loose-match-threshold-python
    return bool(np.any(face_recognition.face_distance(known, probe) < 0.7))


def match_mask(known, probe):
    # ruleid: frt502-loose-match-threshold-python
    return face_recognition.face_distance(known, probe) <= 0.65


def roster_matches(roster, probe):
    distances = face_recognition.face_distance(roster, probe)
    # ruleid: frt502-loose-match-threshold-python
    strictly_below = distances < 0.7
    # ruleid: frt502-loose-match-threshold-python
    at_or_below = distances <= 0.7
    # ok: frt502-loose-match-threshold-python
    strict = distances <= 0.5
    return strictly_below, at_or_below, strict


def best_student(roster, names, probe):
    distances = face_recognition.face_distance(roster, probe)
    best = int(np.argmin(distances))
    # ruleid: frt502-loose-match-threshold-python
    if distances[best] <= 0.7:
        return names[best]
    return None


def anyone_known(roster, probe):
    distances = face_recognition.face_distance(roster, probe)
    # ruleid: frt502-loose-match-threshold-python
    return min(distances) < 0.8


def anyone_known_inclusive(roster, probe):
    distances = face_recognition.face_distance(roster, probe)
    # ruleid: frt502-loose-match-threshold-python
    return min(distances) <= 0.8


def compare_id_photo(selfie_bytes, id_photo_bytes):
    rek = boto3.client("rekognition")
    # ruleid: frt502-loose-match-threshold-python
    loose = rek.compare_faces(SourceImage={"Bytes": selfie_bytes}, TargetImage={"Bytes": id_photo_bytes}, SimilarityThreshold=60)
    # ok: frt502-loose-match-threshold-python
    strict = rek.compare_faces(SourceImage={"Bytes": selfie_bytes}, TargetImage={"Bytes": id_photo_bytes}, SimilarityThreshold=99)
    return loose, strict

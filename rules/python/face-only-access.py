# Tests for frt401-face-only-access-python (this module offers no second way in)
import face_recognition
from deepface import DeepFace
from flask import session


def gate(frame, known, relay):
    encs = face_recognition.face_encodings(frame)
    matches = face_recognition.compare_faces(known, encs[0])
    if any(matches):
        # ruleid: frt401-face-only-access-python
        relay.open_gate()
    else:
        # ok: frt401-face-only-access-python
        relay.beep()


def web_login(probe_path, enrolled_path, user_id):
    result = DeepFace.verify(img1_path=probe_path, img2_path=enrolled_path)
    if result["verified"]:
        # ruleid: frt401-face-only-access-python
        session["user_id"] = user_id
    return result


def clock(image, staff_id, attendance):
    if verify_face(image, staff_id):
        # ruleid: frt401-face-only-access-python
        attendance.mark_present(staff_id)


def maintenance(relay):
    # ok: frt401-face-only-access-python
    relay.open_gate()

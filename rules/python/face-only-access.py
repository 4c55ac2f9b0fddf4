# Tests for frt401-face-only-access-python (this module offers no second way in)
import face_recognition
from deepface import DeepFace
from flask import session
import cv2
from aip import AipFace


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


client = AipFace("app", "key", "secret")


def kiosk_check_in(image_b64, attendance):
    result = client.search(image_b64, "BASE64", "staff", {"max_user_num": 1})
    best = result["result"]["user_list"][0]
    if best["score"] >= 80:
        # ruleid: frt401-face-only-access-python
        attendance.mark_present(best["user_id"])


def lbph_desk(gray, roster, attendance):
    recognizer = cv2.face.LBPHFaceRecognizer_create()
    recognizer.read("trainer.yml")
    student_id, confidence = recognizer.predict(gray)
    if confidence < 60:
        # ruleid: frt401-face-only-access-python
        attendance.mark_attendance(student_id)


def model_score(model, features, attendance):
    label = model.predict(features)
    # ok: frt401-face-only-access-python
    attendance.mark_attendance(label)

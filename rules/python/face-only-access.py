# Tests for frt401-face-only-access-python (this module offers no second way in)
import boto3
import cv2
import face_recognition
from aip import AipFace
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


def door_controller(frame, staff_id, door):
    accepted = verify_face(frame, staff_id)
    if accepted:
        # ruleid: frt401-face-only-access-python
        unlock_door(door)


def face_login(probe, user, matcher):
    similarity = matcher.face_similarity(probe, user.template)
    if similarity > 0.8:
        # ruleid: frt401-face-only-access-python
        login_user(user)


def turnstile(probe, staff_id, matcher, relay):
    if matcher.verify_face(probe, staff_id):
        # ruleid: frt401-face-only-access-python
        relay.pulse_relay()
    # ok: frt401-face-only-access-python
    relay.beep()


def member_login(probe_path, enrolled_path, user):
    if DeepFace.verify(img1_path=probe_path, img2_path=enrolled_path)["verified"]:
        # ruleid: frt401-face-only-access-python
        login_user(user)


def lab_door(frame, door):
    matches = DeepFace.find(img_path=frame, db_path="staff_db")
    if len(matches[0]) > 0:
        # ruleid: frt401-face-only-access-python
        door.unlock()


def lab_door_inline(frame, door):
    if not DeepFace.find(img_path=frame, db_path="staff_db")[0].empty:
        # ruleid: frt401-face-only-access-python
        door.unlock()


def lbph_gate(gray, relay):
    recognizer = cv2.face.LBPHFaceRecognizer_create()
    recognizer.read("trainer.yml")
    if recognizer.predict(gray)[1] < 50:
        # ruleid: frt401-face-only-access-python
        relay.open_gate()


def baidu_match_check_in(probe_b64, enrolled_b64, attendance, staff_id):
    result = client.match([
        {"image": probe_b64, "image_type": "BASE64"},
        {"image": enrolled_b64, "image_type": "BASE64"},
    ])
    if result["result"]["score"] >= 80:
        # ruleid: frt401-face-only-access-python
        attendance.mark_present(staff_id)


def baidu_match_inline(probe_b64, enrolled_b64, attendance, staff_id):
    if client.match([{"image": probe_b64, "image_type": "BASE64"}, {"image": enrolled_b64, "image_type": "BASE64"}])["result"]["score"] >= 80:
        # ruleid: frt401-face-only-access-python
        attendance.clock_in(staff_id)


def baidu_group_photo(photo_b64, attendance):
    result = client.multiSearch(photo_b64, "BASE64", "class_1", {"max_face_num": 10})
    for face in result["result"]["face_list"]:
        # ruleid: frt401-face-only-access-python
        attendance.mark_attendance(face["user_list"][0]["user_id"])


def baidu_group_photo_inline(photo_b64, attendance):
    if client.multiSearch(photo_b64, "BASE64", "class_1")["error_code"] == 0:
        # ruleid: frt401-face-only-access-python
        attendance.record_attendance("class_1")


def baidu_search_inline(image_b64, relay):
    if client.search(image_b64, "BASE64", "staff")["result"]["user_list"][0]["score"] >= 80:
        # ruleid: frt401-face-only-access-python
        relay.open_gate()


def baidu_person_verify(image_b64, id_number, name, payments, order):
    result = client.personVerify(image_b64, "BASE64", id_number, name)
    if result["result"]["score"] >= 80:
        # ruleid: frt401-face-only-access-python
        payments.approve_payment(order)


def baidu_person_verify_inline(image_b64, id_number, name, payments, order):
    if client.personVerify(image_b64, "BASE64", id_number, name)["result"]["score"] >= 80:
        # ruleid: frt401-face-only-access-python
        payments.authorize_payment(order)


def rekognition_door(frame_bytes, door):
    rek = boto3.client("rekognition")
    response = rek.search_faces_by_image(CollectionId="staff", Image={"Bytes": frame_bytes}, FaceMatchThreshold=95)
    if response["FaceMatches"]:
        # ruleid: frt401-face-only-access-python
        door.unlock()


def rekognition_door_inline(frame_bytes, door, rek):
    if rek.search_faces_by_image(CollectionId="staff", Image={"Bytes": frame_bytes})["FaceMatches"]:
        # ruleid: frt401-face-only-access-python
        door.open_door()


def rekognition_user_login(frame_bytes, rek):
    result = rek.search_users_by_image(CollectionId="members", Image={"Bytes": frame_bytes}, UserMatchThreshold=95)
    if result["UserMatches"]:
        # ruleid: frt401-face-only-access-python
        login_user(result["UserMatches"][0]["User"]["UserId"])


def rekognition_user_login_inline(frame_bytes, rek, auth):
    if rek.search_users_by_image(CollectionId="members", Image={"Bytes": frame_bytes})["UserMatches"]:
        # ruleid: frt401-face-only-access-python
        auth.start_session()

# Tests for frt201-recogniser-without-consent-python
import boto3
import requests
import cv2
import face_recognition
from aip import AipFace
from deepface import DeepFace


def encode(image):
    # ruleid: frt201-recogniser-without-consent-python
    return face_recognition.face_encodings(image)


def encode_with_consent(image, user):
    if not user.face_consent:
        raise PermissionError("separate consent for face recognition is missing")
    # ok: frt201-recogniser-without-consent-python
    return face_recognition.face_encodings(image)


@require_face_consent
def verify(a, b):
    # ok: frt201-recogniser-without-consent-python
    return DeepFace.verify(img1_path=a, img2_path=b)


def search(image_bytes, member):
    rek = boto3.client("rekognition")
    if member.consent_given:
        # ok: frt201-recogniser-without-consent-python
        return rek.search_faces_by_image(CollectionId="members", Image={"Bytes": image_bytes})
    # ruleid: frt201-recogniser-without-consent-python
    return rek.index_faces(CollectionId="visitors", Image={"Bytes": image_bytes})


def blur_everyone(frame):
    # ok: frt201-recogniser-without-consent-python
    boxes = face_recognition.face_locations(frame)
    for top, right, bottom, left in boxes:
        frame[top:bottom, left:right] = cv2.GaussianBlur(frame[top:bottom, left:right], (51, 51), 30)
    return frame


client = AipFace("app", "key", "secret")


def baidu_identify(image_b64):
    # ruleid: frt201-recogniser-without-consent-python
    return client.search(image_b64, "BASE64", "staff")


def facepp_compare(b64_a, b64_b, key, secret):
    # ruleid: frt201-recogniser-without-consent-python
    return requests.post("https://api-cn.faceplusplus.com/facepp/v3/compare", data={"api_key": key, "api_secret": secret, "image_base64_1": b64_a, "image_base64_2": b64_b})


def train_lbph(faces, ids):
    recognizer = cv2.face.LBPHFaceRecognizer_create()
    # ruleid: frt201-recogniser-without-consent-python
    recognizer.train(faces, ids)
    return recognizer


def sklearn_predict(model, features):
    # ok: frt201-recogniser-without-consent-python
    return model.predict(features)


def door_match(known_encodings, probe_encoding):
    # ruleid: frt201-recogniser-without-consent-python
    return face_recognition.compare_faces(known_encodings, probe_encoding, tolerance=0.5)


def attendance_distance(student_encodings, guest_encodings, probe_encoding, person):
    if person.has_consent:
        # ok: frt201-recogniser-without-consent-python
        return face_recognition.face_distance(student_encodings, probe_encoding)
    # ruleid: frt201-recogniser-without-consent-python
    return face_recognition.face_distance(guest_encodings, probe_encoding)


def face_login(probe_path, enrolled_path):
    # ruleid: frt201-recogniser-without-consent-python
    result = DeepFace.verify(img1_path=probe_path, img2_path=enrolled_path, model_name="ArcFace")
    return result["verified"]


def who_is_at_the_door(frame):
    # ruleid: frt201-recogniser-without-consent-python
    return DeepFace.find(img_path=frame, db_path="residents", enforce_detection=False)


def enrol_member(photo_path, member):
    check_face_consent(member)
    # ok: frt201-recogniser-without-consent-python
    return DeepFace.represent(img_path=photo_path, model_name="Facenet")


def enrol_visitor(photo_path):
    # ruleid: frt201-recogniser-without-consent-python
    return DeepFace.represent(img_path=photo_path, model_name="Facenet")


def shopper_demographics(frame):
    # ruleid: frt201-recogniser-without-consent-python
    return DeepFace.analyze(img_path=frame, actions=["age", "gender"])


def lobby_camera():
    # ruleid: frt201-recogniser-without-consent-python
    DeepFace.stream(db_path="employees", model_name="VGG-Face", source=0)


def dlib_descriptor(facerec, image, shape):
    # ruleid: frt201-recogniser-without-consent-python
    return facerec.compute_face_descriptor(image, shape)


def lbph_identify(gray_face):
    recognizer = cv2.face.LBPHFaceRecognizer_create()
    recognizer.read("trainer.yml")
    # ruleid: frt201-recogniser-without-consent-python
    label, confidence = recognizer.predict(gray_face)
    return label if confidence < 60 else None


def lbph_enrol_more(faces, ids):
    recognizer = cv2.face.LBPHFaceRecognizer_create()
    recognizer.read("trainer.yml")
    # ruleid: frt201-recogniser-without-consent-python
    recognizer.update(faces, ids)
    recognizer.write("trainer.yml")

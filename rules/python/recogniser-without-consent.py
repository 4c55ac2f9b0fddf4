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

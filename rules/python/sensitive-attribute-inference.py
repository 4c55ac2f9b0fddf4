# Tests for frt301-sensitive-attribute-inference-python
import requests
from deepface import DeepFace


def profile(img):
    # ruleid: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(img)


def profile_explicit(img):
    # ruleid: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(img_path=img, actions=["age", "race"])


def profile_safe(img):
    # ok: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(img_path=img, actions=["age", "emotion"])


def profile_positional(img):
    # ok: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(img, ("gender",))


def facepp(b64, key, secret):
    params = {
        "api_key": key,
        "api_secret": secret,
        "image_base64": b64,
        # ruleid: frt301-sensitive-attribute-inference-python
        "return_attributes": "gender,age,ethnicity,skinstatus",
    }
    return requests.post("https://api-cn.faceplusplus.com/facepp/v3/detect", data=params, timeout=10)


def baidu_options():
    # ruleid: frt301-sensitive-attribute-inference-python
    return {"face_field": "age,race,beauty", "max_face_num": 2}


def shopper_profile(frame):
    # ruleid: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(img_path=frame, actions=("age", "gender", "race"), enforce_detection=False)


def shopper_profile_safe(frame):
    # ok: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(img_path=frame, actions=("age", "gender"), enforce_detection=False)


def ethnicity_only(frame):
    # ruleid: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(frame, actions="race")


def emotion_only(frame):
    # ok: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(frame, actions="emotion")


def visitor_stats(frame):
    # ruleid: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(frame, ["age", "race"])


def visitor_stats_tuple(frame):
    # ruleid: frt301-sensitive-attribute-inference-python
    return DeepFace.analyze(frame, ("race", "emotion"))


def facepp_detect(b64, key, secret):
    # ruleid: frt301-sensitive-attribute-inference-python
    params = dict(api_key=key, api_secret=secret, image_base64=b64, return_attributes="gender,age,ethnicity")
    return requests.post("https://api-cn.faceplusplus.com/facepp/v3/detect", data=params, timeout=10)


def facepp_detect_basic(b64, key, secret):
    # ok: frt301-sensitive-attribute-inference-python
    params = dict(api_key=key, api_secret=secret, image_base64=b64, return_attributes="gender,age")
    return requests.post("https://api-cn.faceplusplus.com/facepp/v3/detect", data=params, timeout=10)


def baidu_detect_options():
    # ruleid: frt301-sensitive-attribute-inference-python
    return dict(face_field="age,gender,race", max_face_num=5)

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

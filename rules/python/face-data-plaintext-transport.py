# Tests for frt501-face-data-plaintext-transport-python
import base64

import cv2
import face_recognition
import requests

PLAIN = "http://attendance.example.cn/api"
TLS = "https://attendance.example.cn/api"


def push_frame(frame):
    locations = face_recognition.face_locations(frame)
    ok, jpeg = cv2.imencode(".jpg", frame)
    payload = {"image": base64.b64encode(jpeg.tobytes()).decode(), "faces": len(locations)}
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/frames", json=payload, timeout=5)
    # ok: frt501-face-data-plaintext-transport-python
    requests.post(TLS + "/frames", json=payload, timeout=5)
    # ok: frt501-face-data-plaintext-transport-python
    requests.post("http://127.0.0.1:8000/frames", json=payload, timeout=5)


def push_encoding(image):
    enc = face_recognition.face_encodings(image)[0]
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(TLS + "/templates", json={"t": enc.tolist()}, verify=False)
    # ok: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/heartbeat", json={"alive": True}, timeout=5)


def relay(request):
    photo = request.files["face"].read()
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.put(f"{PLAIN}/relay", data=photo)

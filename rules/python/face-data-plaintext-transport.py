# Tests for frt501-face-data-plaintext-transport-python
import base64

import boto3
import cv2
import face_recognition
import httpx
import requests
from aip import AipFace
from deepface import DeepFace

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


def push_face_crops(frame):
    for top, right, bottom, left in face_recognition.face_locations(frame):
        ok, jpeg = cv2.imencode(".jpg", frame[top:bottom, left:right])
        # ruleid: frt501-face-data-plaintext-transport-python
        requests.post(PLAIN + "/faces", files={"face": jpeg.tobytes()}, timeout=5)
        # ok: frt501-face-data-plaintext-transport-python
        requests.post(TLS + "/faces", files={"face": jpeg.tobytes()}, timeout=5)


def push_analysed_frame(frame):
    analysis = DeepFace.analyze(frame, actions=["age"], enforce_detection=False)
    ok, jpeg = cv2.imencode(".jpg", frame)
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(f"{PLAIN}/analysed", jpeg.tobytes(), timeout=5)
    # ok: frt501-face-data-plaintext-transport-python
    requests.post(f"{PLAIN}/analysed", {"age": analysis[0]["age"]}, timeout=5)


def push_region(frame):
    result = DeepFace.analyze(img_path=frame, actions=["age"])
    region = result[0]["region"]
    ok, jpeg = cv2.imencode(".jpg", frame[region["y"]:region["y"] + region["h"], region["x"]:region["x"] + region["w"]])
    # ruleid: frt501-face-data-plaintext-transport-python
    httpx.post(PLAIN + "/crops", content=jpeg.tobytes())
    # ok: frt501-face-data-plaintext-transport-python
    httpx.post(TLS + "/crops", content=jpeg.tobytes())


def audit_verification(probe, reference):
    result = DeepFace.verify(img1_path=probe, img2_path=reference)
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(TLS + "/audit", probe.tobytes(), verify=False)
    # ok: frt501-face-data-plaintext-transport-python
    requests.post(TLS + "/audit", probe.tobytes(), timeout=5)
    return result["verified"]


def push_haar_frame(frame, face_cascade):
    faces = face_cascade.detectMultiScale(frame, 1.1, 5)
    if len(faces):
        ok, jpeg = cv2.imencode(".jpg", frame)
        # ruleid: frt501-face-data-plaintext-transport-python
        httpx.post(TLS + "/frames", content=jpeg.tobytes(), verify=False)


def push_mtcnn_face(rgb, detector, session):
    detections = detector.detect_faces(rgb)
    x, y, w, h = detections[0]["box"]
    ok, jpeg = cv2.imencode(".jpg", rgb[y:y + h, x:x + w])
    # ruleid: frt501-face-data-plaintext-transport-python
    session.post(TLS + "/crops", data=jpeg.tobytes(), verify=False)


def push_haar_loop(gray, face_cascade):
    for (x, y, w, h) in face_cascade.detectMultiScale(gray, 1.3, 5):
        ok, crop = cv2.imencode(".jpg", gray[y:y + h, x:x + w])
        # ruleid: frt501-face-data-plaintext-transport-python
        requests.post(TLS + "/crops", files={"face": crop.tobytes()}, verify=False)
        ok, whole = cv2.imencode(".jpg", gray)
        # ruleid: frt501-face-data-plaintext-transport-python
        requests.post(PLAIN + "/frames", data=whole.tobytes())


def push_source_frame(frame):
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    boxes = face_recognition.face_locations(rgb)
    ok, jpeg = cv2.imencode(".jpg", frame)
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/frames", data=jpeg.tobytes(), timeout=5)
    return boxes


def push_doorbell_visitor(frame):
    small = cv2.resize(frame, (0, 0), fx=0.25, fy=0.25)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    boxes = face_recognition.face_locations(rgb)
    for top, right, bottom, left in boxes:
        ok, jpeg = cv2.imencode(".jpg", frame[top * 4:bottom * 4, left * 4:right * 4])
        # ruleid: frt501-face-data-plaintext-transport-python
        requests.post(PLAIN + "/visitors", data=jpeg.tobytes(), timeout=5)


def push_on_gray_detection(frame, face_cascade):
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    faces = face_cascade.detectMultiScale(gray, 1.3, 5)
    if len(faces):
        ok, jpeg = cv2.imencode(".jpg", frame)
        # ruleid: frt501-face-data-plaintext-transport-python
        requests.post(PLAIN + "/alerts", data=jpeg.tobytes(), timeout=5)


def push_colour_crops(frame, face_cascade):
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    for (x, y, w, h) in face_cascade.detectMultiScale(gray, 1.3, 5):
        ok, jpeg = cv2.imencode(".jpg", frame[y:y + h, x:x + w])
        # ruleid: frt501-face-data-plaintext-transport-python
        requests.post(PLAIN + "/crops", data=jpeg.tobytes(), timeout=5)


baidu = AipFace("app-id", "api-key", "secret-key")


def baidu_enrol_and_mirror(image_b64, user_id):
    baidu.addUser(image_b64, "BASE64", "staff", user_id)
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/mirror", json={"user": user_id, "image": image_b64}, timeout=5)
    # ok: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/mirror", json={"user": user_id}, timeout=5)


def rekognition_and_relay(image_bytes):
    rek = boto3.client("rekognition")
    response = rek.search_faces_by_image(CollectionId="staff", Image={"Bytes": image_bytes})
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/probes", data=image_bytes, timeout=5)
    for index, offset in enumerate(range(0, len(image_bytes), 65536)):
        # ruleid: frt501-face-data-plaintext-transport-python
        requests.put(f"{PLAIN}/probes/chunks/{index}", data=image_bytes[offset:offset + 65536])
    return response


def flask_face_relay(request):
    photo = request.files.get("face_image")
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/enrol", files={"face": photo}, timeout=5)


def django_selfie_relay(request):
    upload = request.FILES["selfie"]
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/verify", data=upload.read(), timeout=5)


def django_portrait_relay(request):
    portrait = request.FILES.get("portrait")
    # ruleid: frt501-face-data-plaintext-transport-python
    requests.post(PLAIN + "/portraits", data=portrait.read(), timeout=5)
    # ok: frt501-face-data-plaintext-transport-python
    requests.post(TLS + "/portraits", data=portrait.read(), timeout=5)

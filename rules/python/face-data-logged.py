# Tests for frt102-face-data-logged-python
import logging

import boto3
import cv2
import face_recognition
from aip import AipFace
from deepface import DeepFace

logger = logging.getLogger(__name__)


def enroll(image, user_id):
    encs = face_recognition.face_encodings(image)
    # ruleid: frt102-face-data-logged-python
    logger.debug("encoding for %s: %s", user_id, encs[0])
    # ok: frt102-face-data-logged-python
    logger.info("enrolled %s with %d faces", user_id, len(encs))
    return encs


def debug_frame(frame):
    boxes = face_recognition.face_locations(frame)
    # ruleid: frt102-face-data-logged-python
    print("frame bytes", frame.tobytes())
    # ok: frt102-face-data-logged-python
    print("frame shape", frame.shape, "faces", len(boxes))


def upload_view(request):
    data = request.files["selfie"].read()
    # ruleid: frt102-face-data-logged-python
    logging.info("selfie upload %r", data)


def trace_crops(frame):
    for top, right, bottom, left in face_recognition.face_locations(frame):
        face = frame[top:bottom, left:right]
        # ruleid: frt102-face-data-logged-python
        print("face crop", face.tolist())
        # ok: frt102-face-data-logged-python
        print("face box", top, right, bottom, left)


def trace_analysis(frame):
    analysis = DeepFace.analyze(frame, actions=["emotion"], enforce_detection=False)
    # ruleid: frt102-face-data-logged-python
    logger.debug("analysed frame %r", frame)
    # ok: frt102-face-data-logged-python
    logger.debug("dominant emotion %s", analysis[0]["dominant_emotion"])


def trace_region(frame):
    result = DeepFace.analyze(img_path=frame, actions=["age"])
    region = result[0]["region"]
    face = frame[region["y"]:region["y"] + region["h"], region["x"]:region["x"] + region["w"]]
    # ruleid: frt102-face-data-logged-python
    logging.debug("face pixels %s", face)


def trace_verify(probe, reference):
    result = DeepFace.verify(img1_path=probe, img2_path=reference)
    # ruleid: frt102-face-data-logged-python
    logger.info("verify probe=%r verified=%s", probe, result["verified"])
    return result["verified"]


def trace_haar(frame, face_cascade):
    faces = face_cascade.detectMultiScale(frame, 1.1, 5)
    # ruleid: frt102-face-data-logged-python
    print("haar input", frame)
    # ok: frt102-face-data-logged-python
    print("haar found", len(faces))


def trace_mtcnn(rgb, detector):
    detections = detector.detect_faces(rgb)
    x, y, w, h = detections[0]["box"]
    # ruleid: frt102-face-data-logged-python
    logger.debug("mtcnn crop %s", rgb[y:y + h, x:x + w])


def trace_haar_loop(gray, face_cascade):
    for (x, y, w, h) in face_cascade.detectMultiScale(gray, 1.3, 5):
        # ruleid: frt102-face-data-logged-python
        logger.debug("face %s", gray[y:y + h, x:x + w])
        # ruleid: frt102-face-data-logged-python
        logger.debug("in frame %s", gray)


def trace_resized(frame):
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    encodings = face_recognition.face_encodings(rgb)
    # ruleid: frt102-face-data-logged-python
    logger.debug("source frame %s", frame)
    return encodings


def trace_doorbell(frame):
    small = cv2.resize(frame, (0, 0), fx=0.25, fy=0.25)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    boxes = face_recognition.face_locations(rgb)
    for top, right, bottom, left in boxes:
        # ruleid: frt102-face-data-logged-python
        print("visitor", frame[top * 4:bottom * 4, left * 4:right * 4])


def trace_gray_detection(frame, face_cascade):
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    faces = face_cascade.detectMultiScale(gray, 1.3, 5)
    if len(faces):
        # ruleid: frt102-face-data-logged-python
        logging.info("face seen in %s", frame)


def trace_gray_loop(frame, face_cascade):
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    for (x, y, w, h) in face_cascade.detectMultiScale(gray, 1.3, 5):
        # ruleid: frt102-face-data-logged-python
        logger.debug("colour face %s", frame[y:y + h, x:x + w])


baidu = AipFace("app-id", "api-key", "secret-key")


def baidu_enrol(image_b64, user_id):
    baidu.addUser(image_b64, "BASE64", "staff", user_id)
    # ruleid: frt102-face-data-logged-python
    logger.info("enrolled %s with %s", user_id, image_b64)
    # ok: frt102-face-data-logged-python
    logger.info("enrolled %s", user_id)


def rekognition_search(image_bytes):
    rek = boto3.client("rekognition")
    response = rek.search_faces_by_image(CollectionId="staff", Image={"Bytes": image_bytes})
    # ruleid: frt102-face-data-logged-python
    logger.debug("rekognition payload %r", image_bytes)
    # ruleid: frt102-face-data-logged-python
    logger.debug("rekognition payload head %r", image_bytes[0:32])
    # ok: frt102-face-data-logged-python
    logger.debug("rekognition matches %s", response["FaceMatches"])


def flask_face_upload(request):
    photo = request.files.get("face_image")
    # ruleid: frt102-face-data-logged-python
    logger.debug("upload %r", photo.read())


def django_selfie(request):
    upload = request.FILES["selfie"]
    # ruleid: frt102-face-data-logged-python
    print("selfie", upload.read())


def django_portrait(request):
    portrait = request.FILES.get("portrait")
    # ruleid: frt102-face-data-logged-python
    logging.warning("portrait upload %s", portrait.read())
    # ok: frt102-face-data-logged-python
    logging.warning("portrait upload of %d bytes", portrait.size)

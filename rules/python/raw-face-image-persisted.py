# Tests for frt101-raw-face-image-persisted-python
import os
import tempfile
from pathlib import Path

import boto3
import cv2
import face_recognition
import numpy as np
from PIL import Image
from aip import AipFace
from deepface import DeepFace


def keep_unknown_faces(frame, out_dir):
    locations = face_recognition.face_locations(frame)
    for top, right, bottom, left in locations:
        crop = frame[top:bottom, left:right]
        # ruleid: frt101-raw-face-image-persisted-python
        cv2.imwrite(os.path.join(out_dir, f"{top}_{left}.jpg"), crop)
        safe = cv2.GaussianBlur(crop, (51, 51), 30)
        # ok: frt101-raw-face-image-persisted-python
        cv2.imwrite(os.path.join(out_dir, f"{top}_{left}_blurred.jpg"), safe)
    # ok: frt101-raw-face-image-persisted-python
    np.save(os.path.join(out_dir, "count.npy"), np.array([len(locations)]))


def archive_to_s3(image_bytes, bucket):
    rek = boto3.client("rekognition")
    result = rek.search_faces_by_image(CollectionId="staff", Image={"Bytes": image_bytes})
    s3 = boto3.client("s3")
    # ruleid: frt101-raw-face-image-persisted-python
    s3.put_object(Bucket=bucket, Key="probe.jpg", Body=image_bytes)
    return result


def save_upload(request, user_id):
    data = request.files["face_photo"].read()
    with open(f"/srv/faces/{user_id}.jpg", "wb") as fh:
        # ruleid: frt101-raw-face-image-persisted-python
        fh.write(data)


def verify_with_temp(image_array):
    with tempfile.NamedTemporaryFile(suffix=".jpg") as tmp:
        encs = face_recognition.face_encodings(image_array)
        # ok: frt101-raw-face-image-persisted-python
        Image.fromarray(image_array).save(tmp.name)
        return encs


def thumbnails(photo, path):
    # ok: frt101-raw-face-image-persisted-python
    Image.open(photo).resize((64, 64)).save(path)


def enrol_upload(request, user_id, upload_dir):
    photo = request.files["photo"]
    path = os.path.join(upload_dir, f"user_{user_id}.jpg")
    # ruleid: frt101-face-upload-saved-python
    photo.save(path)
    image = face_recognition.load_image_file(path)
    return face_recognition.face_encodings(image)


def enrol_upload_temp(request, user_id, upload_dir):
    photo = request.files["photo"]
    path = os.path.join(upload_dir, f"tmp_{user_id}.jpg")
    try:
        # ok: frt101-face-upload-saved-python
        photo.save(path)
        image = face_recognition.load_image_file(path)
        return face_recognition.face_encodings(image)
    finally:
        os.remove(path)


def analyse_upload(request, upload_dir):
    photo = request.files["photo"]
    path = os.path.join(upload_dir, "probe.jpg")
    # ruleid: frt101-face-upload-saved-python
    photo.save(path)
    return DeepFace.analyze(img_path=path, actions=["age"])


def verify_upload(request, upload_dir, reference):
    photo = request.files["selfie"]
    path = os.path.join(upload_dir, "selfie.jpg")
    # ruleid: frt101-face-upload-saved-python, frt101-raw-face-image-persisted-python
    photo.save(path)
    result = DeepFace.verify(path, reference)
    return result["verified"]


def save_document(request, upload_dir):
    doc = request.files["contract"]
    # ok: frt101-face-upload-saved-python
    doc.save(os.path.join(upload_dir, "contract.pdf"))


def doorbell(camera, known, snapshot_dir, db):
    ok, frame = camera.read()
    small = cv2.resize(frame, (0, 0), fx=0.25, fy=0.25)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    boxes = face_recognition.face_locations(rgb)
    for top, right, bottom, left in boxes:
        # ruleid: frt101-raw-face-image-persisted-python
        cv2.imwrite(os.path.join(snapshot_dir, "visitor.jpg"), frame)
        face = frame[top * 4:bottom * 4, left * 4:right * 4]
        ok, jpeg = cv2.imencode(".jpg", face)
        # ruleid: frt101-raw-face-image-persisted-python
        db.execute("INSERT INTO visits (photo) VALUES (?)", (jpeg.tobytes(),))
        # ok: frt101-raw-face-image-persisted-python
        db.execute("INSERT INTO visits (faces) VALUES (?)", (len(boxes),))


def snapshot_on_face(camera, redis_client):
    ok, frame = camera.read()
    for top, right, bottom, left in face_recognition.face_locations(frame):
        ok, jpeg = cv2.imencode(".jpg", frame)
        # ruleid: frt101-raw-face-image-persisted-python
        redis_client.set("door:last_face", jpeg.tobytes())
        # ok: frt101-raw-face-image-persisted-python
        redis_client.set("door:last_face_box", f"{top},{right},{bottom},{left}")


def analyse_visitor(frame, out_dir):
    report = DeepFace.analyze(frame, actions=["age"], enforce_detection=False)
    # ruleid: frt101-raw-face-image-persisted-python
    np.save(os.path.join(out_dir, "visitor.npy"), frame)
    return report


def keep_embedding_crop(frame, out_dir):
    reps = DeepFace.represent(img_path=frame, model_name="Facenet")
    area = reps[0]["facial_area"]
    face = frame[area["y"]:area["y"] + area["h"], area["x"]:area["x"] + area["w"]]
    ok, jpeg = cv2.imencode(".jpg", face)
    # ruleid: frt101-raw-face-image-persisted-python
    Path(out_dir, "face.jpg").write_bytes(jpeg.tobytes())


def verify_and_archive(probe_path, reference_path, s3, bucket):
    result = DeepFace.verify(img1_path=probe_path, img2_path=reference_path)
    with open(probe_path, "rb") as probe:
        # ruleid: frt101-raw-face-image-persisted-python
        s3.upload_fileobj(probe, bucket, "verified/probe.jpg")
    return result["verified"]


def log_intruder(frame, face_cascade, db):
    faces = face_cascade.detectMultiScale(frame, 1.1, 5)
    ok, jpeg = cv2.imencode(".jpg", frame)
    # ruleid: frt101-raw-face-image-persisted-python
    db.executemany("INSERT INTO intruders (image) VALUES (?)", [(jpeg.tobytes(),)])
    # ok: frt101-raw-face-image-persisted-python
    db.executemany("INSERT INTO intruders (faces) VALUES (?)", [(len(faces),)])


def save_mtcnn_face(rgb, detector, path):
    detections = detector.detect_faces(rgb)
    x, y, w, h = detections[0]["box"]
    face = rgb[y:y + h, x:x + w]
    # ruleid: frt101-raw-face-image-persisted-python
    Image.fromarray(face).save(path)
    # ok: frt101-raw-face-image-persisted-python
    Image.fromarray(cv2.GaussianBlur(face, (99, 99), 30)).save(path)


def collect_dataset(gray, face_cascade, user_id):
    count = 0
    for (x, y, w, h) in face_cascade.detectMultiScale(gray, 1.3, 5):
        count += 1
        # ruleid: frt101-raw-face-image-persisted-python
        cv2.imwrite(f"dataset/User.{user_id}.{count}.jpg", gray[y:y + h, x:x + w])


def alarm_snapshot(gray, face_cascade, path):
    for (x, y, w, h) in face_cascade.detectMultiScale(gray, 1.3, 5):
        # ruleid: frt101-raw-face-image-persisted-python
        cv2.imwrite(path, gray)
        break


def remember_face(frame, redis_client, user_id):
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    encodings = face_recognition.face_encodings(rgb)
    ok, jpeg = cv2.imencode(".jpg", frame)
    # ruleid: frt101-raw-face-image-persisted-python
    redis_client.setex(f"face:{user_id}", 3600, jpeg.tobytes())
    return encodings


def capture_on_detection(frame, face_cascade, path):
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    faces = face_cascade.detectMultiScale(gray, 1.3, 5)
    if len(faces):
        # ruleid: frt101-raw-face-image-persisted-python
        cv2.imwrite(path, frame)


def collect_colour_crops(frame, face_cascade, user_id):
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    for (x, y, w, h) in face_cascade.detectMultiScale(gray, 1.3, 5):
        # ruleid: frt101-raw-face-image-persisted-python
        cv2.imwrite(f"faces/{user_id}_{x}_{y}.jpg", frame[y:y + h, x:x + w])


baidu = AipFace("app-id", "api-key", "secret-key")


def baidu_check_in(image_b64, group, user_id):
    result = baidu.search(image_b64, "BASE64", group)
    with open(f"/srv/checkins/{user_id}.b64", "w") as fh:
        # ruleid: frt101-raw-face-image-persisted-python
        fh.write(image_b64)
    return result


def baidu_enrol(image_b64, redis_client, user_id):
    baidu.addUser(image_b64, "BASE64", "staff", user_id)
    # ruleid: frt101-raw-face-image-persisted-python
    redis_client.set(f"enrolled:{user_id}", image_b64)


def index_and_spool(image_bytes, spool_path):
    rek = boto3.client("rekognition")
    response = rek.index_faces(CollectionId="staff", Image={"Bytes": image_bytes})
    with open(spool_path, "wb") as spool:
        for offset in range(0, len(image_bytes), 65536):
            # ruleid: frt101-raw-face-image-persisted-python
            spool.write(image_bytes[offset:offset + 65536])
    return response


def flask_face_upload(request, upload_dir, user_id):
    photo = request.files.get("face_image")
    # ruleid: frt101-raw-face-image-persisted-python
    photo.save(os.path.join(upload_dir, f"{user_id}.jpg"))
    contract = request.files.get("contract")
    # ok: frt101-raw-face-image-persisted-python
    contract.save(os.path.join(upload_dir, f"{user_id}.pdf"))


def django_selfie_upload(request, user_id):
    upload = request.FILES["selfie"]
    with open(f"/srv/selfies/{user_id}.jpg", "wb") as fh:
        for chunk in upload.chunks():
            # ruleid: frt101-raw-face-image-persisted-python
            fh.write(chunk)


def django_portrait_upload(request, media_root):
    portrait = request.FILES.get("portrait")
    # ruleid: frt101-raw-face-image-persisted-python
    Path(media_root, portrait.name).write_bytes(portrait.read())


def enrol_crops(request, upload_dir):
    photo = request.files["photo"]
    path = os.path.join(upload_dir, "enrol.jpg")
    # ruleid: frt101-face-upload-saved-python
    photo.save(path)
    faces = DeepFace.extract_faces(img_path=path)
    return len(faces)


def embed_upload(request, upload_dir):
    photo = request.files["photo"]
    path = os.path.join(upload_dir, "embed.jpg")
    # ruleid: frt101-face-upload-saved-python
    photo.save(path)
    return DeepFace.represent(path, model_name="Facenet")

# Tests for frt101-raw-face-image-persisted-python
import os
import tempfile

import boto3
import cv2
import face_recognition
import numpy as np
from PIL import Image
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

"""FRT101 on face images known by where they go: a file path, a helper, another module.

Each case is a small project written for this test (shapes seen in real door locks,
attendance desks and sign-in kiosks, none copied): the lines that must be flagged carry
`# flag`, and a case with no mark must stay clean.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from conftest import lint_tree

FLAG = "# flag"

CASES: Dict[str, Dict[str, str]] = {
    # A camera process writes every frame to a hand-off file; another function loads it.
    "hand-off file between functions": {
        "lock.py": (
            "import cv2\nimport face_recognition\n\n"
            "def grab(url):\n    cap = cv2.VideoCapture(url)\n    while True:\n        ok, frame = cap.read()\n"
            "        cv2.imwrite('./temp.jpg', frame)  # flag\n\n"
            "def check(known):\n    frame = face_recognition.load_image_file('./temp.jpg')\n"
            "    return face_recognition.face_encodings(frame)\n"
        ),
    },
    "hand-off file named by a constant, read in another module": {
        "camera.py": (
            "import cv2\nfrom settings import SNAPSHOT\n\n"
            "def snap(cam):\n    ok, frame = cam.read()\n    if ok: cv2.imwrite(SNAPSHOT, frame)  # flag\n"
        ),
        "recognise.py": (
            "from deepface import DeepFace\nfrom settings import SNAPSHOT\n\n"
            "def who(db):\n    return DeepFace.find(SNAPSHOT, db_path=db)\n"
        ),
        "settings.py": "SNAPSHOT = 'snap.jpg'\n",
    },
    "file opened for a cloud face API": {
        "unlock.py": (
            "import cv2, requests\n\nURL = 'https://api-cn.faceplusplus.com/facepp/v3/search'\n\n"
            "def capture(cam):\n    ok, frame = cam.read()\n    name = 'probe.jpg'\n    cv2.imwrite(name, frame)  # flag\n\n"
            "def search(token):\n    files = {'image_file': open('probe.jpg', 'rb')}\n"
            "    return requests.post(URL, files=files, data={'faceset_token': token})\n"
        ),
    },
    "upload saved, then analysed from the same literal": {
        "app.py": (
            "from flask import Flask, request\nfrom deepface import DeepFace\napp = Flask(__name__)\n\n"
            "@app.route('/analyze', methods=['POST'])\ndef analyze():\n    upload = request.files['photo']\n"
            "    upload.save('upload.jpg')  # flag\n    return DeepFace.analyze('upload.jpg', actions=['age'])\n"
        ),
    },
    "upload saved to an f-string path given to verify": {
        "app.py": (
            "from flask import request\nfrom deepface import DeepFace\n\n"
            "def enrol(uid):\n    photo = request.files['photo']\n    path = f'uploads/{uid}.jpg'\n"
            "    photo.save(path)  # flag\n    return DeepFace.verify(path, 'ref.jpg')\n"
        ),
    },
    "picamera writes the picture it takes": {
        "bell.py": (
            "from picamera import PiCamera\nimport face_recognition\ncamera = PiCamera()\n\n"
            "def ring(stamp):\n    path = './visitors/%s.jpg' % stamp\n    camera.capture(path)  # flag\n"
            "    return face_recognition.face_encodings(face_recognition.load_image_file(path))\n"
        ),
    },
    "face photo copied into a gallery": {
        "gallery.py": (
            "import shutil\nimport face_recognition\n\n"
            "def add(photo, name):\n    enc = face_recognition.face_encodings(face_recognition.load_image_file(photo))\n"
            "    shutil.copy(photo, f'gallery/{name}.jpg')  # flag\n    return enc\n"
        ),
    },
    "registration loop writes the folder an encode step reads": {
        "config.py": "from pathlib import Path\nTRAINING_DIR = Path('data/training')\n",
        "register.py": (
            "import cv2\nfrom config import TRAINING_DIR\n\n"
            "def register(camera, name, count):\n    person_dir = TRAINING_DIR / name\n    for i in range(count):\n"
            "        ok, frame = camera.read()\n        image_path = str(person_dir / f'{i}.jpg')\n"
            "        cv2.imwrite(image_path, frame)  # flag\n"
        ),
        "encode.py": (
            "import face_recognition\nfrom config import TRAINING_DIR\n\n"
            "def encode_all():\n    encodings = []\n    for filepath in TRAINING_DIR.glob('*/*'):\n"
            "        image = face_recognition.load_image_file(filepath)\n"
            "        encodings += face_recognition.face_encodings(image)\n    return encodings\n"
        ),
    },
    "dataset folder joined with os.path, listed by the trainer": {
        "capture.py": (
            "import os, cv2\n\ndef capture(cam, uid, n):\n    ok, frame = cam.read()\n"
            "    cv2.imwrite(os.path.join('dataset', f'{uid}_{n}.png'), frame)  # flag\n"
        ),
        "train.py": (
            "import os\nimport face_recognition\n\ndef train():\n    for name in os.listdir('dataset'):\n"
            "        image = face_recognition.load_image_file(os.path.join('dataset', name))\n"
            "        yield face_recognition.face_encodings(image)\n"
        ),
    },
    "file content read and handed to a project face method": {
        "faces.py": (
            "import base64\nfrom aip import AipFace\n\nclass Faces:\n    def __init__(self):\n"
            "        self.client = AipFace('a', 'b', 'c')\n\n    def to_base64(self, face):\n"
            "        return str(base64.b64encode(face), 'utf-8')\n\n    def search(self, face):\n"
            "        return self.client.search(self.to_base64(face), 'BASE64', 'group1')\n"
        ),
        "kiosk.py": (
            "import cv2\nfrom faces import Faces\n\ndef sign_in(frame, x, y, w, h):\n    roi = frame[y:y + h, x:x + w]\n"
            "    cv2.imwrite('./data/face.png', roi)  # flag\n    data = open('./data/face.png', 'rb').read()\n"
            "    return Faces().search(data)\n"
        ),
    },
    "frame recognised through a helper, saved by another helper": {
        "manager.py": (
            "import cv2, face_recognition\n\nclass Manager:\n    @staticmethod\n    def locate(frame):\n"
            "        return face_recognition.face_locations(frame)\n\n    def save_frame(self, img, stamp):\n"
            "        cv2.imwrite('history/' + stamp + '.png', img)  # flag\n"
        ),
        "main.py": (
            "import cv2\nfrom manager import Manager\n\nmanager = Manager()\n\ndef loop(video, stamp):\n"
            "    frame_bgr = video.read()\n    frame_rgb = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB)\n"
            "    boxes = Manager.locate(frame_rgb)\n    cv2.rectangle(frame_bgr, (0, 0), (9, 9), (0, 255, 0), 2)\n"
            "    if boxes:\n        manager.save_frame(frame_bgr, stamp)\n"
        ),
    },
    "encoded frame inserted by a helper, recognised by the caller": {
        "store.py": (
            "import cv2\n\ndef keep(db, person, frame):\n    jpg = cv2.imencode('.jpg', frame)[1].tobytes()\n"
            "    db.execute('INSERT INTO sightings (person, frame) VALUES (?, ?)', (person, jpg))  # flag\n"
        ),
        "desk.py": (
            "from store import keep\nfrom recognise import identify\n\ndef on_frame(db, frame):\n"
            "    person = identify(frame)\n    keep(db, person, frame)\n"
        ),
        "recognise.py": (
            "import face_recognition\n\ndef identify(image):\n    return face_recognition.face_encodings(image)\n"
        ),
    },
    "self.frame shared by methods": {
        "cam.py": (
            "import cv2, face_recognition\n\nclass Door:\n    def grab(self, cam):\n        ok, self.frame = cam.read()\n\n"
            "    def recognise(self):\n        return face_recognition.face_encodings(self.frame)\n\n"
            "    def keep(self):\n        cv2.imwrite('last.jpg', self.frame)  # flag\n"
        ),
    },
    "base64 chain to Baidu": {
        "kiosk.py": (
            "import base64, cv2\nfrom aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\n"
            "def sign_in(frame):\n    ok, buf = cv2.imencode('.jpg', frame)\n"
            "    image = base64.b64encode(buf.tobytes()).decode('utf-8')\n"
            "    result = client.search(image, 'BASE64', 'staff')\n    cv2.imwrite('last.jpg', frame)  # flag\n"
            "    return result\n"
        ),
    },
    "CLAHE on a detected crop": {
        "capture.py": (
            "import cv2\n\ndef capture(gray, path):\n    detector = cv2.CascadeClassifier('haar.xml')\n"
            "    clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))\n"
            "    for (x, y, w, h) in detector.detectMultiScale(gray, 1.1, 5):\n"
            "        face = clahe.apply(gray[y:y + h, x:x + w])\n        cv2.imwrite(path, face)  # flag\n"
        ),
    },
    "DeepFace module called directly": {
        "dump.py": (
            "import cv2\nfrom deepface.modules import detection\n\ndef dump(frame, n):\n"
            "    for face in detection.extract_faces(img_path=frame, detector_backend='opencv'):\n"
            "        area = face['facial_area']\n        x, y, w, h = area['x'], area['y'], area['w'], area['h']\n"
            "        cv2.imwrite(f'faces/{n}.png', frame[y:y + h, x:x + w])  # flag\n"
        ),
    },
    "old opencv-python import": {
        "cam.py": (
            "from cv2 import cv2\n\ndef capture(gray, n):\n    detector = cv2.CascadeClassifier('haar.xml')\n"
            "    for (x, y, w, h) in detector.detectMultiScale(gray, 1.3, 5):\n"
            "        cv2.imwrite(f'dataset/{n}.jpg', gray[y:y + h, x:x + w])  # flag\n"
        ),
    },
    "Django storage of a face photo's file": {
        "importer.py": (
            "from deepface import DeepFace\nfrom django.core.files import File\n\n"
            "def add(identity, image_path):\n    emb = DeepFace.represent(str(image_path))[0]['embedding']\n"
            "    with open(image_path, 'rb') as f:\n        identity.image.save(image_path.name, File(f), save=False)  # flag\n"
            "    return emb\n"
        ),
    },
    "images pickled into a file another module writes out as face images": {
        "register.py": (
            "import pickle\n\ndef register(email, image):\n    header, encoded = image.split(',', 1)\n"
            "    try:\n        data = pickle.loads(open('faces.pickle', 'rb').read())\n    except OSError:\n"
            "        data = dict()\n        with open('faces.pickle', 'wb') as f:\n            f.write(pickle.dumps(data))\n"
            "    data[email] = encoded\n    with open('faces.pickle', 'wb') as f:\n        f.write(pickle.dumps(data))  # flag\n"
        ),
        "login.py": (
            "import pickle\nfrom base64 import b64decode\nimport face_recognition as fr\n\n"
            "def login(email, probe_path):\n    data = pickle.loads(open('faces.pickle', 'rb').read())\n"
            "    with open('known.png', 'wb') as f:\n        f.write(b64decode(data[email]))  # flag\n"
            "    known = fr.face_encodings(fr.load_image_file('known.png'))[0]\n"
            "    probe = fr.face_encodings(fr.load_image_file(probe_path))[0]\n"
            "    return fr.compare_faces([known], probe)[0]\n"
        ),
    },
    "a crop a project helper returns, resized and saved": {
        "faces.py": (
            "import face_recognition\n\ndef first_face(frame):\n    boxes = face_recognition.face_locations(frame)\n"
            "    top, right, bottom, left = boxes[0]\n    return frame[top:bottom, left:right]\n"
        ),
        "enrol.py": (
            "import cv2\nfrom faces import first_face\n\ndef enrol(cam, uid):\n    ok, frame = cam.read()\n"
            "    face = first_face(frame)\n    small = cv2.resize(face, (112, 112))\n"
            "    cv2.imwrite(f'faces/{uid}.jpg', small)  # flag\n    cv2.imwrite(f'frames/{uid}.jpg', frame)  # flag\n"
        ),
    },
    # -- clean ---------------------------------------------------------------------------
    "a SELECT whose rows reach a face API": {
        "login.py": (
            "import face_recognition, numpy as np\n\ndef login(db, uid, probe):\n"
            "    cur = db.execute('SELECT photo FROM users WHERE id = ?', (uid,))\n    row = cur.fetchone()\n"
            "    known = face_recognition.face_encodings(np.frombuffer(row[0], np.uint8))\n"
            "    return face_recognition.compare_faces(known, face_recognition.face_encodings(probe)[0])\n"
        ),
    },
    "detection through a project helper, used to blur": {
        "blur.py": (
            "import cv2, face_recognition\n\ndef find_faces(img):\n    return face_recognition.face_locations(img)\n\n"
            "def publish(path, out):\n    img = cv2.imread(path)\n    for (t, r, b, l) in find_faces(img):\n"
            "        img[t:b, l:r] = cv2.GaussianBlur(img[t:b, l:r], (51, 51), 0)\n    cv2.imwrite(out, img)\n"
        ),
    },
    "recognised, then blurred before it is saved": {
        "snap.py": (
            "import cv2, face_recognition\n\ndef recognise(img):\n    return face_recognition.face_encodings(img)\n\n"
            "def snapshot(frame):\n    names = recognise(frame)\n    frame = cv2.blur(frame, (80, 80))\n"
            "    cv2.imwrite('snap.jpg', frame)\n    return names\n"
        ),
    },
    "hand-off file deleted in finally": {
        "grab.py": (
            "import os, cv2\nfrom check import check\n\ndef grab(cam):\n    ok, frame = cam.read()\n"
            "    cv2.imwrite('./temp.jpg', frame)\n    try:\n        return check('./temp.jpg')\n"
            "    finally:\n        os.remove('./temp.jpg')\n"
        ),
        "check.py": (
            "import face_recognition\n\ndef check(path):\n"
            "    return face_recognition.face_encodings(face_recognition.load_image_file(path))\n"
        ),
    },
    "blurred image written to the folder a trainer reads": {
        "dataset.py": (
            "import os, cv2, face_recognition\n\nDATASET = 'dataset'\n\ndef train():\n"
            "    for name in os.listdir(DATASET):\n"
            "        face_recognition.face_encodings(face_recognition.load_image_file(os.path.join(DATASET, name)))\n\n"
            "def publish(frame, n):\n    safe = cv2.GaussianBlur(frame, (99, 99), 30)\n"
            "    cv2.imwrite(os.path.join(DATASET, f'{n}.jpg'), safe)\n"
        ),
    },
    "a self-deleting temporary file": {
        "probe.py": (
            "import cv2, tempfile, face_recognition\n\ndef probe(frame):\n"
            "    with tempfile.NamedTemporaryFile(suffix='.jpg') as tmp:\n        cv2.imwrite(tmp.name, frame)\n"
            "        return face_recognition.face_encodings(face_recognition.load_image_file(tmp.name))\n"
        ),
    },
    "other files and unknown folders": {
        "report.py": (
            "import cv2\nfrom deepface import DeepFace\n\ndef verify(uid):\n"
            "    return DeepFace.verify(f'{uid}.jpg', 'ref.jpg')\n\n"
            "def save_chart(chart, name):\n    cv2.imwrite('report.png', chart)\n    cv2.imwrite(f'{name}.jpg', chart)\n"
        ),
    },
    "a helper's crop, blurred before it is saved": {
        "faces.py": (
            "import face_recognition\n\ndef first_face(frame):\n    boxes = face_recognition.face_locations(frame)\n"
            "    top, right, bottom, left = boxes[0]\n    return frame[top:bottom, left:right]\n"
        ),
        "enrol.py": (
            "import cv2\nfrom faces import first_face\n\ndef thumbnail(cam, uid):\n    ok, frame = cam.read()\n"
            "    face = first_face(frame)\n    safe = cv2.GaussianBlur(cv2.resize(face, (112, 112)), (31, 31), 0)\n"
            "    cv2.imwrite(f'thumbs/{uid}.jpg', safe)\n    h, w = face.shape[:2]\n"
            "    cv2.imwrite(f'sizes/{uid}.png', cv2.putText(blank(h, w), str(w), (0, 9), 0, 1, 255))\n"
        ),
    },
    "an empty store written to a face file": {
        "store.py": (
            "import pickle\nimport face_recognition as fr\n\ndef reset():\n    with open('faces.pickle', 'wb') as f:\n"
            "        f.write(pickle.dumps({}))\n\ndef known(email):\n"
            "    data = pickle.loads(open('faces.pickle', 'rb').read())\n"
            "    return fr.face_encodings(data[email])\n"
        ),
    },
}


def _expected(files: Dict[str, str]) -> List[Tuple[str, int]]:
    return sorted(
        (name, number)
        for name, code in files.items()
        for number, line in enumerate(code.splitlines(), start=1)
        if line.rstrip().endswith(FLAG)
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_face_image_known_by_where_it_goes(name: str, tmp_path) -> None:
    files = CASES[name]
    result = lint_tree(files, tmp_path, select=["FRT101"])
    found = sorted(
        (Path(f.path).resolve().relative_to(tmp_path.resolve()).as_posix(), f.line)
        for f in result.findings
        if f.rule == "FRT101" and f.suppression_reason is None
    )
    assert found == _expected(files), name


def test_the_evidence_names_where_the_face_api_reads_the_file(tmp_path) -> None:
    result = lint_tree(CASES["hand-off file between functions"], tmp_path, select=["FRT101"])
    (finding,) = result.findings
    assert "face image file" in finding.message
    assert any("temp.jpg" in e.note for e in finding.evidence), finding.evidence
    assert finding.message == (
        "cv2.imwrite() keeps a face image file without anonymisation (Draft Art. 17, 18; Measures Art. 8, 4)"
    )
    assert [(e.path, e.line, e.column, e.note) for e in finding.evidence] == [
        (None, 11, 1, "read by a face API: the file 'temp.jpg'")
    ]

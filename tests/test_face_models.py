"""Project code that runs a face model the catalog does not name (frtlint/checks/face_models.py)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

from conftest import lint_code, lint_tree

Found = List[Tuple[str, str, int, int]]


def _found(result, rules: Tuple[str, ...]) -> Found:
    return sorted((f.rule, Path(f.path).name, f.line, f.column) for f in result.findings if f.rule in rules and f.suppression_reason is None)


def test_race_model_file_makes_a_plain_keras_app_face_analysis(tmp_path: Path) -> None:
    # No face library is imported: the model file named for race selects the file, and
    # only the race model's inference is analysis of a sensitive attribute.
    app = (
        "from tensorflow.keras.models import load_model\n"
        "\n"
        "ethnicity_net = load_model('weights/fairface_ethnicity_v2.h5')\n"
        "age_net = load_model('weights/age_v2.h5')\n"
        "\n"
        "def describe(batch):\n"
        "    ages = age_net.predict(batch)\n"
        "    groups = ethnicity_net.predict(batch, verbose=0)\n"
        "    return ages, groups\n"
    )
    result = lint_tree({"app.py": app}, tmp_path, select=("FRT301", "FRT201"))
    assert _found(result, ("FRT301", "FRT201")) == [("FRT201", "app.py", 8, 14), ("FRT301", "app.py", 8, 14)]


def test_model_named_for_race_without_face_processing_is_not_flagged(tmp_path: Path) -> None:
    code = (
        "from sklearn.linear_model import LogisticRegression\n"
        "\n"
        "race_model = LogisticRegression().fit(laps, winners)\n"
        "winner = race_model.predict(next_race)\n"
    )
    assert [f for f in lint_code(code, ["FRT301", "FRT201"], tmp_path)] == []


def test_method_of_a_race_classifier_class(tmp_path: Path) -> None:
    code = (
        "import cv2\n"
        "\n"
        "class RaceClassifier:\n"
        "    def __init__(self, net):\n"
        "        self.net = net\n"
        "\n"
        "    def label(self, face):\n"
        "        blob = cv2.resize(face, (224, 224))\n"
        "        return self.net.predict(blob)\n"
        "\n"
        "class EmotionClassifier:\n"
        "    def label(self, face):\n"
        "        return self.net.predict(face)\n"
    )
    found = [(f.rule, f.line, f.column) for f in lint_code(code, ["FRT301"], tmp_path)]
    assert found == [("FRT301", 9, 16)]


def test_call_into_a_face_embedding_class_is_the_embedding(tmp_path: Path) -> None:
    embedder = (
        "from facenet_pytorch import InceptionResnetV1\n"
        "\n"
        "class FaceEncoder:\n"
        "    def __init__(self):\n"
        "        self.net = InceptionResnetV1(pretrained='vggface2').eval()\n"
        "\n"
        "    def vector(self, face):\n"
        "        return self.net(face)\n"
        "\n"
        "    def unit_vector(self, face):\n"
        "        v = self.vector(face)\n"
        "        return v / v.norm()\n"
    )
    routes = (
        "from faces.encoder import FaceEncoder\n"
        "\n"
        "encoder = FaceEncoder()\n"
        "\n"
        "def register(form, photo):\n"
        "    if form.get('face_consent') != 'yes':\n"
        "        raise PermissionError('consent required')\n"
        "    return encoder.unit_vector(photo)\n"
        "\n"
        "def check(photo, gallery):\n"
        "    probe = encoder.unit_vector(photo)\n"
        "    return max(gallery, key=lambda g: g @ probe)\n"
    )
    result = lint_tree({"faces/encoder.py": embedder, "routes.py": routes}, tmp_path, select=("FRT201",))
    # The library call in the class, and the unguarded entry into it; not the guarded
    # one, and not the class's own call to its other method.
    assert _found(result, ("FRT201",)) == [("FRT201", "encoder.py", 8, 16), ("FRT201", "routes.py", 11, 13)]


def test_template_request_and_vector_search_of_face_templates(tmp_path: Path) -> None:
    code = (
        "import cv2\n"
        "from vectors import nearest_ids, search_people\n"
        "\n"
        "def index(insightface_client, jpeg):\n"
        "    return insightface_client.extract(data=[jpeg], extract_embedding=True)\n"
        "\n"
        "def detect_only(insightface_client, jpeg):\n"
        "    return insightface_client.extract(data=[jpeg], extract_embedding=False)\n"
        "\n"
        "def who(collection, known_face_encodings, words):\n"
        "    search_people(collection, words)\n"
        "    return search_people(collection, known_face_encodings)\n"
    )
    found = [(f.rule, f.line, f.column) for f in lint_code(code, ["FRT201"], tmp_path)]
    assert found == [("FRT201", 5, 12), ("FRT201", 12, 12)]


def test_class_never_called_after_consent_is_reported_once_inside(tmp_path: Path) -> None:
    # One problem, one finding: no caller checks consent, so the face API call inside
    # the class is the finding, not every call into the class as well.
    embedder = (
        "import face_recognition\n"
        "\n"
        "class FaceMatcher:\n"
        "    def templates(self, frame):\n"
        "        return face_recognition.face_encodings(frame)\n"
    )
    loop = (
        "from matcher import FaceMatcher\n"
        "\n"
        "def run(camera):\n"
        "    matcher = FaceMatcher()\n"
        "    for frame in camera:\n"
        "        yield matcher.templates(frame)\n"
    )
    result = lint_tree({"matcher.py": embedder, "loop.py": loop}, tmp_path, select=("FRT201",))
    assert _found(result, ("FRT201",)) == [("FRT201", "matcher.py", 5, 16)]

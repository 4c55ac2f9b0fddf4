from __future__ import annotations

import re
from typing import Iterable, List, Set

from frtlint.analysis.facts import CallSite, ModuleFacts
from frtlint.catalog import Catalog
from frtlint.checks.attributes import MISSING, raw_attributes, requested_attributes
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.face_models import model_calls
from frtlint.findings import Finding


class SensitiveAttributeInference(Rule):
    """Face analysis asks for, or reads back, race, ethnicity, religion, health or social class.

    ## What it flags
    A face attribute analysis call that requests a sensitive attribute: DeepFace
    `analyze` with `"race"` in `actions` (or with no `actions` at all, because the
    library's default list includes race), Face++ `return_attributes` with `ethnicity`
    or `skinstatus`, Baidu `face_field` with `race`, and the same for any API in the
    catalog that takes an attribute list. The project's own classifiers count too: a
    call of a function named for a sensitive attribute (`predict_race(face)`), and a
    model inference (`predict`, `predict_proba`, `forward`, ...) whose model, function
    or class is named for one (`race_model.predict(x)`, `self.model.predict(x)` in
    `RaceModel`), in a file that does face processing or loads a model file named for
    race (`fairface_race.h5`, `lr_clf_race.joblib`). A later read of a sensitive key
    (`result["dominant_race"]`), or code picking that column by name (`if column ==
    "dominant_race"`), is reported only when no analysis call that produces it is
    visible in the same module. The finding points at the analysis call.

    ## Why
    Draft Article 11 forbids using face recognition to analyse race, ethnicity,
    religious belief, health status or social class, unless a statutory condition
    applies or the person consents (PIPL Article 28 treats these as sensitive
    personal information). frtlint cannot see a legal basis, so it always reports the
    request; a team with a basis records it with a reasoned suppression, which the
    report keeps as an audit trail.

    ## Example
    ```python
    from deepface import DeepFace

    result = DeepFace.analyze(img_path)  # default actions include "race"
    ```

    ## Use instead
    ```python
    result = DeepFace.analyze(img_path, actions=["age", "emotion"])
    ```

    ## Options
    `[tool.frtlint.catalog] sensitive-attributes = ["caste_score"]` adds attribute
    names; `[tool.frtlint.catalog.apis]` adds your own analysis wrappers with an
    `attributes` description.

    ## References
    - DeepFace `analyze` (default actions): https://github.com/serengil/deepface
    - Face++ Detect API `return_attributes`: https://console.faceplusplus.com/documents/5679127
    - Draft Provisions (CAC, 2023-08-08), Article 11: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT301"
    name = "sensitive-attribute-inference"
    severity = "error"
    draft_articles = ("11",)
    measures_articles = ()
    summary = "face analysis infers a sensitive attribute"
    security_severity = 8.0

    VALID = [
        Valid('from deepface import DeepFace\nr = DeepFace.analyze(img, actions=["age", "emotion"])\n'),
        Valid('from deepface import DeepFace\nr = DeepFace.analyze(img, actions=("gender",))\n'),
        Valid('from deepface import DeepFace\nr = DeepFace.analyze(img, ["age"])\n', "positional actions"),
        Valid('import deepface.DeepFace\nr = deepface.DeepFace.analyze(img, actions=["emotion"])\n'),
        Valid('from deepface import DeepFace as DF\nACTIONS = ["age", "gender"]\nr = DF.analyze(img, actions=ACTIONS)\n', "module constant"),
        Valid('from deepface import DeepFace\nr = DeepFace.verify(a, b)\n', "verification is not attribute analysis"),
        Valid('import requests\nrequests.post("https://api-us.faceplusplus.com/facepp/v3/detect", data={"return_attributes": "gender,age,smiling"})\n'),
        Valid('from aip import AipFace\nc = AipFace(a, b, k)\nc.detect(img, "BASE64", {"face_field": "age,beauty,expression"})\n'),
        Valid('race_results = {"100m": 9.58}\nprint(race_results["100m"])\n', "a key named like a word, not face data"),
        Valid('row = {"race": "x"}\nprint(row["race"])\n', "a sensitive key on data that did not come from a face API"),
        Valid('from deepface import DeepFace\n\ndef f(img):\n    return DeepFace.analyze(img, actions=["age"])["age"]\n'),
        Valid('from azure.cognitiveservices.vision.face import FaceClient\nclient = FaceClient(ep, cred)\nclient.face.detect_with_stream(s, return_face_attributes=["age", "emotion"])\n'),
        Valid('from deepface import DeepFace\n\nclass A:\n    def run(self, img):\n        return DeepFace.analyze(img, actions=["emotion"])\n'),
        Valid('from deepface import DeepFace\nresults = [DeepFace.analyze(i, actions=["age"]) for i in imgs]\n'),
        Valid('import face_recognition\nencs = face_recognition.face_encodings(img)\n'),
        Valid('from deepface import DeepFace\nr = DeepFace.analyze(img, actions=["race"])  # frtlint: ignore[FRT301] reason: statutory basis, case 12\n', "reasoned suppression"),
        Valid('import cv2\ngender_net = cv2.dnn.readNet("gender.caffemodel")\nout = gender_net.forward()\n', "a gender model infers no sensitive attribute"),
        Valid('def pick(kind):\n    if kind == "race":\n        return 1\n', "a word compared, not a face analysis key"),
        Valid('from sklearn.svm import SVC\nrace_model = SVC().fit(laps, winners)\nwinner = race_model.predict(next_race)\n', "a model named for race in code that processes no faces"),
    ]
    INVALID = [
        Invalid('from deepface import DeepFace\nr = DeepFace.analyze(img)\n', 2, 5, "default actions include race"),
        Invalid('from deepface import DeepFace\nr = DeepFace.analyze(img, actions=["age", "race"])\n', 2, 5),
        Invalid('from deepface import DeepFace as DF\nr = DF.analyze(img_path="x.jpg")\n', 2, 5, "alias"),
        Invalid('import deepface.DeepFace\nr = deepface.DeepFace.analyze(img)\n', 2, 5, "dotted import"),
        Invalid('from deepface.DeepFace import analyze\nr = analyze(img, ("race",))\n', 2, 5, "function import, positional"),
        Invalid('import deepface\nr = deepface.DeepFace.analyze(img, actions=ACTIONS)\nACTIONS = ["race"]\n', 2, 5, "constant defined after use at module level"),
        Invalid('print(result["dominant_race"])\n', 1, 7, "read back with no analysis call in sight"),
        Invalid('from deepface import DeepFace\nr = DeepFace.analyze(img, actions=["age"])\nprint(r[0]["dominant_race"])\n', 3, 7, "read of an attribute the visible call does not produce"),
        Invalid('import requests\nrequests.post("https://api-us.faceplusplus.com/facepp/v3/detect", data={"api_key": k, "return_attributes": "gender,age,ethnicity"})\n', 2, 1, "Face++ ethnicity"),
        Invalid('import requests\nDETECT = "https://api-cn.faceplusplus.com/facepp/v3/detect"\nrequests.post(DETECT, data={"return_attributes": "skinstatus"})\n', 3, 1, "Face++ skin status is health"),
        Invalid('from aip import AipFace\nclient = AipFace(a, b, k)\nclient.detect(img, "BASE64", {"face_field": "age,race"})\n', 3, 1, "Baidu face_field"),
        Invalid('from deepface import DeepFace\n\nclass Analytics:\n    def run(self, img):\n        return DeepFace.analyze(img)\n', 5, 16, "method"),
        Invalid('from deepface import DeepFace\n\ndef outer(imgs):\n    def inner(i):\n        return DeepFace.analyze(i, actions=["race"])\n    return [inner(i) for i in imgs]\n', 5, 16, "nested function"),
        Invalid('from deepface import DeepFace\nrun = lambda img: DeepFace.analyze(img, actions=["gender", "race"])\n', 2, 19, "lambda"),
        Invalid('from deepface import DeepFace\nresults = [DeepFace.analyze(i) for i in imgs]\n', 2, 12, "comprehension"),
        Invalid('from deepface import DeepFace\n\ndef f(img):\n    res = DeepFace.find(img, db_path="db")\n    return res["race"]\n', 5, 12, "sensitive key on a face API record"),
        Invalid('import requests\nrequests.post("https://api-us.faceplusplus.com/facepp/v3/detect", params={"return_attributes": "age,ethnicity"})\n', 2, 1, "params instead of data"),
        Invalid(
            "from deepface.basemodels import VGGFace\n\nclass RaceModel:\n    def predict_race(self, face):\n        return self.scores(VGGFace.baseModel(), face)\n\n"
            "def describe(face):\n    return {'race': RaceModel().predict_race(face)}\n",
            8, 21, "a project classifier named for race",
        ),
        Invalid('from keras.models import load_model\nrace_net = load_model("models/race_v3.h5")\nscores = race_net.predict(faces)\n', 3, 10, "a model file named for race, inference on a model named for race"),
        Invalid(
            "import cv2\n\nclass EthnicityModel:\n    def label(self, face):\n        return self.net.predict(cv2.resize(face, (224, 224)))\n",
            5, 16, "inference in a class named for ethnicity",
        ),
        Invalid('def chart(df, column):\n    if column == "dominant_race":\n        return df.groupby(column).size()\n', 2, 8, "picks the inferred race column to group people by"),
    ]

    def check(self, project) -> Iterable[Finding]:
        catalog = project.catalog
        models = model_calls(project)
        for module in project.modules:
            produced: Set[str] = set()
            findings: List[Finding] = []
            for function, call in module.all_calls():
                requested = requested_attributes(call, catalog)
                sensitive = sorted({a for a in requested if catalog.sensitive_category(a)})
                produced.update(catalog.sensitive_category(a) or "" for a in sensitive)
                if sensitive:
                    label = call.api or call.callee
                    how = " (the library default includes it)" if raw_attributes(call, catalog) is MISSING else ""
                    findings.append(
                        self.finding(
                            module,
                            call.span,
                            f"{_short(label)} infers {', '.join(sensitive)} from faces{how}",
                            function,
                            call.text,
                        )
                    )
            if _uses_face_libraries(module, catalog):
                for function, call in module.all_calls():
                    attribute = _sensitive_token(call.name, catalog)
                    if attribute and call.api is None and not _external(call, catalog):
                        produced.add(catalog.sensitive_category(attribute) or "")
                        findings.append(
                            self.finding(module, call.span, f"{call.name}() infers {attribute} from faces", function, call.text)
                        )
            for function, call in module.all_calls():
                model = models.get(id(call))
                if model is not None and model.attribute:
                    produced.add(catalog.sensitive_category(model.attribute) or "")
                    findings.append(
                        self.finding(
                            module, call.span, f"{call.callee}() infers {model.attribute} from faces: it {model.reason}", function, call.text
                        )
                    )
            for function in module.functions:
                for read in function.key_reads:
                    category = catalog.sensitive_category(read.key)
                    if category in produced:
                        continue
                    if not self._face_key(read.key, read.on_face_data):
                        continue
                    findings.append(
                        self.finding(
                            module, read.span, f"reads the sensitive face attribute '{read.key}'", function, read.text
                        )
                    )
            yield from findings

    @staticmethod
    def _face_key(key: str, read_on_face_data: bool) -> bool:
        """A read counts when the key is face-analysis vocabulary or the value is face data."""
        return read_on_face_data or key.lower().startswith("dominant_") or key.lower() in ("skinstatus", "skin_status")


def _short(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[-2:]) if len(parts) > 1 else name


_TOKEN = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _sensitive_token(name: str, catalog: Catalog) -> str:
    """`predict_race`, `classifyEthnicity`: a project function named for a sensitive attribute."""
    tokens = [t.lower() for t in _TOKEN.findall(name)]
    if len(tokens) < 2 or name[:1].isupper():
        return ""  # building the model (`RaceModel()`) is not yet the inference
    return next((t for t in tokens if catalog.sensitive_category(t)), "")


def _uses_face_libraries(module: ModuleFacts, catalog: Catalog) -> bool:
    return any(target.split(".")[0] in catalog.module_roots for target in module.imports.values()) or any(
        call.api for _, call in module.all_calls()
    )


def _external(call: CallSite, catalog: Catalog) -> bool:
    """Resolved to a library outside the project (its name is the library's business)."""
    return call.resolved and call.callee.split(".")[0] in catalog.module_roots

from __future__ import annotations

from typing import Iterable, List, Set

from frtlint.analysis.facts import CallSite, ModuleFacts
from frtlint.catalog import Catalog
from frtlint.checks.attributes import MISSING, raw_attributes, requested_attributes
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.face_models import model_calls, short_name, words
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
    names, each its own category; `{ caste_score = "social-class" }` files one under a
    category, so a later read of another attribute of that category counts as inferred
    already. `[tool.frtlint.catalog.apis]` adds your own analysis wrappers with an
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
    security_severity = 8.0

    VALID = [
        Valid(
            """
            from deepface import DeepFace
            r = DeepFace.analyze(img, actions=["age", "emotion"])
            """
        ),
        Valid(
            """
            from deepface import DeepFace
            r = DeepFace.analyze(img, actions=("gender",))
            """
        ),
        Valid(
            """
            from deepface import DeepFace
            r = DeepFace.analyze(img, ["age"])
            """,
            note="positional actions",
        ),
        Valid(
            """
            import deepface.DeepFace
            r = deepface.DeepFace.analyze(img, actions=["emotion"])
            """
        ),
        Valid(
            """
            from deepface import DeepFace as DF
            ACTIONS = ["age", "gender"]
            r = DF.analyze(img, actions=ACTIONS)
            """,
            note="module constant",
        ),
        Valid(
            """
            from deepface import DeepFace
            r = DeepFace.verify(a, b)
            """,
            note="verification is not attribute analysis",
        ),
        Valid(
            """
            import requests
            requests.post("https://api-us.faceplusplus.com/facepp/v3/detect", data={"return_attributes": "gender,age,smiling"})
            """
        ),
        Valid(
            """
            from aip import AipFace
            c = AipFace(a, b, k)
            c.detect(img, "BASE64", {"face_field": "age,beauty,expression"})
            """
        ),
        Valid(
            """
            race_results = {"100m": 9.58}
            print(race_results["100m"])
            """,
            note="a key named like a word, not face data",
        ),
        Valid(
            """
            row = {"race": "x"}
            print(row["race"])
            """,
            note="a sensitive key on data that did not come from a face API",
        ),
        Valid(
            """
            from deepface import DeepFace

            def f(img):
                return DeepFace.analyze(img, actions=["age"])["age"]
            """
        ),
        Valid(
            """
            from azure.cognitiveservices.vision.face import FaceClient
            client = FaceClient(ep, cred)
            client.face.detect_with_stream(s, return_face_attributes=["age", "emotion"])
            """
        ),
        Valid(
            """
            from deepface import DeepFace

            class A:
                def run(self, img):
                    return DeepFace.analyze(img, actions=["emotion"])
            """
        ),
        Valid(
            """
            from deepface import DeepFace
            results = [DeepFace.analyze(i, actions=["age"]) for i in imgs]
            """
        ),
        Valid(
            """
            import face_recognition
            encs = face_recognition.face_encodings(img)
            """
        ),
        Valid(
            """
            from deepface import DeepFace
            r = DeepFace.analyze(img, actions=["race"])  # frtlint: ignore[FRT301] reason: statutory basis, case 12
            """,
            note="reasoned suppression",
        ),
        Valid(
            """
            import cv2
            gender_net = cv2.dnn.readNet("gender.caffemodel")
            out = gender_net.forward()
            """,
            note="a gender model infers no sensitive attribute",
        ),
        Valid(
            """
            def pick(kind):
                if kind == "race":
                    return 1
            """,
            note="a word compared, not a face analysis key",
        ),
        Valid(
            """
            from sklearn.svm import SVC
            race_model = SVC().fit(laps, winners)
            winner = race_model.predict(next_race)
            """,
            note="a model named for race in code that processes no faces",
        ),
    ]
    INVALID = [
        Invalid(
            """
            from deepface import DeepFace
            r = DeepFace.analyze(img)
            """,
            line=2, column=5, note="default actions include race",
        ),
        Invalid(
            """
            from deepface import DeepFace
            r = DeepFace.analyze(img, actions=["age", "race"])
            """,
            line=2, column=5,
        ),
        Invalid(
            """
            from deepface import DeepFace as DF
            r = DF.analyze(img_path="x.jpg")
            """,
            line=2, column=5, note="alias",
        ),
        Invalid(
            """
            import deepface.DeepFace
            r = deepface.DeepFace.analyze(img)
            """,
            line=2, column=5, note="dotted import",
        ),
        Invalid(
            """
            from deepface.DeepFace import analyze
            r = analyze(img, ("race",))
            """,
            line=2, column=5, note="function import, positional",
        ),
        Invalid(
            """
            import deepface
            r = deepface.DeepFace.analyze(img, actions=ACTIONS)
            ACTIONS = ["race"]
            """,
            line=2, column=5, note="constant defined after use at module level",
        ),
        Invalid(
            """
            print(result["dominant_race"])
            """,
            line=1, column=7, note="read back with no analysis call in sight",
        ),
        Invalid(
            """
            from deepface import DeepFace
            r = DeepFace.analyze(img, actions=["age"])
            print(r[0]["dominant_race"])
            """,
            line=3, column=7, note="read of an attribute the visible call does not produce",
        ),
        Invalid(
            """
            import requests
            requests.post("https://api-us.faceplusplus.com/facepp/v3/detect", data={"api_key": k, "return_attributes": "gender,age,ethnicity"})
            """,
            line=2, column=1, note="Face++ ethnicity",
        ),
        Invalid(
            """
            import requests
            DETECT = "https://api-cn.faceplusplus.com/facepp/v3/detect"
            requests.post(DETECT, data={"return_attributes": "skinstatus"})
            """,
            line=3, column=1, note="Face++ skin status is health",
        ),
        Invalid(
            """
            from aip import AipFace
            client = AipFace(a, b, k)
            client.detect(img, "BASE64", {"face_field": "age,race"})
            """,
            line=3, column=1, note="Baidu face_field",
        ),
        Invalid(
            """
            from deepface import DeepFace

            class Analytics:
                def run(self, img):
                    return DeepFace.analyze(img)
            """,
            line=5, column=16, note="method",
        ),
        Invalid(
            """
            from deepface import DeepFace

            def outer(imgs):
                def inner(i):
                    return DeepFace.analyze(i, actions=["race"])
                return [inner(i) for i in imgs]
            """,
            line=5, column=16, note="nested function",
        ),
        Invalid(
            """
            from deepface import DeepFace
            run = lambda img: DeepFace.analyze(img, actions=["gender", "race"])
            """,
            line=2, column=19, note="lambda",
        ),
        Invalid(
            """
            from deepface import DeepFace
            results = [DeepFace.analyze(i) for i in imgs]
            """,
            line=2, column=12, note="comprehension",
        ),
        Invalid(
            """
            from deepface import DeepFace

            def f(img):
                res = DeepFace.find(img, db_path="db")
                return res["race"]
            """,
            line=5, column=12, note="sensitive key on a face API record",
        ),
        Invalid(
            """
            import requests
            requests.post("https://api-us.faceplusplus.com/facepp/v3/detect", params={"return_attributes": "age,ethnicity"})
            """,
            line=2, column=1, note="params instead of data",
        ),
        Invalid(
            """
            from deepface.basemodels import VGGFace

            class RaceModel:
                def predict_race(self, face):
                    return self.scores(VGGFace.baseModel(), face)

            def describe(face):
                return {'race': RaceModel().predict_race(face)}
            """,
            line=8, column=21, note="a project classifier named for race",
        ),
        Invalid(
            """
            from keras.models import load_model
            race_net = load_model("models/race_v3.h5")
            scores = race_net.predict(faces)
            """,
            line=3, column=10, note="a model file named for race, inference on a model named for race",
        ),
        Invalid(
            """
            import cv2

            class EthnicityModel:
                def label(self, face):
                    return self.net.predict(cv2.resize(face, (224, 224)))
            """,
            line=5, column=16, note="inference in a class named for ethnicity",
        ),
        Invalid(
            """
            def chart(df, column):
                if column == "dominant_race":
                    return df.groupby(column).size()
            """,
            line=2, column=8, note="picks the inferred race column to group people by",
        ),
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
                        self.call_finding(
                            module,
                            call,
                            f"{short_name(label)} infers {', '.join(sensitive)} from faces{how}",
                            function=function,
                        )
                    )
            if _uses_face_libraries(module, catalog):
                for function, call in module.all_calls():
                    attribute = _sensitive_token(call.name, catalog)
                    if attribute and call.api is None and not _external(call, catalog):
                        produced.add(catalog.sensitive_category(attribute) or "")
                        findings.append(
                            self.call_finding(module, call, f"{call.name}() infers {attribute} from faces", function=function)
                        )
            for function, call in module.all_calls():
                model = models.get(id(call))
                if model is not None and model.attribute:
                    produced.add(catalog.sensitive_category(model.attribute) or "")
                    findings.append(
                        self.call_finding(
                            module,
                            call,
                            f"{call.callee}() infers {model.attribute} from faces: it {model.reason}",
                            function=function,
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
                            module, read.span, f"reads the sensitive face attribute '{read.key}'", function=function, anchor_text=read.text
                        )
                    )
            yield from findings

    @staticmethod
    def _face_key(key: str, read_on_face_data: bool) -> bool:
        """A read counts when the key is face-analysis vocabulary or the value is face data."""
        return read_on_face_data or key.lower().startswith("dominant_") or key.lower() in ("skinstatus", "skin_status")


def _sensitive_token(name: str, catalog: Catalog) -> str:
    """`predict_race`, `classifyEthnicity`: a project function named for a sensitive attribute."""
    tokens = words(name)
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

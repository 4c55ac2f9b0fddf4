from __future__ import annotations

from typing import Iterable, Optional

from frtlint.analysis.facts import CallSite
from frtlint.analysis.project import Project
from frtlint.catalog import Catalog
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding


class FaceDataPlaintextTransport(Rule):
    """Face data travels unencrypted: over `http://`, or with TLS verification turned off.

    ## What it flags
    A network call carrying a face image or template (or a face REST API call) whose URL
    is a literal or module constant starting with `http://`, or that passes
    `verify=False`. Loopback (`localhost`, `127.0.0.1`, `::1`) does not leave the device
    and is not flagged.

    ## Why
    Draft Article 17 ¶2 requires data encryption for face recognition systems (2025
    Measures Articles 8 and 14). Plain HTTP exposes the face to anyone on the network
    path; disabling certificate checks invites a machine in the middle.

    ## Example
    ```python
    requests.post("http://192.168.1.50/upload", files={"face": jpeg.tobytes()})
    ```

    ## Use instead
    ```python
    requests.post("https://nvr.example.internal/upload", files={"face": jpeg.tobytes()})
    ```

    ## Options
    None.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 17: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT501"
    name = "face-data-plaintext-transport"
    severity = "error"
    draft_articles = ("17",)
    measures_articles = ("8", "14")
    security_severity = 7.5

    VALID = [
        Valid(
            """
            import requests, face_recognition

            def f(img):
                face_recognition.face_locations(img)
                requests.post('https://x/up', data=img.tobytes())
            """
        ),
        Valid(
            """
            import requests, face_recognition

            def f(img):
                face_recognition.face_locations(img)
                requests.post('http://127.0.0.1:5000/up', data=img.tobytes())
            """,
            note="loopback",
        ),
        Valid(
            """
            import requests
            requests.post('http://example.com/ping', json={'ok': 1})
            """,
            note="no face data",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import requests, face_recognition
            URL = 'http://10.0.0.2/up'

            def f(img):
                face_recognition.face_locations(img)
                requests.post(URL, data=img.tobytes())
            """,
            line=6, column=5,
        ),
        Invalid(
            """
            import requests, face_recognition

            def f(img):
                face_recognition.face_locations(img)
                requests.post('https://x/up', data=img.tobytes(), verify=False)
            """,
            line=5, column=5, note="TLS verification off",
        ),
        Invalid(
            """
            import requests
            requests.post('http://api-cn.faceplusplus.com/facepp/v3/compare', data={'api_key': k})
            """,
            line=2, column=1, note="face API over http",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        catalog: Catalog = project.catalog
        for module in project.modules:
            for function, call in module.all_calls():
                carries = any(a.value.kind in ("image", "template") and a.slot != "receiver" for a in call.face_args)
                network = catalog.is_network_sink(call.callee, call.name, call.resolved, call.method)
                if not ((network and carries) or (call.api and catalog.is_cloud_api(call.api) and network)):
                    continue
                problem = _plaintext(call, catalog)
                if problem:
                    yield self.call_finding(module, call, f"{call.name}() sends face data {problem}", function=function)


def _plaintext(call: CallSite, catalog: Catalog) -> Optional[str]:
    if call.literals.get("verify") is False:
        return "with TLS certificate verification disabled"
    url = call.literals.get("0", call.literals.get("url"))
    if isinstance(url, str) and url.lower().startswith("http://"):
        host = url[7:]
        if not any(host.startswith(prefix) for prefix in catalog.loopback):
            return "over plain http://"
    return None

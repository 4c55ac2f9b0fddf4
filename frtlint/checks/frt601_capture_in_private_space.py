from frtlint.checks.base import Rule


class CaptureInPrivateSpace(Rule):
    """A camera or recognition device is configured for a private place.

    ## What it flags
    A device or deployment configuration (YAML or JSON) that binds a camera, face
    capture or face recognition device to a place where people expect privacy: hotel
    or guest rooms, public restrooms and toilets, bathrooms and showers, changing,
    locker and fitting rooms — in English or Chinese (客房, 卫生间, 洗手间, 厕所,
    更衣室, 浴室, 试衣间). The finding points at the line that names the place. This
    rule is implemented by the Semgrep rule pack (`rules/yaml/`, `rules/json/`).

    ## Why
    Draft Article 6 forbids installing image capture or personal identity recognition
    equipment in hotel rooms, public bathrooms, changing rooms, restrooms and other
    places that could infringe others' privacy (2025 Measures Article 13). No consent
    or notice makes such a placement acceptable.

    ## Example
    ```yaml
    cameras:
      - id: cam-07
        location: "3F changing room"
        recognition: true
    ```

    ## Use instead
    Remove the device from the private space; cover the corridor or entrance instead,
    with a visible notice.

    ## Options
    The place names live in `frtlint/catalog/markers.toml` (`[private-places]`) and the
    Semgrep rules.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 6: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT601"
    name = "capture-in-private-space"
    severity = "error"
    draft_articles = ("6",)
    measures_articles = ("13",)
    summary = "camera or recognition device in a private place"
    security_severity = 9.0

from frtlint.checks.base import Rule


class RemoteIdentificationInPublic(Rule):
    """1:N face identification runs on network video streams (CCTV, RTSP, NVR).

    ## What it flags
    A deployment configuration where a network video source — an `rtsp://`,
    `rtmp://` URL or a CCTV/NVR device (Hikvision, Dahua, ...) — feeds a 1:N face
    identification or watch-list search. Remote recognition of people who do not know
    they are being recognised needs a recorded Article 10 justification. This rule is
    implemented by the Semgrep rule pack (`rules/yaml/`, `rules/json/`).

    ## Why
    Draft Article 10 allows remote, non-contact recognition of specific individuals in
    public places only for national security, public safety or the protection of life,
    health and property in an emergency, minimised in time, place and scope; Article 7
    requires public-place devices to serve public safety with prominent notice (2025
    Measures Article 13).

    ## Example
    ```yaml
    streams:
      - source: rtsp://10.1.2.3/lobby
        pipeline: identify
        gallery: watchlist
    ```

    ## Use instead
    Run detection or counting only, or record the legal basis and scope (time, place,
    people) and suppress with that reason: `# frtlint: ignore[FRT602] reason: PSB order 2025-17, lobby only, 30 days`.

    ## Options
    The stream markers live in `frtlint/catalog/markers.toml` (`[network-video]`) and the
    Semgrep rules.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Articles 7 and 10: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT602"
    name = "remote-identification-in-public"
    severity = "warning"
    draft_articles = ("10", "7")
    measures_articles = ("13",)
    summary = "remote 1:N identification on network video"
    security_severity = 6.5

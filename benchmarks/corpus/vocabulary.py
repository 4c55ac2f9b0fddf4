"""Sizes, module kinds, compliance flags and the words generated code is made of."""

from __future__ import annotations




DEFAULT_SEED = 20230808  # the day the CAC draft was published
DEFAULT_LINES = 300_000
MIN_MODULE_LINES = 150
MAX_MODULE_LINES = 400

FACE_KINDS = (
    "flask_login",
    "fastapi_enrol",
    "pi_door",
    "lbph_desk",
    "deepface_job",
    "rekognition_service",
    "baidu_client",
    "insightface_pipeline",
)
HELPER_KINDS = ("config", "db", "utils")
ALL_KINDS = FACE_KINDS + HELPER_KINDS

FLAG_NAMES = ("consent", "retention", "fallback", "attributes", "liveness", "threshold", "encrypt", "transport")

# -- vocabulary --------------------------------------------------------------------------

ENTITIES = [
    ("employee", "employees"), ("member", "members"), ("student", "students"),
    ("resident", "residents"), ("visitor", "visitors"), ("patient", "patients"),
    ("guest", "guests"), ("customer", "customers"), ("tenant", "tenants"),
    ("worker", "workers"), ("athlete", "athletes"), ("volunteer", "volunteers"),
    ("driver", "drivers"), ("courier", "couriers"), ("trainee", "trainees"),
]
PLACES = [
    "lobby", "warehouse", "lab", "gym", "clinic", "campus", "office", "factory", "library",
    "hostel", "depot", "studio", "garage", "canteen", "reception", "site", "annex", "plant",
    "pharmacy", "terminal",
]
ORGS = [
    "acme", "northgate", "lotus", "harbor", "bluepeak", "riverside", "sunrise", "kestrel",
    "meridian", "orchid", "granite", "summit", "pinewood", "silverline", "jade", "maple",
    "cobalt", "evergreen", "horizon", "quartz", "redwood", "falcon", "tideway", "aurora",
    "linden", "copperhill", "westbrook", "stonebridge", "bayview", "ironwood",
]
THEMES = {
    "access": ("pi_door", "flask_login", "rekognition_service", "insightface_pipeline", "baidu_client"),
    "attendance": ("lbph_desk", "baidu_client", "fastapi_enrol", "pi_door", "insightface_pipeline"),
    "portal": ("flask_login", "fastapi_enrol", "rekognition_service", "deepface_job"),
    "analytics": ("deepface_job", "insightface_pipeline", "rekognition_service", "baidu_client"),
    "kiosk": ("baidu_client", "lbph_desk", "fastapi_enrol", "deepface_job", "pi_door"),
}
IMG_NAMES = ["frame", "img", "image", "snapshot", "photo", "picture", "capture", "still"]
ENC_NAMES = ["encoding", "embedding", "template", "face_vec", "descriptor", "signature", "probe"]
LOG_NAMES = ["log", "logger", "LOG", "_log"]
CONSENT_ATTRS = ["face_consent", "biometric_consent", "consented_to_face", "face_opt_in_consent"]
CONSENT_FUNCS = ["has_face_consent", "face_consent_on_file", "has_biometric_consent", "consent_recorded"]
BLUR_FUNCS = ["blur_faces", "pixelate_faces", "anonymise_frame", "mask_faces", "redact_faces"]
UNLOCK_FUNCS = ["unlock_door", "open_door", "release_strike", "open_gate", "trigger_lock"]
NOUNS = ["booking", "shift", "invoice", "visit", "badge", "device", "report", "ticket", "session", "roster", "audit", "order"]
ADJ = ["pending", "active", "archived", "daily", "weekly", "nightly", "recent", "stale", "primary", "local"]
REGIONS = ["cn-north-1", "ap-east-1", "ap-southeast-1", "eu-west-1", "us-east-1", "ap-northeast-1"]

# Tests for frt102-face-data-logged-python
import logging

import face_recognition

logger = logging.getLogger(__name__)


def enroll(image, user_id):
    encs = face_recognition.face_encodings(image)
    # ruleid: frt102-face-data-logged-python
    logger.debug("encoding for %s: %s", user_id, encs[0])
    # ok: frt102-face-data-logged-python
    logger.info("enrolled %s with %d faces", user_id, len(encs))
    return encs


def debug_frame(frame):
    boxes = face_recognition.face_locations(frame)
    # ruleid: frt102-face-data-logged-python
    print("frame bytes", frame.tobytes())
    # ok: frt102-face-data-logged-python
    print("frame shape", frame.shape, "faces", len(boxes))


def upload_view(request):
    data = request.files["selfie"].read()
    # ruleid: frt102-face-data-logged-python
    logging.info("selfie upload %r", data)

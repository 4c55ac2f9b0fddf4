from __future__ import annotations

from typing import Iterable

from frtlint.analysis.access import GrantAnalysis
from frtlint.analysis.facts import CallSite, Origin
from frtlint.analysis.project import Project
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.findings import Finding


class FaceOnlyAccess(Rule):
    """Access is granted on a face match alone, with no other way to the same grant.

    ## What it flags
    A statement that grants access — opens a door, gate, lock or turnstile (a project
    function such as `unlock()`/`open_door()`, `RPi.GPIO.output` driving a relay, a
    `gpiozero` output, any call on a motor/relay/servo/lock/pin object such as
    `motor.angle(85)` or `pi.write(17, 1)`), logs a user in (`login_user`,
    `django.contrib.auth.login`, `session["user_id"] = ...`, a success answer such as
    `return "Logged in"` or `jsonify({"authenticated": True})`), authorises a payment
    (`confirm_payment`, also bound to a button or run as a thread callback), or marks a
    person present (`mark_attendance`, `clock_in`, an SQL insert, an append to an
    attendance file, an HTTP post to a service whose URL or answer says attendance)
    — reached from a face match (inside `if True in matches:`, after
    `if not result["verified"]: return`, in a loop over recognised names, on a flag or
    name set where a face matched (`authorized = True`, `if name != "Unknown":`), on
    a template distance (`cosine(known, probe) < 0.4`), on what a project helper
    returned about the match, or called with the matched identity or a recognition
    record such as `{"entity": who, "similarity": score}`), when the project
    offers no non-face way to the same grant. A fallback is another call of the same
    grant reached without a face match: a keypad PIN, an RFID/NFC card, a QR code, a
    password login route, a staff or remote-owner action. It must be offered by the
    same program: a card reader in another script, a hardware self-test, or a re-lock
    in the no-match branch is no fallback. Face *plus* a second factor (face after a
    password, face and PIN in one condition, a `@login_required` view) is not
    face-only. The finding points at the granting statement in the face branch, not
    at the `if`; a message saying access was granted is reported only when no
    stronger grant shares its branch.

    "The same grant" means the same function on the same target: a PIN that silences
    an alarm is no fallback for the door.

    ## Why
    Draft Article 14 forbids building managers from making face recognition the only
    way in or out; Article 4 asks to prefer non-biometric methods that reach the same
    goal, and Article 9 forbids forcing people into face verification (2025 Measures
    Article 10: where other methods work, the face must not be the only option).
    People who cannot or do not want to use their face must still get in.

    ## Example
    ```python
    if True in face_recognition.compare_faces(known, encoding):
        unlock()
    ```

    ## Use instead
    ```python
    if True in face_recognition.compare_faces(known, encoding):
        unlock()
    elif keypad.read_code() == settings.PIN:
        unlock()
    ```

    ## Options
    `[tool.frtlint.catalog] grants = ["myapp.door.release"]` names your granting
    functions; `fallbacks = ["check_badge"]` your non-face credential checks.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Articles 4, 9 and 14: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT401"
    name = "face-only-access"
    severity = "error"
    draft_articles = ("14", "4", "9")
    measures_articles = ("10",)
    summary = "access granted on a face match with no non-face fallback"
    security_severity = 7.0

    VALID = [
        Valid(
            "import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef on_frame(known, enc, code):\n"
            "    if True in fr.compare_faces(known, enc):\n        unlock()\n    elif code == PIN:\n        unlock()\n",
            "keypad PIN reaches the same unlock",
        ),
        Valid(
            "import face_recognition as fr\nfrom flask_login import login_user\n\ndef face_login(user, known, enc):\n"
            "    if fr.compare_faces([known], enc)[0]:\n        login_user(user)\n\n"
            "def password_login(user, pw):\n    if user.check_password(pw):\n        login_user(user)\n",
            "password route logs the same user in",
        ),
        Valid(
            "import face_recognition as fr\nfrom flask_login import login_user\n\ndef login(user, pw, known, enc):\n"
            "    if not check_password_hash(user.pw_hash, pw):\n        return\n"
            "    if fr.compare_faces([known], enc)[0]:\n        login_user(user)\n",
            "face after a password: second factor",
        ),
        Valid(
            "import face_recognition as fr\n\ndef open_door():\n    pass\n\ndef f(known, enc, pin_ok):\n"
            "    if pin_ok and True in fr.compare_faces(known, enc):\n        open_door()\n",
            "face plus PIN",
        ),
        Valid("import face_recognition as fr\n\ndef f(known, enc):\n    if True in fr.compare_faces(known, enc):\n        print('hello')\n", "no grant"),
        Valid("def unlock():\n    pass\n\ndef on_card(uid):\n    if uid in ALLOWED:\n        unlock()\n", "no face at all"),
        Valid(
            "import face_recognition as fr\nimport RPi.GPIO as GPIO\n\ndef open_door():\n    GPIO.output(17, GPIO.HIGH)\n\n"
            "def face(known, enc):\n    if True in fr.compare_faces(known, enc):\n        open_door()\n\n"
            "def rfid_loop(reader):\n    if reader.read_id() in CARDS:\n        open_door()\n",
            "RFID path",
        ),
        Valid(
            "from deepface import DeepFace\n\ndef mark_attendance(name):\n    pass\n\ndef desk(img):\n"
            "    r = DeepFace.verify(img, 'ref.jpg')\n    if r['verified']:\n        mark_attendance('ann')\n\n"
            "def roll_call(name):\n    mark_attendance(name)\n",
            "manual roll call marks attendance too",
        ),
        Valid(
            "import face_recognition as fr\n\nclass Door:\n    def unlock(self):\n        pass\n\n    def on_face(self, known, enc):\n"
            "        if True in fr.compare_faces(known, enc):\n            self.unlock()\n\n    def on_keypad(self, code):\n"
            "        if code == self.pin:\n            self.unlock()\n",
            "methods",
        ),
        Valid(
            "import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef f(known, enc):\n    if True in fr.compare_faces(known, enc):\n"
            "        unlock()\n\n@app.route('/remote-unlock', methods=['POST'])\ndef remote():\n    unlock()\n",
            "remote owner action",
        ),
        Valid(
            "from deepface import DeepFace\n\ndef f(img):\n    r = DeepFace.verify(img, 'ref.jpg')\n    if not r['verified']:\n        alarm()\n",
            "a denial is not a grant",
        ),
        Valid("import face_recognition as fr\n\ndef f(img):\n    boxes = fr.face_locations(img)\n    if boxes:\n        unlock()\n", "detection is not a match"),
        Valid(
            "import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef f(known, enc):\n    if True in fr.compare_faces(known, enc):\n        unlock()\n\n"
            "def on_qr(payload):\n    if verify_qr(payload):\n        unlock()\n",
            "QR code",
        ),
        Valid(
            "from deepface import DeepFace\n\ndef login_user(u):\n    pass\n\ndef otp_login(u, code):\n    if totp_ok(u, code):\n        login_user(u)\n\n"
            "def face_login(u, img):\n    if DeepFace.verify(img, u.ref)['verified']:\n        login_user(u)\n",
            "OTP login",
        ),
        Valid(
            "import face_recognition as fr\n\ndef f(known, enc):\n    names = [n for n, m in zip(NAMES, fr.compare_faces(known, enc)) if m]\n    print(names)\n",
            "recognised names only printed",
        ),
        Valid(
            "import face_recognition as fr\n\ndef unlock():\n    relay.on()\n\ndef on_frame(known, names, enc):\n    name = \"Unknown\"\n    matches = fr.compare_faces(known, enc)\n    if True in matches:\n        name = names[matches.index(True)]\n    if name == \"Unknown\":\n        print(\"who is it?\")\n    else:\n        unlock()\n\ndef on_card(uid):\n    if uid in CARDS:\n        unlock()\n",
            "`name == 'Unknown'` else-branch unlocks, and an RFID card unlocks too",
        ),
        Valid("import face_recognition as fr\n\ndef f(frame_lock, known, enc):\n    if True in fr.compare_faces(known, enc):\n        frame_lock.acquire()\n        print(\"hello\")\n        frame_lock.release()\n", "a thread lock is no door lock"),
        Valid("import face_recognition as fr\n\ndef face_login(known, enc):\n    if fr.compare_faces([known], enc)[0]:\n        return \"Logged in\"\n    return \"Try again\"\n\ndef password_login(user, pw):\n    if check_password(user, pw):\n        return \"Logged in\"\n    return \"Try again\"\n", "the password route answers with the same success"),
        Valid("import face_recognition as fr\n\ndef f(known, names, enc):\n    matches = fr.compare_faces(known, enc)\n    name = \"Unknown\"\n    if True in matches:\n        name = names[matches.index(True)]\n    label.configure(text=f\"Welcome {name}\")\n    print(\"Recognised\", name)\n", "a recognised name shown on screen is not a grant"),
        Valid("import face_recognition as fr\n\nclass Gate:\n    def update(self, ok):\n        self.history.append(ok)\n\ndef step(gate, known, enc):\n    hit = True in fr.compare_faces(known, enc)\n    gate.update(hit)\n", "a project object named `gate` whose method grants nothing"),
        Valid("import requests\n\ndef report(person_id, score, url):\n    requests.post(url, json={\"entity\": person_id, \"similarity\": score})\n", "a recognition record posted to a service that marks nothing"),
    ]
    INVALID = [
        Invalid(
            "import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef f(known, enc):\n    if True in fr.compare_faces(known, enc):\n        unlock()\n",
            8, 9, "door without keypad",
        ),
        Invalid(
            "import face_recognition\nimport RPi.GPIO as GPIO\n\ndef f(known, enc):\n    matches = face_recognition.compare_faces(known, enc)\n"
            "    if True in matches:\n        GPIO.output(18, GPIO.HIGH)\n",
            7, 9, "GPIO relay",
        ),
        Invalid(
            "import face_recognition as fr\nfrom flask_login import login_user\n\ndef face_login(user, known, enc):\n"
            "    if fr.compare_faces([known], enc)[0]:\n        login_user(user)\n",
            6, 9, "Flask face login only",
        ),
        Invalid(
            "from deepface import DeepFace\nfrom flask import session\n\ndef login(uid, img, ref):\n"
            "    if not DeepFace.verify(img, ref)['verified']:\n        return 'no'\n    session['user_id'] = uid\n",
            7, 5, "session set after a face check",
        ),
        Invalid(
            "import cv2\n\nrec = cv2.face.LBPHFaceRecognizer_create()\n\ndef mark_attendance(n):\n    pass\n\n"
            "def desk(face):\n    label, conf = rec.predict(face)\n    if conf < 60:\n        mark_attendance(label)\n",
            11, 9, "LBPH attendance",
        ),
        Invalid(
            "import face_recognition as fr\n\ndef open_door():\n    pass\n\ndef alarm_off():\n    pass\n\ndef f(known, enc, code):\n"
            "    if True in fr.compare_faces(known, enc):\n        open_door()\n    if code == PIN:\n        alarm_off()\n",
            11, 9, "a PIN for the alarm is no fallback for the door",
        ),
        Invalid(
            "import face_recognition as fr\n\nclass Door:\n    def unlock(self):\n        pass\n\n    def on_face(self, known, enc):\n"
            "        if True in fr.compare_faces(known, enc):\n            self.unlock()\n",
            9, 13, "method",
        ),
        Invalid(
            "import boto3\nrek = boto3.client('rekognition')\n\ndef clock_in(emp):\n    pass\n\ndef f(data):\n"
            "    r = rek.search_faces_by_image(CollectionId='staff', Image={'Bytes': data})\n    if r['FaceMatches']:\n"
            "        clock_in(r['FaceMatches'][0]['Face']['ExternalImageId'])\n",
            10, 9, "Rekognition clock-in",
        ),
        Invalid(
            "from aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\ndef mark_present(u):\n    pass\n\ndef f(img):\n"
            "    best = client.search(img, 'BASE64', 'g')['result']['user_list'][0]\n    if best['score'] >= 80:\n        mark_present(best['user_id'])\n",
            10, 9, "Baidu score",
        ),
        Invalid(
            "import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef on_match(name):\n    print(name)\n    unlock()\n\n"
            "def f(known, enc):\n    if True in fr.compare_faces(known, enc):\n        on_match('x')\n",
            12, 9, "grant through a project wrapper",
        ),
        Invalid(
            "import face_recognition as fr\n\ndef mark_attendance(n):\n    pass\n\ndef f(known, names, enc):\n"
            "    d = fr.face_distance(known, enc)\n    name = names[d.argmin()]\n    mark_attendance(name)\n",
            9, 5, "called with the matched identity",
        ),
        Invalid(
            "from deepface import DeepFace\n\ndef open_gate():\n    pass\n\ndef f(img):\n    df = DeepFace.find(img, db_path='db')\n"
            "    for identity in df[0]['identity']:\n        open_gate()\n",
            9, 9, "loop over identified people",
        ),
        Invalid(
            "import face_recognition as fr\nfrom gpiozero import OutputDevice\nlock = OutputDevice(17)\n\ndef f(known, enc):\n"
            "    if any(fr.compare_faces(known, enc)):\n        lock.on()\n",
            7, 9, "gpiozero",
        ),
        Invalid(
            "import face_recognition as fr\nfrom django.contrib.auth import login\n\ndef view(request, user, known, enc):\n"
            "    if fr.compare_faces([known], enc)[0]:\n        login(request, user)\n",
            6, 9, "Django login",
        ),
        Invalid(
            "import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef f(known, enc):\n    matched = lambda: True in fr.compare_faces(known, enc)\n"
            "    if True in fr.compare_faces(known, enc):\n        unlock()\n\ndef g():\n    if check_battery():\n        pass\n",
            9, 9, "no fallback anywhere",
        ),
        Invalid(
            "import face_recognition as fr\n\ndef unlock_door():\n    pass\n\ndef main(known, enc):\n    dist = fr.face_distance(known, enc)\n"
            "    if min(dist) < 0.5:\n        unlock_door()\n\nif __name__ == '__main__':\n    main([], None)\n",
            9, 9, "distance threshold; the script entry is no fallback",
        ),
        Invalid(
            "import sqlite3, cv2\nrec = cv2.face.LBPHFaceRecognizer_create()\n\ndef take(gray, db):\n    label, dist = rec.predict(gray)\n"
            "    if dist < 60:\n        db.execute('UPDATE attendance SET present = 1 WHERE roll = ?', (label,))\n",
            7, 9, "attendance marked in SQL",
        ),
        Invalid("import face_recognition as fr\n\ndef loop(pi, known, encodings):\n    authorized = False\n    for enc in encodings:\n        for hit in fr.compare_faces(known, enc):\n            if not hit:\n                continue\n            authorized = True\n    if authorized:\n        pi.write(17, 1)\n", 11, 9, "flag set in the match loop, tested later; a pigpio write"),
        Invalid("import face_recognition as fr\n\ndef door(motor, known, names, enc):\n    motor.angle(-85)\n    name = \"Unknown\"\n    matches = fr.compare_faces(known, enc)\n    if True in matches:\n        name = names[matches.index(True)]\n    if name != \"Unknown\":\n        motor.angle(85)\n", 10, 9, "name other than 'Unknown' turns the motor; the opposite angle is no fallback"),
        Invalid("import face_recognition as fr\n\ndef login_check(known, enc):\n    if fr.compare_faces([known], enc)[0]:\n        return \"Successfully logged in\"\n    return \"Login failed\"\n", 5, 9, "login helper answers success on a face match"),
        Invalid("from scipy.spatial.distance import cosine\nimport face_recognition as fr\nfrom flask import jsonify\n\ndef verify(stored, img):\n    probe = fr.face_encodings(img)[0]\n    if cosine(stored, probe) < 0.4:\n        return jsonify({\"authenticated\": True})\n    return jsonify({\"authenticated\": False})\n", 8, 16, "cosine distance of templates decides a verify response"),
        Invalid("import cv2\n\nATTENDANCE_FILE = \"attendance.csv\"\nrec = cv2.face.LBPHFaceRecognizer_create()\n\ndef start():\n    with open(ATTENDANCE_FILE, \"w\") as f:\n        f.write(\"id\\n\")\n\ndef take(face):\n    label, conf = rec.predict(face)\n    if conf < 70:\n        with open(ATTENDANCE_FILE, \"a\") as f:\n            f.write(f\"{label}\\n\")\n", 13, 14, "attendance file appended to; creating its header is no fallback"),
        Invalid("import threading\nimport face_recognition as fr\n\ndef unlock():\n    relay.on()\n\ndef on_frame(known, enc):\n    if True in fr.compare_faces(known, enc):\n        threading.Thread(target=unlock).start()\n", 9, 9, "grant run as a thread callback"),
        Invalid("import face_recognition as fr\n\ndef confirm_payment(user):\n    pass\n\ndef on_frame(button, user, known, enc):\n    if True in fr.compare_faces(known, enc):\n        button.configure(command=lambda: confirm_payment(user))\n", 8, 42, "payment bound to a button in the face branch"),
        Invalid("import face_recognition as fr\n\nclass Door:\n    def __init__(self, pi):\n        self.pi = pi\n        self.wanted = False\n\n    def _apply(self):\n        self.pi.write(17, 1 if self.wanted else 0)\n\n    def toggle_on(self):\n        self.wanted = True\n        self._apply()\n\n    def toggle_off(self):\n        self.wanted = False\n        self._apply()\n\ndef step(door, known, enc):\n    if True in fr.compare_faces(known, enc):\n        door.toggle_on()\n    else:\n        door.toggle_off()\n", 21, 9, "re-locking in the no-match branch is no fallback"),
        Invalid("import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef f(known, enc):\n    if True in fr.compare_faces(known, enc):\n        unlock()\n        print(\"Access granted\")\n", 8, 9, "one finding: the message repeats the unlock"),
        Invalid("import boto3\n\ndef unlock():\n    pass\n\ndef who_is_it(image):\n    client = boto3.client(\"rekognition\")\n    found = client.search_faces_by_image(CollectionId=\"home\", Image={\"Bytes\": image})\n    if found[\"FaceMatches\"]:\n        return found[\"FaceMatches\"][0][\"Face\"][\"ExternalImageId\"]\n    return None\n\ndef on_ring(image):\n    person = who_is_it(image)\n    if person is not None:\n        unlock()\n", 16, 9, "a helper returns who matched; the caller unlocks on it"),
        Invalid("import face_recognition as fr\n\ndef f(known, enc, relay):\n    ok = False\n    for hit in fr.compare_faces(known, enc):\n        if hit: ok = True\n    if ok: relay.on()\n", 7, 12, "one-line bodies: flag set and tested"),
        Invalid("import requests\n\ndef report(person_id, score, url):\n    payload = {\"entity\": person_id, \"similarity\": score}\n    answer = requests.post(url, json=payload)\n    if answer.json().get(\"status\", \"\").endswith(\"Attendance Successfully Marked\"):\n        print(\"sent\")\n", 5, 14, "a recognition record posted to a service that answers 'attendance marked'"),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        analysis = GrantAnalysis.of(project)
        for module, function, call in analysis.decisions():
            if analysis.has_fallback(module, function, call):
                continue
            guard = next((g for g in call.guards if g.face), None)
            evidence = [Origin(guard.line, 1, "face match decided here")] if guard else []
            yield self.finding(
                module,
                call.span,
                f"{_label(call)} grants access on a face match alone; offer a non-face way (PIN, card, password, staff) to the same grant",
                function,
                call.text,
                evidence,
            )


def _label(call: CallSite) -> str:
    if call.name in ("execute", "executemany") and isinstance(call.literals.get("0"), str):
        return f"{call.name}({call.literals['0'].split()[0]} ...)"
    if call.session_key is not None:
        return f"session[{call.session_key!r}] = ..."
    if call.callee == "return":
        return call.text[:60]
    if call.method and call.receiver:
        return f"{call.receiver.split('.')[-1]}.{call.name}()"
    return f"{call.name}()"

from __future__ import annotations

from typing import Iterable

from frtlint.analysis.access import GrantAnalysis, face_match_evidence
from frtlint.analysis.facts import CallSite
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
    security_severity = 7.0

    VALID = [
        Valid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def on_frame(known, enc, code):
                if True in fr.compare_faces(known, enc):
                    unlock()
                elif code == PIN:
                    unlock()
            """,
            note="keypad PIN reaches the same unlock",
        ),
        Valid(
            """
            import face_recognition as fr
            from flask_login import login_user

            def face_login(user, known, enc):
                if fr.compare_faces([known], enc)[0]:
                    login_user(user)

            def password_login(user, pw):
                if user.check_password(pw):
                    login_user(user)
            """,
            note="password route logs the same user in",
        ),
        Valid(
            """
            import face_recognition as fr
            from flask_login import login_user

            def login(user, pw, known, enc):
                if not check_password_hash(user.pw_hash, pw):
                    return
                if fr.compare_faces([known], enc)[0]:
                    login_user(user)
            """,
            note="face after a password: second factor",
        ),
        Valid(
            """
            import face_recognition as fr

            def open_door():
                pass

            def f(known, enc, pin_ok):
                if pin_ok and True in fr.compare_faces(known, enc):
                    open_door()
            """,
            note="face plus PIN",
        ),
        Valid(
            """
            import face_recognition as fr

            def f(known, enc):
                if True in fr.compare_faces(known, enc):
                    print('hello')
            """,
            note="no grant",
        ),
        Valid(
            """
            def unlock():
                pass

            def on_card(uid):
                if uid in ALLOWED:
                    unlock()
            """,
            note="no face at all",
        ),
        Valid(
            """
            import face_recognition as fr
            import RPi.GPIO as GPIO

            def open_door():
                GPIO.output(17, GPIO.HIGH)

            def face(known, enc):
                if True in fr.compare_faces(known, enc):
                    open_door()

            def rfid_loop(reader):
                if reader.read_id() in CARDS:
                    open_door()
            """,
            note="RFID path",
        ),
        Valid(
            """
            from deepface import DeepFace

            def mark_attendance(name):
                pass

            def desk(img):
                r = DeepFace.verify(img, 'ref.jpg')
                if r['verified']:
                    mark_attendance('ann')

            def roll_call(name):
                mark_attendance(name)
            """,
            note="manual roll call marks attendance too",
        ),
        Valid(
            """
            import face_recognition as fr

            class Door:
                def unlock(self):
                    pass

                def on_face(self, known, enc):
                    if True in fr.compare_faces(known, enc):
                        self.unlock()

                def on_keypad(self, code):
                    if code == self.pin:
                        self.unlock()
            """,
            note="methods",
        ),
        Valid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def f(known, enc):
                if True in fr.compare_faces(known, enc):
                    unlock()

            @app.route('/remote-unlock', methods=['POST'])
            def remote():
                unlock()
            """,
            note="remote owner action",
        ),
        Valid(
            """
            from deepface import DeepFace

            def f(img):
                r = DeepFace.verify(img, 'ref.jpg')
                if not r['verified']:
                    alarm()
            """,
            note="a denial is not a grant",
        ),
        Valid(
            """
            import face_recognition as fr

            def f(img):
                boxes = fr.face_locations(img)
                if boxes:
                    unlock()
            """,
            note="detection is not a match",
        ),
        Valid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def f(known, enc):
                if True in fr.compare_faces(known, enc):
                    unlock()

            def on_qr(payload):
                if verify_qr(payload):
                    unlock()
            """,
            note="QR code",
        ),
        Valid(
            """
            from deepface import DeepFace

            def login_user(u):
                pass

            def otp_login(u, code):
                if totp_ok(u, code):
                    login_user(u)

            def face_login(u, img):
                if DeepFace.verify(img, u.ref)['verified']:
                    login_user(u)
            """,
            note="OTP login",
        ),
        Valid(
            """
            import face_recognition as fr

            def f(known, enc):
                names = [n for n, m in zip(NAMES, fr.compare_faces(known, enc)) if m]
                print(names)
            """,
            note="recognised names only printed",
        ),
        Valid(
            """
            import face_recognition as fr

            def unlock():
                relay.on()

            def on_frame(known, names, enc):
                name = "Unknown"
                matches = fr.compare_faces(known, enc)
                if True in matches:
                    name = names[matches.index(True)]
                if name == "Unknown":
                    print("who is it?")
                else:
                    unlock()

            def on_card(uid):
                if uid in CARDS:
                    unlock()
            """,
            note="`name == 'Unknown'` else-branch unlocks, and an RFID card unlocks too",
        ),
        Valid(
            """
            import face_recognition as fr

            def f(frame_lock, known, enc):
                if True in fr.compare_faces(known, enc):
                    frame_lock.acquire()
                    print("hello")
                    frame_lock.release()
            """,
            note="a thread lock is no door lock",
        ),
        Valid(
            """
            import face_recognition as fr

            def face_login(known, enc):
                if fr.compare_faces([known], enc)[0]:
                    return "Logged in"
                return "Try again"

            def password_login(user, pw):
                if check_password(user, pw):
                    return "Logged in"
                return "Try again"
            """,
            note="the password route answers with the same success",
        ),
        Valid(
            """
            import face_recognition as fr

            def f(known, names, enc):
                matches = fr.compare_faces(known, enc)
                name = "Unknown"
                if True in matches:
                    name = names[matches.index(True)]
                label.configure(text=f"Welcome {name}")
                print("Recognised", name)
            """,
            note="a recognised name shown on screen is not a grant",
        ),
        Valid(
            """
            import face_recognition as fr

            class Gate:
                def update(self, ok):
                    self.history.append(ok)

            def step(gate, known, enc):
                hit = True in fr.compare_faces(known, enc)
                gate.update(hit)
            """,
            note="a project object named `gate` whose method grants nothing",
        ),
        Valid(
            """
            import requests

            def report(person_id, score, url):
                requests.post(url, json={"entity": person_id, "similarity": score})
            """,
            note="a recognition record posted to a service that marks nothing",
        ),
    ]
    INVALID = [
        Invalid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def f(known, enc):
                if True in fr.compare_faces(known, enc):
                    unlock()
            """,
            line=8, column=9, note="door without keypad",
        ),
        Invalid(
            """
            import face_recognition
            import RPi.GPIO as GPIO

            def f(known, enc):
                matches = face_recognition.compare_faces(known, enc)
                if True in matches:
                    GPIO.output(18, GPIO.HIGH)
            """,
            line=7, column=9, note="GPIO relay",
        ),
        Invalid(
            """
            import face_recognition as fr
            from flask_login import login_user

            def face_login(user, known, enc):
                if fr.compare_faces([known], enc)[0]:
                    login_user(user)
            """,
            line=6, column=9, note="Flask face login only",
        ),
        Invalid(
            """
            from deepface import DeepFace
            from flask import session

            def login(uid, img, ref):
                if not DeepFace.verify(img, ref)['verified']:
                    return 'no'
                session['user_id'] = uid
            """,
            line=7, column=5, note="session set after a face check",
        ),
        Invalid(
            """
            import cv2

            rec = cv2.face.LBPHFaceRecognizer_create()

            def mark_attendance(n):
                pass

            def desk(face):
                label, conf = rec.predict(face)
                if conf < 60:
                    mark_attendance(label)
            """,
            line=11, column=9, note="LBPH attendance",
        ),
        Invalid(
            """
            import face_recognition as fr

            def open_door():
                pass

            def alarm_off():
                pass

            def f(known, enc, code):
                if True in fr.compare_faces(known, enc):
                    open_door()
                if code == PIN:
                    alarm_off()
            """,
            line=11, column=9, note="a PIN for the alarm is no fallback for the door",
        ),
        Invalid(
            """
            import face_recognition as fr

            class Door:
                def unlock(self):
                    pass

                def on_face(self, known, enc):
                    if True in fr.compare_faces(known, enc):
                        self.unlock()
            """,
            line=9, column=13, note="method",
        ),
        Invalid(
            """
            import boto3
            rek = boto3.client('rekognition')

            def clock_in(emp):
                pass

            def f(data):
                r = rek.search_faces_by_image(CollectionId='staff', Image={'Bytes': data})
                if r['FaceMatches']:
                    clock_in(r['FaceMatches'][0]['Face']['ExternalImageId'])
            """,
            line=10, column=9, note="Rekognition clock-in",
        ),
        Invalid(
            """
            from aip import AipFace
            client = AipFace('a', 'b', 'c')

            def mark_present(u):
                pass

            def f(img):
                best = client.search(img, 'BASE64', 'g')['result']['user_list'][0]
                if best['score'] >= 80:
                    mark_present(best['user_id'])
            """,
            line=10, column=9, note="Baidu score",
        ),
        Invalid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def on_match(name):
                print(name)
                unlock()

            def f(known, enc):
                if True in fr.compare_faces(known, enc):
                    on_match('x')
            """,
            line=12, column=9, note="grant through a project wrapper",
        ),
        Invalid(
            """
            import face_recognition as fr

            def mark_attendance(n):
                pass

            def f(known, names, enc):
                d = fr.face_distance(known, enc)
                name = names[d.argmin()]
                mark_attendance(name)
            """,
            line=9, column=5, note="called with the matched identity",
        ),
        Invalid(
            """
            from deepface import DeepFace

            def open_gate():
                pass

            def f(img):
                df = DeepFace.find(img, db_path='db')
                for identity in df[0]['identity']:
                    open_gate()
            """,
            line=9, column=9, note="loop over identified people",
        ),
        Invalid(
            """
            import face_recognition as fr
            from gpiozero import OutputDevice
            lock = OutputDevice(17)

            def f(known, enc):
                if any(fr.compare_faces(known, enc)):
                    lock.on()
            """,
            line=7, column=9, note="gpiozero",
        ),
        Invalid(
            """
            import face_recognition as fr
            from django.contrib.auth import login

            def view(request, user, known, enc):
                if fr.compare_faces([known], enc)[0]:
                    login(request, user)
            """,
            line=6, column=9, note="Django login",
        ),
        Invalid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def f(known, enc):
                matched = lambda: True in fr.compare_faces(known, enc)
                if True in fr.compare_faces(known, enc):
                    unlock()

            def g():
                if check_battery():
                    pass
            """,
            line=9, column=9, note="no fallback anywhere",
        ),
        Invalid(
            """
            import face_recognition as fr

            def unlock_door():
                pass

            def main(known, enc):
                dist = fr.face_distance(known, enc)
                if min(dist) < 0.5:
                    unlock_door()

            if __name__ == '__main__':
                main([], None)
            """,
            line=9, column=9, note="distance threshold; the script entry is no fallback",
        ),
        Invalid(
            """
            import sqlite3, cv2
            rec = cv2.face.LBPHFaceRecognizer_create()

            def take(gray, db):
                label, dist = rec.predict(gray)
                if dist < 60:
                    db.execute('UPDATE attendance SET present = 1 WHERE roll = ?', (label,))
            """,
            line=7, column=9, note="attendance marked in SQL",
        ),
        Invalid(
            """
            import face_recognition as fr

            def loop(pi, known, encodings):
                authorized = False
                for enc in encodings:
                    for hit in fr.compare_faces(known, enc):
                        if not hit:
                            continue
                        authorized = True
                if authorized:
                    pi.write(17, 1)
            """,
            line=11, column=9, note="flag set in the match loop, tested later; a pigpio write",
        ),
        Invalid(
            """
            import face_recognition as fr

            def door(motor, known, names, enc):
                motor.angle(-85)
                name = "Unknown"
                matches = fr.compare_faces(known, enc)
                if True in matches:
                    name = names[matches.index(True)]
                if name != "Unknown":
                    motor.angle(85)
            """,
            line=10, column=9, note="name other than 'Unknown' turns the motor; the opposite angle is no fallback",
        ),
        Invalid(
            """
            import face_recognition as fr

            def login_check(known, enc):
                if fr.compare_faces([known], enc)[0]:
                    return "Successfully logged in"
                return "Login failed"
            """,
            line=5, column=9, note="login helper answers success on a face match",
        ),
        Invalid(
            """
            from scipy.spatial.distance import cosine
            import face_recognition as fr
            from flask import jsonify

            def verify(stored, img):
                probe = fr.face_encodings(img)[0]
                if cosine(stored, probe) < 0.4:
                    return jsonify({"authenticated": True})
                return jsonify({"authenticated": False})
            """,
            line=8, column=16, note="cosine distance of templates decides a verify response",
        ),
        Invalid(
            r"""
            import cv2

            ATTENDANCE_FILE = "attendance.csv"
            rec = cv2.face.LBPHFaceRecognizer_create()

            def start():
                with open(ATTENDANCE_FILE, "w") as f:
                    f.write("id\n")

            def take(face):
                label, conf = rec.predict(face)
                if conf < 70:
                    with open(ATTENDANCE_FILE, "a") as f:
                        f.write(f"{label}\n")
            """,
            line=13, column=14, note="attendance file appended to; creating its header is no fallback",
        ),
        Invalid(
            """
            import threading
            import face_recognition as fr

            def unlock():
                relay.on()

            def on_frame(known, enc):
                if True in fr.compare_faces(known, enc):
                    threading.Thread(target=unlock).start()
            """,
            line=9, column=9, note="grant run as a thread callback",
        ),
        Invalid(
            """
            import face_recognition as fr

            def confirm_payment(user):
                pass

            def on_frame(button, user, known, enc):
                if True in fr.compare_faces(known, enc):
                    button.configure(command=lambda: confirm_payment(user))
            """,
            line=8, column=42, note="payment bound to a button in the face branch",
        ),
        Invalid(
            """
            import face_recognition as fr

            class Door:
                def __init__(self, pi):
                    self.pi = pi
                    self.wanted = False

                def _apply(self):
                    self.pi.write(17, 1 if self.wanted else 0)

                def toggle_on(self):
                    self.wanted = True
                    self._apply()

                def toggle_off(self):
                    self.wanted = False
                    self._apply()

            def step(door, known, enc):
                if True in fr.compare_faces(known, enc):
                    door.toggle_on()
                else:
                    door.toggle_off()
            """,
            line=21, column=9, note="re-locking in the no-match branch is no fallback",
        ),
        Invalid(
            """
            import face_recognition as fr

            def unlock():
                pass

            def f(known, enc):
                if True in fr.compare_faces(known, enc):
                    unlock()
                    print("Access granted")
            """,
            line=8, column=9, note="one finding: the message repeats the unlock",
        ),
        Invalid(
            """
            import boto3

            def unlock():
                pass

            def who_is_it(image):
                client = boto3.client("rekognition")
                found = client.search_faces_by_image(CollectionId="home", Image={"Bytes": image})
                if found["FaceMatches"]:
                    return found["FaceMatches"][0]["Face"]["ExternalImageId"]
                return None

            def on_ring(image):
                person = who_is_it(image)
                if person is not None:
                    unlock()
            """,
            line=16, column=9, note="a helper returns who matched; the caller unlocks on it",
        ),
        Invalid(
            """
            import face_recognition as fr

            def f(known, enc, relay):
                ok = False
                for hit in fr.compare_faces(known, enc):
                    if hit: ok = True
                if ok: relay.on()
            """,
            line=7, column=12, note="one-line bodies: flag set and tested",
        ),
        Invalid(
            """
            import requests

            def report(person_id, score, url):
                payload = {"entity": person_id, "similarity": score}
                answer = requests.post(url, json=payload)
                if answer.json().get("status", "").endswith("Attendance Successfully Marked"):
                    print("sent")
            """,
            line=5, column=14, note="a recognition record posted to a service that answers 'attendance marked'",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        analysis = GrantAnalysis.of(project)
        for module, function, call in analysis.decisions():
            if analysis.has_fallback(module, function, call):
                continue
            yield self.call_finding(
                module,
                call,
                f"{_label(call)} grants access on a face match alone; offer a non-face way (PIN, card, password, staff) to the same grant",
                function=function,
                evidence=face_match_evidence(call),
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

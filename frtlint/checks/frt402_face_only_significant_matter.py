from __future__ import annotations

import re
from typing import Any, Dict, Iterable, Optional, Set, Tuple

from frtlint.analysis.access import GrantAnalysis, _written_table, face_match_evidence
from frtlint.analysis.facts import CallSite, FunctionFacts, ModuleFacts
from frtlint.analysis.project import FunctionKey, Project
from frtlint.checks.base import Invalid, Rule, Valid
from frtlint.checks.scenario_markers import SignificantMatters, significant_matters
from frtlint.errors import ConfigError
from frtlint.findings import Finding

_WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CALLER_DEPTH = 4  # how far up the project's callers a manual review is looked for


class FaceOnlySignificantMatter(Rule):
    """A matter of significant personal interest is decided by face verification alone.

    ## What it flags
    An operation of significant personal interest — paying out a benefit, pension,
    subsidy or social assistance, disbursing a loan, transferring property or a deed,
    a large payment or withdrawal — performed on a face match (inside
    `if DeepFace.verify(...)["verified"]:`, after `if not match: return`, on what a
    project helper returned about the match) when no manual review is on its path.
    The operation is a call named like one (`disburse_pension(user)`,
    `transfer_property(deed, buyer)`), a project function that performs one, an HTTP
    call whose URL says so (`requests.post(".../pension/payout")`) or an SQL write to
    a table named like one (`UPDATE subsidy_claims ...`). A manual review is a call,
    queue, flag or decorator named like one (`manual_review`, `review_queue.put`,
    `claim.approved_by_staff`, `@requires_review`) in a condition on the way to the
    operation, earlier in the same function, or in a project caller on the way in.
    The finding points at the statement that performs the operation.

    ## Why
    Draft Article 12: in matters of significant personal interest such as social
    assistance and the disposal of real estate, face recognition may not replace
    manual identity verification; it may only assist it. A spoofed or mistaken match
    must not pay out someone's pension or sign away their home.

    ## Example
    ```python
    if DeepFace.verify(selfie, id_photo)["verified"]:
        disburse_pension(claimant)
    ```

    ## Use instead
    ```python
    if DeepFace.verify(selfie, id_photo)["verified"]:
        manual_review_queue.put(claim)  # an officer confirms before the payout
    ```

    ## Options
    The vocabulary lives in `frtlint/catalog/markers.toml` (`[significant-matters]`).
    `[tool.frtlint.rules.FRT402] operations = ["grant_housing"]` names your own
    operations; `reviews = ["officer_sign_off"]` your own manual review steps.

    ## References
    - Draft Provisions (CAC, 2023-08-08), Article 12: http://www.cac.gov.cn/2023-08/08/c_1693064670537413.htm
    """

    id = "FRT402"
    name = "face-only-significant-matter"
    severity = "error"
    draft_articles = ("12",)
    measures_articles = ()
    security_severity = 7.5
    skip_tests = True
    options: Dict[str, Any] = {"operations": [], "reviews": []}

    VALID = [
        Valid(
            "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n"
            "        manual_review_queue.put(claim)\n",
            "the match only queues the claim for an officer",
        ),
        Valid(
            "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    if claim.approved_by_staff and DeepFace.verify(img, ref)['verified']:\n"
            "        disburse_pension(claim.user)\n",
            "a staff approval flag guards the payout",
        ),
        Valid(
            "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    request_manual_review(claim)\n"
            "    if DeepFace.verify(img, ref)['verified']:\n        disburse_pension(claim.user)\n",
            "a manual review earlier in the function",
        ),
        Valid(
            "import face_recognition as fr\n\ndef unlock():\n    pass\n\ndef on_card(uid):\n    if uid in CARDS:\n        unlock()\n\n"
            "def f(known, enc):\n    if True in fr.compare_faces(known, enc):\n        unlock()\n",
            "a door is no matter of significant personal interest",
        ),
        Valid("def pay(claim):\n    if claim.documents_ok:\n        disburse_pension(claim.user)\n", "no face decision at all"),
        Valid(
            "from deepface import DeepFace\n\ndef check(img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n        print('welcome')\n"
            "\ndef pay(claim):\n    disburse_pension(claim.user)\n",
            "the payout is not on the face branch",
        ),
        Valid(
            "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    if not DeepFace.verify(img, ref)['verified']:\n"
            "        return\n    if not officer_review(claim):\n        return\n    transfer_property(claim.deed, claim.buyer)\n"
            "\n@requires_review\ndef officer_review(claim):\n    return claim.ok\n",
            "an officer review after the match, before the transfer",
        ),
        Valid(
            "from deepface import DeepFace\n\n@app.route('/claims/<cid>/pay', methods=['POST'])\n@requires_review\ndef pay(cid, img, ref):\n"
            "    if DeepFace.verify(img, ref)['verified']:\n        disburse_benefit(cid)\n",
            "a review decorator on the route",
        ),
        Valid(
            "from deepface import DeepFace\n\ndef handle(claim, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n        settle(claim)\n\n"
            "def settle(claim):\n    if claim.human_review_passed:\n        disburse_pension(claim.user)\n",
            "the project function checks a human review before it pays",
        ),
        Valid(
            "from deepface import DeepFace\n\ndef counter(claim, img, ref):\n    ticket = staff_review(claim)\n    handle(claim, img, ref)\n\n"
            "def handle(claim, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n        disburse_pension(claim.user)\n",
            "the only caller puts the claim through staff review first",
        ),
        Valid(
            "import face_recognition as fr\n\ndef f(known, enc, log):\n    if True in fr.compare_faces(known, enc):\n        log.info('benefit office visitor recognised')\n",
            "a log line that mentions benefits performs nothing",
        ),
        Valid(
            "import requests\nfrom deepface import DeepFace\n\ndef f(img, ref, user):\n    if DeepFace.verify(img, ref)['verified']:\n"
            "        requests.post('https://example.org/api/attendance', json={'user': user})\n",
            "an HTTP call whose URL names no significant matter",
        ),
    ]
    INVALID = [
        Invalid(
            "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n        disburse_pension(claim.user)\n",
            5, 9, "pension paid on a DeepFace match",
        ),
        Invalid(
            "import face_recognition as fr\n\ndef release(known, enc, deed, buyer):\n    if True in fr.compare_faces([known], enc):\n"
            "        transfer_property(deed, buyer)\n",
            5, 9, "property transferred on a face_recognition match",
        ),
        Invalid(
            "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    if not DeepFace.verify(img, ref)['verified']:\n        return 'denied'\n"
            "    subsidy.pay_out(claim.user, claim.amount)\n",
            6, 5, "after an early return on a failed match",
        ),
        Invalid(
            "import requests\nfrom deepface import DeepFace\n\ndef pay(user, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n"
            "        requests.post('https://bank.example/api/pension/payout', json={'user': user})\n",
            6, 9, "a payout URL",
        ),
        Invalid(
            "from deepface import DeepFace\n\ndef pay(db, claim_id, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n"
            "        db.execute('UPDATE subsidy_claims SET paid = 1 WHERE id = ?', (claim_id,))\n",
            5, 9, "an SQL write to the subsidy claims",
        ),
        Invalid(
            "from deepface import DeepFace\n\ndef settle(claim):\n    disburse_benefit(claim.user)\n\n"
            "def handle(claim, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n        settle(claim)\n",
            8, 9, "a project function that performs the payout",
        ),
        Invalid(
            "import boto3\nrek = boto3.client('rekognition')\n\ndef f(data, amount):\n"
            "    r = rek.search_faces_by_image(CollectionId='pensioners', Image={'Bytes': data})\n    if r['FaceMatches']:\n"
            "        withdraw_pension(r['FaceMatches'][0]['Face']['ExternalImageId'], amount)\n",
            7, 9, "Rekognition look-up decides a withdrawal",
        ),
        Invalid(
            "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n        disburse_pension(claim.user)\n"
            "    manual_review_queue.put(claim)\n",
            5, 9, "a review queued after the money left is no review",
        ),
        Invalid(
            "import face_recognition as fr\n\ndef is_claimant(known, enc):\n    return True in fr.compare_faces([known], enc)\n\n"
            "def pay(claim, known, enc):\n    if is_claimant(known, enc):\n        release_loan(claim.user)\n",
            8, 9, "a project helper answers the match",
        ),
        Invalid(
            "from deepface import DeepFace\n\nclass Office:\n    def pay(self, claim, img, ref):\n        if DeepFace.verify(img, ref)['verified']:\n"
            "            self.wallet.large_payment(claim.user, 50000)\n",
            6, 13, "a large payment from a method",
        ),
        Invalid(
            "from aip import AipFace\nclient = AipFace('a', 'b', 'c')\n\ndef f(img):\n    best = client.search(img, 'BASE64', 'g')['result']['user_list'][0]\n"
            "    if best['score'] >= 80:\n        social_assistance.grant(best['user_id'])\n",
            7, 9, "Baidu search decides social assistance",
        ),
        Invalid(
            "from deepface import DeepFace\n\ndef pay(claim, img, ref):\n    if DeepFace.verify(img, ref)['verified']:\n        disburse_pension(claim.user)\n\n"
            "def review_desk(claim):\n    manual_review(claim)\n",
            5, 9, "a review desk elsewhere is not on this path",
        ),
    ]

    def check(self, project: Project) -> Iterable[Finding]:
        vocabulary = significant_matters(
            project.catalog, _names(self.settings, "operations"), _names(self.settings, "reviews")
        )
        analysis = GrantAnalysis.of(project)
        search = _OperationSearch(project, vocabulary)
        for module in project.modules:
            for function, call in module.all_calls():
                operation = search.operation(call)
                if operation is None:
                    continue
                if not (analysis.is_decision(call, function) or _helper_in_condition(project, call)):
                    continue
                if search.reviewed_on_path(module, function, call):
                    continue
                yield self.call_finding(
                    module,
                    call,
                    f"{operation} is a matter of significant personal interest decided by face verification alone; "
                    "let the face only assist a manual review (staff check, review queue)",
                    function=function,
                    evidence=face_match_evidence(call),
                )


def _helper_in_condition(project: Project, call: CallSite) -> bool:
    """`if is_claimant(known, probe):` where the project function answers a face match."""
    for atom in call.guards:
        if not (atom.truth or atom.comparison):
            continue
        for word in atom.words:
            for key in project.by_name.get(word, ()):
                pair = project.functions.get(key)
                if pair is not None and pair[1].returns_match:
                    return True
    return False


def _names(settings: Dict[str, Any], option: str) -> Tuple[str, ...]:
    value = settings.get(option, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"[tool.frtlint.rules.FRT402] '{option}' must be a list of function names")
    return tuple(value)


class _OperationSearch:
    """Which calls perform a significant operation, and whether a review is on the way."""

    def __init__(self, project: Project, vocabulary: SignificantMatters) -> None:
        self.project = project
        self.vocabulary = vocabulary
        self._performs: Dict[FunctionKey, Optional[str]] = {}

    def operation(self, call: CallSite) -> Optional[str]:
        """A label for the operation the call performs, or None."""
        if self.vocabulary.is_operation(call.name):
            return f"{call.name}()"
        catalog = self.project.catalog
        receiver = call.receiver.split(".")[-1]
        if (
            call.method
            and call.statement
            and self.vocabulary.is_operation(receiver)
            and not catalog.is_log_sink(call.callee, call.name, call.resolved, call.method)
        ):
            return f"{receiver}.{call.name}()"
        if catalog.is_network_sink(call.callee, call.name, call.resolved, call.method):
            said = next((w for w in _WORDS.findall(call.text) if self.vocabulary.is_operation(w)), None)
            if said:
                return f"{call.name}() to a {said} endpoint"
        if call.name in ("execute", "executemany") and call.method:
            # The table of an SQL write (`UPDATE subsidy_claims SET ...`), read as FRT401 reads attendance writes.
            table = _written_table(call.literals.get("0"))
            if table and self.vocabulary.is_operation(table):
                return f"the SQL write to {table}"
        for target in self.project.targets.get(id(call), ()):
            performed = self._performed_by(target, set())
            if performed:
                return f"{call.name}() ({performed})"
        return None

    def _performed_by(self, key: FunctionKey, seen: Set[FunctionKey]) -> Optional[str]:
        """What a project function performs, unless it reviews first."""
        if key in self._performs:
            return self._performs[key]
        if key in seen or key not in self.project.functions:
            return None
        seen.add(key)
        _, function = self.project.functions[key]
        found: Optional[str] = None
        for call in function.calls:
            direct = self.vocabulary.is_operation(call.name)
            label = f"{call.name}()" if direct else None
            if label is None:
                for target in self.project.targets.get(id(call), ()):
                    label = self._performed_by(target, seen)
                    if label:
                        break
            if label and not self._reviewed_in(function, call):
                found = label
                break
        self._performs[key] = found
        return found

    def reviewed_on_path(self, module: ModuleFacts, function: FunctionFacts, call: CallSite) -> bool:
        if self._reviewed_in(function, call):
            return True
        return self._callers_review(module, function, _CALLER_DEPTH, set())

    def _reviewed_in(self, function: FunctionFacts, call: CallSite) -> bool:
        """A review in a condition on the way to `call`, a decorator, or an earlier call."""
        is_review = self.vocabulary.is_review
        if any(is_review(w) for atom in call.guards for w in atom.words):
            return True
        if any(is_review(d.split(".")[-1]) for d in function.decorators):
            return True
        return any(
            other is not call
            and other.span.line <= call.span.line
            and (is_review(other.name) or any(is_review(w) for w in other.arg_words) or self._decorated_review(other))
            for other in function.calls
        )

    def _decorated_review(self, call: CallSite) -> bool:
        """A project function decorated as a review step (`@requires_review def officer_check`)."""
        for target in self.project.targets.get(id(call), ()):
            pair = self.project.functions.get(target)
            if pair and any(self.vocabulary.is_review(d.split(".")[-1]) for d in pair[1].decorators):
                return True
        return False

    def _callers_review(self, module: ModuleFacts, function: FunctionFacts, depth: int, seen: Set[FunctionKey]) -> bool:
        """Every project caller reviews before calling (or one of theirs does)."""
        key = (module.path, function.qualname)
        if depth <= 0 or key in seen:
            return False
        seen.add(key)
        callers = self.project.project_callers(module, function)
        if not callers:
            return False
        return all(
            self._reviewed_in(c.function, c.call) or self._callers_review(c.module, c.function, depth - 1, seen)
            for c in callers
        )


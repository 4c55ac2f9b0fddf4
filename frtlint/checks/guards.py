"""Reading guards: is this call reached only after consent, a fallback credential, ...?"""

from __future__ import annotations

from typing import Iterable

from frtlint.analysis.facts import Atom, CallSite, FunctionFacts
from frtlint.catalog import Catalog


def consent_atom(atom: Atom, catalog: Catalog) -> bool:
    """An atom that confirms the person's recorded consent."""
    if not atom.truth:
        return False
    if atom.source == "decorator":
        return any(
            w in catalog.consent_decorators or catalog.consent_decorator_pattern.search(w) for w in atom.words
        )
    return any(catalog.is_consent_name(w) for w in atom.words)


def consent_guarded(call: CallSite, catalog: Catalog) -> bool:
    return any(consent_atom(a, catalog) for a in call.guards)


def consent_decorated(function: FunctionFacts, catalog: Catalog) -> bool:
    return any(
        d.split(".")[-1] in catalog.consent_decorators or catalog.consent_decorator_pattern.search(d.split(".")[-1])
        for d in function.decorators
    )


def face_guarded(call: CallSite) -> bool:
    """Reached only when a face matched (or on a branch decided by a match score)."""
    return any(a.face and (a.truth or a.comparison) for a in call.guards)


def credential_guarded(call: CallSite, catalog: Catalog, atoms: Iterable[Atom] = ()) -> bool:
    """Reached only after a non-face credential check (a second factor)."""
    return any(
        a.truth and not a.face and any(catalog.is_fallback_name(w) for w in a.words)
        for a in (*call.guards, *atoms)
    )

"""The function walker's calls: what each call is (face API, sink, project function) and what it receives."""

from __future__ import annotations

from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Tuple

import libcst as cst

from frtlint.analysis.facts import Atom, CallSite, FaceArg, FaceValue, Origin, call_details
from frtlint.analysis.syntax import (
    called_name,
    dotted,
    is_literal,
    iter_nodes,
    literal,
    names_in,
    root_name,
    words_of,
)
from frtlint.analysis.walker.support import (
    NOT_PROJECT_CALLS,
    field_of,
    names_of_text,
    passed_names,
    path_key,
    self_attribute,
    arg_slots,
)
from frtlint.catalog import ApiSpec


class CallRecords:
    """Calls: what each call is (face API, sink, project function) and what it receives.

    One part of `FunctionWalker` (walker/__init__.py), whose state it reads and updates."""

    def _learn_type(self, name: str, type_name: str) -> None:
        self.types[name] = type_name
        self._callees.clear()  # resolved with the types known before
        self._classified.clear()
        self._anonymisers.clear()

    def _callee(self, node: cst.Call) -> Tuple[Optional[str], bool, Optional[str]]:
        """(qualified callee, resolved, receiver type), remembered per call node: the
        flow pass asks for the same call from several places (its record, the face
        value it yields, the parameter it carries), and each answer walks the call's
        whole receiver chain, so without it a chain of n calls cost n cubed, not n squared."""
        known = self._callees.get(id(node))
        if known is None:
            known = self._callees[id(node)] = self._resolve_callee(node)
        return known

    def _resolve_callee(self, node: cst.Call) -> Tuple[Optional[str], bool, Optional[str]]:
        func = node.func
        qualified, instance = self.resolver.qualify(func, self.types, self.class_name)
        receiver_type = None
        if type(func) is cst.Attribute:
            receiver_type = self.resolver.type_of(func.value, self.types, self.class_name)
            if receiver_type and not qualified:
                qualified = f"{receiver_type}.{func.attr.value}"
        if qualified and instance:
            qualified = f"{qualified}.__call__"
        return qualified, qualified is not None, receiver_type

    def _classify(self, node: cst.Call) -> Tuple[Optional[ApiSpec], Optional[str]]:
        """The face API a call is, and its qualified callee; remembered per call node.

        Only a call recognised by its URL depends on state that grows during the walk (the
        constants learned so far), so that answer is kept together with how many constants
        it saw and recomputed once more are known."""
        known = self._classified.get(id(node))
        if known is not None and (known[2] < 0 or known[2] == len(self.constants)):
            return known[0], known[1]
        api, qualified, read_url = self._classify_afresh(node)
        self._classified[id(node)] = (api, qualified, len(self.constants) if read_url else -1)
        return api, qualified

    def _classify_afresh(self, node: cst.Call) -> Tuple[Optional[ApiSpec], Optional[str], bool]:
        qualified, resolved, _ = self._callee(node)
        api = self.catalog.api(qualified) if qualified else None
        if api is None and qualified and qualified.endswith(".__call__"):
            api = self.catalog.api(qualified[: -len(".__call__")])
        if api is None and not resolved:
            text = dotted(node.func)
            api = self.catalog.api(text) if text else None
        if api is None and type(node.func) is cst.Attribute and not resolved:
            key = self.catalog.methods.get(node.func.attr.value)
            api = self.catalog.api(key) if key else None
        if api is None and type(node.func) is cst.Name and not resolved:
            key = self.catalog.methods.get(node.func.value)
            api = self.catalog.api(key) if key else None
        if api is None and qualified in self.catalog.network_calls or (
            api is None and type(node.func) is cst.Attribute and node.func.attr.value in ("post", "put", "get", "request")
        ):
            url = self._url_of(node)
            return (self.catalog.api_for_http(url) if url else None), qualified, True
        return api, qualified, False

    def _url_of(self, node: cst.Call) -> Optional[str]:
        for arg in node.args:
            if arg.keyword is None or arg.keyword.value == "url":
                value = literal(arg.value, self.constants)
                if isinstance(value, str):
                    return value
                if type(arg.value) is cst.FormattedString:
                    return self.text_of(arg.value)
                if type(arg.value) is cst.BinaryOperation:
                    return self.text_of(arg.value) + " " + " ".join(
                        v for v in (literal(n, self.constants) for n in iter_nodes(arg.value) if type(n) is cst.Name) if isinstance(v, str)
                    )
                if arg.keyword is None:
                    return None
        return None

    def _is_anonymiser_call(self, node: cst.Call) -> bool:
        known = self._anonymisers.get(id(node))
        if known is None:
            known = self._anonymisers[id(node)] = self._is_anonymiser_call_afresh(node)
        return known

    def _is_anonymiser_call_afresh(self, node: cst.Call) -> bool:
        qualified, _, _ = self._callee(node)
        name = called_name(node.func)
        if not name:
            return False
        return self.catalog.is_anonymiser(qualified or "", name)

    def _record_call(self, node: cst.Call, guards: Tuple[Atom, ...], statement: bool) -> None:
        qualified, resolved, receiver_type = self._callee(node)
        api, _ = self._classify(node)
        text = dotted(node.func) or ""
        name = called_name(node.func)
        receiver = ""
        receiver_origin = None
        face_args: List[FaceArg] = []
        if type(node.func) is cst.Attribute:
            receiver = dotted(node.func.value) or ""
            receiver_origin = self.opened.get(receiver)
            value = self._face_of(node.func.value)
            if value is not None:
                face_args.append(FaceArg("receiver", value))
        if type(node.func) is cst.Attribute and node.func.attr.value in ("write", "writelines") and receiver in self.face_files:
            origin = self.face_files[receiver].origin
            face_args.append(FaceArg("0", FaceValue("image", Origin(origin.line, origin.column, "written to a file that a face library loads"))))
            for arg in node.args:  # content read from another file: that file holds face images too
                read = self._read_shape(arg.value)
                if read is not None:
                    self.face_paths.setdefault(read, origin.line)
        literals: Dict[str, object] = {}
        param_args: List[Tuple[str, str]] = []
        name_args: List[Tuple[str, str]] = []
        if type(node.func) is cst.Attribute and not face_args:
            root = self._param_root(node.func.value)
            if root:
                param_args.append(("receiver", root))
        for slot, arg in arg_slots(node):
            value = self._face_of(arg.value)
            if value is not None:
                face_args.append(FaceArg(slot, value))
                for inner in self._element_kinds(arg.value):
                    if inner.kind != value.kind:
                        face_args.append(FaceArg(slot, inner))
            else:
                for root in self._param_roots(arg.value):
                    param_args.append((slot, root))
            constant = literal(arg.value, self.constants)
            if is_literal(constant):
                literals[slot] = constant
                if isinstance(constant, dict):
                    for key, inner in constant.items():
                        literals[f"{slot}.{key}"] = inner
            elif type(arg.value) is cst.Name and arg.value.value in self.constants:
                literals[slot] = self.constants[arg.value.value]
            if type(arg.value) in (cst.Name, cst.Subscript, cst.Attribute):
                local = root_name(arg.value)
                if local and local not in ("self", "cls") and not field_of(arg.value):
                    name_args.append((slot, local))
                elif local == "self":
                    attribute = self_attribute(arg.value)
                    if attribute:
                        name_args.append((slot, attribute))
        span = self.position_of(node)
        path_shape, path_text, masked = None, None, False
        path_args: List[Tuple[str, str]] = []
        read_args: List[Tuple[str, str]] = []
        spec = self.catalog.persist_spec(qualified or text or name, name, receiver_type, resolved, type(node.func) is cst.Attribute)
        if spec is not None:
            path_shape, path_text, masked = self._sink_path(node, spec, receiver)
            for slot, arg in arg_slots(node) if path_shape is not None else ():
                read = self._read_shape(arg.value)  # `f.write(b64decode(store[key]))`: content of another file kept
                if read is not None and read != path_shape:
                    read_args.append((slot, read))
                    self.copied.append((path_shape, read, span.line))
        elif api is not None:
            self._face_path_args(node, api)
        elif node.args and name not in NOT_PROJECT_CALLS:
            for slot, arg in arg_slots(node):
                shape = self.shape_of(arg.value)
                if shape is not None:
                    path_args.append((slot, shape))
                read = self._read_shape(arg.value)
                if read is not None:
                    read_args.append((slot, read))
        call = CallSite(
            span=span,
            callee=qualified or text or name,
            name=name,
            resolved=resolved,
            receiver=receiver,
            method=type(node.func) is cst.Attribute,
            guards=tuple(guards),
            face_args=tuple(face_args),
            literals=literals,
            arg_words=frozenset(w for a in node.args for w in words_of(a.value)),
            arg_names=frozenset(passed_names(node)),
            statement=statement,
            text=self.text_of(node),
            param_args=tuple(param_args),
            name_args=tuple(name_args),
            details=call_details(
                api=api.name if api else None,
                kind=api.kind if api else None,
                receiver_type=receiver_type,
                receiver_origin=receiver_origin,
                in_face_loop=_in_face_loop(guards),
                response_args=tuple(slot for slot, a in arg_slots(node) if self._is_whole_response(a.value)),
                path_shape=None if masked else path_shape,
                path_args=tuple(path_args),
                read_args=tuple(read_args),
                masked_data=masked,
            ),
        )
        self.facts.calls.append(call)
        self._sites[id(node)] = call
        if qualified in self.catalog.delete_calls or (type(node.func) is cst.Attribute and node.func.attr.value in self.catalog.delete_methods):
            target = node.args[0].value if node.args else (node.func.value if type(node.func) is cst.Attribute else None)
            if target is not None:
                self.deletions.append((self.text_of(target), span.line, tuple(self.try_stack), bool(self.finally_of)))  # in a finally block: runs on every path
        self._remember_written_image(node, qualified, face_args)
        if face_args and node.args:
            first = node.args[0].value
            self.pending_writes.append((call, self.text_of(first), tuple(self.try_stack)))
            if any(n.value in self.temp_names for n in names_in(first)):
                call.with_details(temp_cleaned=True)
        elif spec is not None and path_text is not None:
            # Kept or not by where it goes (FRT101): a temporary file is still no retention.
            self.pending_writes.append((call, path_text, tuple(self.try_stack)))
            if any(n in self.temp_names for n in names_of_text(path_text)):
                call.with_details(temp_cleaned=True)

    def _remember_written_image(self, node: cst.Call, qualified: Optional[str], face_args: List[FaceArg]) -> None:
        """`cv2.imwrite(path, face)`: the file at `path` now holds the face image."""
        spec = self.catalog.persist.get(qualified or "")
        if spec is None or not spec.path:
            return
        image = next((a.value for a in face_args if a.value.kind == "image" and a.slot.isdigit() and int(a.slot) in spec.data), None)
        positional = [a.value for a in node.args if a.keyword is None]
        for index in spec.path:
            path = path_key(positional[index]) if index < len(positional) else None
            if image is not None and path:
                self.written_images[path] = image

    def _note_assigned(self, node: cst.Assign, recorded: int) -> None:
        """`who = helper(img)`: remember the names, so the project pass can tell a
        decision on `who` when `helper` returns a face match (FRT401, FRT503)."""
        value = node.value.expression if type(node.value) is cst.Await else node.value
        if type(value) is not cst.Call or len(self.facts.calls) <= recorded:
            return
        names = tuple(n.value for t in node.targets for n in names_in(t.target) if n.value not in ("self", "cls"))
        self.facts.calls[recorded].assigned_to = names

    def _note_returned_match(self, value: cst.BaseExpression, guards: Tuple[Atom, ...]) -> None:
        """The function returns who matched, or whether (`return True` where a face matched)."""
        face = self._face_of(value)
        if face is not None and face.kind == "match":
            self.facts.returns_match = True
        elif is_literal(literal(value)) and literal(value) not in (None, False) and any(g.face and g.truth for g in guards):
            self.facts.returns_match = True

    def _record_literal_return(self, node: cst.Return, value: cst.BaseExpression, guards: Tuple[Atom, ...]) -> None:
        """`return "Successfully logged in"` (or `return "ok", 200`) is a response like
        `jsonify(...)`: record it as a pseudo-call named `return` when it says access
        was granted (FRT401)."""
        first = value.elements[0].value if type(value) is cst.Tuple and value.elements else value
        constant = literal(first, self.constants)
        message = constant if isinstance(constant, str) else None
        if message is None or not self.catalog.success_message_pattern.search(message):
            return
        self._record_pseudo_call(
            node, guards, callee="return", name="return", resolved=False, receiver="", method=False, literals={"0": message}
        )

    def _record_session_set(self, target: cst.Subscript, value: cst.BaseExpression, key: str, guards: Tuple[Atom, ...]) -> None:
        face = self._face_of(value)
        self._record_pseudo_call(
            target,
            guards,
            callee="session.__setitem__",
            name="__setitem__",
            resolved=True,
            receiver=dotted(target.value) or "session",
            method=True,
            literals={"0": key},
            face_args=(FaceArg("value", face),) if face else (),
            arg_words=frozenset(words_of(value)),
            session_key=key,
        )

    def _record_pseudo_call(
        self,
        node: cst.CSTNode,
        guards: Tuple[Atom, ...],
        *,
        callee: str,
        name: str,
        resolved: bool,
        receiver: str,
        method: bool,
        literals: Dict[str, Any],
        face_args: Tuple[FaceArg, ...] = (),
        arg_words: FrozenSet[str] = frozenset(),
        session_key: Optional[str] = None,
    ) -> None:
        """Record a statement that acts like a call (a `return` of a response, a session
        write) as a call at `node`, so that the access rules read it with the calls."""
        self.facts.calls.append(
            CallSite(
                span=self.position_of(node),
                callee=callee,
                name=name,
                resolved=resolved,
                receiver=receiver,
                method=method,
                guards=tuple(guards),
                face_args=face_args,
                literals=literals,
                arg_words=arg_words,
                arg_names=frozenset(),
                statement=True,
                text=self.text_of(node),
                details=call_details(session_key=session_key, in_face_loop=_in_face_loop(guards)),
            )
        )

    def _resolve_temp_files(self) -> None:
        """A file written and then deleted on every path is not retained."""
        for call, path_text, try_ids in self.pending_writes:
            for deleted_text, line, delete_try_ids, in_finally in self.deletions:
                if deleted_text != path_text or line < call.span.line:
                    continue
                if in_finally:
                    call.with_details(temp_cleaned=True)
                    break
                # Deleted later on the same path: not inside a try body the write is
                # not in (a failure before it would skip the deletion), and no return
                # in between.
                protected = delete_try_ids == try_ids or len(delete_try_ids) <= len(try_ids)
                early_return = any(call.span.line < r < line for r in self.returns_after)
                if protected and not early_return and not delete_try_ids:
                    call.with_details(temp_cleaned=True)
                    break


def _in_face_loop(guards: Sequence[Atom]) -> bool:
    """Reached inside a loop over face matches (`for who in recognised:`)."""
    return any(g.source == "loop" and g.face for g in guards)

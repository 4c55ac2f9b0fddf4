"""The `client` fixture the language-server tests share: `frtlint lsp` over stdio, started
by pytest-lsp in an empty workspace folder (`client.root`). A test module imports it."""

from __future__ import annotations

import sys

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "frtlint", "lsp"]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root.as_uri())
    )
    lsp_client.root = root
    yield
    await lsp_client.shutdown_session()

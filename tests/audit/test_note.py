"""Signed notes and checkpoints against the C2SP specifications' examples and the Go reference
implementation's published vectors (golang.org/x/mod/sumdb/note)."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from aidtrace.audit.checkpoint import (
    Checkpoint,
    open_checkpoint,
    parse_checkpoint,
    read_checkpoint,
    sign_checkpoint,
)
from aidtrace.audit.merkle import EMPTY_ROOT
from aidtrace.audit.note import (
    COSIGNATURE,
    ED25519,
    NoteError,
    cosign,
    cosignature_time,
    open_note,
    parse_note,
    parse_vkey,
    public_verifier,
    sign,
)

# c2sp.org/signed-note, "Verifier keys: Example"
SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = (
    "This is an example message.\n\n"
    "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZX"
    "sYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
)
# golang.org/x/mod/sumdb/note, note_test.go: the PeterNeumann key pair and its signed note
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSN"
    "XgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
# c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature: the checkpoint and its cosignature
SPEC_CHECKPOINT = (
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
    "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
    "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJ"
    "sX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)


@pytest.mark.parametrize(("vkey", "note"), [(SPEC_VKEY, SPEC_NOTE), (GO_VKEY, GO_NOTE)])
def test_published_notes_verify_and_round_trip(vkey: str, note: str) -> None:
    verifier = parse_vkey(vkey)
    opened, good = open_note(note, [verifier])
    assert good == [verifier]
    assert opened.render() == note
    assert verifier.vkey() == vkey


def test_signing_reproduces_the_go_note_byte_for_byte() -> None:
    seed = base64.b64decode(GO_SKEY.split("+", 4)[4])[1:]
    key = Ed25519PrivateKey.from_private_bytes(seed)
    assert public_verifier("PeterNeumann", ED25519, key).vkey() == GO_VKEY
    note = parse_note(GO_NOTE)
    assert sign(GO_TEXT, "PeterNeumann", key) == note.signatures[0]


@pytest.mark.parametrize(
    "edit",
    [
        lambda n: n.replace("cryptography", "cryptographY"),  # text altered
        lambda n: n.replace("x08go", "x08gp"),  # signature altered
        lambda n: n.replace("PeterNeumann x", "PeterNeumanm x"),  # only unknown keys left
        lambda n: n.replace("\n\n", "\n"),  # no blank line
        lambda n: n.replace("problem,", "problem,\x07"),  # control character
        lambda n: n[:-1],  # no final newline
    ],
)
def test_altered_or_malformed_notes_are_rejected(edit: object) -> None:
    assert callable(edit)
    with pytest.raises(NoteError):
        open_note(edit(GO_NOTE), [parse_vkey(GO_VKEY)])


def test_unknown_signatures_are_ignored() -> None:
    stranger = Ed25519PrivateKey.from_private_bytes(bytes(32))
    extra = sign(GO_TEXT, "PeterNeumann.example/other", stranger).line()
    _, good = open_note(GO_NOTE + extra, [parse_vkey(GO_VKEY)])
    assert [v.name for v in good] == ["PeterNeumann"]


def test_spec_checkpoint_and_cosignature_round_trip() -> None:
    checkpoint, note = read_checkpoint(SPEC_CHECKPOINT)
    assert (checkpoint.origin, checkpoint.tree_size) == ("example.com/behind-the-sofa", 20852163)
    assert checkpoint.text() == note.text
    assert note.render() == SPEC_CHECKPOINT
    witness = note.signatures[1]
    # the timestamp the tlog-cosignature example signs ("time 1679315147")
    assert cosignature_time(witness) == 1679315147


@pytest.mark.parametrize(
    "text",
    [
        "o\n01\n" + base64.b64encode(bytes(32)).decode() + "\n",  # leading zero
        "o\n1\n" + base64.b64encode(bytes(31)).decode() + "\n",  # short root
        "o\n0\n" + base64.b64encode(bytes(32)).decode() + "\n",  # empty tree, wrong root
        "o\n1\n",  # too few lines
        "o\n1\n" + base64.b64encode(bytes(32)).decode() + "\n\n",  # empty extension line
    ],
)
def test_malformed_checkpoints_are_rejected(text: str) -> None:
    with pytest.raises(NoteError):
        parse_checkpoint(text)


def test_own_checkpoints_and_cosignatures_verify() -> None:
    log_key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    witness_key = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
    checkpoint = Checkpoint("aidtrace.local/audit/x", 0, EMPTY_ROOT)
    note = sign_checkpoint(checkpoint, log_key)
    cosig = cosign(note.text, "w.example/1", witness_key, 1_700_000_000)
    log_v = public_verifier(checkpoint.origin, ED25519, log_key)
    witness_v = public_verifier("w.example/1", COSIGNATURE, witness_key)
    opened, _, good = open_checkpoint(note.render() + cosig.line(), [log_v, witness_v])
    assert opened == checkpoint
    assert good == [log_v, witness_v]
    with pytest.raises(NoteError):  # a cosignature is not a log signature
        open_checkpoint(note.render().split("\n\n")[0] + "\n\n" + cosig.line(), [witness_v])

"""Audit checkpoints are C2SP signed notes that any signed-note verifier accepts."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from asmtp.domain.audit_checkpoint import (
    Checkpoint,
    CheckpointError,
    open_checkpoint,
    open_note,
    parse_verifier_key,
    sign_checkpoint,
    sign_note,
    split_notes,
    verifier_key,
)

# The reference example of golang.org/x/mod/sumdb/note (the signed-note reference implementation).
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
ORIGIN = "asmtp.example.gov.hk/audit-chain"


def test_key_id_verifier_key_and_signature_match_the_reference_implementation_byte_for_byte():
    key = Ed25519PrivateKey.from_private_bytes(GO_SEED)
    assert verifier_key("PeterNeumann", key.public_key()) == GO_VKEY
    assert sign_note(GO_TEXT, "PeterNeumann", key) == GO_NOTE
    name, public_key = parse_verifier_key(GO_VKEY)
    assert open_note(GO_NOTE, name, public_key) == GO_TEXT


def test_a_verifier_key_whose_base64_holds_a_plus_sign_reads_back():
    keys = (Ed25519PrivateKey.from_private_bytes(bytes([n]) * 32).public_key() for n in range(256))
    public_key = next(k for k in keys if "+" in verifier_key(ORIGIN, k).split("+", 2)[2])
    assert parse_verifier_key(verifier_key(ORIGIN, public_key))[1] == public_key


def test_a_note_whose_text_was_changed_does_not_open():
    name, public_key = parse_verifier_key(GO_VKEY)
    with pytest.raises(CheckpointError, match="does not verify"):
        open_note(GO_NOTE.replace("cryptography", "cryptographY"), name, public_key)


def test_a_checkpoint_has_origin_size_and_base64_head_then_one_signature_line():
    key = Ed25519PrivateKey.generate()
    note = sign_checkpoint(Checkpoint(ORIGIN, 42, "ab" * 32), ORIGIN, key)
    text, signature = note.split("\n\n")
    assert text.split("\n") == [ORIGIN, "42", base64.b64encode(bytes.fromhex("ab" * 32)).decode()]
    assert signature.startswith(f"\u2014 {ORIGIN} ") and signature.endswith("\n")
    assert len(base64.b64decode(signature.split()[-1])) == 4 + 64
    assert open_checkpoint(note, ORIGIN, key.public_key()) == Checkpoint(ORIGIN, 42, "ab" * 32)


def test_a_checkpoint_signed_by_another_key_is_refused():
    note = sign_checkpoint(Checkpoint(ORIGIN, 1, "00" * 32), ORIGIN, Ed25519PrivateKey.generate())
    with pytest.raises(CheckpointError):
        open_checkpoint(note, ORIGIN, Ed25519PrivateKey.generate().public_key())


def test_a_witness_cosignature_beside_ours_is_ignored():
    ours, witness = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    note = sign_checkpoint(Checkpoint(ORIGIN, 7, "cd" * 32), ORIGIN, ours)
    cosigned = note + sign_note("x\n", "witness.example/w1", witness).split("\n\n")[1]
    assert open_checkpoint(cosigned, ORIGIN, ours.public_key()).size == 7


def test_a_log_of_notes_splits_into_its_notes():
    key = Ed25519PrivateKey.generate()
    notes = [sign_checkpoint(Checkpoint(ORIGIN, size, "ef" * 32), ORIGIN, key) for size in (0, 100, 200)]
    assert split_notes("".join(notes)) == notes

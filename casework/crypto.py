"""Envelope encryption of personal data (AES-256-GCM) and the keyed blind index used for exact search.

Key hierarchy (docs/keys.md): a master key (KEK) from the environment wraps one random data key per client;
the data key encrypts that client's personal fields. Destroying the wrapped data key ("crypto-shredding")
makes every ciphertext of the client unreadable, wherever copies of it went. The associated data of each
ciphertext names its client and field, so a ciphertext copied into another row or column does not decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import unicodedata
from dataclasses import dataclass
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12
KEY_BYTES = 32
FINGERPRINT_BYTES = 8

KEK_INVALID = "The master key must be 32 random bytes, base64-encoded."
KEK_UNKNOWN = "This data key was wrapped by a master key that is not configured."
DECRYPTION_FAILED = "A ciphertext failed its integrity check (wrong key, row or field)."


class DecryptionFailed(Exception):
    """Raised instead of cryptography's InvalidTag so that callers need not know the library."""


@dataclass(frozen=True)
class MasterKey:
    secret: bytes

    @property
    def fingerprint(self) -> bytes:
        # Identifies the key in wrapped blobs without revealing it.
        return hashlib.sha256(b"casework-kek-fingerprint" + self.secret).digest()[:FINGERPRINT_BYTES]


def parse_key(text: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip() + "=" * (-len(text.strip()) % 4), altchars=b"-_", validate=False)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(KEK_INVALID) from error
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(KEK_INVALID)
    return raw


def generate_key_text() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def _development_key_text() -> str:
    # Only reachable with DEBUG on (settings refuse to start without a KEK otherwise).
    path = settings.CASEWORK_DEV_KEK_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(generate_key_text())
    return path.read_text().strip()


def current_master_key() -> MasterKey:
    text = settings.CASEWORK_KEK or _development_key_text()
    return MasterKey(parse_key(text))


def known_master_keys() -> list[MasterKey]:
    """The current key first, then the previous one while a rotation is under way."""
    keys = [current_master_key()]
    previous = getattr(settings, "CASEWORK_KEK_PREVIOUS", None)
    if previous:
        keys.append(MasterKey(parse_key(previous)))
    return keys


def index_key() -> bytes:
    if settings.CASEWORK_INDEX_KEY:
        return parse_key(settings.CASEWORK_INDEX_KEY)
    # A key of its own, derived one-way from the KEK: knowing it reveals nothing of the KEK.
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"casework blind index v1"
    ).derive(current_master_key().secret)


def _seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return FORMAT_VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def _open(key: bytes, blob: bytes | memoryview, associated: bytes) -> bytes:
    blob = bytes(blob)
    if blob[:1] != FORMAT_VERSION:
        raise DecryptionFailed(DECRYPTION_FAILED)
    nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(key).decrypt(nonce, sealed, associated)
    except InvalidTag as error:
        raise DecryptionFailed(DECRYPTION_FAILED) from error


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def _wrap_context(purpose: str, owner_id: UUID | int) -> bytes:
    return f"casework:{purpose}:{owner_id}".encode()


def wrap_secret(
    secret: bytes, *, purpose: str, owner_id: UUID | int, master: MasterKey | None = None
) -> bytes:
    """Seal a small secret directly under the master key; the associated data names its purpose and owner,
    so it opens for that owner and use only (a data key of a client, the TOTP secret of a user)."""
    master = master or current_master_key()
    return master.fingerprint + _seal(master.secret, secret, _wrap_context(purpose, owner_id))


def unwrap_secret(wrapped: bytes | memoryview, *, purpose: str, owner_id: UUID | int) -> bytes:
    wrapped = bytes(wrapped)
    fingerprint, sealed = wrapped[:FINGERPRINT_BYTES], wrapped[FINGERPRINT_BYTES:]
    for master in known_master_keys():
        if hmac.compare_digest(master.fingerprint, fingerprint):
            return _open(master.secret, sealed, _wrap_context(purpose, owner_id))
    raise DecryptionFailed(KEK_UNKNOWN)


def wrap_data_key(data_key: bytes, *, client_id: UUID, master: MasterKey | None = None) -> bytes:
    return wrap_secret(data_key, purpose="data-key", owner_id=client_id, master=master)


def unwrap_data_key(wrapped: bytes | memoryview, *, client_id: UUID) -> bytes:
    return unwrap_secret(wrapped, purpose="data-key", owner_id=client_id)


def wrapped_by_current_key(wrapped: bytes | memoryview) -> bool:
    return hmac.compare_digest(bytes(wrapped)[:FINGERPRINT_BYTES], current_master_key().fingerprint)


def _field_context(client_id: UUID, field: str) -> bytes:
    return f"casework:client:{client_id}:field:{field}".encode()


def encrypt_text(data_key: bytes, value: str, *, client_id: UUID, field: str) -> bytes:
    return _seal(data_key, value.encode(), _field_context(client_id, field))


def decrypt_text(data_key: bytes, blob: bytes | memoryview, *, client_id: UUID, field: str) -> str:
    return _open(data_key, blob, _field_context(client_id, field)).decode()


# Cyrillic letters that look like Latin ones, so that "Каримов" typed with a Latin "K" or "a" still matches.
LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j",
    }
)  # fmt: skip
NAME_SEPARATORS = str.maketrans({"-": " ", "‐": " ", "–": " ", "'": "", "’": "", "`": "", ".": " ", ",": " "})


def normalise_name(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold()
    text = text.translate(NAME_SEPARATORS).translate(LOOKALIKES)
    return " ".join(text.split())


# A name word in Latin letters whatever the script it was typed in: Cyrillic as Russian passports write it in
# Latin (ICAO 9303, MVD order of 2019), then the spellings that differ between that and other habits folded
# together ("Юсупова" = "Iusupova" = "Yusupova"; "Хамидов" = "Khamidov" = "Hamidov"; "Алиев" = "Aliyev";
# "Джураев" = "Djuraev" = "Juraev"), and doubled letters made single.
CYRILLIC_TO_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y",
        "ь": "", "э": "e", "ю": "iu", "я": "ia", "і": "i", "ї": "i", "є": "ie", "ґ": "g", "ў": "u", "қ": "k",
        "ғ": "g", "ҳ": "kh", "ң": "n", "ө": "o", "ү": "u", "ұ": "u", "һ": "h", "ә": "a",
    }
)  # fmt: skip
LATIN_VARIANTS = (("dzh", "j"), ("dj", "j"), ("kh", "h"), ("j", "i"), ("y", "i"), ("w", "v"))


def name_words(value: str) -> list[str]:
    """The words of a name, each in the one Latin spelling that both scripts and the usual transliterations
    reach; in order, without repeats. For the per-word blind indexes of search and duplicate checks."""
    text = unicodedata.normalize("NFKC", value).casefold().translate(NAME_SEPARATORS)
    words: list[str] = []
    for raw in text.split():
        word = raw.translate(CYRILLIC_TO_LATIN)
        for variant, canonical in LATIN_VARIANTS:
            word = word.replace(variant, canonical)
        word = "".join(ch for ch in word if ch.isascii() and ch.isalnum())
        word = "".join(ch for index, ch in enumerate(word) if index == 0 or ch != word[index - 1])
        if word and word not in words:
            words.append(word)
    return words


def normalise_document(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).casefold().translate(LOOKALIKES)
    return "".join(ch for ch in text if ch.isalnum())


def blind_index(kind: str, normalised: str, *, organisation_id: int) -> str:
    """A keyed hash for equality search within one organisation. The kind keeps a name from matching an
    equal document number; the organisation keeps equal names of two NGOs' clients from linking to each
    other in a seized database (one index key serves every organisation)."""
    payload = f"v2\x00{organisation_id}\x00{kind}\x00{normalised}".encode()
    return hmac.new(index_key(), payload, hashlib.sha256).hexdigest()


def request_fingerprint(data_key: bytes, payload: bytes) -> str:
    """A keyed hash of a request body (idempotency): equal bodies of one client match.

    Keyed with a child of the client's data key, never with the index key or the KEK: the body holds the
    sensitive fields in clear, and a fingerprint that outlived the erasure would confirm guessed notes or
    official numbers offline. Once the data key is destroyed, no key left anywhere recomputes it."""
    key = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"casework request fingerprint v2"
    ).derive(data_key)
    return hmac.new(key, payload, hashlib.sha256).hexdigest()

from __future__ import annotations

import hashlib


def hash_token(plaintext: str) -> str:
    # Tokens are 256 random bits, so a fast unsalted hash is enough to make a stolen table useless.
    return hashlib.sha256(plaintext.encode()).hexdigest()

"""Peak memory of a document going through the case file's stream: `python -m bench.documents_memory
[--mb 100]`. Sniffs and encrypts N MB arriving in 64 KiB pieces (as the upload handler gets them) into a
temporary file, then decrypts it chunk by chunk, and prints the peak RSS growth of each pass as JSON. The
figure to watch: it stays near a few chunks whatever N is (never N). Prints; never fails on a figure."""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import tempfile
import time
from uuid import uuid4

from casework.crypto import new_data_key
from casework.documents import streams
from casework.documents.sniffing import Sniffer

PIECE = 64 * 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def pieces(total: int):
    block = b"%PDF-1.7\n" + b"x" * (PIECE - 9)
    sent = 0
    while sent < total:
        piece = block[: min(PIECE, total - sent)]
        sent += len(piece)
        yield piece
        block = b"y" * PIECE


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    total = parser.parse_args().mb * 1024 * 1024
    data_key, document_id = new_data_key(), uuid4()
    start = peak_rss_mb()
    with tempfile.TemporaryFile() as ciphertext:
        began = time.perf_counter()
        sniffer = Sniffer()
        encryptor = streams.StreamEncryptor(data_key=data_key, document_id=document_id, target=ciphertext)
        for piece in pieces(total):
            sniffer.feed(piece)
            encryptor.write(piece)
        encryptor.close()
        encrypt_seconds = time.perf_counter() - began
        after_encrypt = peak_rss_mb()
        ciphertext.seek(0)
        began = time.perf_counter()
        digest = hashlib.sha256()
        for chunk in streams.decrypt(ciphertext, data_key=data_key, document_id=document_id):
            digest.update(chunk)
        decrypt_seconds = time.perf_counter() - began
    report = {
        "document_mb": total / 1024 / 1024,
        "type": sniffer.verdict().content_type,
        "peak_rss_growth_encrypt_mb": round(after_encrypt - start, 1),
        "peak_rss_growth_total_mb": round(peak_rss_mb() - start, 1),
        "encrypt_mb_per_s": round(total / 1024 / 1024 / encrypt_seconds, 1),
        "decrypt_mb_per_s": round(total / 1024 / 1024 / decrypt_seconds, 1),
        "same_digest": digest.hexdigest() == encryptor.sha256.hexdigest(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

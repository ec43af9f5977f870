"""The encrypted case file: streamed chunk encryption (streams), type sniffing (sniffing), the blob storage
(storage), the upload handler that encrypts as the body arrives (uploads), the orphan sweep (sweep) and,
until they move into casework/services/reading.py, the reads that decrypt and audit (reading)."""

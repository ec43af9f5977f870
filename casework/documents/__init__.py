"""The encrypted case file: streamed chunk encryption (streams), type sniffing (sniffing), the blob storage
(storage), the upload handler that encrypts as the body arrives (uploads) and the orphan sweep (sweep).

The writers are in casework/services/documents.py, the reads that decrypt (and audit) in the reading door,
casework/services/reading.py; the pages in casework/web/documents.py and casework/api/documents.py."""

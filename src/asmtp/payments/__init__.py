"""Fees and their payment: bills, FPS payment codes, bank-statement reconciliation, receipts.

A separate area (rather than more of `evisa`) because fees start before any e-Visa exists: the
application fee is billed at submission, the issuance fee on approval, and the e-Visa area only
asks whether the issuance bill is paid. The area owns its models (a bill per case and stage, one
fee line per person naming that person, the statements uploaded and their entries, the
exceptions an officer resolves) and its pages (the applicant's bill with its FPS QR code and
receipts; the officers' statement upload and exceptions queue). Its use cases live in
`asmtp.payments.services`; the FPS payload is pure (`asmtp.domain.fps_qr`), and so is reading a
statement (`asmtp.payments.statements`).
"""

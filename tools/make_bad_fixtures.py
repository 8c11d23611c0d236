#!/usr/bin/env python3
"""Write the bad-file fixtures of crates/xxgk/tests/fixtures/bad: an encrypted PDF made from a
sample report (password "secret"). Needs: pip install pypdf. Run from the repository root."""
from pypdf import PdfReader, PdfWriter

writer = PdfWriter()
for page in PdfReader("examples/l-word-export.pdf").pages:
    writer.add_page(page)
writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
with open("crates/xxgk/tests/fixtures/bad/encrypted.pdf", "wb") as f:
    writer.write(f)

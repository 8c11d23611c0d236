#!/usr/bin/env python3
"""Write the bad-file fixtures of crates/xxgk/tests/fixtures/bad: an encrypted PDF made from a
sample report (password "secret"). Needs: pip install pypdf. Run from the repository root.

pdf-library-panic.pdf beside it is not made here: the `pdf` fuzz target found it by mutating
examples/l-word-export.pdf; it makes the PDF library panic, which must end as a clean error."""
from pypdf import PdfReader, PdfWriter

writer = PdfWriter()
for page in PdfReader("examples/l-word-export.pdf").pages:
    writer.add_page(page)
writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
with open("crates/xxgk/tests/fixtures/bad/encrypted.pdf", "wb") as f:
    writer.write(f)

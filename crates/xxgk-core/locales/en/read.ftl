# Reading files: why a file could not be read (each message starts with the file's name).

read-io = { $path }: cannot read the file: { $why }
read-too-large = { $path }: file too large ({ $bytes } bytes) for its format
read-too-slow = { $path }: reading the file took longer than { $seconds } seconds; stopped
read-empty = { $path }: the file is empty (no text at all)
read-not-text = { $path }: not a text file (binary content at byte { $offset })
read-undecodable = { $path }: cannot be decoded in any encoding (closest: { $encoding })
read-encrypted = { $path }: the document is encrypted and needs a password
read-needs-program = { $path }: reading this format needs { $program }: install the Debian package { $package }
read-nested-too-deep = { $path }: an archive nested more than { $levels } levels deep: its files were not read (unpack it first)
read-too-many-entries = { $path }: the archive has { $n } entries, more than allowed; refused
read-zip-bomb = { $path }: archive entry { $entry } decompresses beyond the limit (a zip bomb); refused
read-zip-overlap = { $path }: archive entry { $entry } shares its bytes with another (a zip bomb); refused
read-unsupported = { $path }: the { $format } format cannot be read yet
read-not-format = { $path }: not a { $format } file (the format is not recognised)
read-image = { $path }: an image ({ $kind }), not a report file; a scan needs text recognition (OCR) first
read-no-report = { $path }: no report found

# A damaged file: which damage, by the words of the PDF or archive library (shown after it with --verbose).
read-damaged-page = { $path }: damaged file: page { $page } is missing
read-damaged-xref = { $path }: damaged file: the PDF's cross-reference table is missing or wrong
read-damaged-truncated = { $path }: damaged file: the content is incomplete
read-damaged-archive = { $path }: damaged file: the archive's structure is wrong
read-damaged = { $path }: damaged or invalid file

# The store's and the operating system's errors, as a person reads them.

# The library's own words after ours (`--verbose`).
store-with-original = { $said } (original: { $original })
store-read-only = the store is open read-only: query runs read-only statements (SELECT)
store-busy = another program is writing to the store; try again later
store-not-a-database = not an xxgk store (not a SQLite file, or damaged)
store-corrupt = the store file is damaged
store-disk-full = the disk is full: the store cannot be written
store-cannot-open = cannot open the store file (no such path, or no permission)
store-permission = no permission to use the store file
# $detail: SQLite's own words.
store-bad-sql = the SQL is wrong ({ $detail }; schema: crates/xxgk-store/SCHEMA.md)
store-failed = store error ({ $detail })
store-newer-schema = the store has schema version { $found }; this xxgk knows up to { $known }
store-older-schema = the store has schema version { $found } (current: { $known }) and is read-only, so it cannot be upgraded

store-os-not-found = no such file or directory
store-os-permission = permission denied
store-os-exists = the file already exists
store-os-is-directory = it is a directory, not a file
store-os-not-directory = a part of the path is not a directory
store-os-storage-full = the disk is full
store-os-read-only = the file system is read-only
store-os-invalid-data = the content cannot be read
store-os-unexpected-eof = the file ends too early
store-os-broken-pipe = the output was closed
store-os-other = system error

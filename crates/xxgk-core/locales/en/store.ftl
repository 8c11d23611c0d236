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

# Why an action (a correction, an explanation, a decision, a merge of organs, a version chosen) is refused.
store-no-report = no report with id { $id }
store-no-finding = no finding with id { $id }
store-no-organ = no organ with id { $id }
store-cell-form = cell '{ $cell }' must be table.row.column, e.g. table3.granted.total
store-no-cell = report { $id } has no cell { $cell }
store-not-a-cell = { $cell } is not a cell of the template
store-not-a-number = '{ $value }' is not a number
store-not-a-decision = '{ $state }' is no decision (open, confirmed, dismissed)
store-dismiss-needs-reason = dismissing a finding needs a reason
store-merge-itself = organ { $id } cannot be merged into itself
store-version-unplaced = report { $id } has no organ or year; no version can be chosen

# A roster (government,unit) that is wrong.
store-roster-unreadable = roster line { $line }: { $why }
store-roster-columns = roster line { $line } needs two columns: government,unit
store-roster-blank = roster line { $line } lacks the government or the unit

# A manifest (path, published, url, organ, level) that is wrong: $name is its file's name.
store-manifest-unreadable = { $name }: cannot read the manifest: { $why }
store-manifest-header = { $name }: cannot read the header: { $why }
store-manifest-no-path-column = { $name }: the header has no 'path' column
store-manifest-line = { $name }: line { $line }: { $why }
store-manifest-json = { $name }: not valid JSON: { $why }
store-manifest-not-array = { $name }: a JSON manifest is an array of objects
store-manifest-not-object = { $name }: item { $line } is not an object
store-manifest-no-path = { $name } line { $line }: no path
store-manifest-date = { $name } line { $line }: '{ $value }' is not a date (write 2024-01-20)
store-manifest-level = { $name } line { $line }: '{ $value }' is not a level (province, city, county, township)
store-manifest-future = { $name } line { $line }: the publication date '{ $value }' is later than today; refused
store-facts-date = “{ $value }” is not a date (write 2024-01-20)
store-facts-future = the publication date “{ $value }” is after today and is not taken
store-facts-level = “{ $value }” is not a level (province, city, county, township)
store-facts-url = “{ $value }” is not a web address (it starts with http:// or https://)
store-facts-gone = the report's file “{ $path }” is no longer where it was and cannot be read again with the facts given
store-facts-reason = give the ground (for example: the date the portal's listing shows)

# The exported workbook (xxgk export --format xlsx, the workspace's Excel download): sheets and columns.
workbook-sheet-reports = reports
workbook-sheet-findings = findings
# One sheet per template and table: $template is 2021, 2019 or other.
workbook-sheet-table = { $template } { $table_key }
workbook-col-report = report
workbook-col-organ = organ
workbook-col-year = year
workbook-col-template = template
workbook-col-level = level
workbook-col-region = region
workbook-col-published = published
workbook-col-index-no = index no.
workbook-col-format = format
workbook-col-errors = errors
workbook-col-warnings = warnings
workbook-col-source = source file
workbook-col-code = code
workbook-col-severity = severity
workbook-col-message = message
workbook-col-cells = cells
workbook-col-location = location
# A row's or a column's name in the template: Chinese by the template's labels, English by the keys.
workbook-label = { $key }

# The columns of the statistics (xxgk stats, the workspace's statistics page); CSV and JSON keep the keys.
stats-col-group = group
stats-col-reports = reports
stats-col-applications = applications
stats-col-processed = processed
stats-col-granted = granted
stats-col-partially-granted = partially granted
stats-col-withheld = withheld
stats-col-unable = unable to provide
stats-col-not-processed = not processed
stats-col-other = other handling
stats-col-rate-reports = reports with every outcome
stats-col-grant-rate = share granted
stats-col-withheld-rate = share withheld
stats-col-unable-rate = share unable
stats-col-not-processed-rate = share not processed
stats-col-reviews = administrative reviews
stats-col-lawsuits = lawsuits
stats-col-carried-over = carried over
stats-col-natural-persons = natural persons
stats-col-legal-persons = legal persons and organisations
stats-col-reviews-corrected = reviews corrected
stats-col-review-correction-rate = review correction rate
stats-col-lawsuits-corrected = lawsuits corrected
stats-col-lawsuit-correction-rate = lawsuit correction rate
stats-col-proactive = proactive disclosure
stats-col-full-grant-rate = share granted in full
stats-col-partial-grant-rate = share granted in part
stats-col-other-rate = share of other handling

# Accounts.
store-user-name = a user name must not be empty, longer than 64 characters, or hold control characters
store-user-exists = a user '{ $name }' exists already
store-no-user = no user is named '{ $name }'
store-password-short = a password needs at least { $n } characters
store-password-unhashed = the password could not be hashed (the system's randomness is unavailable); nothing was saved
store-outside-scope = the report of “{ $organ }” lies outside this account's scope: not imported
store-correction-stale = { $by } corrected this cell to { $value } at { $at }; reload the page to see it before correcting again

# The names of the export files' (CSV) columns, by the columns' keys.
export-col-report-id = Report id
export-col-organ-id = Organ id
export-col-agency = Organ
export-col-year = Year
export-col-template = Template
export-col-published = Published
export-col-index-no = Index number
export-col-source-path = Source file
export-col-source-sha256 = Content SHA-256
export-col-complete-table2 = Table 2 complete
export-col-complete-table3 = Table 3 complete
export-col-complete-table4 = Table 4 complete
export-col-proactive-total = Proactive total stated
export-col-applications-received = Applications stated
export-col-table = Table
export-col-row = Row
export-col-column = Column
export-col-value = Value
export-col-raw = As written
export-col-corrected = Corrected
export-col-provenance = Where read
export-col-scope = Scope
export-col-code = Rule code
export-col-severity = Severity
export-col-message = Message
export-col-cells = Cells
export-col-cell-names = Cell names
export-col-location = Location
